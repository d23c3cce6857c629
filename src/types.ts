// The query model and datasource settings. Every key is identical to a JSON
// tag in pkg/models/query.go or pkg/settings/settings.go; types.test.ts reads
// those Go files and fails when either side gains or loses a key.
import { AwsAuthDataSourceJsonData, AwsAuthDataSourceSecureJsonData } from '@grafana/aws-sdk';
import { DataQuery } from '@grafana/schema';

/** How a query is written: the typed OCSF builder, or raw SQL with macros. */
export type QueryMode = 'builder' | 'sql';
export const QUERY_MODES: readonly QueryMode[] = ['builder', 'sql'];

/** The frame shape a query returns. */
export type QueryFormat = 'time_series' | 'table' | 'logs';
export const QUERY_FORMATS: readonly QueryFormat[] = ['time_series', 'table', 'logs'];

/** Filter operators (models.Op). */
export type FilterOp =
  | '='
  | '!='
  | 'in'
  | 'not-in'
  | 'contains'
  | 'not-contains'
  | 'starts-with'
  | 'not-starts-with'
  | 'regex'
  | 'not-regex'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'is-null'
  | 'not-null'
  | 'any'
  | 'in-cidr'
  | 'not-in-cidr'
  | 'not-private'
  | 'empty'
  | 'not-empty';
export const FILTER_OPS: readonly FilterOp[] = [
  '=',
  '!=',
  'in',
  'not-in',
  'contains',
  'not-contains',
  'starts-with',
  'not-starts-with',
  'regex',
  'not-regex',
  '<',
  '<=',
  '>',
  '>=',
  'is-null',
  'not-null',
  'any',
  'in-cidr',
  'not-in-cidr',
  'not-private',
  'empty',
  'not-empty',
];

/** Aggregation functions (models.AggFunc). */
export type AggFunc =
  'count' | 'count_distinct' | 'approx_distinct' | 'sum' | 'min' | 'max' | 'avg' | 'count_if' | 'distinct_list';
export const AGG_FUNCS: readonly AggFunc[] = [
  'count',
  'count_distinct',
  'approx_distinct',
  'sum',
  'min',
  'max',
  'avg',
  'count_if',
  'distinct_list',
];

/** The backend types values by the field's catalog type; the editor may send any of these. */
export type FilterValue = string | number | boolean;

export interface Filter {
  field: string;
  op: FilterOp;
  /** Used by single-value operators. */
  value?: FilterValue;
  /** Used by in, not-in, any, in-cidr and not-in-cidr (CIDR networks). */
  values?: FilterValue[];
}

/** How a filter group joins its filters (models.Match): all = AND, any = OR. */
export type FilterMatch = 'all' | 'any';
export const FILTER_MATCHES: readonly FilterMatch[] = ['all', 'any'];

/** A parenthesised group of filters, ANDed with `filters`: `(a OR b)`, `NOT (a AND b)`. */
export interface FilterGroup {
  /** Default `all`. */
  match?: FilterMatch;
  not?: boolean;
  filters: Filter[];
}

export interface Aggregation {
  func: AggFunc;
  /** Optional for count. */
  field?: string;
  alias?: string;
  /** The condition of count_if (the editor's "count where" row). */
  filter?: Filter;
}

/** A threshold on an aggregate per group (HAVING): `count > 10`. */
export type HavingOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export const HAVING_OPS: readonly HavingOp[] = ['=', '!=', '<', '<=', '>', '>='];
export interface Having {
  func: AggFunc;
  /** Optional for count. */
  field?: string;
  op: HavingOp;
  value: FilterValue;
}

/**
 * One array element's field as a column (models.Pick): the first element, or
 * the first matching `where` (a filter on a field of the same elements).
 */
export interface Pick {
  /** An element path such as `resources[].uid`. */
  field: string;
  where?: Filter;
  /** The column name; filters, group by and order may use it as a field. */
  alias: string;
}

/** Computed column functions (models.ComputedFunc). */
export type ComputedFunc =
  'coalesce' | 'lower' | 'upper' | 'regexp_extract' | 'domain' | 'json_extract_scalar' | 'element_at' | 'map_keys';
export const COMPUTED_FUNCS: readonly ComputedFunc[] = [
  'coalesce',
  'lower',
  'upper',
  'regexp_extract',
  'domain',
  'json_extract_scalar',
  'element_at',
  'map_keys',
];

/** A column computed from a field; its alias is used like a field path in the rest of the query. */
export interface Computed {
  alias: string;
  func: ComputedFunc;
  field: string;
  /** The further fields of coalesce. */
  fields?: string[];
  /** Literals: coalesce's fallback, regexp_extract's pattern and group, the JSON path, the map key. */
  args?: FilterValue[];
}

/**
 * How a join keeps rows (models.JoinKind): semi = exists in, anti = not in;
 * inner and left add the other source's aggregates per entity as columns.
 */
