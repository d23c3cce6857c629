// Ad hoc filters, logs volume, log context and the query display text
// (adhoc.ts, logsVolume.ts, logContext.ts, displayText.ts) and how the
// datasource exposes them.
import {
  DataFrame,
  DataQueryRequest,
  dateTime,
  FieldType,
  LogRowContextQueryDirection,
  LogRowModel,
  SupplementaryQueryType,
  toDataFrame,
} from '@grafana/data';

import { ADHOC_OPS, sourcesOf, tagKeys, tagValues, toBuilderFilters } from './adhoc';
import { FieldInfo, ResourceClient, ResourceTransport } from './api';
import { DataSource } from './datasource';
import { queryDisplayText } from './displayText';
import { contextQuery, contextRange, DEFAULT_WINDOW_MS, entityOf, withoutLine } from './logContext';
import { logsVolumeQuery, logsVolumeRequest, splitVolumeFrames, supportedSupplementaryTypes } from './logsVolume';
import { instanceSettings } from './test/fixtures';
import { fakeTemplateSrv } from './test/templateSrv';
import { SecurityLakeQuery } from './types';

const field = (path: string, valueType: FieldInfo['valueType'], kind: FieldInfo['kind'] = 'scalar'): FieldInfo => ({
  path,
  type: valueType === 'integer' ? 'bigint' : 'varchar',
  kind,
  valueType,
  group: path.includes('.') ? path.split('.')[0] : 'event',
});

const FIELDS: Record<string, FieldInfo[]> = {
  cloud_trail_mgmt: [
    field('severity_id', 'integer'),
    field('actor.user.uid', 'string'),
    field('actor', 'nested', 'nested'),
    field('resources[].uid', 'string', 'element'),
  ],
  vpc_flow: [field('src_endpoint.ip', 'string'), field('severity_id', 'integer')],
};

function fakeApi() {
  const getResource = jest.fn(async (path: string, params?: Record<string, string | number>) => {
    if (path === 'fields') {
      const list = FIELDS[String(params?.source)];
      if (!list) {
        throw { status: 400, data: { error: 'unknown source' } };
      }
      return list;
    }
    if (path === 'values') {
      return [{ value: '5', text: 'Critical' }];
    }
    throw new Error(path);
  });
  const t = { getResource, postResource: jest.fn() } as unknown as ResourceTransport;
  return { api: new ResourceClient(t), getResource };
}

describe('ad hoc filters', () => {
  it("maps Grafana's operators onto the builder's", () => {
    expect(ADHOC_OPS).toMatchObject({ '=': '=', '!=': '!=', '=~': 'regex', '!~': 'not-regex', '<': '<', '>': '>' });
    expect(
      toBuilderFilters([
        { key: 'actor.user.uid', operator: '=', value: 'alice' },
        { key: 'api.operation', operator: '!~', value: '^Get' },
        { key: 'dst_endpoint.port', operator: '=|', value: '22', values: ['22', '3389'] },
        { key: '', operator: '=', value: 'ignored' },
        { key: 'x', operator: '~~', value: 'y' },
      ])
    ).toEqual([
      { field: 'actor.user.uid', op: '=', value: 'alice' },
      { field: 'api.operation', op: 'not-regex', value: '^Get' },
      { field: 'dst_endpoint.port', op: 'in', values: ['22', '3389'] },
      // Sent as written: the backend names the unknown operator.
      { field: 'x', op: '~~', value: 'y' },
    ]);
    expect(toBuilderFilters([])).toBeUndefined();
  });

  it('finds the sources of builder and SQL queries', () => {
    expect(
      sourcesOf([
        { refId: 'A', source: 'vpc_flow' },
        {
          refId: 'B',
          mode: 'sql',
          source: 'ignored',
          rawSql: 'SELECT 1 FROM $__table(route53) WHERE $__adhocFilters(waf@1)',
        },
      ])
    ).toEqual(['vpc_flow', 'route53', 'waf@1']);
  });

  it('offers the scalar fields of the queried sources, typed, without repeats', async () => {
    const { api } = fakeApi();
    const keys = await tagKeys(api, [
      { refId: 'A', source: 'cloud_trail_mgmt' },
      { refId: 'B', source: 'vpc_flow' },
      { refId: 'C', source: 'absent_source' },
    ]);
    expect(keys.map((k) => k.text)).toEqual(['severity_id', 'actor.user.uid', 'src_endpoint.ip']);
    expect(keys[1]).toEqual({
      text: 'actor.user.uid',
      value: 'actor.user.uid',
      group: 'actor',
      properties: { type: 'string' },
    });
    // Without queries: the default source.
    expect((await tagKeys(api, [])).length).toBe(2);
  });

  it('asks the values route for the field in the first source that has it', async () => {
    const { api, getResource } = fakeApi();
    const range = { from: dateTime(1000), to: dateTime(2000), raw: { from: 'now-1h', to: 'now' } };
    const values = await tagValues(
      api,
      'src_endpoint.ip',
      [
        { refId: 'A', source: 'cloud_trail_mgmt' },
        { refId: 'B', source: 'vpc_flow' },
      ],
      range,
      [
        { key: 'src_endpoint.ip', operator: '=', value: 'itself: not a narrowing filter' },
        { key: 'severity_id', operator: '!=', value: '1' },
      ]
    );
    expect(values).toEqual([{ text: 'Critical', value: '5' }]);
    expect(getResource).toHaveBeenLastCalledWith('values', {
      kind: 'field',
      source: 'vpc_flow',
      field: 'src_endpoint.ip',
      filters: '[{"field":"severity_id","op":"!=","value":"1"}]',
      from: 1000,
      to: 2000,
    });
    await tagValues(api, 'severity_id', [{ refId: 'A', source: 'vpc_flow' }]);
    expect(getResource.mock.calls.at(-1)?.[1]).not.toHaveProperty('filters');
  });
});

