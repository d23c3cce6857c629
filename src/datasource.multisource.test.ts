import { fakeDataSource } from './test/fixtures';

describe('applyTemplateVariables: several sources and joins', () => {
  it('expands a multi-value variable into one source each and interpolates the join', () => {
    const { ds } = fakeDataSource({ more: ['route53', 'waf'], other: 'cloud_trail_mgmt', user: ['alice', 'bob'] });
    const q = ds.applyTemplateVariables(
      {
        refId: 'A',
        source: 'vpc_flow',
        sources: ['$more', 's3_data'],
        join: {
          field: 'actor.user.name',
          source: '$other',
          filters: [{ field: 'actor.user.name', op: '=', value: '$user' }],
        },
      },
      {}
    );
    expect(q.sources).toEqual(['route53', 'waf', 's3_data']);
    expect(q.join).toEqual({
      field: 'actor.user.name',
      source: 'cloud_trail_mgmt',
      filters: [{ field: 'actor.user.name', op: 'in', values: ['alice', 'bob'] }],
    });
  });

  it('leaves a query without sources or join as it was', () => {
    const { ds } = fakeDataSource();
    const q = ds.applyTemplateVariables({ refId: 'A', source: 'vpc_flow' }, {});
    expect(q.sources).toBeUndefined();
    expect(q.join).toBeUndefined();
  });
});
