// Computed columns in the editor: what each function takes and yields, and
// the computed aliases as fields, so every other picker of the builder
// offers them with the right type. The rules mirror pkg/sqlbuild/computed.go,
// which still validates every query.
import { FieldInfo } from './api';
import { Computed, ComputedFunc } from './types';

export interface ComputedSpec {
  label: string;
  /** What the function does, for the picker's description. */
  doc: string;
  /** Which fields the function applies to. */
  keep: (f: FieldInfo) => boolean;
  /** The literal arguments, by placeholder; optional ones last. */
  args: Array<{ name: string; optional?: boolean }>;
}

const isText = (f: FieldInfo) => f.kind === 'scalar' && f.valueType === 'string';
const isMap = (f: FieldInfo) => f.kind === 'nested' && /^map[(<]/.test(f.type);

export const COMPUTED_SPECS: Record<ComputedFunc, ComputedSpec> = {
  coalesce: {
    label: 'first non-empty',
    doc: 'The first value that is not NULL: the field, the further fields, then the fallback',
    keep: (f) => f.kind === 'scalar',
    args: [{ name: 'fallback value', optional: true }],
  },
  lower: { label: 'lower case', doc: 'The text in lower case', keep: isText, args: [] },
  upper: { label: 'upper case', doc: 'The text in upper case', keep: isText, args: [] },
  regexp_extract: {
    label: 'regex extract',
    doc: 'The first match of a Java-style regex, or one of its groups (the engine reports a bad pattern)',
    keep: isText,
    args: [{ name: 'pattern' }, { name: 'group (0 = whole match)', optional: true }],
  },
  domain: {
    label: 'domain of hostname',
    doc: 'The last two labels of a hostname, lower-cased: www.example.com. → example.com',
    keep: isText,
    args: [],
  },
  json_extract_scalar: {
    label: 'JSON value',
    doc: 'The value at a JSON path of a text field holding JSON: $.a.b, $["a-b"], $.list[0]',
    keep: isText,
    args: [{ name: '$.path' }],
  },
  element_at: {
    label: 'map value',
    doc: 'The value of one key of a map field (unmapped)',
    keep: isMap,
    args: [{ name: 'key' }],
  },
  map_keys: { label: 'map keys', doc: 'The list of the keys of a map field (unmapped)', keep: isMap, args: [] },
};

/** The inner types of "map(K,V)" (the catalog's spelling) or "map<K,V>". */
function mapTypes(type: string): [string, string] | undefined {
  const m = /^map[(<](.*)[)>]$/.exec(type);
  if (!m) {
    return undefined;
  }
  let depth = 0;
  for (let i = 0; i < m[1].length; i++) {
    const c = m[1][i];
    if (c === '(' || c === '<') {
      depth++;
    } else if (c === ')' || c === '>') {
      depth--;
    } else if (c === ',' && depth === 0) {
      return [m[1].slice(0, i).trim(), m[1].slice(i + 1).trim()];
    }
  }
  return undefined;
}

/** The value type of a scalar Athena type, as pkg/ocsf's ValueType. */
function valueTypeOf(type: string): FieldInfo['valueType'] {
  if (type === 'varchar' || type === 'char' || type.startsWith('varchar(')) {
    return 'string';
  }
  if (['tinyint', 'smallint', 'integer', 'int', 'bigint'].includes(type)) {
    return 'integer';
  }
  if (type === 'real' || type === 'double' || type.startsWith('decimal')) {
    return 'float';
  }
  if (type === 'boolean') {
    return 'boolean';
  }
  if (type.startsWith('timestamp')) {
    return 'timestamp';
  }
  return 'nested';
}

/** The field a computed column stands for, or undefined while it is incomplete. */
export function computedField(c: Computed, fields: FieldInfo[]): FieldInfo | undefined {
  const base = fields.find((f) => f.path === c.field);
  if (!c.alias || !base) {
    return undefined;
  }
  let type = 'varchar';
  switch (c.func) {
    case 'coalesce':
      type = base.type;
      break;
    case 'element_at':
      type = mapTypes(base.type)?.[1] ?? 'varchar';
      break;
    case 'map_keys':
      type = `array(${mapTypes(base.type)?.[0] ?? 'varchar'})`;
      break;
  }
  const valueType = valueTypeOf(type);
  return {
    path: c.alias,
    type,
    valueType,
    kind: valueType === 'nested' ? 'nested' : 'scalar',
    group: 'computed',
  };
}

/**
 * The source's fields followed by the query's computed columns, in order: a
 * computed column may use the ones before it, as in the backend.
 */
export function withComputed(fields: FieldInfo[], computed?: Computed[]): FieldInfo[] {
  if (!computed?.length) {
    return fields;
  }
  const out = [...fields];
  for (const c of computed) {
    const f = computedField(c, out);
    if (f && !out.some((x) => x.path === f.path)) {
      out.push(f);
    }
  }
  return out;
}