export type JoinKind = 'semi' | 'anti' | 'inner' | 'left';
export const JOIN_KINDS: readonly JoinKind[] = ['semi', 'anti', 'inner', 'left'];

/**
 * A semi- or anti-join on an entity: keep the rows whose `field` is (not)
 * among `otherField` of `source` over the same range, accounts and Regions.
 */
export interface Join {
  /** Default `semi`. */
  kind?: JoinKind;
  field: string;
  source: string;
  /** The other source's field; `field` when absent. */
  otherField?: string;
  /** Filters on the other source's fields. */
  filters?: Filter[];
  /** inner / left: the other source's aggregates per entity (count when absent), named `<source>.<name>`. */
  aggregations?: Aggregation[];
}

/** At most this many sources (source + sources) in one builder query (models.MaxSources). */
export const MAX_SOURCES = 8;

export interface Order {
  /** A field or an aggregation alias. */
  field: string;
  desc?: boolean;
}

export interface SecurityLakeQuery extends DataQuery {
  mode?: QueryMode;
  format?: QueryFormat;
  /** An AWS source (`vpc_flow`) or a discovered custom source (`ext_…`). */
  source?: string;
  /** Builder: further sources unioned with `source` (their common fields, a `source` column). */
  sources?: string[];
  /** Builder: keep the rows whose field is (not) among another source's values. */
  join?: Join;
  /** Builder: a source the lake may lack answers no rows with a notice instead of an error. */
  optional?: boolean;
  /** One OCSF class; 0 or absent = all classes of the source. */
  classUid?: number;
  /** Computed columns, named by alias (usable in fields, filters, group by, aggregations, having, order by). */
  computed?: Computed[];
  /** Columns; in a grouped table (aggregations or groupBy) they are group keys too. */
  fields?: string[];
  filters?: Filter[];
  /** OR / NOT groups of filters, ANDed with `filters` (the editor's filter groups). */
  filterGroups?: FilterGroup[];
  groupBy?: string[];
  aggregations?: Aggregation[];
  /** Thresholds on aggregates, all of which a group must pass (grouped queries only). */
  having?: Having[];
  /** `auto` (panel interval), a fixed interval such as `5m`, or absent for none. */
  timeBucket?: string;
  orderBy?: Order[];
  limit?: number;
  /** One row per element of this array field (`resources`); its element fields become plain values. */
  unnest?: string;
  /** Columns holding one element's field (set in JSON; the editor keeps them). */
  picks?: Pick[];
  /** Partition scope; template variables expand here, never into SQL text. */
  accounts?: string[];
  regions?: string[];
  /** The SQL of `sql` mode, with `$__` macros expanded by the backend. */
  rawSql?: string;
  /**
   * The dashboard's ad hoc filters as typed filters (set by applyTemplateVariables, never saved):
   * a builder query ANDs those its source has, raw SQL gets them through `$__adhocFilters(source)`.
   */
  adhocFilters?: Filter[];
  /** Explore's logs volume: a builder time series counting per bucket and log level (set by logsVolume.ts). */
  logsVolume?: boolean;
}

export const DEFAULT_QUERY: Partial<SecurityLakeQuery> = {
  mode: 'builder',
  source: 'cloud_trail_mgmt',
  format: 'time_series',
  aggregations: [{ func: 'count' }],
  timeBucket: 'auto',
};

/**
 * A template variable's query. queryType (Grafana's own DataQuery key, not
 * part of the Go model) picks a `values` kind the frontend resolves through
 * GET values — with the query's source and limit — or `query`: a builder or
 * SQL query whose first column is the value and optional second the text.
 */
export type VariableQueryType = 'accounts' | 'regions' | 'severities' | 'classes' | 'query';
export interface SecurityLakeVariableQuery extends SecurityLakeQuery {
  queryType?: VariableQueryType;
}

export type LakeVersion = 'auto' | '1' | '2';
export const LAKE_VERSIONS: readonly LakeVersion[] = ['auto', '1', '2'];

/**
 * jsonData. The AWS keys (authType, assumeRoleArn, externalId, endpoint,
 * defaultRegion, profile, …) come from @grafana/aws-sdk and are read by
 * grafana-aws-sdk in the backend.
 */
