// The builder's array features in the editor's field lists (pkg/sqlbuild/arrays.go
// writes the SQL; the backend checks every query again).
import { FieldInfo, ValueType } from './api';

/** Array fields (`resources`, `answers`, `vulnerabilities[].cve.cvss`): the choices of "Each element of". */
export const isArray = (f: FieldInfo) => /^array[<(]/.test(f.type);

/** The virtual field holding an array's number of elements (models.SizeField); NULL arrays have 0. */
export const sizeField = (array: string) => `size(${array})`;

/** The value type of an Athena scalar type (ocsf.Field.ValueType). */
function valueTypeOf(type: string): ValueType {
  const t = type.toLowerCase();
  if (t === 'varchar' || t === 'char' || t === 'string') {
    return 'string';
  }
  if (['integer', 'int', 'bigint', 'smallint', 'tinyint'].includes(t)) {
    return 'integer';
  }
  if (t === 'real' || t === 'double' || t === 'float' || t.startsWith('decimal')) {
    return 'float';
  }
  if (t === 'boolean') {
    return 'boolean';
  }
  return t === 'timestamp' ? 'timestamp' : 'nested';
}

/** The arrays enclosing an element path: `a[].b[].c` → `a`, `a[].b`. */
const enclosing = (path: string) => {
  const parts = path.split('[]');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('[]'));
};

/** Whether every array enclosing `path` is `unnest` or encloses it (the row holds one value of it). */
function rowValued(path: string, unnest: string): boolean {
  const outer = enclosing(path);
  return outer.length > 0 && outer.every((a) => a === unnest || unnest.startsWith(a + '[]'));
}

/**
 * The fields the builder's pickers offer for a query: the source's fields, with
 * size(array) for each array a row has one of, and, when the query is one row per
 * element of `unnest`, the element fields of that array (and the element itself for
 * arrays of scalars) as plain values that can be grouped, aggregated and selected.
 */
export function withArrayFields(fields: FieldInfo[], unnest?: string): FieldInfo[] {
  const out: FieldInfo[] = [];
  for (const f of fields) {
    if (unnest && f.kind === 'element' && f.valueType !== 'nested' && rowValued(f.path, unnest)) {
      out.push({ ...f, kind: 'scalar' });
    } else {
      out.push(f);
    }
    if (isArray(f) && (!f.path.includes('[]') || (unnest && rowValued(f.path, unnest)))) {
      out.push({ path: sizeField(f.path), type: 'bigint', kind: 'scalar', valueType: 'integer', group: f.group });
    }
    if (unnest && f.path === unnest) {
      const inner = valueTypeOf(f.type.slice(6, -1));
      if (inner !== 'nested') {
        out.push({ path: `${f.path}[]`, type: f.type.slice(6, -1), kind: 'scalar', valueType: inner, group: f.group });
      }
    }
  }
  return out;
}
