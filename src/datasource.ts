import {
  AdHocVariableFilter,
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  DataSourceInstanceSettings,
  DataSourceWithLogsContextSupport,
  DataSourceWithSupplementaryQueriesSupport,
  LogRowContextOptions,
  LoadingState,
  LogRowModel,
  MetricFindValue,
  ScopedVars,
  SupplementaryQueryOptions,
  SupplementaryQueryType,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { lastValueFrom, map, Observable } from 'rxjs';

import { tagKeys, tagValues, toBuilderFilters } from './adhoc';
import { ResourceClient } from './api';
import { annotationSupport } from './annotations';
import { queryDisplayText } from './displayText';
import { contextQuery, contextRequest, withoutLine } from './logContext';
import {
  hasVolumeTargets,
  logsVolumeQuery,
  logsVolumeRequest,
  splitVolumeFrames,
  supportedSupplementaryTypes,
} from './logsVolume';
import { defaultQuery, migrateQuery } from './query';
import { Filter, FilterOp, FilterValue, SecurityLakeOptions, SecurityLakeQuery } from './types';
import { SecurityLakeVariableSupport } from './variables';
import { interpolateSql, VariableRef } from './sqlInterpolation';

// Joins the values of a multi-value variable so they can be split apart again.
// A unit separator cannot come from a dashboard variable's text field.
const SEP = '\u001f';
const joinForSplit = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(SEP) : String(value));

// In a multi-valued expansion, a single-value operator becomes its list form.
const LIST_OP: Partial<Record<FilterOp, FilterOp>> = { '=': 'in', '!=': 'not-in' };
const LIST_OPS: ReadonlySet<FilterOp> = new Set<FilterOp>(['in', 'not-in', 'any']);

