import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { fakeDataSource } from '../test/fixtures';
import { withComboboxLayout } from '../test/layout';
import { SecurityLakeVariableQuery } from '../types';
import { valuesQuery, VariableQueryEditor } from './VariableQueryEditor';

function setup(query: SecurityLakeVariableQuery | string) {
  const onChange = jest.fn();
  const { ds } = fakeDataSource();
  render(
    <VariableQueryEditor
      datasource={ds}
      query={query as SecurityLakeVariableQuery}
      onChange={onChange}
      onRunQuery={() => {}}
    />
  );
  return { onChange, user: userEvent.setup() };
}

const last = (fn: jest.Mock): SecurityLakeVariableQuery => fn.mock.calls[fn.mock.calls.length - 1][0];

jest.setTimeout(120000);

describe('VariableQueryEditor', () => {
  withComboboxLayout();

  it('starts with accounts and switches between the value kinds', async () => {
    const { onChange, user } = setup({ refId: 'V' });
    expect(screen.getByRole('radio', { name: 'Accounts' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Severities' }));
    expect(last(onChange)).toEqual({ refId: 'V', queryType: 'severities' });
    await screen.findByRole('combobox', { name: 'From source' });
  });

  it('takes the source and a bounded limit of a values kind', async () => {
    const { onChange, user } = setup({ refId: 'V', queryType: 'regions' });
    await user.click(screen.getByRole('combobox', { name: 'From source' }));
    await user.click(await screen.findByRole('option', { name: /^VPC Flow Logs/ }));
    expect(last(onChange)).toEqual({ refId: 'V', queryType: 'regions', source: 'vpc_flow' });
    await user.type(screen.getByLabelText(/^Limit/), '5000');
    await user.tab();
    expect(last(onChange)).toEqual({ refId: 'V', queryType: 'regions', limit: 1000 });
  });

  it('edits a query variable with the query editor, keeping its type', async () => {
    const { onChange, user } = setup({
      refId: 'V',
      queryType: 'query',
      mode: 'sql',
      format: 'table',
      rawSql: 'SELECT DISTINCT accountid FROM t',
    });
    expect(await screen.findByRole('textbox', { name: 'Code editor' })).toHaveValue('SELECT DISTINCT accountid FROM t');
    expect(screen.getByText(/The first column is the value/)).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Time series' }));
    expect(last(onChange)).toMatchObject({ queryType: 'query', format: 'time_series' });
  });

  it('reads a variable saved as plain SQL', async () => {
    setup('SELECT 1');
    expect(screen.getByRole('radio', { name: 'Query' })).toBeChecked();
    expect(await screen.findByRole('textbox', { name: 'Code editor' })).toHaveValue('SELECT 1');
  });

  it('starts the Query kind from a values query, keeping the source and limit', () => {
    expect(valuesQuery({ refId: 'V', queryType: 'accounts', source: 'vpc_flow', limit: 50 })).toEqual({
      refId: 'V',
      queryType: 'query',
      mode: 'builder',
      source: 'vpc_flow',
      format: 'table',
      groupBy: ['api.operation'],
      limit: 50,
    });
  });
});
