import { DataSourceInstanceSettings, ScopedVars } from '@grafana/data';

import { DataSource } from './datasource';
import { annotationSupport } from './annotations';
import { fakeTemplateSrv } from './test/templateSrv';
import { DEFAULT_QUERY, SecurityLakeOptions, SecurityLakeQuery } from './types';
import { SecurityLakeVariableSupport } from './variables';

const settings = {
  id: 1,
  uid: 'seclake',
  type: 'seclake-securitylake-datasource',
  name: 'Security Lake',
  access: 'proxy',
  jsonData: {},
  meta: {},
  readOnly: false,
} as unknown as DataSourceInstanceSettings<SecurityLakeOptions>;

const variables = {
  account: ['111122223333', '444455556666'],
  region: 'us-east-1',
  user: ['alice', "o'brien"],
  empty: '',
  name: "o'reilly' OR 1=1 --",
  team: { value: 'red', includeAll: true },
};

const newDataSource = () => new DataSource(settings, fakeTemplateSrv(variables));

describe('getDefaultQuery', () => {
  it('is a builder count over CloudTrail management events as a time series', () => {
    expect(newDataSource().getDefaultQuery(undefined as never)).toEqual({
      mode: 'builder',
      source: 'cloud_trail_mgmt',
      format: 'time_series',
      aggregations: [{ func: 'count' }],
      timeBucket: 'auto',
    });
    const ds = newDataSource();
    expect(ds.getDefaultQuery(undefined as never).aggregations).not.toBe(DEFAULT_QUERY.aggregations);
  });
});

describe('filterQuery', () => {
  const cases: Array<[string, Partial<SecurityLakeQuery>, boolean]> = [
    ['default query', DEFAULT_QUERY, true],
    ['hidden', { ...DEFAULT_QUERY, hide: true }, false],
    ['neither source nor SQL', { mode: 'builder' }, false],
    ['no mode, only a source', { source: 'vpc_flow' }, true],
    ['no mode, only SQL', { rawSql: 'SELECT 1' }, true],
    ['no mode, blank SQL', { rawSql: '  \n' }, false],
    ['SQL mode with SQL', { mode: 'sql', rawSql: 'SELECT 1' }, true],
    ['SQL mode with only a source', { mode: 'sql', source: 'vpc_flow' }, false],
    ['builder mode with only SQL', { mode: 'builder', rawSql: 'SELECT 1' }, false],
    ['hidden SQL', { mode: 'sql', rawSql: 'SELECT 1', hide: true }, false],
  ];
  it.each(cases)('%s', (_, query, want) => {
    expect(newDataSource().filterQuery({ refId: 'A', ...query })).toBe(want);
  });
});

