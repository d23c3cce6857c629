import { screen } from '@testing-library/react';

import { builderQuery } from '../../test/fixtures';
import { withComboboxLayout } from '../../test/layout';
import { lastQuery, setup } from './testSetup';

// Opening a Combobox takes 1–3 s in jsdom.
jest.setTimeout(120000);

describe('QueryEditor: one row per array element', () => {
  withComboboxLayout();

  it('offers the array fields in "Each element of" and sets unnest', async () => {
    const { onChange, user } = setup({ ...builderQuery, format: 'table' });
    await user.click(screen.getByRole('combobox', { name: /Each element of/ }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options.some((o) => o?.startsWith('resources'))).toBe(true);
    expect(options.some((o) => o?.startsWith('api.operation'))).toBe(false);
    await user.click(screen.getByRole('option', { name: /^resources/ }));
    expect(lastQuery(onChange).unnest).toBe('resources');
  });

  it('offers the unnested element fields and size() in group by', async () => {
    const { user } = setup({ ...builderQuery, format: 'table', unnest: 'resources' });
    await user.click(screen.getByRole('combobox', { name: /^Group by/ }));
    expect(await screen.findByRole('option', { name: /^resources\[\]\.uid/ })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: /^size\(resources\)/ })).toBeInTheDocument();
  });
});

describe('QueryEditor: element columns', () => {
  withComboboxLayout();

  it('adds an element column and sets its element field', async () => {
    const { onChange, user, rerender } = setup({ ...builderQuery, format: 'table' });
    await user.click(screen.getByRole('button', { name: 'Add element column' }));
    expect(lastQuery(onChange).picks).toEqual([{ field: '', alias: 'element_1' }]);
    rerender({ ...builderQuery, format: 'table', picks: [{ field: '', alias: 'element_1' }] });
    await user.click(screen.getByRole('combobox', { name: 'Element column 1 field' }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options.every((o) => o?.startsWith('resources[]'))).toBe(true);
    await user.click(screen.getByRole('option', { name: /^resources\[\]\.uid/ }));
    expect(lastQuery(onChange).picks).toEqual([{ field: 'resources[].uid', alias: 'element_1' }]);
  });
});