export interface SecurityLakeOptions extends AwsAuthDataSourceJsonData {
  catalog?: string;
  database?: string;
  /** Source → table name or `db.table`, for resource links with custom names. */
  tables?: Record<string, string>;
  lakeVersion?: LakeVersion;
  disableDiscovery?: boolean;
  workgroup?: string;
  outputLocation?: string;
  /** Athena result reuse: absent = on where the workgroup's engine supports it (v3); false = off; true = always. */
  resultReuseEnabled?: boolean;
  resultReuseMaxAgeMinutes?: number;
  rowLimit?: number;
  maxTimeRangeDays?: number;
  maxBytesScanned?: number;
  queryTimeoutSeconds?: number;
  /**
   * Read by the backend from old configurations but ignored: the queries of
   * a request all start at once; maxInFlightQueries bounds them.
   * @deprecated use maxInFlightQueries
   */
  maxConcurrentQueries?: number;
  /** Athena queries this datasource runs at once, across all requests (default 16). */
  maxInFlightQueries?: number;
  /** STS endpoint for assume role; the AWS `endpoint` applies to Athena only. */
  stsEndpoint?: string;
  /** Raw SQL may run statements other than reads (off by default). */
  allowNonReadStatements?: boolean;
  /** Seconds a result of identical SQL is served from the plugin's cache (default 60; 0 turns it off; at most 3600). */
  resultCacheSeconds?: number;
  /** The Regions the lake spans; several without rollupRegion: each query runs in every selected Region and is merged. */
  lakeRegions?: string[];
  /** One of lakeRegions: the Security Lake rollup Region, queried once with a Region filter. */
  rollupRegion?: string;
  /** Athena endpoint by Region (interface VPC endpoints, an emulator). */
  regionEndpoints?: Record<string, string>;
  /** Query result location by Region: an S3 bucket in that Region. */
  regionOutputLocations?: Record<string, string>;
  /** Read results larger than one page from their S3 result file (default on; false: pages only). */
  resultsFromS3?: boolean;
  /** S3 endpoint for result files (a VPC endpoint, an emulator); default: S3 of the Region. */
  s3Endpoint?: string;
}

/** Secrets are only the AWS ones (access and secret key, session token). */
export type SecurityLakeSecureJsonData = AwsAuthDataSourceSecureJsonData;

/** The AWS sources of pkg/lake (lake.Sources), with the same titles. */
export const AWS_SOURCES: ReadonlyArray<{ name: string; title: string }> = [
  { name: 'cloud_trail_mgmt', title: 'CloudTrail management events' },
  { name: 'lambda_execution', title: 'CloudTrail Lambda data events' },
  { name: 's3_data', title: 'CloudTrail S3 data events' },
  { name: 'vpc_flow', title: 'VPC Flow Logs' },
  { name: 'route53', title: 'Route 53 Resolver query logs' },
  { name: 'sh_findings', title: 'Security Hub findings' },
  { name: 'eks_audit', title: 'EKS audit logs' },
  { name: 'waf', title: 'AWS WAF logs' },
];

// Key lists, checked against the Go JSON tags by types.test.ts. A Record with
// every key required makes the compiler check that each list is complete and
// has no extra key for its TS type.
type GrafanaQueryKey = Exclude<keyof DataQuery, 'refId'>;
const keysOf = <K extends string>(record: Record<K, true>): readonly K[] => Object.keys(record) as K[];

export const QUERY_KEYS = keysOf<Exclude<keyof SecurityLakeQuery, GrafanaQueryKey>>({
  refId: true,
  mode: true,
  format: true,
  source: true,
  sources: true,
  join: true,
  optional: true,
  classUid: true,
  computed: true,
  fields: true,
  filters: true,
  filterGroups: true,
  groupBy: true,
  aggregations: true,
  having: true,
  timeBucket: true,
  orderBy: true,
  limit: true,
  unnest: true,
  picks: true,
  accounts: true,
  regions: true,
  rawSql: true,
  adhocFilters: true,
  logsVolume: true,
});
export const FILTER_KEYS = keysOf<keyof Filter>({ field: true, op: true, value: true, values: true });
export const AGGREGATION_KEYS = keysOf<keyof Aggregation>({ func: true, field: true, alias: true, filter: true });
export const FILTER_GROUP_KEYS = keysOf<keyof FilterGroup>({ match: true, not: true, filters: true });
export const HAVING_KEYS = keysOf<keyof Having>({ func: true, field: true, op: true, value: true });
export const PICK_KEYS = keysOf<keyof Pick>({ field: true, where: true, alias: true });
export const JOIN_KEYS = keysOf<keyof Join>({
  kind: true,
  field: true,
  source: true,
  otherField: true,
  filters: true,
  aggregations: true,
});
export const ORDER_KEYS = keysOf<keyof Order>({ field: true, desc: true });
export const COMPUTED_KEYS = keysOf<keyof Computed>({ alias: true, func: true, field: true, fields: true, args: true });
export const SETTINGS_KEYS = keysOf<Exclude<keyof SecurityLakeOptions, keyof AwsAuthDataSourceJsonData>>({
  catalog: true,
  database: true,
  tables: true,
  lakeVersion: true,
  disableDiscovery: true,
  workgroup: true,
  outputLocation: true,
  resultReuseEnabled: true,
  resultReuseMaxAgeMinutes: true,
  rowLimit: true,
  maxTimeRangeDays: true,
  maxBytesScanned: true,
  queryTimeoutSeconds: true,
  maxConcurrentQueries: true,
  maxInFlightQueries: true,
  stsEndpoint: true,
  allowNonReadStatements: true,
  resultCacheSeconds: true,
  lakeRegions: true,
  rollupRegion: true,
  regionEndpoints: true,
  regionOutputLocations: true,
  resultsFromS3: true,
  s3Endpoint: true,
});
