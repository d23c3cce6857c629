import { screen, waitFor } from '@testing-library/react';

import { FieldInfo } from '../../api';
import { builderQuery } from '../../test/fixtures';
import { withComboboxLayout } from '../../test/layout';
import { commonFields, SOURCE_FIELD } from './MultiSourceRows';
import { lastQuery, setup } from './testSetup';

// Opening a Combobox takes 1–3 s in jsdom, and several times that on a loaded 2-core CI machine.
jest.setTimeout(120000);

const f = (path: string, type: string, kind: FieldInfo['kind'] = 'scalar'): FieldInfo => ({
  path,
  type,
  kind,
  valueType: type === 'varchar' ? 'string' : 'integer',
  group: path.split('.')[0],
});

describe('commonFields', () => {
  it('keeps the scalar fields every source has with the same type, and adds the source column', () => {
    const first = [
      f('src_endpoint.ip', 'varchar'),
      f('src_endpoint.port', 'integer'),
      f('api', 'row', 'nested'),
      f('a', 'varchar'),
    ];
    const other = [f('src_endpoint.ip', 'varchar'), f('src_endpoint.port', 'bigint'), f('api', 'row', 'nested')];
    expect(commonFields(first, [other]).map((x) => x.path)).toEqual([SOURCE_FIELD.path, 'src_endpoint.ip']);
  });

  it('returns the fields as they are for one source', () => {
    const first = [f('api', 'row', 'nested')];
    expect(commonFields(first, [])).toBe(first);
  });
});

describe('MultiSourceRows in the builder', () => {
  withComboboxLayout();

  it('adds a further source', async () => {
    const { onChange, user } = setup({ ...builderQuery });
    await user.click(screen.getByRole('combobox', { name: /^Also from/ }));
    await user.click(await screen.findByRole('option', { name: /^VPC Flow Logs vpc_flow · version 2/ }));
    await waitFor(() => expect(lastQuery(onChange).sources).toEqual(['vpc_flow']));
  });

  it('offers the source column to group by in a union', async () => {
    const { user } = setup({ ...builderQuery, sources: ['vpc_flow'] });
    await user.click(screen.getByRole('combobox', { name: /^Group by/ }));
    expect(await screen.findByRole('option', { name: /^source/ })).toBeInTheDocument();
  });

  it('starts an "exists in" join and shows its field pickers', async () => {
    const { onChange, user, rerender } = setup({ ...builderQuery });
    await user.click(screen.getByRole('combobox', { name: /^Match in/ }));
    await user.click(await screen.findByRole('option', { name: /^exists in/ }));
    const q = lastQuery(onChange);
    expect(q.join).toEqual({ field: '', source: '', kind: 'semi' });
    rerender(q);
    expect(screen.getByRole('combobox', { name: /^Other source/ })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /^Other field/ })).toBeInTheDocument();
  });
});
