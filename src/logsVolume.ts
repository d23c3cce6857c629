// Explore's logs volume histogram (Grafana's supplementary queries). For a
// builder logs query the histogram is a builder time series over the same
// source, class, filters and scope, counting per bucket and Grafana log level
// (`logsVolume`: the backend groups by the level of severity_id, with the
// mapping the log lines use). Raw SQL logs queries get no volume query: the
// plugin does not rewrite a user's SQL, and wrapping it would count only the
// rows under its LIMIT. For them getSupportedSupplementaryQueryTypes answers
// nothing, so Explore draws its own histogram from the rows it received.
import {
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  FieldType,
  SupplementaryQueryOptions,
  SupplementaryQueryType,
} from '@grafana/data';
import { DataQuery } from '@grafana/schema';

import { SecurityLakeQuery } from './types';

/** The refId prefix Grafana strips to find a volume's logs query (as Loki and ClickHouse name it). */
export const LOGS_VOLUME_PREFIX = 'log-volume-';

/** Mirrors models.ParseQuery: builder unless the mode says SQL, or only SQL is set. */
function isBuilder(q: SecurityLakeQuery): boolean {
  return q.mode === 'builder' || (q.mode === undefined && (!!q.source || !q.rawSql?.trim()));
}

/** A query that gets a logs volume: a visible builder logs query with a source. */
export function hasLogsVolume(q: SecurityLakeQuery): boolean {
  return !q.hide && q.format === 'logs' && isBuilder(q) && !!q.source;
}

/** LogsVolume when the request (if given) has a query that gets one. */
export function supportedSupplementaryTypes(request?: DataQueryRequest<DataQuery>): SupplementaryQueryType[] {
  if (request && !request.targets.some((t) => hasLogsVolume(t as SecurityLakeQuery))) {
    return [];
  }
  return [SupplementaryQueryType.LogsVolume];
}

/**
 * The volume query of a logs query: same source, class, filters, groups,
 * scope and ad hoc filters; an auto bucket; count per level. Undefined for
 * other types and queries (SQL, tables, time series).
 */
export function logsVolumeQuery(
  options: SupplementaryQueryOptions,
  q: SecurityLakeQuery
): SecurityLakeQuery | undefined {
  if (options.type !== SupplementaryQueryType.LogsVolume || !hasLogsVolume(q)) {
    return undefined;
  }
  return {
    refId: LOGS_VOLUME_PREFIX + q.refId,
    datasource: q.datasource,
    mode: 'builder',
    format: 'time_series',
    source: q.source,
    optional: q.optional,
    classUid: q.classUid,
    filters: q.filters,
    filterGroups: q.filterGroups,
    accounts: q.accounts,
    regions: q.regions,
    adhocFilters: q.adhocFilters,
    timeBucket: 'auto',
    logsVolume: true,
  };
}

/** The request of the volume queries, or undefined when no query of the request gets one. */
export function logsVolumeRequest(
  type: SupplementaryQueryType,
  request: DataQueryRequest<SecurityLakeQuery>,
  options?: SupplementaryQueryOptions
): DataQueryRequest<SecurityLakeQuery> | undefined {
  if (type !== SupplementaryQueryType.LogsVolume) {
    return undefined;
  }
  const targets = request.targets
    .map((q) => logsVolumeQuery(options ?? { type }, q))
    .filter((q): q is SecurityLakeQuery => q !== undefined);
  return targets.length ? { ...request, targets } : undefined;
}

/** Whether a request carries volume queries, whose frames splitVolumeFrames shapes. */
export const hasVolumeTargets = (request: DataQueryRequest<SecurityLakeQuery>) =>
  request.targets.some((t) => t.refId?.startsWith(LOGS_VOLUME_PREFIX));

/**
 * Grafana colours a volume frame by the `level` label of its first number
 * field, one level per frame; the backend's wide time-series frame has one
 * number field per level, so it is split into a frame per field (time +
 * that field). Other frames pass unchanged.
 */
export function splitVolumeFrames(res: DataQueryResponse): DataQueryResponse {
  const data = (res.data as DataFrame[]).flatMap((frame) => {
    if (!frame.refId?.startsWith(LOGS_VOLUME_PREFIX)) {
      return [frame];
    }
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const values = frame.fields.filter((f) => f.type === FieldType.number);
    if (!time || values.length < 2) {
      return [frame];
    }
    return values.map((v) => ({
      ...frame,
      name: v.labels?.level ?? v.name,
      fields: [time, v],
    }));
  });
  return { ...res, data };
}
