// Go and TypeScript share the query model and settings as JSON. These tests
// read the Go sources and fail when a key or enum value exists on one side only.
import { readFileSync } from 'fs';
import { join } from 'path';

import {
  AGG_FUNCS,
  AGGREGATION_KEYS,
  AWS_SOURCES,
  COMPUTED_FUNCS,
  COMPUTED_KEYS,
  FILTER_GROUP_KEYS,
  FILTER_KEYS,
  FILTER_MATCHES,
  FILTER_OPS,
  HAVING_KEYS,
  JOIN_KEYS,
  JOIN_KINDS,
  LAKE_VERSIONS,
  ORDER_KEYS,
  PICK_KEYS,
  QUERY_FORMATS,
  QUERY_KEYS,
  QUERY_MODES,
  SETTINGS_KEYS,
} from './types';

const readGo = (file: string) => readFileSync(join(__dirname, '..', 'pkg', file), 'utf8');
const sorted = (values: readonly string[]) => [...values].sort();

/** JSON tag names per struct, without json:"-" (e.g. the AWS settings, read by grafana-aws-sdk). */
function jsonTags(source: string): Record<string, string[]> {
  const structs: Record<string, string[]> = {};
  for (const [, name, body] of source.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
    const tags = [...body.matchAll(/json:"([^",]*)/g)].map((m) => m[1]).filter((t) => t !== '-' && t !== '');
    if (tags.length > 0) {
      structs[name] = tags;
    }
  }
  return structs;
}

/** The string constants of a named Go type, e.g. `OpEq Op = "="`. */
function constValues(source: string, goType: string): string[] {
  const re = new RegExp(`^\\s*\\w+\\s+${goType}\\s*=\\s*"([^"]*)"`, 'gm');
  return [...source.matchAll(re)].map((m) => m[1]);
}

describe('src/types.ts matches pkg/models and pkg/settings', () => {
  // The query model spans query.go, computed.go, pick.go and join.go (one file per concern).
  const query =
    readGo('models/query.go') + readGo('models/computed.go') + readGo('models/pick.go') + readGo('models/join.go');
  const settings = readGo('settings/settings.go');

  const cases: Array<[string, string, string, readonly string[]]> = [
    ['query.go', 'Query', 'QUERY_KEYS', QUERY_KEYS],
    ['query.go', 'Filter', 'FILTER_KEYS', FILTER_KEYS],
    ['query.go', 'Aggregation', 'AGGREGATION_KEYS', AGGREGATION_KEYS],
    ['query.go', 'FilterGroup', 'FILTER_GROUP_KEYS', FILTER_GROUP_KEYS],
    ['query.go', 'Having', 'HAVING_KEYS', HAVING_KEYS],
    ['query.go', 'Order', 'ORDER_KEYS', ORDER_KEYS],
    ['query.go', 'Pick', 'PICK_KEYS', PICK_KEYS],
    ['query.go', 'Computed', 'COMPUTED_KEYS', COMPUTED_KEYS],
    ['query.go', 'Join', 'JOIN_KEYS', JOIN_KEYS],
    ['settings.go', 'Settings', 'SETTINGS_KEYS', SETTINGS_KEYS],
  ];

  it('has a TS key list for every Go struct with JSON tags', () => {
    const structs = [
      ...Object.keys(jsonTags(query)).map((s) => `query.go ${s}`),
      ...Object.keys(jsonTags(settings)).map((s) => `settings.go ${s}`),
    ];
    expect(sorted(structs)).toEqual(sorted(cases.map(([file, struct]) => `${file} ${struct}`)));
  });

  it.each(cases)('%s %s has the keys of %s', (file, struct, _, tsKeys) => {
    const goKeys = jsonTags(file === 'query.go' ? query : settings)[struct];
    expect(goKeys).toBeDefined();
    expect(sorted(tsKeys)).toEqual(sorted(goKeys));
  });

  it.each([
    ['Mode', QUERY_MODES],
    ['Format', QUERY_FORMATS],
    ['Op', FILTER_OPS],
    ['Match', FILTER_MATCHES],
    ['AggFunc', AGG_FUNCS],
    ['ComputedFunc', COMPUTED_FUNCS],
    ['JoinKind', JOIN_KINDS],
  ])('query.go %s values', (goType, tsValues) => {
    expect(sorted(tsValues)).toEqual(sorted(constValues(query, goType)));
  });

  it('settings.go lake versions', () => {
    const goValues = [...settings.matchAll(/^\s*LakeVersion\w+\s*=\s*"([^"]*)"/gm)].map((m) => m[1]);
    expect(sorted(LAKE_VERSIONS)).toEqual(sorted(goValues));
  });

  it('lake.go AWS sources and titles', () => {
    const lake = readGo('lake/lake.go');
    const goSources = [...lake.matchAll(/\{Name: "(\w+)", APIName: "\w+", Title: "([^"]*)"/g)].map((m) => ({
      name: m[1],
      title: m[2],
    }));
    expect(goSources).toHaveLength(8);
    expect(AWS_SOURCES).toEqual(goSources);
  });
});
