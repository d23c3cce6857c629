// What is wrong with a builder query, control by control, in plain words.
// The editor marks each control invalid with its own message and disables
// Run while any problem is left; the backend checks everything again
// (pkg/sqlbuild), and a backend error the editor cannot place on a control
// (backendProblem) is shown beside the SQL preview.
import { FieldInfo } from '../../api';
import { findField, isListOp, isNullOp, operatorsFor, OP_LABELS } from '../../ocsf';
import { Aggregation, Filter, FilterGroup, SecurityLakeQuery } from '../../types';

/**
 * One problem: the control it belongs to and what to do. Control keys are
 * the controls' element ids without the `seclake-` prefix:
 * `source`, `fields`, `filter-0-field`, `group-1-filter-0-value`, `group-1`,
 * `agg-0-field`, `agg-0-filter-field`, `agg-0-alias`, `having-0-value`,
 * `having`, `bucket`, `time-range`.
 */
export interface Problem {
  control: string;
  message: string;
}

/** What the checks know beyond the query. */
export interface BuilderCatalog {
  /** The source's fields (GET fields); undefined while they load (field names are then not checked). */
  fields?: FieldInfo[];
  /** The dashboard range, in epoch ms. */
  from?: number;
  to?: number;
  /** The datasource's maxTimeRangeDays (default 90; 0 = no cap). */
  maxTimeRangeDays?: number;
}

// Mirrors pkg/sqlbuild/aggregate.go aliasRe.
const ALIAS_RE = /^[A-Za-z_][A-Za-z0-9_ .-]{0,63}$/;
// A fixed bucket (pkg/sqlbuild/bucket.go ParseBucket): a whole number with a unit, or a Go duration.
const BUCKET_RE = /^(\d+[smhdw]|(\d+h)?(\d+m)?(\d+s)?)$/;
const DEFAULT_MAX_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

