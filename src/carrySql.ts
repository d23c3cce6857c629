// Builder → SQL: the SQL the backend wrote for the builder query, with its
// fixed partition predicate turned back into $__partitionFilter (and the
// table into $__table(source)) so the SQL keeps following the dashboard's
// time range, accounts and Regions. Both texts come from the backend: the
// predicate is found by asking it to expand $__partitionFilter over the same
// table, range and scope, then replaced verbatim. When that is not possible
// the SQL is carried as written, with fixed bounds.
import { ResourceClient, SqlPreviewRequest } from './api';
import { SecurityLakeQuery } from './types';

export interface CarriedSql {
  sql: string;
  /** True when the time range and scope are macros again. */
  templated: boolean;
}

/**
 * query is the builder query as the backend should see it (variables
 * interpolated); source is the query's source as written (it may be a
 * $variable, which then stays in $__table(...)).
 */
export async function builderToSql(
  api: ResourceClient,
  query: SecurityLakeQuery,
  context: Omit<SqlPreviewRequest, 'query'>,
  source?: string
): Promise<CarriedSql> {
  const built = (await api.previewSql({ ...context, query: { ...query, mode: 'builder' } })).sql;
  if (query.sources?.length || query.join) {
    // Several tables, each with its own partition predicate: carried as
    // written (fixed bounds), since one $__partitionFilter cannot stand for them.
    return { sql: built, templated: false };
  }
  const from = /^FROM (.+)$/m.exec(built);
  if (!from) {
    return { sql: built, templated: false };
  }
  const probe = await api
    .previewSql({
      ...context,
      query: {
        refId: query.refId,
        mode: 'sql',
        rawSql: `SELECT 1 FROM ${from[1]} WHERE $__partitionFilter`,
        accounts: query.accounts,
        regions: query.regions,
      },
    })
    .catch(() => undefined);
  const predicate = probe && /WHERE \(([\s\S]*)\)$/.exec(probe.sql.trim())?.[1];
  if (!predicate || !built.includes(predicate)) {
    return { sql: built, templated: false };
  }
  let sql = built.replace(predicate, () => '$__partitionFilter');
  if (source) {
    sql = sql.replace(from[0], () => `FROM $__table(${source})`);
  }
  return { sql, templated: true };
}
