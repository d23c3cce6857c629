import { screen, waitFor } from '@testing-library/react';

import { builderQuery, fakeDataSource, PREDICATE } from '../../test/fixtures';
import { withComboboxLayout } from '../../test/layout';
import { SecurityLakeQuery } from '../../types';
import { lastQuery, preview, setup } from './testSetup';

// Opening a Combobox takes 1–3 s in jsdom, and several times that on a loaded 2-core CI machine.
jest.setTimeout(120000);

describe('QueryEditor: builder', () => {
  withComboboxLayout();

  it('makes a new, empty query the default builder query', async () => {
    const { onChange } = setup({ refId: 'A' });
    expect(onChange).toHaveBeenCalledWith({
      refId: 'A',
      mode: 'builder',
      source: 'cloud_trail_mgmt',
      format: 'time_series',
      aggregations: [{ func: 'count' }],
      timeBucket: 'auto',
    });
    await preview();
  });

  it('offers the sources of GET sources with what exists, and sets the chosen one', async () => {
    const { onChange, user } = setup({ ...builderQuery, classUid: 6003 });
    await user.click(screen.getByRole('combobox', { name: 'Source' }));
    expect(await screen.findByRole('option', { name: /AWS WAF logs waf · not found in the lake/ })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: /edr_process \(custom\)/ })).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: /^VPC Flow Logs vpc_flow · version 2/ }));
    expect(onChange).toHaveBeenLastCalledWith({ ...builderQuery, source: 'vpc_flow', classUid: undefined });
  });

  it('lists the classes of the source', async () => {
    const { onChange, user } = setup(builderQuery);
    await user.click(screen.getByRole('combobox', { name: /Class/ }));
    await user.click(await screen.findByRole('option', { name: /Authentication 3002/ }));
    expect(lastQuery(onChange).classUid).toBe(3002);
  });

  it('adds a filter and sets its field', async () => {
    const { onChange, user, rerender } = setup(builderQuery);
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    expect(lastQuery(onChange).filters).toEqual([{ field: '', op: '=' }]);
    rerender({ ...builderQuery, filters: [{ field: '', op: '=' }] });
    await user.click(screen.getByRole('combobox', { name: 'Filter 1 field' }));
    await user.click(await screen.findByRole('option', { name: /^traffic\.bytes/ }));
    expect(lastQuery(onChange).filters).toEqual([{ field: 'traffic.bytes', op: '=' }]);
  });

  it('offers the operators that fit the field type and types the value', async () => {
    const { onChange, user } = setup({ ...builderQuery, filters: [{ field: 'traffic.bytes', op: '=' }] });
    // The field's type is known once GET fields has answered.
    await screen.findByPlaceholderText('integer');
    await user.click(screen.getByRole('combobox', { name: 'Filter 1 operator' }));
    const numberOps = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(numberOps).toEqual(expect.arrayContaining(['<', '>=', 'in']));
    expect(numberOps).not.toContain('contains');
    await user.click(screen.getByRole('option', { name: '>=' }));
    expect(lastQuery(onChange).filters).toEqual([{ field: 'traffic.bytes', op: '>=' }]);
    await user.type(screen.getByLabelText('Filter 1 value'), '1500');
    await user.tab();
    // Typed by the field: a number.
    expect(lastQuery(onChange).filters).toEqual([{ field: 'traffic.bytes', op: '=', value: 1500 }]);
  });

  it('offers the captions of an enum field and sends the id', async () => {
    const { onChange, user } = setup({ ...builderQuery, filters: [{ field: 'severity_id', op: '=' }] });
    // A combobox once the field's enum has loaded.
    await user.click(await screen.findByRole('combobox', { name: 'Filter 1 value' }, { timeout: 5000 }));
    await user.click(await screen.findByRole('option', { name: /^Critical/ }));
    expect(lastQuery(onChange).filters).toEqual([{ field: 'severity_id', op: '=', value: 5 }]);
  });

  it('sets group-by fields and aggregations', async () => {
    const { onChange, user } = setup(builderQuery);
    await user.click(screen.getByRole('combobox', { name: /^Group by/ }));
    await user.click(await screen.findByRole('option', { name: /^actor\.user\.name/ }));
    expect(lastQuery(onChange).groupBy).toEqual(['actor.user.name']);
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('combobox', { name: 'Aggregation 1 function' }));
    await user.click(await screen.findByRole('option', { name: 'count distinct' }));
    expect(lastQuery(onChange).aggregations).toEqual([{ func: 'count_distinct' }]);
    await user.click(screen.getByRole('button', { name: 'Add aggregation' }));
    expect(lastQuery(onChange).aggregations).toEqual([{ func: 'count' }, { func: 'count' }]);
  });

  it('adds a having threshold and sets its comparison and whole-number value', async () => {
    const { onChange, user, rerender } = setup(builderQuery);
    await user.click(screen.getByRole('button', { name: 'Add threshold' }));
    const added = { func: 'count', op: '>', value: 0 } as const;
    expect(lastQuery(onChange).having).toEqual([added]);
    rerender({ ...builderQuery, having: [added] });
    await user.click(screen.getByRole('combobox', { name: 'Threshold 1 comparison' }));
    await user.click(await screen.findByRole('option', { name: '>=' }));
    expect(lastQuery(onChange).having).toEqual([{ ...added, op: '>=' }]);
    await user.clear(screen.getByLabelText('Threshold 1 value'));
    await user.type(screen.getByLabelText('Threshold 1 value'), '25');
    await user.tab();
    expect(lastQuery(onChange).having).toEqual([{ ...added, value: 25 }]);
    await user.click(screen.getByRole('button', { name: 'Remove threshold 1' }));
    expect(lastQuery(onChange).having).toBeUndefined();
  });

  it("shows the backend's SQL for the query, debounced, with variables interpolated", async () => {
    const { ds, postResource } = fakeDataSource({ ip: '10.0.0.7' });
    const q = { ...builderQuery, filters: [{ field: 'src_endpoint.ip', op: '=' as const, value: '$ip' }] };
    const { rerender } = setup(q, ds);
    rerender({ ...q, limit: 10 });
    rerender({ ...q, limit: 20 });
    await waitFor(
      () =>
        expect(screen.getByTestId('seclake-sql-preview')).toHaveTextContent(
          `WHERE ${PREDICATE} AND "src_endpoint.ip" = '10.0.0.7'`
        ),
      { timeout: 5000 }
    );
    await waitFor(() => expect(postResource).toHaveBeenCalledTimes(2), { timeout: 5000 });
    // The first query at once, then only the last of a burst of changes.
    expect(postResource.mock.calls.map(([, body]) => (body as { query: SecurityLakeQuery }).query.limit)).toEqual([
      undefined,
      20,
    ]);
    expect(postResource).toHaveBeenLastCalledWith('sql', {
      from: 1792454400000,
      to: 1792540800000,
      query: expect.objectContaining({
        source: 'cloud_trail_mgmt',
        filters: [{ field: 'src_endpoint.ip', op: '=', value: '10.0.0.7' }],
      }),
    });
  });

  it("shows the backend's message when the query is not valid", async () => {
    const { ds, postResource } = fakeDataSource();
    postResource.mockRejectedValue({
      status: 400,
      data: { error: 'unknown field "nope" for source cloud_trail_mgmt (version 2)' },
    });
    setup({ ...builderQuery, fields: ['nope'] }, ds);
    expect(await screen.findByTestId('seclake-sql-preview-error')).toHaveTextContent('unknown field "nope"');
  });

  it('does not run the query on changes; Run query does', async () => {
    const { onRunQuery, user } = setup(builderQuery);
    await user.click(screen.getByRole('radio', { name: 'Table' }));
    expect(onRunQuery).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Run query' }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    await preview();
  });
});