describe('DataSource', () => {
  const ds = new DataSource(instanceSettings, fakeTemplateSrv({}));

  it('puts the ad hoc filters on every query as typed filters, never into the SQL', () => {
    const adhoc = [{ key: 'actor.user.uid', operator: '=', value: "o'brien" }];
    const sql = ds.applyTemplateVariables({ refId: 'A', mode: 'sql', rawSql: 'SELECT 1' }, {}, adhoc);
    expect(sql.rawSql).toBe('SELECT 1');
    expect(sql.adhocFilters).toEqual([{ field: 'actor.user.uid', op: '=', value: "o'brien" }]);
    const builder = ds.applyTemplateVariables({ refId: 'B', source: 'vpc_flow' }, {}, []);
    expect(builder.adhocFilters).toBeUndefined();
  });

  it('summarises queries for the query history', () => {
    expect(ds.getQueryDisplayText({ refId: 'A', mode: 'sql', rawSql: '\n  SELECT count(*)\nFROM x' })).toBe(
      'SELECT count(*)'
    );
  });
});

describe('logs volume', () => {
  const logs: SecurityLakeQuery = {
    refId: 'A',
    mode: 'builder',
    format: 'logs',
    source: 'cloud_trail_mgmt',
    classUid: 3002,
    fields: ['api.operation'],
    filters: [{ field: 'status', op: '=', value: 'Failure' }],
    accounts: ['111122223333'],
    limit: 100,
    orderBy: [{ field: 'time' }],
  };
  const request = (targets: SecurityLakeQuery[]) => ({ targets }) as DataQueryRequest<SecurityLakeQuery>;

  it('is a builder count per level over the same source, class, filters and scope', () => {
    expect(logsVolumeQuery({ type: SupplementaryQueryType.LogsVolume }, logs)).toEqual({
      refId: 'log-volume-A',
      datasource: undefined,
      mode: 'builder',
      format: 'time_series',
      source: 'cloud_trail_mgmt',
      optional: undefined,
      classUid: 3002,
      filters: logs.filters,
      filterGroups: undefined,
      accounts: ['111122223333'],
      regions: undefined,
      adhocFilters: undefined,
      timeBucket: 'auto',
      logsVolume: true,
    });
  });

  it('skips SQL, hidden and non-logs queries, leaving Explore its own histogram', () => {
    const sqlLogs: SecurityLakeQuery = { refId: 'B', mode: 'sql', format: 'logs', rawSql: 'SELECT 1' };
    const table: SecurityLakeQuery = { ...logs, refId: 'C', format: 'table' };
    const hidden: SecurityLakeQuery = { ...logs, refId: 'D', hide: true };
    for (const q of [sqlLogs, table, hidden]) {
      expect(logsVolumeQuery({ type: SupplementaryQueryType.LogsVolume }, q)).toBeUndefined();
    }
    expect(logsVolumeQuery({ type: SupplementaryQueryType.LogsSample }, logs)).toBeUndefined();
    expect(supportedSupplementaryTypes(request([sqlLogs]) as DataQueryRequest)).toEqual([]);
    expect(supportedSupplementaryTypes(request([sqlLogs, logs]) as DataQueryRequest)).toEqual([
      SupplementaryQueryType.LogsVolume,
    ]);
    expect(logsVolumeRequest(SupplementaryQueryType.LogsVolume, request([sqlLogs]))).toBeUndefined();
    expect(
      logsVolumeRequest(SupplementaryQueryType.LogsVolume, request([sqlLogs, logs]))?.targets.map((t) => t.refId)
    ).toEqual(['log-volume-A']);
  });

  it('splits the wide frame into one frame per level', () => {
    const wide = toDataFrame({
      refId: 'log-volume-A',
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2] },
        { name: 'count', type: FieldType.number, values: [3, 4], labels: { level: 'info' } },
        { name: 'count', type: FieldType.number, values: [0, 1], labels: { level: 'critical' } },
      ],
    });
    const other = toDataFrame({ refId: 'A', fields: [] });
    const out = splitVolumeFrames({ data: [wide, other] }).data as DataFrame[];
    expect(out).toHaveLength(3);
    expect(out[0].fields.map((f) => f.labels?.level ?? f.name)).toEqual(['time', 'info']);
    expect(out[1].fields[1].labels).toEqual({ level: 'critical' });
    expect(out[2]).toBe(other);
  });
});

