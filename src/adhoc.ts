// Grafana's ad hoc filters for this datasource. Keys are catalog field paths
// of the sources the dashboard's queries read; values come from the guarded
// `values` route (a bounded, partition-filtered DISTINCT written by the
// backend). The filters travel to the backend as typed builder filters on
// each query (`adhocFilters`), never as SQL text: a builder query ANDs those
// its source has, raw SQL gets them where it writes `$__adhocFilters(source)`.
import { AdHocVariableFilter, MetricFindValue, TimeRange } from '@grafana/data';

import { FieldInfo, ResourceClient } from './api';
import { Filter, FilterOp, SecurityLakeQuery } from './types';

/** Grafana's ad hoc operators and the builder operators they mean (pkg/models Op). */
export const ADHOC_OPS: Readonly<Record<string, FilterOp>> = {
  '=': '=',
  '!=': '!=',
  '=~': 'regex',
  '!~': 'not-regex',
  '<': '<',
  '>': '>',
  '=|': 'in',
  '!=|': 'not-in',
};

/** The source a query reads when nothing else says: the default builder source. */
const FALLBACK_SOURCE = 'cloud_trail_mgmt';

/**
 * Grafana's filters as builder filters. An operator the builder lacks is
 * sent as written, so the backend names it in its error instead of the
 * filter silently not applying.
 */
export function toBuilderFilters(filters: AdHocVariableFilter[] | undefined): Filter[] | undefined {
  if (!filters?.length) {
    return undefined;
  }
  return filters
    .filter((f) => f.key !== '')
    .map((f) => {
      const op = ADHOC_OPS[f.operator] ?? (f.operator as FilterOp);
      if (op === 'in' || op === 'not-in') {
        return { field: f.key, op, values: f.values?.length ? f.values : [f.value] };
      }
      return { field: f.key, op, value: f.value };
    });
}

// Source arguments of the macros that name one in raw SQL.
const SQL_SOURCE = /\$__(?:table|optionalTable|adhocFilters)\(\s*([A-Za-z0-9_@.-]+)\s*\)/g;

/** The sources the queries read: the builder's source, and the sources raw SQL names in its macros. */
export function sourcesOf(queries: SecurityLakeQuery[] | undefined): string[] {
  const out = new Set<string>();
  for (const q of queries ?? []) {
    if (q.mode !== 'sql' && q.source) {
      out.add(q.source);
    }
    for (const m of q.rawSql?.matchAll(SQL_SOURCE) ?? []) {
      out.add(m[1]);
    }
  }
  return [...out];
}

/** Splits "vpc_flow@1" into its name and version, as the resource routes take them. */
function splitSource(ref: string): [string, number | undefined] {
  const [name, version] = ref.split('@');
  const v = Number(version);
  return [name, Number.isInteger(v) && v > 0 ? v : undefined];
}

/** A field a filter can take: one value per row (not nested, not inside an array). */
const filterable = (f: FieldInfo) => f.kind === 'scalar' && f.valueType !== 'nested';

/**
 * The keys of the dashboard's ad hoc filters: the scalar fields of the
 * sources its queries read (the default source when none names one), each
 * typed and grouped by OCSF object, in catalog order without repeats.
 */
export async function tagKeys(api: ResourceClient, queries?: SecurityLakeQuery[]): Promise<MetricFindValue[]> {
  const sources = sourcesOf(queries);
  const lists = await Promise.all(
    (sources.length ? sources : [FALLBACK_SOURCE]).map((s) => {
      const [name, version] = splitSource(s);
      // A source this lake lacks has no keys; the others still do.
      return api.fields(name, version).catch(() => [] as FieldInfo[]);
    })
  );
  const seen = new Set<string>();
  const out: MetricFindValue[] = [];
  for (const f of lists.flat()) {
    if (!filterable(f) || seen.has(f.path)) {
      continue;
    }
    seen.add(f.path);
    out.push({ text: f.path, value: f.path, group: f.group, properties: { type: f.valueType } });
  }
  return out;
}

/**
 * The values of one key: the distinct values of that field over the
 * dashboard's range in the first source of the queries that has it, among
 * the rows the dashboard's other ad hoc filters leave (sent as typed
 * filters), with enum captions as text (the value stays the id the backend
 * types).
 */
export async function tagValues(
  api: ResourceClient,
  key: string,
  queries?: SecurityLakeQuery[],
  range?: TimeRange,
  filters?: AdHocVariableFilter[]
): Promise<MetricFindValue[]> {
  const sources = sourcesOf(queries);
  let source = sources[0] ?? FALLBACK_SOURCE;
  for (const s of sources) {
    const [name, version] = splitSource(s);
    const fields = await api.fields(name, version).catch(() => [] as FieldInfo[]);
    if (fields.some((f) => f.path === key)) {
      source = s;
      break;
    }
  }
  const [name] = splitSource(source);
  const others = toBuilderFilters(filters?.filter((f) => f.key !== key));
  const items = await api.values('field', {
    source: name,
    field: key,
    filters: others ? JSON.stringify(others) : undefined,
    from: range?.from.valueOf(),
    to: range?.to.valueOf(),
  });
  return items.map((it) => ({ text: it.text, value: it.value }));
}
