import { isArray, sizeField, withArrayFields } from './arrays';
import { operatorsFor } from './ocsf';
import { FIELDS } from './test/fixtures';
import { FieldInfo } from './api';

const f = (path: string, type: string, kind: FieldInfo['kind'], valueType: FieldInfo['valueType']): FieldInfo => ({
  path,
  type,
  kind,
  valueType,
  group: path.split(/[.[]/)[0],
});

const VULNS: FieldInfo[] = [
  f('vulnerabilities', 'array(row)', 'nested', 'nested'),
  f('vulnerabilities[].cve.uid', 'varchar', 'element', 'string'),
  f('vulnerabilities[].cve.cvss', 'array(row)', 'element', 'nested'),
  f('vulnerabilities[].cve.cvss[].base_score', 'decimal(3,1)', 'element', 'float'),
  f('finding_info.types', 'array(varchar)', 'nested', 'nested'),
];

const paths = (fields: FieldInfo[]) => fields.map((x) => `${x.path}:${x.kind}`);

describe('withArrayFields', () => {
  it('adds size() of top-level arrays and keeps element fields elements without unnest', () => {
    const out = withArrayFields(FIELDS);
    expect(paths(out)).toContain('size(resources):scalar');
    expect(paths(out)).toContain('resources[].uid:element');
    expect(out.find((x) => x.path === sizeField('resources'))?.valueType).toBe('integer');
  });

  it('makes the unnested array’s element fields plain values, nested levels included', () => {
    const out = paths(withArrayFields(VULNS, 'vulnerabilities[].cve.cvss'));
    expect(out).toEqual(
      expect.arrayContaining([
        'vulnerabilities[].cve.uid:scalar',
        'vulnerabilities[].cve.cvss[].base_score:scalar',
        'size(vulnerabilities[].cve.cvss):scalar',
      ])
    );
  });

  it('keeps the elements of a deeper array elements, and offers the element of an array of scalars', () => {
    const out = paths(withArrayFields(VULNS, 'vulnerabilities'));
    expect(out).toContain('vulnerabilities[].cve.uid:scalar');
    expect(out).toContain('vulnerabilities[].cve.cvss[].base_score:element');
    expect(paths(withArrayFields(VULNS, 'finding_info.types'))).toContain('finding_info.types[]:scalar');
  });

  it('lists arrays for "Each element of"', () => {
    expect(VULNS.filter(isArray).map((x) => x.path)).toEqual([
      'vulnerabilities',
      'vulnerabilities[].cve.cvss',
      'finding_info.types',
    ]);
  });
});

describe('operatorsFor arrays', () => {
  it('offers every comparison on element fields (any element matches) and empty on arrays', () => {
    expect(operatorsFor(VULNS[3])).toEqual(expect.arrayContaining(['any', '>=', '<', 'is-null']));
    expect(operatorsFor(VULNS[1])).toEqual(expect.arrayContaining(['any', 'contains', 'regex']));
    expect(operatorsFor(VULNS[0])).toEqual(expect.arrayContaining(['empty', 'not-empty']));
    expect(operatorsFor(VULNS[2])).toEqual(['any']);
  });
});
