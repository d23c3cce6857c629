import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DataSource } from '../datasource';
import { SecurityLakeQuery } from '../types';
import { QueryEditor } from './QueryEditor';

function setup(query: SecurityLakeQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const editor = (q: SecurityLakeQuery) => (
    <QueryEditor datasource={{} as unknown as DataSource} query={q} onChange={onChange} onRunQuery={onRunQuery} />
  );
  const { rerender } = render(editor(query));
  return { onChange, onRunQuery, user: userEvent.setup(), rerender: (q: SecurityLakeQuery) => rerender(editor(q)) };
}

const builderQuery: SecurityLakeQuery = {
  refId: 'A',
  mode: 'builder',
  source: 'cloud_trail_mgmt',
  format: 'time_series',
};

// Opening a Combobox takes 1–3 s in jsdom; more on a loaded CI machine.
jest.setTimeout(30000);

describe('QueryEditor', () => {
  // The Combobox menu is virtualised (@tanstack/react-virtual reads the list's
  // clientHeight): without a layout size, jsdom would render no options.
  const sizes = ['clientHeight', 'clientWidth'] as const;
  const real = sizes.map((p) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, p));
  beforeAll(() => {
    sizes.forEach((p) => Object.defineProperty(HTMLElement.prototype, p, { configurable: true, get: () => 300 }));
  });
  afterAll(() => {
    sizes.forEach((p, i) => real[i] && Object.defineProperty(HTMLElement.prototype, p, real[i]!));
  });

  it('switches to SQL mode', async () => {
    const { onChange, onRunQuery, user } = setup(builderQuery);
    await user.click(screen.getByRole('radio', { name: 'SQL' }));
    expect(onChange).toHaveBeenCalledWith({ ...builderQuery, mode: 'sql' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('sets the source chosen from the list', async () => {
    const { onChange, user } = setup(builderQuery);
    await user.click(screen.getByRole('combobox', { name: 'Source' }));
    await user.click(await screen.findByRole('option', { name: /VPC Flow Logs/ }));
    expect(onChange).toHaveBeenCalledWith({ ...builderQuery, source: 'vpc_flow' });
  });

  it('sends the SQL when the text area loses focus', async () => {
    const { onChange, user } = setup({ refId: 'A', mode: 'sql' });
    expect(screen.queryByRole('combobox', { name: 'Source' })).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'SQL' }), 'SELECT 1');
    expect(onChange).not.toHaveBeenCalled();
    await user.tab();
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', mode: 'sql', rawSql: 'SELECT 1' });
  });

  it('shows SQL that changes from outside the editor', () => {
    const { rerender } = setup({ refId: 'A', mode: 'sql', rawSql: 'SELECT 1' });
    expect(screen.getByRole('textbox', { name: 'SQL' })).toHaveValue('SELECT 1');
    rerender({ refId: 'A', mode: 'sql', rawSql: 'SELECT 2' });
    expect(screen.getByRole('textbox', { name: 'SQL' })).toHaveValue('SELECT 2');
  });
});
