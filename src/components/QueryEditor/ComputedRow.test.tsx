import { screen } from '@testing-library/react';

import { builderQuery, fakeDataSource } from '../../test/fixtures';
import { withComboboxLayout } from '../../test/layout';
import { SecurityLakeQuery } from '../../types';
import { lastQuery, preview, setup } from './testSetup';

// Opening a Combobox takes 1–3 s in jsdom, and several times that on a loaded 2-core CI machine.
jest.setTimeout(120000);

const table: SecurityLakeQuery = { ...builderQuery, format: 'table', timeBucket: undefined };

describe('QueryEditor: computed columns', () => {
  withComboboxLayout();

  it('adds a computed column, sets its function, field and argument', async () => {
    const { onChange, user, rerender } = setup(table);
    await user.click(screen.getByRole('button', { name: 'Add computed column' }));
    expect(lastQuery(onChange).computed).toEqual([{ alias: 'col1', func: 'lower', field: '' }]);

    rerender({ ...table, computed: [{ alias: 'col1', func: 'lower', field: '' }] });
    await user.click(screen.getByRole('combobox', { name: 'Computed column 1 function' }));
    await user.click(await screen.findByRole('option', { name: /^JSON value/ }));
    expect(lastQuery(onChange).computed).toEqual([{ alias: 'col1', func: 'json_extract_scalar', field: '' }]);

    rerender({ ...table, computed: [{ alias: 'col1', func: 'json_extract_scalar', field: '' }] });
    await user.click(screen.getByRole('combobox', { name: 'Computed column 1 field' }));
    // Text fields only: a JSON path applies to text holding JSON.
    expect(screen.queryByRole('option', { name: /^traffic\.bytes/ })).not.toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: /^api\.operation/ }));
    expect(lastQuery(onChange).computed).toEqual([
      { alias: 'col1', func: 'json_extract_scalar', field: 'api.operation' },
    ]);

    rerender({ ...table, computed: [{ alias: 'col1', func: 'json_extract_scalar', field: 'api.operation' }] });
    await user.type(screen.getByLabelText('Computed column 1 $.path'), '$.userName');
    await user.tab();
    const withPath = {
      alias: 'col1',
      func: 'json_extract_scalar' as const,
      field: 'api.operation',
      args: ['$.userName'],
    };
    expect(lastQuery(onChange).computed).toEqual([withPath]);

    rerender({ ...table, computed: [withPath] });
    await user.clear(screen.getByLabelText('Computed column 1 name'));
    await user.type(screen.getByLabelText('Computed column 1 name'), 'user');
    await user.tab();
    expect(lastQuery(onChange).computed).toEqual([
      { alias: 'user', func: 'json_extract_scalar', field: 'api.operation', args: ['$.userName'] },
    ]);
    await preview();
  });

  it('offers the alias in the other pickers, typed by the function', async () => {
    const { onChange, user } = setup({
      ...table,
      computed: [{ alias: 'dom', func: 'domain', field: 'src_endpoint.ip' }],
      filters: [{ field: 'dom', op: '=' }],
    });
    // A text column: the text operators apply.
    await user.click(await screen.findByRole('combobox', { name: 'Filter 1 operator' }));
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toContain('contains');
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('combobox', { name: /^Group by/ }));
    await user.click(await screen.findByRole('option', { name: /^dom varchar/ }));
    expect(lastQuery(onChange).groupBy).toEqual(['dom']);
  });

  it('drops an empty optional argument and removes the column', async () => {
    const computed = [{ alias: 'r', func: 'regexp_extract' as const, field: 'api.operation', args: ['^(Get)', '1'] }];
    const { onChange, user } = setup({ ...table, computed });
    await user.clear(screen.getByLabelText('Computed column 1 group (0 = whole match)'));
    await user.tab();
    expect(lastQuery(onChange).computed).toEqual([{ ...computed[0], args: ['^(Get)'] }]);
    await user.click(screen.getByRole('button', { name: 'Remove computed column 1' }));
    expect(lastQuery(onChange).computed).toBeUndefined();
  });

  it('sends the computed columns to the SQL preview', async () => {
    const { ds, postResource } = fakeDataSource();
    const computed = [{ alias: 'dom', func: 'domain' as const, field: 'src_endpoint.ip' }];
    setup({ ...table, computed, groupBy: ['dom'] }, ds);
    await preview();
    expect(postResource).toHaveBeenCalledWith(
      'sql',
      expect.objectContaining({ query: expect.objectContaining({ computed }) })
    );
  });
});
