// Query defaults and migration, shared by the datasource and the editors.
import { DEFAULT_QUERY, QueryMode, SecurityLakeQuery } from './types';

/** A fresh copy of the default query (its arrays are not shared). */
export function defaultQuery(): Partial<SecurityLakeQuery> {
  return { ...DEFAULT_QUERY, aggregations: DEFAULT_QUERY.aggregations?.map((a) => ({ ...a })) };
}

/** The mode a query is in; mirrors models.ParseQuery for queries saved without one. */
export function queryMode(query: Partial<SecurityLakeQuery>): QueryMode {
  return query.mode ?? (query.rawSql?.trim() && !query.source ? 'sql' : 'builder');
}

// The keys that make a query non-empty; Grafana's own (refId, datasource,
// hide, key, queryType) do not.
const MODEL_KEYS: ReadonlyArray<keyof SecurityLakeQuery> = [
  'mode',
  'format',
  'source',
  'classUid',
  'fields',
  'filters',
  'filterGroups',
  'groupBy',
  'aggregations',
  'having',
  'timeBucket',
  'orderBy',
  'limit',
  'accounts',
  'regions',
  'rawSql',
];

/** True for a query with none of the model's keys, as Grafana creates it before the editor runs. */
export function isEmptyQuery(query: Partial<SecurityLakeQuery>): boolean {
  return MODEL_KEYS.every((k) => query[k] === undefined || query[k] === '');
}

/**
 * Brings a saved or new query to the current model: an empty query becomes
 * the default builder query, a query without a mode gets the one the
 * backend would infer. Anything else is returned as it is (same object).
 */
export function migrateQuery<Q extends SecurityLakeQuery>(query: Q): Q {
  if (isEmptyQuery(query)) {
    // Only Grafana's keys are set (or blank model keys): the defaults win.
    return { ...query, ...defaultQuery() };
  }
  if (!query.mode) {
    return { ...query, mode: queryMode(query) };
  }
  return query;
}

/** Splits a source reference with an optional version ("vpc_flow@1"). */
export function splitSource(source?: string): { name?: string; version?: number } {
  if (!source) {
    return {};
  }
  const [name, v] = source.split('@');
  const version = Number(v);
  return { name, version: Number.isInteger(version) && version > 0 ? version : undefined };
}
