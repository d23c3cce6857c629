import { defaultQuery, isEmptyQuery, migrateQuery, queryMode, splitSource } from './query';
import { DEFAULT_QUERY, SecurityLakeQuery } from './types';

describe('migrateQuery', () => {
  it('turns an empty query into the default builder query, keeping Grafana keys', () => {
    const q: SecurityLakeQuery = { refId: 'B', datasource: { uid: 'x' }, hide: false };
    expect(migrateQuery(q)).toEqual({ refId: 'B', datasource: { uid: 'x' }, hide: false, ...DEFAULT_QUERY });
  });

  it('treats blank model keys as empty', () => {
    expect(migrateQuery({ refId: 'A', rawSql: '', source: '' }).source).toBe('cloud_trail_mgmt');
  });

  it('infers the mode of queries saved without one, like models.ParseQuery', () => {
    expect(migrateQuery<SecurityLakeQuery>({ refId: 'A', rawSql: 'SELECT 1' }).mode).toBe('sql');
    expect(migrateQuery<SecurityLakeQuery>({ refId: 'A', source: 'vpc_flow', rawSql: 'SELECT 1' }).mode).toBe(
      'builder'
    );
    expect(migrateQuery<SecurityLakeQuery>({ refId: 'A', source: 'vpc_flow' }).mode).toBe('builder');
  });

  it('returns a current query unchanged (same object)', () => {
    const q: SecurityLakeQuery = { refId: 'A', mode: 'sql', rawSql: 'SELECT 1' };
    expect(migrateQuery(q)).toBe(q);
  });
});

describe('helpers', () => {
  it('defaultQuery does not share arrays', () => {
    expect(defaultQuery().aggregations).not.toBe(defaultQuery().aggregations);
  });

  it('isEmptyQuery ignores Grafana keys', () => {
    expect(isEmptyQuery({ refId: 'A', key: 'k', queryType: 'x' })).toBe(true);
    expect(isEmptyQuery({ refId: 'A', limit: 5 })).toBe(false);
  });

  it('queryMode', () => {
    expect(queryMode({ rawSql: '  ' })).toBe('builder');
    expect(queryMode({ mode: 'sql' })).toBe('sql');
  });

  it('splitSource reads an optional version', () => {
    expect(splitSource('vpc_flow@1')).toEqual({ name: 'vpc_flow', version: 1 });
    expect(splitSource('vpc_flow')).toEqual({ name: 'vpc_flow', version: undefined });
    expect(splitSource('vpc_flow@x')).toEqual({ name: 'vpc_flow', version: undefined });
    expect(splitSource(undefined)).toEqual({});
  });
});
