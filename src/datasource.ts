import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv, TemplateSrv } from '@grafana/runtime';

import { ResourceClient } from './api';
import { annotationSupport } from './annotations';
import { defaultQuery, migrateQuery } from './query';
import { Filter, FilterOp, FilterValue, SecurityLakeOptions, SecurityLakeQuery } from './types';
import { SecurityLakeVariableSupport } from './variables';

// Joins the values of a multi-value variable so they can be split apart again.
// A unit separator cannot come from a dashboard variable's text field.
const SEP = '\u001f';
const joinForSplit = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(SEP) : String(value));

// In a multi-valued expansion, a single-value operator becomes its list form.
const LIST_OP: Partial<Record<FilterOp, FilterOp>> = { '=': 'in', '!=': 'not-in' };
const LIST_OPS: ReadonlySet<FilterOp> = new Set<FilterOp>(['in', 'not-in', 'any']);

// `$__name` is a backend macro ($__timeFilter, $__interval, …): Grafana's
// template service would replace some of them ($__interval, $__from) in the
// browser, so they are masked while the SQL is interpolated.
const MACRO = /\$__\w+/g;

export class DataSource extends DataSourceWithBackend<SecurityLakeQuery, SecurityLakeOptions> {
  /** The resource routes, typed and cached for this instance. */
  readonly api: ResourceClient;

  constructor(
    instanceSettings: DataSourceInstanceSettings<SecurityLakeOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(instanceSettings);
    this.api = new ResourceClient(this);
    this.variables = new SecurityLakeVariableSupport(this);
    this.annotations = annotationSupport;
  }

  /** A copy each time: Grafana spreads it into new queries, which must not share the aggregations array. */
  getDefaultQuery(_: CoreApp): Partial<SecurityLakeQuery> {
    return defaultQuery();
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
   * accounts or regions value of `*` means all of them; in rawSql a
   * multi-value or "include All" variable becomes a list of quoted strings
   * and any other value has its single quotes doubled, so a value can never
   * end a string literal and become SQL text.
   */
  applyTemplateVariables(query: SecurityLakeQuery, scopedVars: ScopedVars): SecurityLakeQuery {
    const q = migrateQuery(query);
    return {
      ...q,
      source: q.source === undefined ? undefined : this.templateSrv.replace(q.source, scopedVars),
      accounts: scope(this.expandAll(q.accounts, scopedVars)),
      regions: scope(this.expandAll(q.regions, scopedVars)),
      filters: q.filters?.map((f) => this.interpolateFilter(f, scopedVars)),
      rawSql: q.rawSql === undefined ? undefined : this.interpolateSql(q.rawSql, scopedVars),
    };
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

  private interpolateSql(sql: string, scopedVars: ScopedVars): string {
    const macros: string[] = [];
    const masked = sql.replace(MACRO, (m) => `\u0000${macros.push(m) - 1}\u0000`);
    const replaced = this.templateSrv.replace(masked, scopedVars, sqlFormat);
    return replaced.replace(/\u0000(\d+)\u0000/g, (_, i: string) => macros[Number(i)]);
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

const quote = (v: unknown) => `'${String(v).replace(/'/g, "''")}'`;

/**
 * Grafana's SQL convention: multi-value and "include All" variables become
 * quoted lists (the user writes IN ($var)); other values are inserted with
 * single quotes doubled (the user writes '$var').
 */
export function sqlFormat(value: unknown, variable?: object): string {
  if (Array.isArray(value)) {
    return value.map(quote).join(',');
  }
  return variable && (isMulti(variable) || isIncludeAll(variable)) ? quote(value) : String(value).replace(/'/g, "''");
}

const isMulti = (v: object) => (v as { multi?: boolean }).multi === true;
const isIncludeAll = (v: object) => (v as { includeAll?: boolean }).includeAll === true;
