import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv, TemplateSrv } from '@grafana/runtime';

import { DEFAULT_QUERY, Filter, FilterOp, FilterValue, SecurityLakeOptions, SecurityLakeQuery } from './types';

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
  constructor(
    instanceSettings: DataSourceInstanceSettings<SecurityLakeOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(instanceSettings);
  }

  /** A copy each time: Grafana spreads it into new queries, which must not share the aggregations array. */
  getDefaultQuery(_: CoreApp): Partial<SecurityLakeQuery> {
    return { ...DEFAULT_QUERY, aggregations: DEFAULT_QUERY.aggregations?.map((a) => ({ ...a })) };
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
   * Interpolates template variables. In the builder's accounts, regions and
   * filter values a multi-value variable becomes several values (the backend
   * writes them as literals); in rawSql it becomes a quoted, comma-separated
   * list, as in Grafana's other SQL datasources.
   */
  applyTemplateVariables(query: SecurityLakeQuery, scopedVars: ScopedVars): SecurityLakeQuery {
    return {
      ...query,
      accounts: this.expandAll(query.accounts, scopedVars)?.filter((v) => v !== ''),
      regions: this.expandAll(query.regions, scopedVars)?.filter((v) => v !== ''),
      filters: query.filters?.map((f) => this.interpolateFilter(f, scopedVars)),
      rawSql: query.rawSql === undefined ? undefined : this.interpolateSql(query.rawSql, scopedVars),
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

/** A single value is inserted as is; several become a list of quoted SQL strings. */
function sqlFormat(value: unknown): string {
  if (!Array.isArray(value)) {
    return String(value);
  }
  return value.map((v) => `'${String(v).replace(/'/g, "''")}'`).join(',');
}
