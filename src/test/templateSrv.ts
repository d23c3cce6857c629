import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

export interface FakeVariable {
  value: string | string[];
  multi?: boolean;
  includeAll?: boolean;
}

/**
 * A small stand-in for Grafana's TemplateSrv: $name and ${name} from scoped,
 * then dashboard variables; a format function gets the raw value (an array
 * for a multi-value variable) and the variable; unknown names stay as they are.
 */
export function fakeTemplateSrv(variables: Record<string, FakeVariable | string | string[]>): TemplateSrv {
  const vars: Record<string, FakeVariable> = Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [
      k,
      typeof v === 'string' || Array.isArray(v) ? { value: v, multi: Array.isArray(v) } : v,
    ])
  );
  const replace = (target?: string, scopedVars?: ScopedVars, format?: string | Function) =>
    (target ?? '').replace(/\$(\w+)|\$\{(\w+)\}/g, (match, plain?: string, braced?: string) => {
      const name = (plain ?? braced)!;
      const scoped = scopedVars?.[name]?.value as string | string[] | undefined;
      const variable = vars[name];
      const value = scoped ?? variable?.value;
      if (value === undefined) {
        return match;
      }
      if (typeof format === 'function') {
        return format(value, scoped === undefined ? { name, ...variable } : { name });
      }
      return Array.isArray(value) ? value.join(',') : String(value);
    });
  const getVariables = () =>
    Object.entries(vars).map(([name, v]) => ({ name, type: 'custom', multi: !!v.multi, current: { value: v.value } }));
  return { replace, getVariables, containsTemplate: (t?: string) => /\$\w+/.test(t ?? '') } as unknown as TemplateSrv;
}
