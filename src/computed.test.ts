import { FieldInfo } from './api';
import { computedField, withComputed } from './computed';
import { operatorsFor } from './ocsf';
import { fakeDataSource, FIELDS } from './test/fixtures';

const unmapped: FieldInfo = {
  path: 'unmapped',
  type: 'map(varchar,varchar)',
  kind: 'nested',
  valueType: 'nested',
  group: 'event',
};
const fields = [...FIELDS, unmapped];

describe('computed columns as fields', () => {
  it('types each function as the backend does', () => {
    const at = (func: Parameters<typeof computedField>[0]['func'], field: string) =>
      computedField({ alias: 'x', func, field }, fields);
    expect(at('domain', 'api.operation')).toMatchObject({
      path: 'x',
      type: 'varchar',
      valueType: 'string',
      kind: 'scalar',
    });
    expect(at('coalesce', 'traffic.bytes')).toMatchObject({ type: 'bigint', valueType: 'integer', kind: 'scalar' });
    expect(at('coalesce', 'time_dt')).toMatchObject({ valueType: 'timestamp' });
    expect(at('element_at', 'unmapped')).toMatchObject({ type: 'varchar', valueType: 'string', kind: 'scalar' });
    expect(at('map_keys', 'unmapped')).toMatchObject({ type: 'array(varchar)', valueType: 'nested', kind: 'nested' });
    expect(at('json_extract_scalar', 'nope')).toBeUndefined();
    expect(computedField({ alias: '', func: 'lower', field: 'api.operation' }, fields)).toBeUndefined();
  });

  it('appends the aliases in order, so a computed column may use an earlier one', () => {
    const out = withComputed(fields, [
      { alias: 'params', func: 'element_at', field: 'unmapped', args: ['requestParameters'] },
      { alias: 'role', func: 'json_extract_scalar', field: 'params', args: ['$.roleName'] },
      { alias: 'later', func: 'lower', field: 'not-yet' },
    ]);
    expect(out.slice(fields.length).map((f) => f.path)).toEqual(['params', 'role']);
    expect(withComputed(fields, undefined)).toBe(fields);
  });

  it('offers the any and emptiness operators on map keys (arrays spelled array(…))', () => {
    const keys = computedField({ alias: 'k', func: 'map_keys', field: 'unmapped' }, fields);
    expect(operatorsFor(keys)).toEqual(['any', 'is-null', 'not-null', 'empty', 'not-empty']);
  });
});

describe('template variables in computed columns', () => {
  it('interpolate the literal arguments, one value each', () => {
    const { ds } = fakeDataSource({ key: 'recipientAccountId' });
    const q = ds.applyTemplateVariables(
      {
        refId: 'A',
        mode: 'builder',
        source: 'cloud_trail_mgmt',
        computed: [
          { alias: 'v', func: 'element_at', field: 'unmapped', args: ['$key'] },
          { alias: 'r', func: 'regexp_extract', field: 'api.operation', args: ['^(Get).*$', 1] },
          { alias: 'l', func: 'lower', field: 'api.operation' },
        ],
      },
      {}
    );
    expect(q.computed).toEqual([
      { alias: 'v', func: 'element_at', field: 'unmapped', args: ['recipientAccountId'] },
      { alias: 'r', func: 'regexp_extract', field: 'api.operation', args: ['^(Get).*$', 1] },
      { alias: 'l', func: 'lower', field: 'api.operation' },
    ]);
  });
});
