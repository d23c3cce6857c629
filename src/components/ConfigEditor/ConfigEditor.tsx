import React, { useCallback, useMemo, useState } from 'react';
import { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { ConnectionConfig, Divider, standardRegions } from '@grafana/aws-sdk';
import { ConfigSection, ConfigSubSection } from '@grafana/plugin-ui';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Field, RadioButtonGroup, Switch } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

import { ConfigListItem, ResourceClient, errorMessage, transportForUid } from '../../api';
import { LakeVersion, SecurityLakeOptions, SecurityLakeSecureJsonData } from '../../types';
import { DiscoveryInfo } from './DiscoveryInfo';
import { LakeRegions } from './LakeRegions';
import { DefaultOnSwitch, NumberSetting, TextSetting } from './fields';
import { PinnedTables } from './PinnedTables';
import { ResourceList } from './ResourceList';

type Props = DataSourcePluginOptionsEditorProps<SecurityLakeOptions, SecurityLakeSecureJsonData>;

const LAKE_VERSION_OPTIONS: Array<SelectableValue<LakeVersion>> = [
  { label: 'Auto', value: 'auto', description: 'Discover the tables of each source' },
  { label: '1', value: '1', description: 'OCSF 1.0 tables (…_1_0)' },
  { label: '2', value: '2', description: 'OCSF 1.1 Iceberg tables (…_2_0)' },
];

// Mirrors pkg/settings (MaxRowLimit, MaxResultReuseMaxAgeMin, MaxMaxTimeRangeDays, MaxMaxInFlightQueries); the backend validates too.
const MAX_ROW_LIMIT = 1000000;
const MAX_REUSE_MINUTES = 10080;
const MAX_RANGE_DAYS = 3660;
const MAX_IN_FLIGHT = 1000;
const MAX_CACHE_SECONDS = 3600;

const SAVES_FIRST = 'Opening the list saves the settings first, as the Amazon Athena data source does.';

/**
 * AWS authentication comes from @grafana/aws-sdk (auth types including the
 * Amazon Managed Grafana workspace role ec2_iam_role, assume role ARN,
 * external ID, endpoint, default Region; keys only in secureJsonData).
 * Then the Security Lake settings; empty fields keep the backend defaults.
 *
 * Catalog, database and workgroup are lists the backend loads from AWS
 * with the saved settings (routes never take AWS settings from the
 * browser): like the Amazon Athena data source, opening a list first saves
 * the settings being edited (PUT /api/datasources/uid/<uid>), then asks.
 */