export class DataSource
  extends DataSourceWithBackend<SecurityLakeQuery, SecurityLakeOptions>
  implements
    DataSourceWithSupplementaryQueriesSupport<SecurityLakeQuery>,
    DataSourceWithLogsContextSupport<SecurityLakeQuery>
{
  /** The resource routes, typed and cached for this instance. */
  readonly api: ResourceClient;
  /** The time-range cap (jsonData.maxTimeRangeDays; undefined = the backend's default), for the editor's checks. */
  readonly maxTimeRangeDays?: number;
  /** Stops the running request of a query, by refId (see query and cancel). */
  private readonly stops = new Map<string, () => void>();

  constructor(
    instanceSettings: DataSourceInstanceSettings<SecurityLakeOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(instanceSettings);
    this.api = new ResourceClient(this);
    this.maxTimeRangeDays = instanceSettings.jsonData?.maxTimeRangeDays;
    this.variables = new SecurityLakeVariableSupport(this);
    this.annotations = annotationSupport;
  }

  /** A copy each time: Grafana spreads it into new queries, which must not share the aggregations array. */
  getDefaultQuery(_: CoreApp): Partial<SecurityLakeQuery> {
    return defaultQuery();
  }

  /**
   * Runs the request as DataSourceWithBackend does, and makes it stoppable
   * (cancel): stopping unsubscribes from the request, which aborts the
   * HTTP call; Grafana then cancels the plugin's context and the backend
   * stops the Athena query (StopQueryExecution). The panel gets an empty,
   * done response instead of waiting. Logs volume frames are split one per
   * level, the shape Explore colours (logsVolume.ts).
   */
  query(request: DataQueryRequest<SecurityLakeQuery>): Observable<DataQueryResponse> {
    const res = super.query(request);
    const run = hasVolumeTargets(request) ? res.pipe(map(splitVolumeFrames)) : res;
    const refIds = request.targets.map((t) => t.refId);
    return new Observable<DataQueryResponse>((subscriber) => {
      // An observer of its own: given the subscriber itself, RxJS would
      // reuse it, and unsubscribing the request would close the panel's side.
      const sub = run.subscribe({
        next: (r) => subscriber.next(r),
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      const stop = () => {
        sub.unsubscribe();
        subscriber.next({ data: [], state: LoadingState.Done, key: request.requestId });
        subscriber.complete();
      };
      refIds.forEach((id) => this.stops.set(id, stop));
      return () => {
        sub.unsubscribe();
        refIds.forEach((id) => this.stops.get(id) === stop && this.stops.delete(id));
      };
    });
  }

  /** Stops the running request that holds the query refId; false when none runs. */
  cancel(refId: string): boolean {
    const stop = this.stops.get(refId);
    stop?.();
    return !!stop;
  }

  /** Mirrors models.ParseQuery: without a mode, SQL is meant when rawSql is set and source is not. */
  filterQuery(query: SecurityLakeQuery): boolean {
    if (query.hide) {
      return false;
    }
    const hasSql = !!query.rawSql?.trim();
    switch (query.mode) {
      case 'builder':
        return !!query.source;
      case 'sql':
        return hasSql;
      default:
        return !!query.source || hasSql;
    }
  }

  /**
   * Interpolates template variables in a migrated query. In the builder's
   * accounts, regions and filter values a multi-value variable becomes
   * several values (the backend writes each as a typed literal), and an
   * accounts or regions value of `*` means all of them; in rawSql each
   * reference becomes a literal that fits where it stands (a quoted string or
   * a list of them in code, escaped text inside a literal or a quoted
   * identifier), so no value, format or multi-value setting can change the
   * statement (sqlInterpolation.ts).
   */
  applyTemplateVariables(
    query: SecurityLakeQuery,
    scopedVars: ScopedVars,
    adhoc?: AdHocVariableFilter[]
  ): SecurityLakeQuery {
    const q = migrateQuery(query);
    return {
      ...q,
      source: q.source === undefined ? undefined : this.templateSrv.replace(q.source, scopedVars),
      // A multi-value variable in `sources` adds one union branch per value.
      sources: this.expandAll(q.sources, scopedVars)?.filter((v) => v !== ''),
      join: q.join && {
        ...q.join,
        source: this.templateSrv.replace(q.join.source, scopedVars),
        filters: q.join.filters?.map((f) => this.interpolateFilter(f, scopedVars)),
      },
      accounts: scope(this.expandAll(q.accounts, scopedVars)),
      regions: scope(this.expandAll(q.regions, scopedVars)),
      filters: q.filters?.map((f) => this.interpolateFilter(f, scopedVars)),
      filterGroups: q.filterGroups?.map((g) => ({
        ...g,
        filters: g.filters.map((f) => this.interpolateFilter(f, scopedVars)),
      })),
      // A computed column's arguments are single literals (a map key, a JSON path): one value each.
      computed: q.computed?.map((c) =>
        c.args
          ? { ...c, args: c.args.map((a) => (typeof a === 'string' ? this.templateSrv.replace(a, scopedVars) : a)) }
          : c
      ),
      // A threshold is one typed value, which the backend checks as a literal.
      having: q.having?.map((h) =>
        typeof h.value === 'string' ? { ...h, value: this.templateSrv.replace(h.value, scopedVars) } : h
      ),
      rawSql: q.rawSql === undefined ? undefined : this.interpolateSql(q.rawSql, scopedVars),
      // The dashboard's ad hoc filters, typed by the backend (adhoc.ts); never SQL text.
      adhocFilters: toBuilderFilters(adhoc) ?? q.adhocFilters,
    };
  }

  /** Ad hoc filter keys: the scalar fields of the sources the dashboard's queries read. */
  getTagKeys(options?: DataSourceGetTagKeysOptions<SecurityLakeQuery>): Promise<MetricFindValue[]> {
    return tagKeys(this.api, options?.queries);
  }

  /** Ad hoc filter values: the field's distinct values over the range that the other filters leave, through the values route. */
  getTagValues(options: DataSourceGetTagValuesOptions<SecurityLakeQuery>): Promise<MetricFindValue[]> {
    return tagValues(this.api, options.key, options.queries, options.timeRange, options.filters);
  }

  getSupportedSupplementaryQueryTypes(request?: DataQueryRequest): SupplementaryQueryType[] {
    return supportedSupplementaryTypes(request);
  }

  getSupplementaryQuery(options: SupplementaryQueryOptions, query: SecurityLakeQuery): SecurityLakeQuery | undefined {
    return logsVolumeQuery(options, query);
  }

  getSupplementaryRequest(
    type: SupplementaryQueryType,
    request: DataQueryRequest<SecurityLakeQuery>,
    options?: SupplementaryQueryOptions
  ): DataQueryRequest<SecurityLakeQuery> | undefined {
    return logsVolumeRequest(type, request, options);
  }

  /** The events of the line's entity before or after it (logContext.ts). */
  async getLogRowContext(
    row: LogRowModel,
    options?: LogRowContextOptions,
    query?: SecurityLakeQuery
  ): Promise<DataQueryResponse> {
    const q = contextQuery(row, options, query);
    if (!q) {
      return { data: [] };
    }
    return withoutLine(await lastValueFrom(this.query(contextRequest(q, row, options))), row);
  }

  async getLogRowContextQuery(
    row: LogRowModel,
    options?: LogRowContextOptions,
    query?: SecurityLakeQuery
  ): Promise<SecurityLakeQuery | null> {
    return contextQuery(row, options, query);
  }

  getQueryDisplayText(query: SecurityLakeQuery): string {
    return queryDisplayText(query);
  }

  private expand(value: string, scopedVars: ScopedVars): string[] {
    return this.templateSrv.replace(value, scopedVars, joinForSplit).split(SEP);
  }

  private expandAll(values: string[] | undefined, scopedVars: ScopedVars): string[] | undefined {
    return values?.flatMap((v) => this.expand(v, scopedVars));
  }

  private expandValue(value: FilterValue, scopedVars: ScopedVars): FilterValue[] {
    return typeof value === 'string' ? this.expand(value, scopedVars) : [value];
  }

  private interpolateFilter(filter: Filter, scopedVars: ScopedVars): Filter {
    const values = filter.values?.flatMap((v) => this.expandValue(v, scopedVars));
    if (filter.value === undefined) {
      return { ...filter, values };
    }
    const expanded = this.expandValue(filter.value, scopedVars);
    if (expanded.length === 1 && !LIST_OPS.has(filter.op)) {
      return { ...filter, value: expanded[0], values };
    }
    // Several values, or a list operator given one value: send them as values.
    const { value: _dropped, ...rest } = filter;
    return { ...rest, op: LIST_OP[filter.op] ?? filter.op, values: [...expanded, ...(values ?? [])] };
  }

  /** Raw SQL: every reference becomes a literal fitting its place (see sqlInterpolation.ts). */
  private interpolateSql(sql: string, scopedVars: ScopedVars): string {
    return interpolateSql(sql, (ref) => this.lookUp(ref, scopedVars));
  }

  /**
   * The values of one reference. Without a format, the raw values (all of
   * them for a multi-value variable); with a format, or a field path such as
   * `${__user.login}`, Grafana's formatted text as one value. Undefined when
   * the template service does not know the name.
   */
  private lookUp(ref: VariableRef, scopedVars: ScopedVars): string[] | undefined {
    if (ref.format !== undefined || ref.name.includes('.')) {
      const text = this.templateSrv.replace(ref.text, scopedVars);
      return text === ref.text ? undefined : [text];
    }
    const bare = '${' + ref.name + '}';
    let captured: string[] | undefined;
    const text = this.templateSrv.replace(bare, scopedVars, (value: unknown) => {
      captured = Array.isArray(value) ? value.map(String) : [String(value)];
      return '';
    });
    if (captured) {
      return captured;
    }
    // A custom "All" value is returned by Grafana without calling the format.
    return text === bare ? undefined : [text];
  }
}

/**
 * A partition scope without blanks; `*` (a variable's custom "All" value)
 * means no restriction, so the whole scope is dropped.
 */
function scope(values: string[] | undefined): string[] | undefined {
  const kept = values?.filter((v) => v !== '');
  return kept?.includes('*') ? undefined : kept;
}