describe('applyTemplateVariables', () => {
  it('expands multi-value variables into values and leaves $__ macros to the backend', () => {
    const query: SecurityLakeQuery = {
      refId: 'A',
      mode: 'builder',
      source: 'vpc_flow',
      accounts: ['$account', '777788889999', '$empty'],
      regions: ['${region}'],
      filters: [
        { field: 'actor.user.name', op: '=', value: '$user' },
        { field: 'actor.user.name', op: '!=', value: '$user' },
        { field: 'actor.user.name', op: 'in', values: ['$user', 'bob'] },
        { field: 'resources[].uid', op: 'any', value: 'arn:$region' },
        { field: 'src_endpoint.ip', op: 'starts-with', value: '$region' },
        { field: 'traffic.bytes', op: '>', value: 1000 },
        { field: 'api.operation', op: 'not-null' },
        { field: 'api.operation', op: '=', value: '$unknown' },
      ],
      rawSql:
        'SELECT $__timeGroup(time_dt, $__interval) AS t FROM x WHERE $__timeFilter(time_dt) ' +
        "AND actor.user.name IN ($user) AND region = '$region' AND acct IN (${account})",
    };
    const scopedVars: ScopedVars = { __interval: { text: '1m', value: '1m' } };

    expect(newDataSource().applyTemplateVariables(query, scopedVars)).toEqual({
      refId: 'A',
      mode: 'builder',
      source: 'vpc_flow',
      accounts: ['111122223333', '444455556666', '777788889999'],
      regions: ['us-east-1'],
      filters: [
        { field: 'actor.user.name', op: 'in', values: ['alice', "o'brien"] },
        { field: 'actor.user.name', op: 'not-in', values: ['alice', "o'brien"] },
        { field: 'actor.user.name', op: 'in', values: ['alice', "o'brien", 'bob'] },
        { field: 'resources[].uid', op: 'any', values: ['arn:us-east-1'] },
        { field: 'src_endpoint.ip', op: 'starts-with', value: 'us-east-1' },
        { field: 'traffic.bytes', op: '>', value: 1000 },
        { field: 'api.operation', op: 'not-null' },
        { field: 'api.operation', op: '=', value: '$unknown' },
      ],
      rawSql:
        'SELECT $__timeGroup(time_dt, $__interval) AS t FROM x WHERE $__timeFilter(time_dt) ' +
        "AND actor.user.name IN ('alice','o''brien') AND region = 'us-east-1' " +
        "AND acct IN ('111122223333','444455556666')",
    });
  });

  it('expands variables inside filter groups and having values', () => {
    const q = newDataSource().applyTemplateVariables(
      {
        refId: 'A',
        source: 'vpc_flow',
        filterGroups: [{ match: 'any', not: true, filters: [{ field: 'actor.user.name', op: '=', value: '$user' }] }],
        having: [{ func: 'count', op: '>', value: '$region' }],
      },
      {}
    );
    expect(q.filterGroups).toEqual([
      { match: 'any', not: true, filters: [{ field: 'actor.user.name', op: 'in', values: ['alice', "o'brien"] }] },
    ]);
    expect(q.having).toEqual([{ func: 'count', op: '>', value: 'us-east-1' }]);
  });

  it('reads * (a custom "All" value) in accounts or regions as no restriction', () => {
    const ds = new DataSource(settings, fakeTemplateSrv({ all: '*', region: 'us-east-1' }));
    const q = ds.applyTemplateVariables(
      { refId: 'A', source: 'vpc_flow', accounts: ['$all', '111122223333'], regions: ['$region'] },
      {}
    );
    expect(q.accounts).toBeUndefined();
    expect(q.regions).toEqual(['us-east-1']);
  });

  it('never lets a single value end a string literal in SQL', () => {
    const query: SecurityLakeQuery = {
      refId: 'A',
      mode: 'sql',
      rawSql: "SELECT * FROM t WHERE actor.user.name = '$name' AND team IN ($team)",
    };
    expect(newDataSource().applyTemplateVariables(query, {}).rawSql).toBe(
      "SELECT * FROM t WHERE actor.user.name = 'o''reilly'' OR 1=1 --' AND team IN ('red')"
    );
  });

  it('migrates an empty query to the default builder query', () => {
    expect(newDataSource().applyTemplateVariables({ refId: 'A' }, {})).toEqual({
      refId: 'A',
      ...DEFAULT_QUERY,
      accounts: undefined,
      regions: undefined,
      filters: undefined,
      rawSql: undefined,
    });
  });

  it('gives a saved SQL query without a mode the sql mode', () => {
    const q = newDataSource().applyTemplateVariables({ refId: 'A', rawSql: 'SELECT 1' }, {});
    expect(q.mode).toBe('sql');
  });

  it('leaves a query without variables as it was', () => {
    const query: SecurityLakeQuery = { refId: 'B', ...DEFAULT_QUERY };
    expect(newDataSource().applyTemplateVariables(query, {})).toEqual(query);
  });
});

describe('Grafana features', () => {
  it('has variable support and annotation support', () => {
    const ds = newDataSource();
    expect(ds.variables).toBeInstanceOf(SecurityLakeVariableSupport);
    expect(ds.annotations).toBe(annotationSupport);
  });

  it('offers typed resource calls', async () => {
    const ds = newDataSource();
    const spy = jest.spyOn(ds, 'getResource').mockResolvedValue(null);
    await expect(ds.api.sources()).resolves.toEqual([]);
    expect(spy).toHaveBeenCalledWith('sources');
  });
});
