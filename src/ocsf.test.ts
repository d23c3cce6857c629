import { aggregationFieldFilter, coerceValue, enumOptions, fieldOptions, operatorsFor } from './ocsf';
import { FIELDS } from './test/fixtures';

const field = (path: string) => FIELDS.find((f) => f.path === path)!;

describe('operatorsFor', () => {
  it('offers text operators for strings and comparisons for numbers and times', () => {
    expect(operatorsFor(field('api.operation'))).toEqual(expect.arrayContaining(['=', 'in', 'contains', 'regex']));
    expect(operatorsFor(field('api.operation'))).not.toContain('<');
    expect(operatorsFor(field('traffic.bytes'))).toEqual(expect.arrayContaining(['<', '>=', 'in']));
    expect(operatorsFor(field('traffic.bytes'))).not.toContain('contains');
    expect(operatorsFor(field('api.operation'))).toEqual(
      expect.arrayContaining(['not-contains', 'not-starts-with', 'not-regex', 'in-cidr', 'not-in-cidr', 'not-private'])
    );
    expect(operatorsFor(field('traffic.bytes'))).not.toContain('not-private');
    expect(operatorsFor(field('time_dt'))).toEqual(['=', '!=', '<', '<=', '>', '>=', 'is-null', 'not-null']);
    expect(operatorsFor(field('is_mfa'))).toEqual(['=', '!=', 'is-null', 'not-null']);
  });

  it('offers any and the value type’s operators for array elements, any and emptiness for arrays', () => {
    expect(operatorsFor(field('resources[].uid'))).toEqual(expect.arrayContaining(['any', '=', 'contains', 'regex']));
    expect(operatorsFor(field('resources'))).toEqual(['any', 'is-null', 'not-null', 'empty', 'not-empty']);
    expect(operatorsFor({ ...field('resources'), type: 'row(name varchar)' })).toEqual(['is-null', 'not-null']);
  });

  it('offers everything for an unknown field', () => {
    expect(operatorsFor(undefined)).toHaveLength(22);
  });
});

describe('coerceValue', () => {
  it('types numbers and booleans by the field, keeps variables and text', () => {
    expect(coerceValue(field('traffic.bytes'), ' 1500 ')).toBe(1500);
    expect(coerceValue(field('traffic.bytes'), '$bytes')).toBe('$bytes');
    expect(coerceValue(field('traffic.bytes'), 'lots')).toBe('lots');
    expect(coerceValue(field('is_mfa'), 'true')).toBe(true);
    expect(coerceValue(field('api.operation'), '42')).toBe('42');
    expect(coerceValue(undefined, '42')).toBe('42');
  });
});

describe('options', () => {
  it('groups fields by OCSF object and shows the type', () => {
    const opts = fieldOptions(FIELDS);
    expect(opts.find((o) => o.value === 'api.operation')).toEqual({
      label: 'api.operation',
      value: 'api.operation',
      description: 'varchar',
      group: 'api',
    });
    expect(opts.find((o) => o.value === 'severity_id')?.description).toBe('integer · 2 values');
  });

  it('enum captions map to ids', () => {
    expect(enumOptions(field('severity_id'))?.map((o) => [o.label, o.value])).toEqual([
      ['Informational', 1],
      ['Critical', 5],
    ]);
    expect(enumOptions(field('api.operation'))).toBeUndefined();
  });

  it('sum and avg take numeric scalars only', () => {
    const sum = FIELDS.filter(aggregationFieldFilter('sum')).map((f) => f.path);
    expect(sum).toEqual(['severity_id', 'traffic.bytes']);
    expect(FIELDS.filter(aggregationFieldFilter('count_distinct')).map((f) => f.path)).toContain('api.operation');
  });
});
