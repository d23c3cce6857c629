/**
 * Template variables in raw SQL, interpolated so that a value can never
 * change the statement's structure.
 *
 * Grafana's template service pastes a variable's text where the variable is
 * written; a dashboard viewer chooses that text (a custom value, a URL
 * parameter), so pasted text could close a literal, end a macro's argument
 * list or add a UNION. Here the SQL is lexed first, and each variable
 * reference is replaced according to where it stands:
 *
 * - in code (`= $v`, `IN ($v)`, a macro argument): a quoted string literal
 *   with quotes doubled, numbers included (compare a numeric column with
 *   `CAST($v AS integer)`); a multi-value or "All" variable becomes a
 *   comma-separated list of them; the backend's macros read a literal where
 *   they expect a name or a version and check it against their grammar;
 * - inside a string literal (`'$v'`): the text with single quotes doubled
 *   (several values joined with commas, inside the same literal);
 * - inside a quoted identifier (`"$v"`): the text with double quotes doubled;
 * - inside a comment: left as written.
 *
 * Explicit formats (`${v:csv}`, `${v:raw}`) are applied by Grafana first and
 * their output is then treated as one value like any other, so no format can
 * turn a value into SQL text. `$__name` is a backend macro and left alone.
 */

/** How a reference's value is looked up: its values, or undefined when unknown. */
export type LookUp = (ref: VariableRef) => string[] | undefined;

/** One variable reference found in the SQL. */
export interface VariableRef {
  /** The reference as written: `$v`, `${v}`, `${v:csv}`, `[[v]]`. */
  text: string;
  /** The variable's name (with a field path such as `__user.login`). */
  name: string;
  /** The explicit format, if one was written. */
  format?: string;
}

const REF = /\$([A-Za-z_]\w*)|\$\{([A-Za-z_][\w.]*)(?::([^}]*))?\}|\[\[([A-Za-z_][\w.]*)(?::([^\]]*))?\]\]/y;

type Context = 'code' | 'literal' | 'identifier';

/** quoteLiteral writes text as a SQL string literal, the only escape Trino knows. */
export const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Interpolates every variable reference of sql by its context (see the file comment). */
export function interpolateSql(sql: string, lookUp: LookUp): string {
  let out = '';
  let i = 0;
  let ctx: Context = 'code';
  while (i < sql.length) {
    const ch = sql[i];
    if (ctx === 'code') {
      if (sql.startsWith('--', i) || sql.startsWith('/*', i)) {
        const end = sql.startsWith('--', i) ? lineEnd(sql, i) : blockEnd(sql, i);
        out += sql.slice(i, end);
        i = end;
        continue;
      }
      if (ch === "'" || ch === '"') {
        ctx = ch === "'" ? 'literal' : 'identifier';
        out += ch;
        i++;
        continue;
      }
    } else {
      const quote = ctx === 'literal' ? "'" : '"';
      if (ch === quote) {
        // A doubled quote is an escaped one and stays inside.
        if (sql[i + 1] === quote) {
          out += quote + quote;
          i += 2;
          continue;
        }
        ctx = 'code';
        out += ch;
        i++;
        continue;
      }
    }
    // In code, a '$' inside a word (the metadata table t$partitions) starts
    // nothing; inside a literal ('user_$name') it does.
    const inWord = ctx === 'code' && i > 0 && /\w/.test(sql[i - 1]);
    const ref = (ch === '$' && !inWord) || ch === '[' ? matchRef(sql, i) : undefined;
    if (!ref || (ref.name.startsWith('__') && ref.text.startsWith('$') && !ref.text.startsWith('${'))) {
      // Not a reference, or a backend macro ($__timeFilter, $__interval).
      out += ch;
      i++;
      continue;
    }
    const values = lookUp(ref);
    out += values === undefined ? ref.text : render(values, ctx);
    i += ref.text.length;
  }
  return out;
}

function matchRef(sql: string, at: number): VariableRef | undefined {
  REF.lastIndex = at;
  const m = REF.exec(sql);
  if (!m) {
    return undefined;
  }
  const name = m[1] ?? m[2] ?? m[4];
  const format = m[3] ?? m[5];
  return { text: m[0], name, format };
}

function render(values: string[], ctx: Context): string {
  switch (ctx) {
    case 'literal':
      return values.join(',').replace(/'/g, "''");
    case 'identifier':
      return values.join(',').replace(/"/g, '""');
    default:
      if (values.length === 0) {
        return quoteLiteral('');
      }
      return values.map(quoteLiteral).join(',');
  }
}

function lineEnd(sql: string, at: number): number {
  const n = sql.indexOf('\n', at);
  return n < 0 ? sql.length : n + 1;
}

function blockEnd(sql: string, at: number): number {
  const n = sql.indexOf('*/', at + 2);
  return n < 0 ? sql.length : n + 2;
}
