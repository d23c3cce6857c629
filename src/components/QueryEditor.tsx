import React, { ChangeEvent, useState } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, RadioButtonGroup, Stack, TextArea } from '@grafana/ui';

import { DataSource } from '../datasource';
import { AWS_SOURCES, QueryFormat, QueryMode, SecurityLakeOptions, SecurityLakeQuery } from '../types';

type Props = QueryEditorProps<DataSource, SecurityLakeQuery, SecurityLakeOptions>;

const MODE_OPTIONS: Array<SelectableValue<QueryMode>> = [
  { label: 'Builder', value: 'builder' },
  { label: 'SQL', value: 'sql' },
];

const FORMAT_OPTIONS: Array<SelectableValue<QueryFormat>> = [
  { label: 'Time series', value: 'time_series' },
  { label: 'Table', value: 'table' },
  { label: 'Logs', value: 'logs' },
];

const SOURCE_OPTIONS: Array<ComboboxOption<string>> = AWS_SOURCES.map((s) => ({
  label: s.title,
  value: s.name,
  description: s.name,
}));

const LABEL_WIDTH = 12;
const SQL_PLACEHOLDER =
  'SELECT time_dt, api.operation FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 LIMIT 100';

/**
 * A minimal editor: mode, source, format and the SQL of SQL mode. The OCSF
 * builder (class, fields, filters, aggregations) replaces the builder part later.
 */
export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const mode: QueryMode = query.mode ?? (query.rawSql && !query.source ? 'sql' : 'builder');
  // The SQL is kept locally while typing and sent on blur, so a query does not run per keystroke.
  // A new rawSql from outside (history, inspector) replaces it, adjusted during render.
  const [sql, setSql] = useState(query.rawSql ?? '');
  const [seenSql, setSeenSql] = useState(query.rawSql);
  if (query.rawSql !== seenSql) {
    setSeenSql(query.rawSql);
    setSql(query.rawSql ?? '');
  }

  const update = (patch: Partial<SecurityLakeQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };

  return (
    <Stack direction="column" gap={1}>
      <Stack gap={1} wrap="wrap">
        <InlineField label="Mode" labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup<QueryMode> options={MODE_OPTIONS} value={mode} onChange={(v) => update({ mode: v })} />
        </InlineField>
        {mode === 'builder' && (
          <InlineField label="Source" labelWidth={LABEL_WIDTH} htmlFor="seclake-query-source">
            <Combobox<string>
              id="seclake-query-source"
              options={SOURCE_OPTIONS}
              value={query.source ?? null}
              placeholder="Choose a source"
              createCustomValue
              width={36}
              onChange={(o) => update({ source: o.value })}
            />
          </InlineField>
        )}
        <InlineField label="Format" labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup<QueryFormat>
            options={FORMAT_OPTIONS}
            value={query.format ?? 'table'}
            onChange={(v) => update({ format: v })}
          />
        </InlineField>
      </Stack>
      {mode === 'sql' && (
        <InlineField label="SQL" labelWidth={LABEL_WIDTH} grow htmlFor="seclake-query-sql">
          <TextArea
            id="seclake-query-sql"
            rows={8}
            value={sql}
            placeholder={SQL_PLACEHOLDER}
            onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setSql(e.currentTarget.value)}
            onBlur={() => sql !== (query.rawSql ?? '') && update({ rawSql: sql })}
          />
        </InlineField>
      )}
    </Stack>
  );
}
