import { DataQueryRequest, DataQueryResponse, LoadingState, PanelData } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import { screen } from '@testing-library/react';
import { Observable } from 'rxjs';

import { fakeDataSource } from '../../test/fixtures';
import { SecurityLakeQuery } from '../../types';
import { range, setup } from './testSetup';

const query: SecurityLakeQuery = { refId: 'A', mode: 'sql', rawSql: 'SELECT 1' };
const loading = { state: LoadingState.Loading, series: [], timeRange: range } as PanelData;

describe('Run and Stop', () => {
  it('while a query runs, Run is disabled and Stop cancels it', async () => {
    const { ds } = fakeDataSource();
    const cancel = jest.spyOn(ds, 'cancel').mockReturnValue(true);
    const { onRunQuery, user } = setup(query, ds, loading);
    expect(screen.getByTestId('seclake-run')).toBeDisabled();
    expect(screen.getByTestId('seclake-run')).toHaveTextContent('Running…');
    await user.click(screen.getByTestId('seclake-run'));
    expect(onRunQuery).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('seclake-stop'));
    expect(cancel).toHaveBeenCalledWith('A');
  });

  it('when idle, Run runs and Stop is disabled', async () => {
    const { onRunQuery, user } = setup(query, fakeDataSource().ds, { ...loading, state: LoadingState.Done });
    expect(screen.getByTestId('seclake-stop')).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Run query' }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});

describe('DataSource.cancel', () => {
  afterEach(() => jest.restoreAllMocks());

  it('unsubscribes from the running request and ends the panel with an empty, done response', () => {
    const teardown = jest.fn();
    jest
      .spyOn(DataSourceWithBackend.prototype, 'query')
      .mockReturnValue(new Observable<DataQueryResponse>(() => teardown));
    const { ds } = fakeDataSource();
    const got: DataQueryResponse[] = [];
    let completed = false;
    ds.query({ requestId: 'Q1', targets: [query] } as DataQueryRequest<SecurityLakeQuery>).subscribe({
      next: (r) => got.push(r),
      complete: () => (completed = true),
    });
    expect(ds.cancel('B')).toBe(false);
    expect(ds.cancel('A')).toBe(true);
    expect(teardown).toHaveBeenCalled();
    expect(got).toEqual([{ data: [], state: LoadingState.Done, key: 'Q1' }]);
    expect(completed).toBe(true);
    // Nothing runs any more.
    expect(ds.cancel('A')).toBe(false);
  });

  it('forgets a request that finished on its own', () => {
    jest.spyOn(DataSourceWithBackend.prototype, 'query').mockReturnValue(
      new Observable<DataQueryResponse>((s) => {
        s.next({ data: [] });
        s.complete();
      })
    );
    const { ds } = fakeDataSource();
    ds.query({ requestId: 'Q2', targets: [query] } as DataQueryRequest<SecurityLakeQuery>).subscribe();
    expect(ds.cancel('A')).toBe(false);
  });
});
