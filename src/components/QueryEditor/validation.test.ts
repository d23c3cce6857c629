import { FieldInfo } from '../../api';
import { SecurityLakeQuery } from '../../types';
import { backendProblem, builderProblems, byControl, runBlockedReason, underPrefix } from './validation';

const fields: FieldInfo[] = [
  { path: 'time_dt', type: 'timestamp(3)', kind: 'scalar', valueType: 'timestamp', group: 'event' },
  { path: 'actor.user.name', type: 'varchar', kind: 'scalar', valueType: 'string', group: 'actor' },
  { path: 'src_endpoint.ip', type: 'varchar', kind: 'scalar', valueType: 'string', group: 'src_endpoint' },
  { path: 'dst_endpoint.port', type: 'integer', kind: 'scalar', valueType: 'integer', group: 'dst_endpoint' },
  { path: 'resources', type: 'array(row)', kind: 'nested', valueType: 'nested', group: 'resources' },
  {
    path: 'severity_id',
    type: 'integer',
    kind: 'scalar',
    valueType: 'integer',
    group: 'event',
    enum: { field: 'severity_id', values: [{ id: 5, caption: 'Critical' }] },
  },
];

const base: SecurityLakeQuery = { refId: 'A', mode: 'builder', source: 'vpc_flow', format: 'table' };
const controls = (q: Partial<SecurityLakeQuery>, extra = {}) =>
  byControl(builderProblems({ ...base, ...q }, { fields, ...extra }));

describe('builderProblems', () => {
  it('has nothing to say about a complete query', () => {
    expect(builderProblems(base, { fields })).toEqual([]);
    expect(
      builderProblems(
        {
          ...base,
          fields: ['actor.user.name'],
          filters: [{ field: 'dst_endpoint.port', op: 'in', values: [22, '$port'] }],
          aggregations: [
            { func: 'count' },
            { func: 'count_if', filter: { field: 'severity_id', op: '=', value: 'Critical' } },
          ],
          having: [{ func: 'count', op: '>', value: 10 }],
          timeBucket: '5m',
        },
        { fields }
      )
    ).toEqual([]);
  });

  it('says "Choose a field" on an empty new filter, not unknown field ""', () => {
    expect(controls({ filters: [{ field: '', op: '=' }] })).toEqual({ 'filter-0-field': 'Choose a field' });
  });

  it('reports every problem, each on its control', () => {
    const got = controls({
      source: undefined,
      filters: [
        { field: 'src_endpoint.ip', op: '=' },
        { field: 'dst_endpoint.port', op: '=', value: 'abc' },
        { field: 'src_endpoint.ip', op: 'in-cidr', values: ['10.0.0.0/33'] },
        { field: 'no.such', op: '=', value: 'x' },
        { field: 'dst_endpoint.port', op: 'contains', value: '2' },
      ],
      aggregations: [{ func: 'sum' }, { func: 'count', alias: '1bad' }, { func: 'count' }, { func: 'count' }],
      having: [{ func: 'count', op: '>', value: '' }],
      timeBucket: 'soon',
    });
    expect(got).toEqual({
      source: 'Choose a source',
      'filter-0-value': 'Enter a value',
      'filter-1-value': 'abc is not a number',
      'filter-2-value': '10.0.0.0/33 is not a network such as 10.0.0.0/8',
      'filter-3-field': 'no.such is not a field of this source',
      'filter-4-op': '"contains" does not apply to an integer field',
      'agg-0-field': 'Choose a field',
      'agg-1-alias': 'Start with a letter or _, then letters, digits, spaces, _ . or - (at most 64)',
      'agg-3-alias': 'Another aggregation is named count: give this one an alias',
      'having-0-value': 'Enter a value',
      bucket: 'Use auto or an interval such as 30s, 5m, 1h or 1d',
    });
  });

  it('quotes at most 40 characters of a pasted value', () => {
    const long = `eni_${'0123456789abcdef'.repeat(36)}`;
    expect(controls({ filters: [{ field: 'dst_endpoint.port', op: '=', value: long }] })).toEqual({
      'filter-0-value': `${long.slice(0, 40)}… is not a number`,
    });
  });

  it('accepts template variables and enum captions as values', () => {
    expect(
      controls({
        filters: [
          { field: 'dst_endpoint.port', op: '=', value: '$port' },
          { field: 'severity_id', op: '=', value: 'critical' },
        ],
      })
    ).toEqual({});
  });

  it('checks filter groups and count_if conditions like filters', () => {
    expect(
      controls({
        filterGroups: [{ match: 'any', filters: [] }, { filters: [{ field: '', op: '=' }] }],
        aggregations: [{ func: 'count_if', filter: { field: 'actor.user.name', op: 'in', values: [] } }],
      })
    ).toEqual({
      'group-0': 'Add a filter to this group, or remove the group',
      'group-1-filter-0-field': 'Choose a field',
      'agg-0-filter-value': 'Enter at least one value',
    });
  });

  it('refuses a nested column only when the table is grouped (columns are group keys then)', () => {
    expect(controls({ fields: ['resources'] })).toEqual({});
    expect(controls({ fields: ['resources'], groupBy: ['actor.user.name'] }).fields).toMatch(
      /each column is a group key and must be a plain field: remove resources/
    );
    expect(controls({ fields: ['nope'] }).fields).toBe('Not a field of this source: nope');
  });

  it('says thresholds need a grouped query', () => {
    expect(controls({ having: [{ func: 'count', op: '>', value: 1 }] })).toEqual({
      having: 'Thresholds need aggregations or group-by fields',
    });
    expect(controls({ format: 'time_series', having: [{ func: 'count', op: '>', value: 1 }] })).toEqual({});
  });

  it('puts the time-range cap under the time range', () => {
    const day = 24 * 3600 * 1000;
    expect(controls({}, { from: 0, to: 120 * day })).toEqual({
      'time-range':
        'The time range covers 120 days; this data source allows at most 90. Choose a shorter range in the time picker.',
    });
    expect(controls({}, { from: 0, to: 120 * day, maxTimeRangeDays: 180 })).toEqual({});
    expect(controls({}, { from: 0, to: 120 * day, maxTimeRangeDays: 0 })).toEqual({});
    expect(backendProblem('the time range covers 120.0 days, more than the 90 days').control).toBe('time-range');
    expect(backendProblem('something else').control).toBe('');
  });

  it('does not check field names before the fields are loaded, nor SQL queries', () => {
    expect(builderProblems({ ...base, filters: [{ field: 'x.y', op: '=', value: 1 }] })).toEqual([]);
    expect(builderProblems({ refId: 'A', mode: 'sql', rawSql: '' })).toEqual([]);
  });
});

describe('helpers', () => {
  it('underPrefix picks one row, runBlockedReason counts the rest', () => {
    const all = { 'filter-0-field': 'a', 'filter-1-value': 'b', 'filter-10-op': 'c' };
    expect(underPrefix(all, 'filter-1')).toEqual({ value: 'b' });
    expect(runBlockedReason([])).toBeUndefined();
    expect(runBlockedReason([{ control: 'x', message: 'Choose a source' }])).toBe('Not ready to run: Choose a source');
    expect(
      runBlockedReason([
        { control: 'x', message: 'Choose a source' },
        { control: 'y', message: 'b' },
        { control: 'z', message: 'c' },
      ])
    ).toBe('Not ready to run: Choose a source (and 2 more problems)');
  });
});
