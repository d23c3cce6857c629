import { readFileSync } from 'fs';
import { join } from 'path';

import { DataSourceInstanceSettings } from '@grafana/data';

import { DataSource } from './datasource';
import { interpolateSql } from './sqlInterpolation';
import { FakeVariable, fakeTemplateSrv } from './test/templateSrv';
import { SecurityLakeOptions } from './types';

const settings = {
  id: 1,
  uid: 'seclake',
  type: 'seclake-securitylake-datasource',
  name: 'Security Lake',
  access: 'proxy',
  jsonData: {},
  meta: {},
  readOnly: false,
} as unknown as DataSourceInstanceSettings<SecurityLakeOptions>;

const sqlWith = (variables: Record<string, FakeVariable | string | string[]>, rawSql: string) =>
  new DataSource(settings, fakeTemplateSrv(variables)).applyTemplateVariables({ refId: 'A', mode: 'sql', rawSql }, {})
    .rawSql;

/**
 * skeleton is the statement's structure: keywords, names and punctuation as
 * written, every literal or number as V, every quoted identifier as I,
 * comments dropped. A value may change what a literal says, never this.
 */
function skeleton(sql: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (sql.startsWith('--', i)) {
      const n = sql.indexOf('\n', i);
      i = n < 0 ? sql.length : n + 1;
    } else if (sql.startsWith('/*', i)) {
      const n = sql.indexOf('*/', i + 2);
      i = n < 0 ? sql.length : n + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            j++;
            continue;
          }
          break;
        }
      }
      out.push(c === "'" ? 'V' : 'I');
      i = j + 1;
    } else if (/\s/.test(c)) {
      i++;
    } else if (/[\w$]/.test(c)) {
      let j = i;
      while (j < sql.length && /[\w$]/.test(sql[j])) {
        j++;
      }
      const word = sql.slice(i, j);
      out.push(/^\d/.test(word) ? 'V' : word.toUpperCase());
      i = j;
    } else {
      out.push(c);
      i++;
    }
  }
  return out;
}

describe('interpolateSql', () => {
  const lookUp = (values: Record<string, string[]>) => (ref: { name: string }) => values[ref.name];

  it.each([
    ['code', 'a = $v', ['x'], "a = 'x'"],
    ['code, a number is still a literal', 'a = $v', ['3'], "a = '3'"],
    ['code, several values', 'a IN ($v)', ['x', "o'b"], "a IN ('x','o''b')"],
    ['code, none', 'a IN ($v)', [], "a IN ('')"],
    ['literal', "a = '$v'", ["o'b"], "a = 'o''b'"],
    ['literal, several values', "a LIKE '%${v}%'", ['x', 'y'], "a LIKE '%x,y%'"],
    ['identifier', 'SELECT "$v"', ['a"b'], 'SELECT "a""b"'],
    ['comment', '-- $v\nSELECT 1 /* $v */', ['x'], '-- $v\nSELECT 1 /* $v */'],
    ['macro argument', '$__table(vpc_flow@${v})', ['2'], "$__table(vpc_flow@'2')"],
    [
      'backend macros stay',
      '$__timeGroup(time_dt, $__interval) $__timeFilter(time_dt)',
      ['x'],
      '$__timeGroup(time_dt, $__interval) $__timeFilter(time_dt)',
    ],
    ['a $ inside a word', 'SELECT * FROM "t$partitions", t$v', ['x'], 'SELECT * FROM "t$partitions", t$v'],
    ['old syntax', 'a = [[v]]', ['x'], "a = 'x'"],
    ['escaped quote inside a literal', "a = 'it''s $v'", ['x'], "a = 'it''s x'"],
  ])('%s', (_, sql, values, want) => {
    expect(interpolateSql(sql, lookUp({ v: values }))).toBe(want);
  });

  it('leaves unknown variables as written', () => {
    expect(interpolateSql('a = $nope', () => undefined)).toBe('a = $nope');
  });
});

// The vectors devenv/provisioning's offline copy of this interpolation is held to as well.
const vectors = JSON.parse(
  readFileSync(join(__dirname, '..', 'devenv', 'provisioning', 'testdata', 'interpolation.json'), 'utf8')
) as { vars: Record<string, { values: string[]; multi?: boolean }>; cases: Array<{ sql: string; want: string }> };

