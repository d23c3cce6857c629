import React, { useMemo } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Input, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { EditorField, EditorRow } from '@grafana/plugin-ui';

import type { DataSource } from '../datasource';
import { useAsync } from '../hooks/useAsync';
import { SecurityLakeOptions, SecurityLakeQuery, SecurityLakeVariableQuery, VariableQueryType } from '../types';
import { migrateVariableQuery } from '../variables';
import { QueryEditor } from './QueryEditor/QueryEditor';
import { SourcePicker } from './QueryEditor/SourcePicker';

/**
 * The query the "Query" kind starts from: the distinct API operations of the
 * source, as a table (the default builder query is a count over time, which
 * gives no values).
 */
export function valuesQuery(q: SecurityLakeVariableQuery): SecurityLakeVariableQuery {
  return {
    refId: q.refId,
    queryType: 'query',
    mode: 'builder',
    source: q.source ?? 'cloud_trail_mgmt',
    format: 'table',
    groupBy: ['api.operation'],
    limit: q.limit ?? 100,
  };
}

/** True while a query-kind variable has no query of its own yet. */
const noQueryYet = (q: SecurityLakeVariableQuery) =>
  !q.rawSql && !q.fields?.length && !q.groupBy?.length && !q.aggregations?.length;

type Props = QueryEditorProps<DataSource, SecurityLakeQuery, SecurityLakeOptions, SecurityLakeVariableQuery>;

const KIND_OPTIONS: Array<SelectableValue<VariableQueryType>> = [
  { label: 'Accounts', value: 'accounts' },
  { label: 'Regions', value: 'regions' },
  { label: 'Severities', value: 'severities' },
  { label: 'Classes', value: 'classes' },
  { label: 'Query', value: 'query', description: 'A builder or SQL query: first column value, second text' },
];

/**
 * A variable's query: the distinct accounts, Regions, severities or classes
 * of a source over the dashboard's time range (a bounded look-up the
 * backend writes), or any builder/SQL query.
 */
export function VariableQueryEditor(props: Props) {
  const { datasource: ds, onChange } = props;
  const query = migrateVariableQuery(props.query);
  const kind = query.queryType ?? 'accounts';
  const sources = useAsync(useMemo(() => (kind === 'query' ? undefined : ds.api.sources()), [ds, kind]));
  const set = (patch: Partial<SecurityLakeVariableQuery>) => onChange({ ...query, ...patch });

  return (
    <Stack direction="column" gap={1}>
      <EditorRow>
        <EditorField label="Values of" htmlFor="seclake-variable-kind">
          <RadioButtonGroup<VariableQueryType>
            id="seclake-variable-kind"
            options={KIND_OPTIONS}
            value={kind}
            onChange={(queryType) =>
              queryType === 'query' && noQueryYet(query) ? onChange(valuesQuery(query)) : set({ queryType })
            }
          />
        </EditorField>
      </EditorRow>
      {kind === 'query' ? (
        <>
          <QueryEditor
            {...props}
            query={query}
            onChange={(q: SecurityLakeQuery) => onChange({ ...q, queryType: 'query' })}
            onRunQuery={props.onRunQuery ?? (() => {})}
          />
          <Text variant="bodySmall" color="secondary">
            The first column is the value, a second text column (optional) the caption; or name them value and text.
            Numbers and times become text.
          </Text>
        </>
      ) : (
        <EditorRow>
          <SourcePicker
            label="From source"
            sources={sources.value ?? []}
            loading={sources.loading}
            error={sources.error}
            value={query.source}
            onChange={(source) => set({ source })}
          />
          <EditorField label="Limit" htmlFor="seclake-variable-limit" optional tooltip="At most 1000; default 100">
            <Input
              id="seclake-variable-limit"
              key={query.limit ?? ''}
              type="number"
              min={1}
              max={1000}
              width={12}
              placeholder="100"
              defaultValue={query.limit ?? ''}
              onBlur={(e) => {
                const n = Number.parseInt(e.currentTarget.value, 10);
                set({ limit: Number.isFinite(n) && n > 0 ? Math.min(n, 1000) : undefined });
              }}
            />
          </EditorField>
        </EditorRow>
      )}
    </Stack>
  );
}
