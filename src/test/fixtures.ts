// Resource answers shaped like the backend's (pkg/plugin/resources.go), and
// a DataSource whose resource transport (getResource / postResource) is
// faked. Nothing else is mocked.
import { DataSourceInstanceSettings } from '@grafana/data';

import { ClassInfo, FieldInfo, LakeInventory, MacroSpec, SourceInfo, SqlPreviewRequest } from '../api';
import { DataSource } from '../datasource';
import { SecurityLakeOptions, SecurityLakeQuery } from '../types';
import { fakeTemplateSrv } from './templateSrv';

export const SOURCES: SourceInfo[] = [
  { name: 'cloud_trail_mgmt', title: 'CloudTrail management events', versions: [1, 2], available: [1, 2] },
  { name: 'vpc_flow', title: 'VPC Flow Logs', versions: [1, 2], available: [2] },
  { name: 'waf', title: 'AWS WAF logs', versions: [2], available: [] },
  { name: 'ext_edr_process', title: 'edr_process (custom)', custom: true, versions: [2], available: [2] },
];

export const CLASSES: ClassInfo[] = [
  { uid: 6003, name: 'API Activity', categoryUid: 6, categoryName: 'Application Activity' },
  { uid: 3002, name: 'Authentication', categoryUid: 3, categoryName: 'Identity & Access Management' },
];

const f = (
  path: string,
  type: string,
  valueType: FieldInfo['valueType'],
  kind: FieldInfo['kind'] = 'scalar'
): FieldInfo => ({
  path,
  type,
  valueType,
  kind,
  group: path.includes('.') ? path.split('.')[0].replace('[]', '') : 'event',
});

export const FIELDS: FieldInfo[] = [
  f('time_dt', 'timestamp', 'timestamp'),
  f('api.operation', 'varchar', 'string'),
  f('actor.user.name', 'varchar', 'string'),
  {
    ...f('severity_id', 'integer', 'integer'),
    enum: {
      field: 'severity_id',
      caption: 'severity',
      values: [
        { id: 1, caption: 'Informational' },
        { id: 5, caption: 'Critical' },
      ],
    },
  },
  f('src_endpoint.ip', 'varchar', 'string'),
  f('traffic.bytes', 'bigint', 'integer'),
  f('is_mfa', 'boolean', 'boolean'),
  f('resources', 'array<row(uid varchar)>', 'nested', 'nested'),
  f('resources[].uid', 'varchar', 'string', 'element'),
];

export const MACROS: MacroSpec[] = [
  {
    name: '$__partitionFilter',
    args: [{ name: 'table', optional: true }],
    doc: 'Partition predicate',
    example: 'WHERE $__partitionFilter',
  },
  {
    name: '$__timeFilter',
    args: [{ name: 'column' }],
    doc: 'Time-range predicate',
    example: 'WHERE $__timeFilter(time_dt)',
  },
  { name: '$__timeFrom', call: true, doc: 'Start of the range', example: 'time_dt >= $__timeFrom()' },
  { name: '$__interval', doc: 'The panel interval', example: '$__timeGroup(time_dt, $__interval)' },
  { name: '$__table', args: [{ name: 'source' }], doc: 'Table of a source', example: 'FROM $__table(vpc_flow)' },
];

const table = (source: string, version: number) => ({
  catalog: 'AwsDataCatalog',
  database: 'amazon_security_lake_glue_db_us_east_1',
  name: `amazon_security_lake_table_us_east_1_${source}_${version}_0`,
  source,
  version,
  layout: version === 2 ? ('iceberg' as const) : ('hive' as const),
});

export const LAKE: LakeInventory = {
  catalog: 'AwsDataCatalog',
  database: 'amazon_security_lake_glue_db_us_east_1',
  versions: [1, 2],
  preferred: 2,
  tables: [table('cloud_trail_mgmt', 1), table('cloud_trail_mgmt', 2), table('vpc_flow', 2)],
  custom: [],
  warnings: ['source waf has no table'],
  unrecognized: [],
};

export const PREDICATE = `"time_dt" BETWEEN TIMESTAMP '2026-10-20 00:00:00.000' AND TIMESTAMP '2026-10-21 00:00:00.000'`;

/** What POST sql answers: builder SQL with the partition predicate, or a raw query with $__partitionFilter expanded. */
export function previewSql(req: SqlPreviewRequest): string {
  const q = req.query;
  const tbl = `"AwsDataCatalog"."amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_${q.source ?? 'x'}_2_0"`;
  if (q.mode === 'sql') {
    return (q.rawSql ?? '').replace('$__partitionFilter', `(${PREDICATE})`);
  }
  const filters = (q.filters ?? []).map((x) => `\n  AND "${x.field}" = '${x.value ?? ''}'`).join('');
  return `SELECT count(*) AS "count"\nFROM ${tbl}\nWHERE ${PREDICATE}${filters}\nGROUP BY 1`;
}

/** GET answers by route. */
export function resourceAnswer(path: string, params?: Record<string, string | number>): unknown {
  switch (path) {
    case 'sources':
      return SOURCES;
    case 'classes':
      return CLASSES;
    case 'fields':
      return FIELDS;
    case 'macros':
      return MACROS;
    case 'lake':
      return LAKE;
    case 'regions':
      return ['us-east-1', 'eu-west-1'];
    case 'values':
      return params?.kind === 'severities'
        ? [
            { value: '1', text: 'Informational' },
            { value: '5', text: 'Critical' },
          ]
        : [{ value: '111122223333', text: '111122223333' }];
  }
  throw { status: 404, data: { error: `no route ${path}` } };
}

export const instanceSettings = {
  id: 1,
  uid: 'seclake',
  type: 'seclake-securitylake-datasource',
  name: 'Security Lake',
  access: 'proxy',
  jsonData: {},
  meta: { id: 'seclake-securitylake-datasource', info: { version: '1.0.0' } },
  readOnly: false,
} as unknown as DataSourceInstanceSettings<SecurityLakeOptions>;

/** A DataSource whose resource calls are answered by the fixtures (jest spies to assert on). */
export function fakeDataSource(variables: Parameters<typeof fakeTemplateSrv>[0] = {}) {
  const ds = new DataSource(instanceSettings, fakeTemplateSrv(variables));
  const getResource = jest
    .spyOn(ds, 'getResource')
    .mockImplementation(async (path, params) => resourceAnswer(path, params));
  const postResource = jest
    .spyOn(ds, 'postResource')
    .mockImplementation(async (_path, body) => ({ sql: previewSql(body as SqlPreviewRequest), notices: null }));
  return { ds, getResource, postResource };
}

export const builderQuery: SecurityLakeQuery = {
  refId: 'A',
  mode: 'builder',
  source: 'cloud_trail_mgmt',
  format: 'time_series',
  aggregations: [{ func: 'count' }],
  timeBucket: 'auto',
};