describe('shared interpolation vectors', () => {
  const vars = Object.fromEntries(
    Object.entries(vectors.vars).map(([k, v]) => [k, { value: v.multi ? v.values : v.values[0], multi: !!v.multi }])
  );
  it.each(vectors.cases.map((c) => [c.sql, c.want]))('%s', (sql, want) => {
    expect(sqlWith(vars, sql)).toBe(want);
  });
});

describe('variables in raw SQL through the datasource', () => {
  it('applies a named format first and quotes its output as one value', () => {
    expect(sqlWith({ v: ['a', 'b'] }, 'x IN (${v:csv}) AND y = ${v:raw}')).toBe("x IN ('a,b') AND y = 'a,b'");
    expect(sqlWith({ v: ["o'b"] }, 'x IN (${v:sqlstring})')).toBe("x IN ('''o''''b''')");
  });

  it('quotes a custom "All" value', () => {
    expect(sqlWith({ v: { value: '$__all', includeAll: true, allValue: "x') OR (1=1" } }, 'a IN ($v)')).toBe(
      "a IN ('x'') OR (1=1')"
    );
  });
});

// Hostile values, shared with the Go oracle over the bundled dashboards:
// payloads that end literals, identifiers, argument lists and statements,
// in wrappers that hide them from naive escaping.
const hostileSpec = JSON.parse(
  readFileSync(join(__dirname, '..', 'devenv', 'provisioning', 'testdata', 'hostile.json'), 'utf8')
) as { payloads: string[]; wrappers: string[] };
const HOSTILE = [
  ...new Set(
    hostileSpec.payloads.flatMap((p) =>
      hostileSpec.wrappers.map((w) => w.split('%U').join(p.toUpperCase()).split('%s').join(p))
    )
  ),
];

// Every place a variable can stand in raw SQL, in every syntax and format.
const TEMPLATES = [
  'SELECT * FROM t WHERE a = $v',
  'SELECT * FROM t WHERE a = ${v}',
  'SELECT * FROM t WHERE a = [[v]]',
  'SELECT * FROM t WHERE a IN ($v) LIMIT 10',
  "SELECT * FROM t WHERE a = '$v' AND b = 1",
  "SELECT * FROM t WHERE a LIKE '%${v}%'",
  'SELECT "$v" FROM t',
  'SELECT * FROM t LIMIT $v',
  'SELECT * FROM $__table(vpc_flow@${v}) WHERE $__partitionFilter',
  'SELECT $__timeGroup(time_dt, $v) AS t FROM x',
  'SELECT * FROM t WHERE a = ${v:raw}',
  'SELECT * FROM t WHERE a IN (${v:csv})',
  'SELECT * FROM t WHERE a IN (${v:sqlstring})',
  'SELECT * FROM t WHERE a IN (${v:singlequote})',
  'SELECT * FROM t WHERE a IN (${v:doublequote})',
  'SELECT * FROM t WHERE regexp_like(a, ${v:regex})',
  'SELECT * FROM t WHERE a = ${v:json}',
  'SELECT * FROM t WHERE a = ${v:pipe} -- $v',
  'SELECT * FROM t /* $v */ WHERE a = $v',
  'SELECT * FROM t WHERE a = [[v:text]]',
];

const SETTINGS: Array<[string, (vals: string[]) => FakeVariable]> = [
  ['single', (vals) => ({ value: vals[0] })],
  ['multi', (vals) => ({ value: vals, multi: true })],
  ['include All', (vals) => ({ value: vals, multi: true, includeAll: true })],
  ['custom All value', (vals) => ({ value: '$__all', includeAll: true, allValue: vals[0] })],
];

describe('injection oracle: no value changes the statement', () => {
  it('holds at least 500 hostile values', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(500);
  });

  it.each(SETTINGS)('%s variables', (_, make) => {
    let attempts = 0;
    const changed: string[] = [];
    for (const template of TEMPLATES) {
      for (let i = 0; i < HOSTILE.length; i++) {
        const hostile = [HOSTILE[i], HOSTILE[(i * 7 + 3) % HOSTILE.length]];
        const benign = hostile.map(() => 'x');
        const want = skeleton(sqlWith({ v: make(benign), other: 'o' }, template)!);
        const got = skeleton(sqlWith({ v: make(hostile), other: 'o' }, template)!);
        attempts++;
        if (got.join(' ') !== want.join(' ')) {
          changed.push(`${template} with ${JSON.stringify(hostile)}`);
        }
      }
    }
    expect(attempts).toBe(TEMPLATES.length * HOSTILE.length);
    expect(changed).toEqual([]);
  });
});
