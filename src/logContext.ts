// Log context in Explore and the logs panel: the events of the same entity
// around a line. The entity is the first of ENTITY_FIELDS the line carries
// (its actor, its source address, its device); the context is a builder logs
// query on the same source and scope, filtered on that value, over a window
// before or after the line's time, nearest first. A line without an entity
// field gets the events of its own query (same class and filters) instead.
import {
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  dateTime,
  LogRowContextOptions,
  LogRowContextQueryDirection,
  LogRowModel,
} from '@grafana/data';

import { Filter, SecurityLakeQuery } from './types';

/** The fields that name who or what an event is about, most specific first (OCSF paths, as logs frames name columns). */
export const ENTITY_FIELDS = [
  'actor.user.uid',
  'actor.user.name',
  'actor.session.uid',
  'src_endpoint.ip',
  'device.uid',
  'device.hostname',
  'dst_endpoint.ip',
  'query.hostname',
];

/** How far before or after the line the context reaches unless Grafana gives a window. */
export const DEFAULT_WINDOW_MS = 6 * 60 * 60 * 1000;
const DEFAULT_LIMIT = 50;
const CONTEXT_PREFIX = 'log-context-';

/** The first entity field of the line with a value, and that value. */
export function entityOf(row: LogRowModel): Filter | undefined {
  for (const path of ENTITY_FIELDS) {
    const field = row.dataFrame.fields.find((f) => f.name === path);
    const value: unknown = field?.values[row.rowIndex];
    if (value !== null && value !== undefined && value !== '') {
      return {
        field: path,
        op: '=',
        value: typeof value === 'number' || typeof value === 'boolean' ? value : String(value),
      };
    }
  }
  return undefined;
}

/** The context query of a line, or null when the line's query is not a builder query with a source. */
export function contextQuery(
  row: LogRowModel,
  options: LogRowContextOptions | undefined,
  query: SecurityLakeQuery | undefined
): SecurityLakeQuery | null {
  if (!query?.source || query.mode === 'sql') {
    return null;
  }
  const entity = entityOf(row);
  const forward = options?.direction === LogRowContextQueryDirection.Forward;
  const base: SecurityLakeQuery = {
    refId: CONTEXT_PREFIX + query.refId,
    datasource: query.datasource,
    mode: 'builder',
    format: 'logs',
    source: query.source,
    accounts: query.accounts,
    regions: query.regions,
    // Nearest first: oldest after the line, newest before it.
    orderBy: forward ? [{ field: 'time', desc: false }] : undefined,
    limit: options?.limit ?? DEFAULT_LIMIT,
  };
  if (entity) {
    return { ...base, filters: [entity] };
  }
  return { ...base, classUid: query.classUid, filters: query.filters, filterGroups: query.filterGroups };
}

/** The time window of the context: before the line (Backward) or after it, both ends inclusive. */
export function contextRange(row: LogRowModel, options?: LogRowContextOptions): [number, number] {
  const t = row.timeEpochMs;
  const w = options?.timeWindowMs ?? DEFAULT_WINDOW_MS;
  return options?.direction === LogRowContextQueryDirection.Forward ? [t, t + w] : [t - w, t];
}

/** The request that runs a context query over its window. */
export function contextRequest(
  q: SecurityLakeQuery,
  row: LogRowModel,
  options?: LogRowContextOptions
): DataQueryRequest<SecurityLakeQuery> {
  const [from, to] = contextRange(row, options);
  const range = { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
  return {
    requestId: q.refId,
    targets: [q],
    range,
    interval: '1s',
    intervalMs: 1000,
    scopedVars: options?.scopedVars ?? {},
    timezone: 'UTC',
    app: 'explore',
    startTime: Date.now(),
  };
}

/** Drops the line itself from its context (both windows include its instant): rows whose id is the line's. */
export function withoutLine(res: DataQueryResponse, row: LogRowModel): DataQueryResponse {
  if (!row.rowId) {
    return res;
  }
  const data = (res.data as DataFrame[]).map((frame) => {
    const ids = frame.fields.find((f) => f.name === 'id');
    if (!ids) {
      return frame;
    }
    const keep = ids.values.map((v, i) => (v === row.rowId ? -1 : i)).filter((i) => i >= 0);
    if (keep.length === ids.values.length) {
      return frame;
    }
    return {
      ...frame,
      length: keep.length,
      fields: frame.fields.map((f) => ({ ...f, values: keep.map((i) => f.values[i]) })),
    };
  });
  return { ...res, data };
}