describe('log context', () => {
  const frame = toDataFrame({
    refId: 'A',
    fields: [
      { name: 'timestamp', type: FieldType.time, values: [5000, 6000] },
      { name: 'id', type: FieldType.string, values: ['e1', 'e2'] },
      { name: 'actor.user.uid', type: FieldType.string, values: [null, 'AIDA1'] },
      { name: 'src_endpoint.ip', type: FieldType.string, values: ['10.0.0.1', '10.0.0.2'] },
    ],
  });
  const row = (i: number) =>
    ({ dataFrame: frame, rowIndex: i, rowId: `e${i + 1}`, timeEpochMs: 5000 + 1000 * i }) as LogRowModel;
  const query: SecurityLakeQuery = {
    refId: 'A',
    mode: 'builder',
    format: 'logs',
    source: 'cloud_trail_mgmt',
    classUid: 3002,
    filters: [{ field: 'status', op: '=', value: 'Failure' }],
    regions: ['us-east-1'],
  };

  it('takes the most specific entity the line carries', () => {
    expect(entityOf(row(1))).toEqual({ field: 'actor.user.uid', op: '=', value: 'AIDA1' });
    expect(entityOf(row(0))).toEqual({ field: 'src_endpoint.ip', op: '=', value: '10.0.0.1' });
  });

  it('queries the entity on the same source, nearest first in each direction', () => {
    const back = contextQuery(row(1), { direction: LogRowContextQueryDirection.Backward, limit: 10 }, query);
    expect(back).toMatchObject({
      refId: 'log-context-A',
      mode: 'builder',
      format: 'logs',
      source: 'cloud_trail_mgmt',
      regions: ['us-east-1'],
      filters: [{ field: 'actor.user.uid', op: '=', value: 'AIDA1' }],
      limit: 10,
    });
    expect(back?.classUid).toBeUndefined();
    expect(back?.orderBy).toBeUndefined();
    const fwd = contextQuery(row(1), { direction: LogRowContextQueryDirection.Forward }, query);
    expect(fwd?.orderBy).toEqual([{ field: 'time', desc: false }]);
    expect(contextRange(row(1), { direction: LogRowContextQueryDirection.Forward })).toEqual([
      6000,
      6000 + DEFAULT_WINDOW_MS,
    ]);
    expect(contextRange(row(1), { timeWindowMs: 1000 })).toEqual([5000, 6000]);
  });

  it('falls back to the query itself without an entity, and to nothing for SQL', () => {
    const bare = { ...row(0), dataFrame: toDataFrame({ fields: [{ name: 'id', values: ['e1'] }] }) } as LogRowModel;
    expect(contextQuery(bare, undefined, query)).toMatchObject({ classUid: 3002, filters: query.filters });
    expect(contextQuery(row(0), undefined, { refId: 'B', mode: 'sql', rawSql: 'SELECT 1' })).toBeNull();
    expect(contextQuery(row(0), undefined, undefined)).toBeNull();
  });

  it('drops the line itself from its context', () => {
    const out = withoutLine({ data: [frame] }, row(1)).data[0] as DataFrame;
    expect(out.length).toBe(1);
    expect(out.fields[1].values).toEqual(['e1']);
  });
});

describe('query display text', () => {
  it.each<[string, SecurityLakeQuery, string]>([
    [
      'aggregation by group with a filter',
      {
        refId: 'A',
        source: 'cloud_trail_mgmt',
        format: 'table',
        aggregations: [{ func: 'count' }],
        groupBy: ['api.operation'],
        filters: [{ field: 'status', op: '=', value: 'Failure' }],
      },
      'CloudTrail management events · count by api.operation · where status = Failure',
    ],
    [
      'logs with a list filter and a group',
      {
        refId: 'A',
        source: 'vpc_flow',
        format: 'logs',
        filters: [{ field: 'dst_endpoint.port', op: 'in', values: [22, 3389] }],
        filterGroups: [{ match: 'any', filters: [] }],
      },
      'VPC Flow Logs · logs · where dst_endpoint.port in 22, 3389 and 1 filter group',
    ],
    ['default time series', { refId: 'A', source: 'ext_sysmon', format: 'time_series' }, 'ext_sysmon · count'],
    [
      'sum of a field',
      { refId: 'A', source: 'waf', aggregations: [{ func: 'sum', field: 'x' }] },
      expect.stringContaining('sum of x') as unknown as string,
    ],
    ['empty', { refId: 'A', mode: 'builder' }, ''],
  ])('%s', (_, q, want) => {
    expect(queryDisplayText(q)).toEqual(want);
  });
});
