import { builderToSql } from './carrySql';
import { fakeDataSource, PREDICATE } from './test/fixtures';
import { SecurityLakeQuery } from './types';

const query: SecurityLakeQuery = {
  refId: 'A',
  mode: 'builder',
  source: 'vpc_flow',
  filters: [{ field: 'src_endpoint.ip', op: '=', value: '10.0.0.7' }],
};

describe('builderToSql', () => {
  it("replaces the backend's fixed partition predicate and table with macros", async () => {
    const { ds, postResource } = fakeDataSource();
    const out = await builderToSql(ds.api, query, { from: 1, to: 2 }, '$source');
    expect(out).toEqual({
      templated: true,
      sql: `SELECT count(*) AS "count"\nFROM $__table($source)\nWHERE $__partitionFilter\n  AND "src_endpoint.ip" = '10.0.0.7'\nGROUP BY 1`,
    });
    // The predicate comes from the backend expanding $__partitionFilter over the same table, range and scope.
    expect(postResource).toHaveBeenLastCalledWith('sql', {
      from: 1,
      to: 2,
      query: expect.objectContaining({
        mode: 'sql',
        rawSql: expect.stringMatching(/^SELECT 1 FROM "AwsDataCatalog".* WHERE \$__partitionFilter$/),
      }),
    });
  });

  it('carries the SQL as written when the predicate cannot be found', async () => {
    const { ds, postResource } = fakeDataSource();
    postResource.mockImplementation(async (_p, body) =>
      (body as { query: SecurityLakeQuery }).query.mode === 'sql'
        ? { sql: 'SELECT 1 WHERE (other)' }
        : { sql: `SELECT 1\nFROM t\nWHERE ${PREDICATE}` }
    );
    await expect(builderToSql(ds.api, query, {})).resolves.toEqual({
      templated: false,
      sql: `SELECT 1\nFROM t\nWHERE ${PREDICATE}`,
    });
  });

  it('carries a query with computed columns: their expressions stay, the predicate becomes the macro', async () => {
    // The backend's SQL for a computed column (pkg/sqlbuild/testdata/computed_domain_top_v2.sql, shortened).
    const table =
      '"AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_route53_2_0"';
    const predicate = `"time_dt" BETWEEN TIMESTAMP '2026-10-20 00:00:00.000' AND TIMESTAMP '2026-10-21 00:00:00.000'`;
    const domain = `regexp_extract(lower("query"."hostname"), '([^.]+\\.[^.]+)\\.?$', 1)`;
    const built = [
      `SELECT ${domain} AS "domain", count(*) AS "count"`,
      `FROM ${table}`,
      `WHERE ${predicate}`,
      `  AND ${domain} NOT IN ('amazonaws.com')`,
      'GROUP BY 1',
    ].join('\n');
    const { ds, postResource } = fakeDataSource();
    postResource.mockImplementation(async (_p, body) => {
      const q = (body as { query: SecurityLakeQuery }).query;
      return q.mode === 'sql' ? { sql: `SELECT 1 FROM ${table} WHERE (${predicate})` } : { sql: built };
    });
    const computed: SecurityLakeQuery = {
      refId: 'A',
      mode: 'builder',
      source: 'route53',
      format: 'table',
      computed: [{ alias: 'domain', func: 'domain', field: 'query.hostname' }],
      groupBy: ['domain'],
      filters: [{ field: 'domain', op: 'not-in', values: ['amazonaws.com'] }],
    };
    const out = await builderToSql(ds.api, computed, { from: 1, to: 2 }, 'route53');
    expect(out.templated).toBe(true);
    expect(out.sql).toBe(
      [
        `SELECT ${domain} AS "domain", count(*) AS "count"`,
        'FROM $__table(route53)',
        'WHERE $__partitionFilter',
        `  AND ${domain} NOT IN ('amazonaws.com')`,
        'GROUP BY 1',
      ].join('\n')
    );
    // The builder query went to the backend whole, computed columns included.
    expect(postResource).toHaveBeenCalledWith(
      'sql',
      expect.objectContaining({ query: expect.objectContaining({ computed: computed.computed }) })
    );
  });

  it('fails when the builder query is invalid', async () => {
    const { ds, postResource } = fakeDataSource();
    postResource.mockRejectedValue({ status: 400, data: { error: 'unknown field "x"' } });
    await expect(builderToSql(ds.api, query, {})).rejects.toMatchObject({ data: { error: 'unknown field "x"' } });
  });
});
