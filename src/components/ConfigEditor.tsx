import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { ConnectionConfig } from '@grafana/aws-sdk';
import { ConfigSection } from '@grafana/plugin-ui';
import { Field, Input, RadioButtonGroup } from '@grafana/ui';

import { LakeVersion, SecurityLakeOptions, SecurityLakeSecureJsonData } from '../types';

type Props = DataSourcePluginOptionsEditorProps<SecurityLakeOptions, SecurityLakeSecureJsonData>;

const LAKE_VERSION_OPTIONS: Array<SelectableValue<LakeVersion>> = [
  { label: 'Auto', value: 'auto', description: 'Discover the tables of each source' },
  { label: '1', value: '1', description: 'OCSF 1.0 tables (…_1_0)' },
  { label: '2', value: '2', description: 'OCSF 1.1 Iceberg tables (…_2_0)' },
];

// Mirrors models.MaxRowLimit; the backend validates it too.
const MAX_ROW_LIMIT = 1000000;

/**
 * AWS authentication comes from @grafana/aws-sdk (auth type, assume role,
 * external ID, endpoint, default Region; secrets go to secureJsonData there).
 * Empty fields leave the backend defaults in place.
 */
export function ConfigEditor(props: Props) {
  const { options, onOptionsChange } = props;
  const { jsonData } = options;

  const setJsonData = (patch: Partial<SecurityLakeOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const text = (key: 'workgroup' | 'outputLocation' | 'database') => (e: ChangeEvent<HTMLInputElement>) =>
    setJsonData({ [key]: e.currentTarget.value.trim() || undefined });
  const onRowLimit = (e: ChangeEvent<HTMLInputElement>) => {
    const n = Number.parseInt(e.currentTarget.value, 10);
    setJsonData({ rowLimit: Number.isFinite(n) && n > 0 ? n : undefined });
  };

  return (
    <>
      <ConnectionConfig {...props} />

      <ConfigSection title="Security Lake" description="Where and how queries run in Athena.">
        <Field label="Workgroup" description="Athena workgroup for every query. Default: primary.">
          <Input
            id="seclake-config-workgroup"
            width={40}
            placeholder="primary"
            value={jsonData.workgroup ?? ''}
            onChange={text('workgroup')}
          />
        </Field>
        <Field
          label="Output location"
          description="S3 URI for query results. Leave empty to use the workgroup's setting."
        >
          <Input
            id="seclake-config-output-location"
            width={40}
            placeholder="s3://my-athena-results/grafana/"
            value={jsonData.outputLocation ?? ''}
            onChange={text('outputLocation')}
          />
        </Field>
        <Field label="Lake version" description="Security Lake table version. Auto detects it per source.">
          <RadioButtonGroup<LakeVersion>
            options={LAKE_VERSION_OPTIONS}
            value={jsonData.lakeVersion ?? 'auto'}
            onChange={(v) => setJsonData({ lakeVersion: v })}
          />
        </Field>
        <Field
          label="Database"
          description="Glue database or resource link. Default: amazon_security_lake_glue_db_<region>."
        >
          <Input
            id="seclake-config-database"
            width={40}
            placeholder="amazon_security_lake_glue_db_us_east_1"
            value={jsonData.database ?? ''}
            onChange={text('database')}
          />
        </Field>
        <Field label="Row limit" description="Most rows a query returns. Default: 10000.">
          <Input
            id="seclake-config-row-limit"
            type="number"
            min={1}
            max={MAX_ROW_LIMIT}
            width={20}
            placeholder="10000"
            value={jsonData.rowLimit ?? ''}
            onChange={onRowLimit}
          />
        </Field>
      </ConfigSection>
    </>
  );
}