export function ConfigEditor(props: Props) {
  const { options, onOptionsChange } = props;
  const { jsonData } = options;
  // Edited since the page loaded or since the last save a list made.
  const [unsaved, setUnsaved] = useState(false);
  const change = (o: Props['options']) => {
    setUnsaved(true);
    onOptionsChange(o);
  };
  const set = (patch: Partial<SecurityLakeOptions>) => change({ ...options, jsonData: { ...jsonData, ...patch } });
  const uid = options.uid;
  const client = useMemo(() => (uid ? new ResourceClient(transportForUid(uid)) : undefined), [uid]);
  // A provisioned (read-only) data source cannot be saved from here: its lists use what is saved.
  const saveFirst = async () => {
    if (!unsaved || options.readOnly) {
      return;
    }
    try {
      const res = await lastValueFrom(
        getBackendSrv().fetch<{ datasource: { version: number } }>({
          method: 'PUT',
          url: `/api/datasources/uid/${uid}`,
          data: options,
          showErrorAlert: false,
        })
      );
      onOptionsChange({ ...options, version: res.data.datasource.version });
      setUnsaved(false);
    } catch (e) {
      throw new Error(`saving the settings failed (${errorMessage(e)})`);
    }
  };
  const loader = (list: (c: ResourceClient) => Promise<ConfigListItem[]>) =>
    client
      ? async () => {
          await saveFirst();
          return list(client);
        }
      : undefined;
  // The Regions Security Lake is offered in (GET regions); the standard list until the settings are saved.
  const loadRegions = useCallback(
    () =>
      uid
        ? new ResourceClient(transportForUid(uid)).regions().catch(() => standardRegions)
        : Promise.resolve(standardRegions),
    [uid]
  );

  return (
    <>
      <ConnectionConfig {...props} onOptionsChange={change} loadRegions={loadRegions}>
        <TextSetting
          id="seclake-config-sts-endpoint"
          label="STS endpoint"
          description="For Assume Role: the STS endpoint (a VPC endpoint, for example). The Endpoint above applies to Athena only. Default: STS of the Region."
          placeholder="https://sts.us-east-1.amazonaws.com"
          value={jsonData.stsEndpoint}
          onChange={(stsEndpoint) => set({ stsEndpoint })}
        />
      </ConnectionConfig>
      <Divider />

      <ConfigSection title="Security Lake" description="Where the lake is and how its tables are found.">
        <Field label="Lake version" description="Security Lake table version. Auto discovers it per source.">
          <RadioButtonGroup<LakeVersion>
            options={LAKE_VERSION_OPTIONS}
            value={jsonData.lakeVersion ?? 'auto'}
            onChange={(lakeVersion) => set({ lakeVersion })}
          />
        </Field>
        <ResourceList
          id="seclake-config-catalog"
          label="Catalog"
          what="catalogs"
          description={`Athena data catalog, from the list or typed. Default: AwsDataCatalog. ${SAVES_FIRST}`}
          placeholder="AwsDataCatalog"
          value={jsonData.catalog}
          onChange={(catalog) => set({ catalog })}
          load={loader((c) => c.catalogs())}
        />
        <ResourceList
          id="seclake-config-database"
          label="Database"
          what="databases"
          description={`Glue database or resource-link database of the catalog, from the list or typed. Default: amazon_security_lake_glue_db_<region>. ${SAVES_FIRST}`}
          placeholder="amazon_security_lake_glue_db_us_east_1"
          value={jsonData.database}
          onChange={(database) => set({ database })}
          load={loader((c) => c.databases(jsonData.catalog))}
        />
        <Field
          label="Pinned tables"
          description="For subscriber resource links with custom names: the table (or database.table) of a source."
        >
          <PinnedTables tables={jsonData.tables} onChange={(tables) => set({ tables })} />
        </Field>
        <Field
          label="Discovery"
          description="List the database's tables to find versions, custom sources and resource links. Off: conventional or pinned names only."
          htmlFor="seclake-config-discovery"
        >
          <Switch
            id="seclake-config-discovery"
            value={!jsonData.disableDiscovery}
            onChange={(e) => set({ disableDiscovery: e.currentTarget.checked ? undefined : true })}
          />
        </Field>
        <ConfigSubSection
          title="Regions"
          description="A lake over several Regions: where each Region's Athena is, and whether a rollup Region holds them all."
        >
          <LakeRegions jsonData={jsonData} set={set} />
        </ConfigSubSection>
        <ConfigSubSection title="What discovery found" description="For the saved settings; shown after Save & test.">
          <DiscoveryInfo key={`${uid}:${options.version}`} uid={uid} />
        </ConfigSubSection>
      </ConfigSection>
      <Divider />

      <ConfigSection title="Athena" description="How queries run.">
        <ResourceList
          id="seclake-config-workgroup"
          label="Workgroup"
          what="workgroups"
          description={`Athena workgroup for every query, from the list or typed. Default: primary. ${SAVES_FIRST}`}
          placeholder="primary"
          value={jsonData.workgroup}
          onChange={(workgroup) => set({ workgroup })}
          load={loader((c) => c.workgroups())}
        />
        <TextSetting
          id="seclake-config-output-location"
          label="Output location"
          description="S3 URI for query results. Leave empty to use the workgroup's setting."
          placeholder="s3://my-athena-results/grafana/"
          value={jsonData.outputLocation}
          onChange={(outputLocation) => set({ outputLocation })}
        />
        <DefaultOnSwitch
          id="seclake-config-reuse"
          label="Result reuse"
          description="Let Athena answer a repeated query from its previous result. On by default where the workgroup's engine supports it (version 3)."
          value={jsonData.resultReuseEnabled}
          onChange={(resultReuseEnabled) => set({ resultReuseEnabled })}
        />
        {jsonData.resultReuseEnabled !== false && (
          <NumberSetting
            id="seclake-config-reuse-age"
            label="Reuse results up to"
            placeholder="60"
            suffix="minutes"
            max={MAX_REUSE_MINUTES}
            value={jsonData.resultReuseMaxAgeMinutes}
            onChange={(resultReuseMaxAgeMinutes) => set({ resultReuseMaxAgeMinutes })}
          />
        )}
        <NumberSetting
          id="seclake-config-timeout"
          label="Query timeout"
          description="Per query, including paging. Default: 300."
          placeholder="300"
          suffix="seconds"
          value={jsonData.queryTimeoutSeconds}
          onChange={(queryTimeoutSeconds) => set({ queryTimeoutSeconds })}
        />
        <NumberSetting
          id="seclake-config-in-flight"
          label="Max in-flight queries"
          description="Athena queries this datasource runs at once, across all panels, alert rules and variables; more wait in line. Keep it below the account's active query quota (20 in most Regions). Default: 16."
          placeholder="16"
          max={MAX_IN_FLIGHT}
          value={jsonData.maxInFlightQueries}
          onChange={(maxInFlightQueries) => set({ maxInFlightQueries })}
        />
        <NumberSetting
          id="seclake-config-result-cache"
          label="Result cache"
          description="Identical queries (same SQL and time range) within this window are answered from the plugin's cache, without Athena. 0 turns it off. Default: 60."
          placeholder="60"
          suffix="seconds"
          allowZero
          max={MAX_CACHE_SECONDS}
          value={jsonData.resultCacheSeconds}
          onChange={(resultCacheSeconds) => set({ resultCacheSeconds })}
        />
        <DefaultOnSwitch
          id="seclake-config-results-from-s3"
          label="Read large results from S3"
          description="A result larger than one page (1,000 rows) is read from its result file in one S3 GetObject instead of page by page. Needs s3:GetObject on the output location; without it the pages are read, with a notice. On by default."
          value={jsonData.resultsFromS3}
          onChange={(resultsFromS3) => set({ resultsFromS3 })}
        />
        {jsonData.resultsFromS3 !== false && (
          <TextSetting
            id="seclake-config-s3-endpoint"
            label="S3 endpoint"
            description="Where result files are read (an S3 VPC endpoint, for example). Default: S3 of the Region."
            placeholder="https://s3.us-east-1.amazonaws.com"
            value={jsonData.s3Endpoint}
            onChange={(s3Endpoint) => set({ s3Endpoint })}
          />
        )}
      </ConfigSection>
      <Divider />

      <ConfigSection title="Limits" description="Guards against slow and expensive queries.">
        <NumberSetting
          id="seclake-config-row-limit"
          label="Row limit"
          description="Most rows a query returns; a notice says when it cut. Default: 10000."
          placeholder="10000"
          max={MAX_ROW_LIMIT}
          value={jsonData.rowLimit}
          onChange={(rowLimit) => set({ rowLimit })}
        />
        <NumberSetting
          id="seclake-config-max-days"
          label="Max time range"
          description="Refuse queries over a longer range. Default: 90 days."
          placeholder="90"
          suffix="days"
          max={MAX_RANGE_DAYS}
          value={jsonData.maxTimeRangeDays}
          onChange={(maxTimeRangeDays) => set({ maxTimeRangeDays })}
        />
        <NumberSetting
          id="seclake-config-max-bytes"
          label="Max bytes scanned"
          description="Stop a query that scans more (1 GB = 1000000000). Default: 1 TB (USD 5)."
          placeholder="1000000000000"
          suffix="bytes"
          value={jsonData.maxBytesScanned}
          onChange={(maxBytesScanned) => set({ maxBytesScanned })}
        />
        <Field
          label="Allow statements that change data"
          description="Raw SQL runs SELECT, WITH, VALUES, SHOW, DESCRIBE and EXPLAIN only. Off by default."
        >
          <Switch
            id="seclake-config-allow-non-read"
            value={!!jsonData.allowNonReadStatements}
            onChange={(e) => set({ allowNonReadStatements: e.currentTarget.checked || undefined })}
          />
        </Field>
        {jsonData.allowNonReadStatements && (
          <Alert severity="warning" title="Queries can change the lake">
            Anyone who can edit a query of this datasource can then run DROP, INSERT, CREATE TABLE AS or UNLOAD with its
            AWS role. Keep this off unless the role is read-only and you need DDL from Grafana.
          </Alert>
        )}
      </ConfigSection>
    </>
  );
}
