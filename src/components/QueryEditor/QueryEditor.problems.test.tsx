import { screen, waitFor } from '@testing-library/react';

import { builderQuery } from '../../test/fixtures';
import { withComboboxLayout } from '../../test/layout';
import { setup } from './testSetup';

jest.setTimeout(120000);

describe('QueryEditor: problems per control', () => {
  withComboboxLayout();

  it('says "Choose a field" on an empty filter and disables Run with the reason', async () => {
    const { onRunQuery } = setup({
      ...builderQuery,
      format: 'table',
      filters: [{ field: '', op: '=' }],
      aggregations: [{ func: 'sum' }],
    });
    expect(await screen.findByTestId('seclake-problem-filter-0-field')).toHaveTextContent('Choose a field');
    expect(screen.getByTestId('seclake-problem-agg-0-field')).toHaveTextContent('Choose a field');
    expect(screen.getByRole('button', { name: /Run query/ })).toBeDisabled();
    expect(screen.getByTestId('seclake-run-blocked')).toHaveAttribute(
      'aria-label',
      'Not ready to run: Choose a field (and 1 more problem)'
    );
    expect(screen.getByTestId('seclake-sql-preview-incomplete')).toHaveTextContent('2 controls above need attention');
    expect(screen.queryByText(/unknown field/)).not.toBeInTheDocument();
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('enables Run for a complete query', async () => {
    setup({ ...builderQuery, format: 'table' });
    await waitFor(() => expect(screen.getByRole('button', { name: /Run query/ })).toBeEnabled());
    expect(screen.queryByTestId('seclake-run-blocked')).not.toBeInTheDocument();
  });
});
