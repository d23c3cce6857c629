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

  it('fails when the builder query is invalid', async () => {
    const { ds, postResource } = fakeDataSource();
    postResource.mockRejectedValue({ status: 400, data: { error: 'unknown field "x"' } });
    await expect(builderToSql(ds.api, query, {})).rejects.toMatchObject({ data: { error: 'unknown field "x"' } });
  });
});
