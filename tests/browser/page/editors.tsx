// More of what Grafana shows around the editors, on the test page: the
// annotation editor (Grafana's standard one renders the datasource's
// QueryEditor on the annotation's target, runs it and maps the result's
// columns to annotation fields), the variable editor's "Preview of values"
// and the log lines of a logs query's result. Each runs through the
// DataSource, answered by the real plugin behind the bridge.
import React, { useState } from 'react';
import {
  AnnotationQuery,
  DataFrame,
  DataQueryRequest,
  FieldType,
  LoadingState,
  MetricFindValue,
  PanelData,
  TimeRange,
} from '@grafana/data';
import { Button, Stack } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

import { request } from './request';

import { QueryEditor } from '../../../src/components/QueryEditor/QueryEditor';
import { DataSource } from '../../../src/datasource';
import { SecurityLakeQuery, SecurityLakeVariableQuery } from '../../../src/types';

/** The field of frame an annotation's key takes, by the rules of src/annotations.ts. */
function mapped(frame: DataFrame, key: 'time' | 'timeEnd' | 'title' | 'text' | 'tags') {
  const named = frame.fields.find((f) => f.name === key);
  if (named || key === 'timeEnd' || key === 'title' || key === 'tags') {
    return named;
  }
  return frame.fields.find((f) => f.type === (key === 'time' ? FieldType.time : FieldType.string));
}

/**
 * The annotation editor as Grafana's standard one shows it: the query
 * editor on the annotation's target (the datasource's default annotation
 * query), its run, and the columns mapped to annotation fields.
 */
export function AnnotationPanel({ datasource, range }: { datasource: DataSource; range: TimeRange }) {
  const support = datasource.annotations!;
  const [anno, setAnno] = useState<AnnotationQuery<SecurityLakeQuery>>(() =>
    support.prepareAnnotation!({
      name: 'Findings',
      enable: true,
      iconColor: 'red',
      target: { refId: 'Anno', ...support.getDefaultQuery!() } as SecurityLakeQuery,
    })
  );
  const [data, setData] = useState<PanelData>();
  const [runs, setRuns] = useState(0);
  const target = anno.target!;

  const run = async () => {
    const query = support.prepareQuery!(anno);
    if (!query) {
      return;
    }
    const req = request([query], range, 'dashboard');
    setData({ state: LoadingState.Loading, series: [], timeRange: range, request: req });
    const res = await lastValueFrom(datasource.query(req));
    setRuns((n) => n + 1);
    setData({
      state: res.errors?.length ? LoadingState.Error : LoadingState.Done,
      series: res.data,
      errors: res.errors,
      timeRange: range,
      request: req,
    });
  };

  const frame = data?.series[0];
  const keys = ['time', 'timeEnd', 'title', 'text', 'tags'] as const;
  const cell = (key: (typeof keys)[number]) => {
    const f = frame && mapped(frame, key);
    return f ? String(key === 'time' ? new Date(f.values[0]).toISOString() : f.values[0]) : '—';
  };
  return (
    <Stack direction="column" gap={1}>
      <QueryEditor
        datasource={datasource}
        query={target}
        onChange={(q) => setAnno({ ...anno, target: q })}
        onRunQuery={run}
        range={range}
        data={data}
      />
      <div data-testid="annotation-result">
        {data?.state === LoadingState.Done && frame && (
          <>
            <div>
              Run {runs}: {frame.length} event(s) as {support.prepareQuery!(anno)?.format} · mapping{' '}
              {keys.map((k) => `${k} ← ${(frame && mapped(frame, k)?.name) ?? '(none)'}`).join(' · ')}
            </div>
            <div data-testid="annotation-first">First event: {keys.map((k) => `${k}: ${cell(k)}`).join(' · ')}</div>
          </>
        )}
        {data?.errors?.map((e, i) => (
          <div key={i}>Error: {e.message}</div>
        ))}
      </div>
    </Stack>
  );
}

/** The variable editor's "Run query" and "Preview of values", through the datasource's variable support. */
export function VariablePreview({
  datasource,
  variable,
  range,
}: {
  datasource: DataSource;
  variable: SecurityLakeVariableQuery;
  range: TimeRange;
}) {
  const [values, setValues] = useState<MetricFindValue[]>();
  const [error, setError] = useState<string>();
  const run = async () => {
    setError(undefined);
    try {
      const support = datasource.variables as unknown as {
        query: (r: DataQueryRequest<SecurityLakeVariableQuery>) => import('rxjs').Observable<{ data: DataFrame[] }>;
      };
      const res = await lastValueFrom(support.query(request([variable], range, 'dashboard')));
      const frame = res.data[0];
      const text = frame?.fields.find((f) => f.name === 'text');
      const value = frame?.fields.find((f) => f.name === 'value');
      // Grafana keeps one option per value.
      const all = Array.from({ length: frame?.length ?? 0 }, (_, i) => ({
        text: text?.values[i],
        value: value?.values[i],
      }));
      setValues(all.filter((v, i) => all.findIndex((w) => w.value === v.value) === i));
    } catch (e) {
      setError(String((e as { message?: string })?.message ?? e));
    }
  };
  return (
    <Stack direction="column" gap={1}>
      <div>
        <Button size="sm" variant="secondary" icon="sync" onClick={run}>
          Run variable query
        </Button>
      </div>
      {values && (
        <div data-testid="variable-preview">
          Preview of values ({values.length}): {values.map((v) => `${v.text}=${v.value}`).join(', ')}
        </div>
      )}
      {error && <div data-testid="variable-error">Error: {error}</div>}
    </Stack>
  );
}

const LINES = 5;
const cellStyle = { padding: '2px 12px 2px 0', verticalAlign: 'top' } as const;

/** The first log lines of a logs frame (time, level, body) and its fields, as the logs panel would show them. */
export function LogLines({ frame }: { frame?: DataFrame }) {
  if (frame?.meta?.preferredVisualisationType !== 'logs') {
    return null;
  }
  const field = (name: string) => frame.fields.find((f) => f.name === name);
  const [time, level, body] = [field('timestamp'), field('severity'), field('body')];
  return (
    <div data-testid="logs-result">
      <div data-testid="logs-fields">
        {frame.meta.type} · {frame.length} line(s) · fields: {frame.fields.map((f) => f.name).join(', ')}
      </div>
      <table>
        <tbody>
          {Array.from({ length: Math.min(LINES, frame.length) }, (_, i) => (
            <tr key={i} data-testid="log-line">
              <td style={cellStyle}>{time ? new Date(time.values[i]).toISOString() : ''}</td>
              <td style={cellStyle}>{level?.values[i]}</td>
              <td style={{ ...cellStyle, wordBreak: 'break-word' }}>{body?.values[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
