// The Explore features of the datasource on the test page, each through the
// DataSource method Grafana calls, answered by the real plugin behind the
// bridge: ad hoc filter keys and values (getTagKeys / getTagValues), a query
// run with an ad hoc filter (request.filters, as a dashboard sends them),
// Explore's logs volume (getSupplementaryRequest + query), log context
// (getLogRowContext on the first line of a logs query) and the query
// history's display text (getQueryDisplayText).
import React, { useState } from 'react';
import {
  AdHocVariableFilter,
  DataFrame,
  DataQueryResponse,
  FieldType,
  LogRowContextQueryDirection,
  LogRowModel,
  MetricFindValue,
  SupplementaryQueryType,
  TimeRange,
} from '@grafana/data';
import { Button, Combobox, Stack } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

import { DataSource } from '../../../src/datasource';
import { SecurityLakeQuery } from '../../../src/types';
import { request } from './request';

/** The queries the panel works on: a builder logs query and a raw SQL query reading the same source. */
export const LOGS_QUERY: SecurityLakeQuery = {
  refId: 'A',
  mode: 'builder',
  format: 'logs',
  source: 'cloud_trail_mgmt',
  filters: [{ field: 'api.operation', op: '=', value: 'ConsoleLogin' }],
};
export const SQL_QUERY: SecurityLakeQuery = {
  refId: 'B',
  mode: 'sql',
  format: 'table',
  rawSql:
    'SELECT count(*) AS "n"\nFROM $__table(cloud_trail_mgmt)\nWHERE $__partitionFilter AND $__adhocFilters(cloud_trail_mgmt)',
};

const rows = (res: DataQueryResponse) => (res.data as DataFrame[]).reduce((n, f) => n + f.length, 0);
const notices = (res: DataQueryResponse) =>
  (res.data as DataFrame[]).flatMap((f) => f.meta?.notices?.map((n) => n.text) ?? []);
const sqlOf = (res: DataQueryResponse) =>
  (res.data as DataFrame[]).map((f) => f.meta?.executedQueryString ?? '').find((s) => s !== '') ?? '';

/** The first line of a logs frame as the LogRowModel Grafana builds for it. */
function firstLine(frame: DataFrame): LogRowModel {
  const time = frame.fields.find((f) => f.type === FieldType.time);
  const id = frame.fields.find((f) => f.name === 'id');
  return {
    dataFrame: frame,
    rowIndex: 0,
    rowId: id?.values[0],
    timeEpochMs: Number(time?.values[0]),
  } as LogRowModel;
}