const isVariable = (v: unknown) => typeof v === 'string' && v.includes('$');
/** A typed value as a message quotes it: a pasted 600-character value is cut to its first 40 characters. */
export const shown = (v: unknown) => {
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Problems of one filter, keyed `<prefix>-field`, `<prefix>-op`, `<prefix>-value`. */
export function filterProblems(filter: Filter, prefix: string, fields?: FieldInfo[]): Problem[] {
  const out: Problem[] = [];
  const add = (part: string, message: string) => out.push({ control: `${prefix}-${part}`, message });
  if (!filter.field) {
    add('field', 'Choose a field');
    return out;
  }
  const field = findField(fields ?? [], filter.field);
  if (fields && !field && !isVariable(filter.field)) {
    add('field', `${filter.field} is not a field of this source`);
    return out;
  }
  if (field && !operatorsFor(field).includes(filter.op)) {
    add(
      'op',
      `"${OP_LABELS[filter.op] ?? filter.op}" does not apply to ${/^[aeiou]/i.test(field.type) ? 'an' : 'a'} ${field.type} field`
    );
    return out;
  }
  if (isNullOp(filter.op)) {
    return out;
  }
  if (isListOp(filter.op)) {
    const values = filter.values ?? (blank(filter.value) ? [] : [filter.value!]);
    if (values.length === 0) {
      add('value', 'Enter at least one value');
    } else if (filter.op === 'in-cidr' || filter.op === 'not-in-cidr') {
      const bad = values.find((v) => !isVariable(v) && !isCidr(String(v)));
      if (bad !== undefined) {
        add('value', `${shown(bad)} is not a network such as 10.0.0.0/8`);
      }
    } else if (field && isNumeric(field)) {
      const bad = values.find((v) => !isVariable(v) && !isNumber(v) && !isEnumCaption(field, v));
      if (bad !== undefined) {
        add('value', `${shown(bad)} is not a number`);
      }
    }
    return out;
  }
  if (blank(filter.value)) {
    add('value', 'Enter a value');
  } else if (field && isNumeric(field) && !isVariable(filter.value) && !isNumber(filter.value)) {
    if (!isEnumCaption(field, filter.value)) {
      add('value', `${shown(filter.value)} is not a number`);
    }
  }
  return out;
}

/** Problems of a filter group: an empty group, then each of its filters. */
function groupProblems(group: FilterGroup, g: number, fields?: FieldInfo[]): Problem[] {
  if (!group.filters?.length) {
    return [{ control: `group-${g}`, message: 'Add a filter to this group, or remove the group' }];
  }
  return group.filters.flatMap((f, i) => filterProblems(f, `group-${g}-filter-${i}`, fields));
}

/** The output name of an aggregation (pkg/sqlbuild: alias, else func_field, else the function). */
export function aggregationName(a: Aggregation): string {
  if (a.alias) {
    return a.alias;
  }
  return a.field ? `${a.func}_${a.field}` : a.func;
}

function aggregationProblems(a: Aggregation, i: number, fields?: FieldInfo[]): Problem[] {
  const out: Problem[] = [];
  const prefix = `agg-${i}`;
  if (a.func === 'count_if') {
    if (!a.filter) {
      out.push({ control: `${prefix}-filter-field`, message: 'Choose a field for the rows to count' });
    } else {
      out.push(...filterProblems(a.filter, `${prefix}-filter`, fields));
    }
  } else if (!a.field && a.func !== 'count') {
    out.push({ control: `${prefix}-field`, message: 'Choose a field' });
  } else if (a.field && fields && !findField(fields, a.field)) {
    out.push({ control: `${prefix}-field`, message: `${a.field} is not a field of this source` });
  }
  if (a.alias && !ALIAS_RE.test(a.alias)) {
    out.push({
      control: `${prefix}-alias`,
      message: 'Start with a letter or _, then letters, digits, spaces, _ . or - (at most 64)',
    });
  }
  return out;
}

/**
 * Every problem of a builder query, in the order of the controls. Empty
 * means the query can run. SQL-mode queries have none here (the backend
 * and the SQL editor report theirs).
 */
export function builderProblems(query: SecurityLakeQuery, catalog: BuilderCatalog = {}): Problem[] {
  if (query.mode === 'sql') {
    return [];
  }
  const { fields } = catalog;
  const format = query.format ?? 'table';
  const out: Problem[] = [];
  if (!query.source) {
    out.push({ control: 'source', message: 'Choose a source' });
  }
  const aggs = query.aggregations ?? [];
  const grouped = format === 'time_series' || (format === 'table' && (aggs.length > 0 || !!query.groupBy?.length));
  if (format !== 'time_series' && fields) {
    const chosen = query.fields ?? [];
    const unknown = chosen.filter((p) => !findField(fields, p));
    const nested = chosen.filter((p) => (findField(fields, p)?.kind ?? 'scalar') !== 'scalar');
    if (unknown.length) {
      out.push({ control: 'fields', message: `Not a field of this source: ${unknown.join(', ')}` });
    } else if (format === 'table' && grouped && nested.length) {
      out.push({
        control: 'fields',
        message: `With aggregations or group by, each column is a group key and must be a plain field: remove ${nested.join(', ')} or choose one of its members`,
      });
    }
  }
  (query.filters ?? []).forEach((f, i) => out.push(...filterProblems(f, `filter-${i}`, fields)));
  (query.filterGroups ?? []).forEach((g, i) => out.push(...groupProblems(g, i, fields)));
  if (format !== 'logs') {
    const seen = new Map<string, number>();
    aggs.forEach((a, i) => {
      out.push(...aggregationProblems(a, i, fields));
      const name = aggregationName(a);
      if (seen.has(name)) {
        out.push({
          control: `agg-${i}-alias`,
          message: `Another aggregation is named ${name}: give this one an alias`,
        });
      }
      seen.set(name, i);
    });
    const having = query.having ?? [];
    if (having.length && !grouped) {
      out.push({ control: 'having', message: 'Thresholds need aggregations or group-by fields' });
    }
    having.forEach((h, i) => {
      if (!h.field && h.func !== 'count') {
        out.push({ control: `having-${i}-field`, message: 'Choose a field' });
      }
      if (blank(h.value)) {
        out.push({ control: `having-${i}-value`, message: 'Enter a value' });
      } else if (
        ['count', 'count_distinct', 'approx_distinct'].includes(h.func) &&
        !isVariable(h.value) &&
        !isNumber(h.value)
      ) {
        out.push({ control: `having-${i}-value`, message: `${h.value} is not a number` });
      }
    });
    const bucket = query.timeBucket?.trim();
    if (bucket && bucket !== 'auto' && !isVariable(bucket) && !BUCKET_RE.test(bucket)) {
      out.push({ control: 'bucket', message: 'Use auto or an interval such as 30s, 5m, 1h or 1d' });
    }
  }
  const cap = rangeProblem(catalog);
  if (cap) {
    out.push(cap);
  }
  return out;
}

/** The scan guard on the dashboard range (pkg/plugin/guard.go checkRange), under the time range. */
function rangeProblem({ from, to, maxTimeRangeDays }: BuilderCatalog): Problem | undefined {
  if (from === undefined || to === undefined) {
    return undefined;
  }
  if (to < from) {
    return { control: 'time-range', message: 'The time range ends before it starts' };
  }
  const max = maxTimeRangeDays ?? DEFAULT_MAX_DAYS;
  const days = (to - from) / DAY_MS;
  if (max > 0 && days > max) {
    return {
      control: 'time-range',
      message: `The time range covers ${formatDays(days)} days; this data source allows at most ${max}. Choose a shorter range in the time picker.`,
    };
  }
  return undefined;
}

/**
 * Places a backend error (POST sql) on a control where its words say which:
 * the range cap under the time range; anything else stays general.
 */
export function backendProblem(error: string): Problem {
  if (/time range/i.test(error)) {
    return { control: 'time-range', message: error };
  }
  return { control: '', message: error };
}

/** Problems by control key, the first message of each. */
export function byControl(problems: Problem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    out[p.control] ??= p.message;
  }
  return out;
}

/** The problems of the controls under prefix (`filter-0`), keyed by the rest (`field`, `value`). */
export function underPrefix(problems: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(problems)) {
    if (k.startsWith(`${prefix}-`)) {
      out[k.slice(prefix.length + 1)] = v;
    }
  }
  return out;
}

/** The reason Run is disabled: the first problem, and how many more. */
export function runBlockedReason(problems: Problem[]): string | undefined {
  if (!problems.length) {
    return undefined;
  }
  const more = problems.length - 1;
  return `Not ready to run: ${problems[0].message}${more ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`;
}

function isNumeric(f: FieldInfo) {
  return f.valueType === 'integer' || f.valueType === 'float';
}

function isNumber(v: unknown) {
  return typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
}

// Enum fields take captions ("Critical") as well as ids.
function isEnumCaption(f: FieldInfo, v: unknown) {
  return !!f.enum?.values.some((e) => e.caption.toLowerCase() === String(v).toLowerCase());
}

function isCidr(s: string) {
  const [ip, bits, extra] = s.trim().split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) {
    return false;
  }
  if (ip.includes(':')) {
    return Number(bits) <= 128 && /^[0-9a-fA-F:.]+$/.test(ip);
  }
  const parts = ip.split('.');
  return Number(bits) <= 32 && parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function formatDays(d: number) {
  return d >= 10 ? String(Math.round(d)) : d.toFixed(1);
}
