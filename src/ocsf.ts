// What the builder may do with a field, from the typed field list of GET
// fields. The rules follow pkg/sqlbuild/where.go (which operators apply to
// which value types); the backend still validates every query.
import { ComboboxOption } from '@grafana/ui';

import { FieldInfo } from './api';
import { AggFunc, FilterOp, FilterValue } from './types';

const STRING_OPS: FilterOp[] = [
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
  'in-cidr',
  'not-in-cidr',
  'not-private',
  'is-null',
  'not-null',
];
const NUMBER_OPS: FilterOp[] = ['=', '!=', 'in', 'not-in', '<', '<=', '>', '>=', 'is-null', 'not-null'];
const TIME_OPS: FilterOp[] = ['=', '!=', '<', '<=', '>', '>=', 'is-null', 'not-null'];
const BOOL_OPS: FilterOp[] = ['=', '!=', 'is-null', 'not-null'];
const ALL_OPS: FilterOp[] = [...STRING_OPS, '<', '<=', '>', '>=', 'any', 'empty', 'not-empty'];

/**
 * Operators that fit a field: by value type. On array elements (`resources[].uid`) each
 * operator means "any element matches" (plus `any`: any element equals one of the values);
 * arrays add empty / not-empty.
 */
export function operatorsFor(field?: FieldInfo): FilterOp[] {
  if (!field) {
    return ALL_OPS;
  }
  if (field.kind === 'element') {
    return field.valueType === 'nested' ? ['any'] : ['any', ...valueOps(field)];
  }
  const ops = valueOps(field);
  return field.type.startsWith('array') ? [...ops, 'empty', 'not-empty'] : ops;
}

function valueOps(field: FieldInfo): FilterOp[] {
  switch (field.valueType) {
    case 'string':
      return STRING_OPS;
    case 'integer':
    case 'float':
      return NUMBER_OPS;
    case 'timestamp':
      return TIME_OPS;
    case 'boolean':
      return BOOL_OPS;
  }
  // The catalog spells arrays array(…); array<…> is accepted as well.
  return /^array[(<]/.test(field.type) ? ['any', 'is-null', 'not-null'] : ['is-null', 'not-null'];
}

export const OP_LABELS: Record<FilterOp, string> = {
  '=': '=',
  '!=': '!=',
  in: 'in',
  'not-in': 'not in',
  contains: 'contains',
  'starts-with': 'starts with',
  'not-contains': 'does not contain',
  'not-starts-with': 'does not start with',
  regex: 'matches regex',
  'not-regex': 'does not match regex',
  'in-cidr': 'in network (CIDR)',
  'not-in-cidr': 'not in network (CIDR)',
  'not-private': 'is a public IP',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  'is-null': 'is empty',
  'not-null': 'is not empty',
  any: 'any element =',
  empty: 'has no elements',
  'not-empty': 'has elements',
};

/** Operators that take a list of values. */
export const isListOp = (op: FilterOp) =>
  op === 'in' || op === 'not-in' || op === 'any' || op === 'in-cidr' || op === 'not-in-cidr';
/** Operators that take no value. */
export const isNullOp = (op: FilterOp) =>
  op === 'is-null' || op === 'not-null' || op === 'not-private' || op === 'empty' || op === 'not-empty';

/**
 * The typed value of what the user typed: numbers for numeric fields,
 * booleans for boolean fields; template variables ($var) and anything else
 * stay text, which the backend types again by the field.
 */
export function coerceValue(field: FieldInfo | undefined, text: string): FilterValue {
  const t = text.trim();
  if (!field || t.includes('$')) {
    return text;
  }
  if ((field.valueType === 'integer' || field.valueType === 'float') && t !== '' && Number.isFinite(Number(t))) {
    return Number(t);
  }
  if (field.valueType === 'boolean' && (t === 'true' || t === 'false')) {
    return t === 'true';
  }
  return text;
}

/** Fields that can be selected as columns, grouped by OCSF object, type as description. */
export function fieldOptions(fields: FieldInfo[], keep: (f: FieldInfo) => boolean = () => true) {
  return fields.filter(keep).map((f): ComboboxOption<string> => ({
    label: f.path,
    value: f.path,
    description: f.enum ? `${f.type} · ${f.enum.values.length} values` : f.type,
    group: f.group,
  }));
}

/** Group-by and filter targets: one value per row. */
export const isScalar = (f: FieldInfo) => f.kind === 'scalar';
/** Selectable columns: anything but the members of array elements. */
export const isSelectable = (f: FieldInfo) => f.kind !== 'element';
const isNumeric = (f: FieldInfo) => f.valueType === 'integer' || f.valueType === 'float';

/** Fields an aggregation function applies to. */
export function aggregationFieldFilter(func: AggFunc): (f: FieldInfo) => boolean {
  switch (func) {
    case 'sum':
    case 'avg':
      return (f) => isScalar(f) && isNumeric(f);
    default:
      return isScalar;
  }
}

/** Enum captions as options; the value sent is the id (unambiguous across classes). */
export function enumOptions(field?: FieldInfo): Array<ComboboxOption<number>> | undefined {
  return field?.enum?.values.map((v) => ({ label: v.caption, value: v.id, description: `${field.path} = ${v.id}` }));
}

/** The field of a path, also for array paths written without [] (resources.uid). */
export function findField(fields: FieldInfo[], path?: string): FieldInfo | undefined {
  if (!path) {
    return undefined;
  }
  return fields.find((f) => f.path === path);
}