export function ExplorePanel({ datasource, range }: { datasource: DataSource; range: TimeRange }) {
  const [keys, setKeys] = useState<MetricFindValue[]>();
  const [key, setKey] = useState<string>();
  const [values, setValues] = useState<MetricFindValue[]>();
  const [filter, setFilter] = useState<AdHocVariableFilter>();
  const [adhoc, setAdhoc] = useState<string[]>();
  const [volume, setVolume] = useState<string>();
  const [context, setContext] = useState<string>();
  const [error, setError] = useState<string>();
  const guard = (f: () => Promise<void>) => () => f().catch((e) => setError(String(e?.data?.error ?? e?.message ?? e)));

  const loadKeys = guard(async () =>
    setKeys(await datasource.getTagKeys({ queries: [LOGS_QUERY, SQL_QUERY], filters: [] }))
  );
  const loadValues = guard(async () => {
    if (key) {
      const v = await datasource.getTagValues({ key, queries: [LOGS_QUERY, SQL_QUERY], filters: [], timeRange: range });
      setValues(v);
      setFilter({ key, operator: '=', value: String(v[0]?.value ?? v[0]?.text ?? '') });
    }
  });
  const runAdhoc = guard(async () => {
    const builder = { ...LOGS_QUERY, format: 'table' as const, aggregations: [{ func: 'count' as const }] };
    const res = await lastValueFrom(
      datasource.query(request([builder, SQL_QUERY], range, 'explore', filter ? [filter] : []))
    );
    const byRef = (ref: string) => ({ ...res, data: (res.data as DataFrame[]).filter((f) => f.refId === ref) });
    setAdhoc(
      ['A', 'B'].map((ref) => {
        const r = byRef(ref);
        return `${ref}: ${rows(r)} row(s) · ${sqlOf(r).split('\n').slice(-3).join(' ')} ${notices(r).join(' ')}`;
      })
    );
  });
  const runVolume = guard(async () => {
    const req = datasource.getSupplementaryRequest(
      SupplementaryQueryType.LogsVolume,
      request([LOGS_QUERY, SQL_QUERY], range, 'explore')
    );
    if (!req) {
      setVolume('no volume request');
      return;
    }
    const res = await lastValueFrom(datasource.query(req));
    const levels = (res.data as DataFrame[]).map((f) => {
      const v = f.fields.find((x) => x.type === FieldType.number);
      const sum = v?.values.reduce((a: number, b: number | null) => a + (b ?? 0), 0) ?? 0;
      return `${v?.labels?.level ?? 'logs'} ${sum}`;
    });
    setVolume(
      `volume of ${req.targets.map((t) => t.refId).join(', ')}: ${res.data.length} frame(s) · ${levels.join(' · ')}`
    );
  });
  const runContext = guard(async () => {
    const res = await lastValueFrom(datasource.query(request([LOGS_QUERY], range, 'explore')));
    const frame = (res.data as DataFrame[])[0];
    if (!frame?.length) {
      setContext('no log lines');
      return;
    }
    const row = firstLine(frame);
    const options = { direction: LogRowContextQueryDirection.Backward, limit: 10 };
    const q = await datasource.getLogRowContextQuery(row, options, LOGS_QUERY);
    const ctx = await datasource.getLogRowContext(row, options, LOGS_QUERY);
    setContext(
      `context of line ${row.rowId}: ${rows(ctx)} row(s) · filter ${JSON.stringify(q?.filters)} · ${sqlOf(ctx).split('\n').slice(-4).join(' ')}`
    );
  });

  return (
    <div data-testid="explore-panel">
      <Stack direction="column" gap={1}>
        <div data-testid="display-text">
          History: “{datasource.getQueryDisplayText(LOGS_QUERY)}” and “{datasource.getQueryDisplayText(SQL_QUERY)}”
        </div>
        <Stack gap={1} alignItems="center">
          <Button size="sm" variant="secondary" onClick={loadKeys}>
            Load ad hoc keys
          </Button>
          {keys && <span data-testid="adhoc-keys">{keys.length} keys</span>}
          {keys && (
            <div style={{ width: 320 }}>
              <Combobox
                id="explore-adhoc-key"
                placeholder="Key"
                options={keys.map((k) => ({ label: k.text, value: String(k.value), description: k.properties?.type }))}
                value={key ?? null}
                onChange={(o) => setKey(o?.value)}
              />
            </div>
          )}
          <Button size="sm" variant="secondary" onClick={loadValues} disabled={!key}>
            Load values
          </Button>
          {values && <span data-testid="adhoc-values">{values.map((v) => `${v.text}=${v.value}`).join(', ')}</span>}
        </Stack>
        <Stack gap={1} alignItems="center">
          <Button size="sm" variant="secondary" onClick={runAdhoc}>
            Run with ad hoc filter
          </Button>
          <span data-testid="adhoc-filter">
            {filter ? `${filter.key} ${filter.operator} ${filter.value}` : 'no filter'}
          </span>
        </Stack>
        {adhoc?.map((line, i) => (
          <pre key={i} data-testid="adhoc-result" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {line}
          </pre>
        ))}
        <Stack gap={1} alignItems="center">
          <Button size="sm" variant="secondary" onClick={runVolume}>
            Run logs volume
          </Button>
          {volume && <span data-testid="logs-volume">{volume}</span>}
        </Stack>
        <Stack gap={1} alignItems="center">
          <Button size="sm" variant="secondary" onClick={runContext}>
            Fetch log context
          </Button>
        </Stack>
        {context && (
          <pre data-testid="log-context" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {context}
          </pre>
        )}
        {error && <div data-testid="explore-error">Error: {error}</div>}
      </Stack>
    </div>
  );
}
