import { builderProblems } from '../components/QueryEditor/validation';
import type { FieldInfo } from '../api';
import { SecurityLakeQuery } from '../types';
import { queryFields } from './useBuilderProblems';

const fields: FieldInfo[] = [
  { path: 'api.operation', type: 'varchar', kind: 'scalar', valueType: 'string', group: 'api' },
  { path: 'unmapped', type: 'map(varchar,varchar)', kind: 'nested', valueType: 'nested', group: 'event' },
  {
    path: 'resources',
    type: 'array(row(uid varchar,type varchar))',
    kind: 'nested',
    valueType: 'nested',
    group: 'event',
  },
  { path: 'resources[].uid', type: 'varchar', kind: 'element', valueType: 'string', group: 'event' },
];

describe('queryFields', () => {
  it('lets computed aliases, unnested element fields, sizes and picks pass the field check', () => {
    const query: SecurityLakeQuery = {
      refId: 'A',
      source: 'cloud_trail_mgmt',
      format: 'table',
      unnest: 'resources',
      computed: [{ alias: 'op', func: 'lower', field: 'api.operation' }],
      picks: [{ field: 'resources[].uid', alias: 'first_uid' }],
      fields: ['op', 'resources[].uid', 'size(resources)', 'first_uid'],
    };
    expect(builderProblems(query, { fields })).toContainEqual(expect.objectContaining({ control: 'fields' }));
    expect(builderProblems(query, { fields: queryFields(fields, query) })).toEqual([]);
  });
});
