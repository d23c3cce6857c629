import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

export interface FakeVariable {
  value: string | string[];
  multi?: boolean;
  includeAll?: boolean;
  /** A custom "All" value; Grafana returns it unformatted when `value` is `$__all`. */
  allValue?: string;
}

/** A few of Grafana's named formats, close enough for tests that treat their output as text. */
const FORMATS: Record<string, (v: string[]) => string> = {
  raw: (v) => v.join(','),
  csv: (v) => v.join(','),
  text: (v) => v.join(' + '),
  pipe: (v) => v.join('|'),
  json: (v) => JSON.stringify(v.length === 1 ? v[0] : v),
  sqlstring: (v) => v.map((x) => `'${x.replace(/'/g, "''")}'`).join(','),
  singlequote: (v) => v.map((x) => `'${x.replace(/'/g, "\\'")}'`).join(','),
  doublequote: (v) => v.map((x) => `"${x.replace(/"/g, '\\"')}"`).join(','),
  regex: (v) => `(${v.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
};

/**
 * A small stand-in for Grafana's TemplateSrv: $name, ${name}, ${name:format}
 * and [[name]] from scoped, then dashboard variables; a format function gets
 * the raw value (an array for a multi-value variable) and the variable; a
 * named format in the reference wins over the function; a custom "All" value
 * is returned unformatted; unknown names stay as they are.
 */
export function fakeTemplateSrv(variables: Record<string, FakeVariable | string | string[]>): TemplateSrv {
  const vars: Record<string, FakeVariable> = Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [
      k,
      typeof v === 'string' || Array.isArray(v) ? { value: v, multi: Array.isArray(v) } : v,
    ])
  );
  const ref = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]/g;
  const replace = (target?: string, scopedVars?: ScopedVars, format?: string | Function) =>
    (target ?? '').replace(
      ref,
      (match, plain?: string, braced?: string, fmt1?: string, old?: string, fmt2?: string) => {
        const name = (plain ?? braced ?? old)!;
        const named = fmt1 ?? fmt2;
        const scoped = scopedVars?.[name]?.value as string | string[] | undefined;
        const variable = vars[name];
        let value = scoped ?? variable?.value;
        if (value === undefined) {
          return match;
        }
        if (value === '$__all' && variable?.allValue !== undefined) {
          return variable.allValue;
        }
        const list = Array.isArray(value) ? value : [value];
        if (named && FORMATS[named]) {
          return FORMATS[named](list);
        }
        if (typeof format === 'function') {
          return format(value, scoped === undefined ? { name, ...variable } : { name });
        }
        return list.join(',');
      }
    );
  const getVariables = () =>
    Object.entries(vars).map(([name, v]) => ({ name, type: 'custom', multi: !!v.multi, current: { value: v.value } }));
  return { replace, getVariables, containsTemplate: (t?: string) => /\$\w+/.test(t ?? '') } as unknown as TemplateSrv;
}
