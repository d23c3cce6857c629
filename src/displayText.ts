// The one-line summary of a query in Explore's query history and elsewhere
// Grafana lists queries: "CloudTrail management events · count by
// api.operation · where status = Failure", or the first line of the SQL.
import { AWS_SOURCES, Filter, SecurityLakeQuery } from './types';

const MAX = 160;

const clip = (s: string) => (s.length > MAX ? s.slice(0, MAX - 1) + '…' : s);

function filterText(f: Filter): string {
  const values = f.values?.length ? f.values.join(', ') : f.value;
  return values === undefined || values === '' ? `${f.field} ${f.op}` : `${f.field} ${f.op} ${values}`;
}

/** The summary of a query; empty for a query with neither a source nor SQL. */
export function queryDisplayText(q: SecurityLakeQuery): string {
  const sql = q.rawSql?.trim();
  if (q.mode === 'sql' || (q.mode === undefined && sql && !q.source)) {
    const first = sql?.split('\n').find((l) => l.trim() !== '');
    return first ? clip(first.trim()) : '';
  }
  if (!q.source) {
    return '';
  }
  const parts = [AWS_SOURCES.find((s) => s.name === q.source)?.title ?? q.source];
  if (q.format === 'logs') {
    parts.push('logs');
  } else if (q.aggregations?.length || q.groupBy?.length || q.format === 'time_series') {
    const aggs = q.aggregations?.length ? q.aggregations : [{ func: 'count', field: undefined }];
    const what = aggs.map((a) => (a.field ? `${a.func} of ${a.field}` : a.func)).join(', ');
    parts.push(q.groupBy?.length ? `${what} by ${q.groupBy.join(', ')}` : what);
  } else if (q.fields?.length) {
    parts.push(q.fields.join(', '));
  }
  const conds = (q.filters ?? []).map(filterText);
  if (q.filterGroups?.length) {
    conds.push(`${q.filterGroups.length} filter group${q.filterGroups.length > 1 ? 's' : ''}`);
  }
  if (conds.length) {
    parts.push('where ' + conds.join(' and '));
  }
  return clip(parts.join(' · '));
}
