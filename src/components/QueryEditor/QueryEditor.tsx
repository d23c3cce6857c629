import React, { useEffect, useState } from 'react';
import { LoadingState, QueryEditorProps, SelectableValue } from '@grafana/data';
import { Alert, Button, ConfirmModal, InlineField, RadioButtonGroup, Stack, Tooltip } from '@grafana/ui';
import { EditorRow } from '@grafana/plugin-ui';

import { errorMessage } from '../../api';
import { builderToSql } from '../../carrySql';
import type { DataSource } from '../../datasource';
import { useBuilderProblems } from '../../hooks/useBuilderProblems';
import { previewContext, useSqlPreview } from '../../hooks/useSqlPreview';
import { isEmptyQuery, migrateQuery, queryMode } from '../../query';
import { QueryFormat, QueryMode, SecurityLakeOptions, SecurityLakeQuery } from '../../types';
import { BuilderEditor } from './BuilderEditor';
import { QueryCost } from './QueryCost';
import { RunStop } from './RunStop';
import { ScopePicker } from './ScopePicker';
import { SqlModeEditor } from './SqlModeEditor';
import { SqlPreview } from './SqlPreview';
import { backendProblem, runBlockedReason } from './validation';

export type Props = QueryEditorProps<DataSource, SecurityLakeQuery, SecurityLakeOptions>;

const MODE_OPTIONS: Array<SelectableValue<QueryMode>> = [
  { label: 'Builder', value: 'builder', description: 'OCSF fields; the backend writes the SQL' },
  { label: 'SQL', value: 'sql', description: 'Athena SQL with $__ macros' },
];

const FORMAT_OPTIONS: Array<SelectableValue<QueryFormat>> = [
  { label: 'Time series', value: 'time_series' },
  { label: 'Table', value: 'table' },
  { label: 'Logs', value: 'logs' },
];

/**
 * The query editor: the OCSF builder with a live SQL preview, or raw SQL.
 * Both edit one query model (src/types.ts = pkg/models). Changes do not run
 * the query (every run is billed by Athena); Run query, Ctrl/Cmd+Enter in
 * SQL or Grafana's refresh do.
 */
export function QueryEditor(props: Props) {
  const { datasource: ds, onChange, onRunQuery, range, data } = props;
  const query = migrateQuery(props.query);
  const mode = queryMode(query);
  const [carryError, setCarryError] = useState<string>();
  const [confirmCarry, setConfirmCarry] = useState(false);
  const [stopped, setStopped] = useState(false);
  // While a run is in flight, Run (and Ctrl/Cmd+Enter) cannot start another.
  const running = data?.state === LoadingState.Loading;
  const run = () => {
    if (!running) {
      setStopped(false);
      onRunQuery();
    }
  };
  const stop = () => setStopped(ds.cancel(query.refId));

  // A new, empty query becomes the default query once.
  const empty = isEmptyQuery(props.query);
  useEffect(() => {
    if (empty) {
      onChange(query);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [empty]);

  const context = previewContext(range, data?.request?.intervalMs, data?.request?.maxDataPoints);
  // Each builder control checks itself; the backend's SQL is asked for only
  // once nothing is left, so its errors are about what the editor cannot see.
  const localProblems = useBuilderProblems(ds, query, range);
  const preview = useSqlPreview(ds, query, context, mode === 'builder' && localProblems.length === 0);
  const fromBackend = mode === 'builder' && !localProblems.length && preview.error && backendProblem(preview.error);
  const problems = fromBackend && fromBackend.control ? [fromBackend] : localProblems;
  const blocked = mode === 'builder' ? runBlockedReason(fromBackend ? [fromBackend] : problems) : undefined;
  const set = (patch: Partial<SecurityLakeQuery>) => onChange({ ...query, ...patch });

  const toSql = async () => {
    setConfirmCarry(false);
    setCarryError(undefined);
    if (!query.source) {
      set({ mode: 'sql' });
      return;
    }
    try {
      const carried = await builderToSql(ds.api, ds.applyTemplateVariables(query, {}), context, query.source);
      set({ mode: 'sql', rawSql: carried.sql });
    } catch (err) {
      setCarryError(errorMessage(err));
      set({ mode: 'sql' });
    }
  };
  const onMode = (next: QueryMode) => {
    if (next === mode) {
      return;
    }
    if (next === 'builder') {
      set({ mode: 'builder' });
    } else if (query.rawSql?.trim()) {
      setConfirmCarry(true);
    } else {
      toSql();
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <Stack gap={2} wrap="wrap" alignItems="center">
        <InlineField label="Mode">
          <RadioButtonGroup<QueryMode> options={MODE_OPTIONS} value={mode} onChange={onMode} />
        </InlineField>
        <InlineField label="Format">
          <RadioButtonGroup<QueryFormat>
            options={FORMAT_OPTIONS}
            value={query.format ?? 'table'}
            onChange={(format) => set({ format })}
          />
        </InlineField>
        {blocked && !running ? (
          // A disabled button gets no pointer or focus events: the wrapper carries the reason.
          <Tooltip content={blocked}>
            <span tabIndex={0} aria-label={blocked} data-testid="seclake-run-blocked">
              <Button icon="play" size="sm" disabled>
                Run query
              </Button>
            </span>
          </Tooltip>
        ) : (
          <RunStop running={running} canRun={ds.filterQuery(query)} onRun={run} onStop={stop} stopped={stopped} />
        )}
      </Stack>
      {mode === 'builder' ? (
        <>
          <BuilderEditor api={ds.api} query={query} range={range} onChange={onChange} problems={problems} />
          <SqlPreview
            preview={localProblems.length ? undefined : preview.value}
            loading={preview.loading}
            error={fromBackend && !fromBackend.control ? fromBackend.message : undefined}
            incomplete={localProblems.length}
          />
        </>
      ) : (
        <>
          {carryError && (
            <Alert
              severity="warning"
              title="The builder's SQL could not be carried over"
              onRemove={() => setCarryError(undefined)}
            >
              {carryError}
            </Alert>
          )}
          <SqlModeEditor api={ds.api} query={query} onChange={onChange} onRunQuery={run} />
          <EditorRow>
            <ScopePicker api={ds.api} range={range} accounts={query.accounts} regions={query.regions} onChange={set} />
          </EditorRow>
        </>
      )}
      <QueryCost data={data} refId={query.refId} />
      <ConfirmModal
        isOpen={confirmCarry}
        title="Replace the SQL?"
        body="The SQL of this query will be replaced by the SQL the builder writes."
        confirmText="Replace"
        dismissText="Keep my SQL"
        onConfirm={toSql}
        onDismiss={() => {
          setConfirmCarry(false);
          set({ mode: 'sql' });
        }}
      />
    </Stack>
  );
}
