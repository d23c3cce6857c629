// Template variables (CustomVariableSupport). A `values` kind is answered
// by GET values (a bounded, partition-filtered DISTINCT query the backend
// writes); `query` runs a builder or SQL query whose first column is the
// value and optional second the text (or columns named value / text).
import {
  createDataFrame,
  CustomVariableSupport,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  Field,
  FieldType,
} from '@grafana/data';
import { from, map, Observable } from 'rxjs';

import { ValueItem, ValuesKind, VALUES_KINDS } from './api';
import type { DataSource } from './datasource';
import { SecurityLakeQuery, SecurityLakeVariableQuery, VariableQueryType } from './types';
import { VariableQueryEditor } from './components/VariableQueryEditor';

export const isValuesKind = (t?: string): t is ValuesKind => VALUES_KINDS.includes(t as ValuesKind);

/** A variable query as saved: dashboards made elsewhere may store a plain SQL string. */
export function migrateVariableQuery(query: SecurityLakeVariableQuery | string): SecurityLakeVariableQuery {
  if (typeof query === 'string') {
    return { refId: 'SecurityLakeVariable', queryType: 'query', mode: 'sql', format: 'table', rawSql: query };
  }
  const queryType: VariableQueryType = query.queryType ?? (query.rawSql || query.source ? 'query' : 'accounts');
  return { ...query, queryType };
}

export class SecurityLakeVariableSupport extends CustomVariableSupport<
  DataSource,
  SecurityLakeVariableQuery,
  SecurityLakeQuery
> {
  editor = VariableQueryEditor;

  constructor(private readonly ds: DataSource) {
    super();
  }

  getDefaultQuery(): Partial<SecurityLakeVariableQuery> {
    return { queryType: 'accounts' };
  }

  query(request: DataQueryRequest<SecurityLakeVariableQuery>): Observable<DataQueryResponse> {
    const q = migrateVariableQuery(request.targets[0] ?? { refId: 'A' });
    if (isValuesKind(q.queryType)) {
      const source = q.source ? this.ds.applyTemplateVariables(q, request.scopedVars).source : undefined;
      return from(
        this.ds.api.values(q.queryType, {
          source,
          from: request.range?.from.valueOf(),
          to: request.range?.to.valueOf(),
          limit: q.limit,
        })
      ).pipe(map((items) => ({ data: [valuesFrame(items)] })));
    }
    const { queryType: _kind, ...query } = q;
    const target: SecurityLakeQuery = { ...query, refId: q.refId || 'SecurityLakeVariable', format: 'table' };
    return this.ds
      .query({ ...request, targets: [target] })
      .pipe(map((res) => ({ ...res, data: res.data.map((f: DataFrame) => toValueTextFrame(f)) })));
  }
}

/** A frame Grafana reads as variable options: string fields named text and value. */
export function valuesFrame(items: ValueItem[]): DataFrame {
  return createDataFrame({
    fields: [
      { name: 'text', type: FieldType.string, values: items.map((i) => i.text) },
      { name: 'value', type: FieldType.string, values: items.map((i) => i.value) },
    ],
  });
}

/**
 * The value column (named value, else the first) and the text column (named
 * text, else the second when it is a string column, else the value) of a
 * result, as strings: numbers
 * and times become their text, so numeric values work as variable values.
 * Rows without a value are dropped.
 */
export function toValueTextFrame(frame: DataFrame): DataFrame {
  const byName = (name: string) => frame.fields.find((f) => f.name.toLowerCase() === name);
  const valueField: Field | undefined = byName('value') ?? frame.fields[0];
  if (!valueField) {
    return valuesFrame([]);
  }
  // A second column is the text only when it holds text: the builder's
  // values query (a group-by) adds count(*), which is no caption.
  const second = frame.fields.find((f) => f !== valueField && f !== byName('value'));
  const textField = byName('text') ?? (second?.type === FieldType.string ? second : undefined) ?? valueField;
  const items: ValueItem[] = [];
  for (let i = 0; i < frame.length; i++) {
    const v = valueField.values[i];
    if (v === null || v === undefined) {
      continue;
    }
    const t = textField.values[i];
    items.push({ value: String(v), text: t === null || t === undefined ? String(v) : String(t) });
  }
  return valuesFrame(items);
}
