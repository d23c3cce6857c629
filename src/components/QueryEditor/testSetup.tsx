// Shared by the QueryEditor tests: the editor with a fake resource transport.
import React from 'react';
import { dateTime, PanelData, TimeRange } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DataSource } from '../../datasource';
import { fakeDataSource } from '../../test/fixtures';
import { SecurityLakeQuery } from '../../types';
import { QueryEditor } from './QueryEditor';

export const range: TimeRange = {
  from: dateTime(1792454400000),
  to: dateTime(1792540800000),
  raw: { from: 'now-1d', to: 'now' },
};

export function setup(query: SecurityLakeQuery, ds: DataSource = fakeDataSource().ds, data?: PanelData) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const editor = (q: SecurityLakeQuery) => (
    <QueryEditor datasource={ds} query={q} onChange={onChange} onRunQuery={onRunQuery} range={range} data={data} />
  );
  const utils = render(editor(query));
  return {
    onChange,
    onRunQuery,
    user: userEvent.setup({ delay: null }),
    rerender: (q: SecurityLakeQuery) => utils.rerender(editor(q)),
  };
}

export const lastQuery = (fn: jest.Mock): SecurityLakeQuery => fn.mock.calls[fn.mock.calls.length - 1][0];
export const preview = () => screen.findByTestId('seclake-sql-preview');
