import { createDataFrame, DataQueryRequest, dateTime, FieldType } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { lastValueFrom, of } from 'rxjs';

import { fakeDataSource } from './test/fixtures';
import { SecurityLakeVariableQuery } from './types';
import { migrateVariableQuery, SecurityLakeVariableSupport, toValueTextFrame } from './variables';

const range = { from: dateTime(1792454400000), to: dateTime(1792540800000), raw: { from: 'now-1d', to: 'now' } };
const request = (target: SecurityLakeVariableQuery) =>
  ({
    targets: [target],
    range,
    scopedVars: {},
    interval: '1m',
    intervalMs: 60000,
    requestId: 'v',
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  }) as unknown as DataQueryRequest<SecurityLakeVariableQuery>;

const textsAndValues = (frame: ReturnType<typeof toValueTextFrame>) => ({
  text: frame.fields.find((f) => f.name === 'text')?.values,
  value: frame.fields.find((f) => f.name === 'value')?.values,
});

describe('variable queries', () => {
  it('resolves a values kind through GET values with the range, source and limit', async () => {
    const { ds, getResource } = fakeDataSource({ src: 'sh_findings' });
    const support = ds.variables as SecurityLakeVariableSupport;
    const res = await lastValueFrom(
      support.query(request({ refId: 'V', queryType: 'severities', source: '$src', limit: 5 }))
    );
    expect(getResource).toHaveBeenCalledWith('values', {
      kind: 'severities',
      source: 'sh_findings',
      from: 1792454400000,
      to: 1792540800000,
      limit: 5,
    });
    expect(textsAndValues(res.data[0])).toEqual({ text: ['Informational', 'Critical'], value: ['1', '5'] });
  });

  it('runs a builder or SQL query and takes the first column as value, the second as text', async () => {
    const { ds } = fakeDataSource();
    const fetch = jest.fn().mockReturnValue(
      of({
        status: 200,
        ok: true,
        data: {
          results: {
            V: {
              status: 200,
              frames: [
                {
                  schema: {
                    refId: 'V',
                    fields: [
                      { name: 'severity_id', type: 'number' },
                      { name: 'severity', type: 'string' },
                    ],
                  },
                  data: {
                    values: [
                      [4, 5, null],
                      ['High', 'Critical', 'x'],
                    ],
                  },
                },
              ],
            },
          },
        },
      })
    );
    setBackendSrv({ fetch } as never);
    const support = ds.variables as SecurityLakeVariableSupport;
    const res = await lastValueFrom(
      support.query(
        request({
          refId: 'V',
          queryType: 'query',
          mode: 'sql',
          rawSql: 'SELECT severity_id, severity FROM t',
          format: 'time_series',
        })
      )
    );
    expect(textsAndValues(res.data[0])).toEqual({ text: ['High', 'Critical'], value: ['4', '5'] });
    const sent = fetch.mock.calls[0][0].data.queries[0];
    expect(sent).toMatchObject({
      refId: 'V',
      mode: 'sql',
      format: 'table',
      rawSql: 'SELECT severity_id, severity FROM t',
    });
    expect(sent.queryType).toBeUndefined();
  });
});

describe('toValueTextFrame', () => {
  it('prefers columns named value and text', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'text', type: FieldType.string, values: ['Prod', 'Dev'] },
        { name: 'value', type: FieldType.string, values: ['111122223333', '444455556666'] },
      ],
    });
    expect(textsAndValues(toValueTextFrame(frame))).toEqual({
      text: ['Prod', 'Dev'],
      value: ['111122223333', '444455556666'],
    });
  });

  it("does not take the builder's count as the text: a second column is the text only when it holds text", () => {
    // The Query kind's values query groups by a field; the builder adds count(*) after it.
    const grouped = createDataFrame({
      fields: [
        { name: 'api.operation', type: FieldType.string, values: ['ConsoleLogin', 'AssumeRole'] },
        { name: 'count', type: FieldType.number, values: [19, 14] },
      ],
    });
    expect(textsAndValues(toValueTextFrame(grouped))).toEqual({
      text: ['ConsoleLogin', 'AssumeRole'],
      value: ['ConsoleLogin', 'AssumeRole'],
    });
  });

  it('uses the value as text when there is one column, and survives an empty frame', () => {
    const one = createDataFrame({ fields: [{ name: 'accountid', type: FieldType.string, values: ['1', '2'] }] });
    expect(textsAndValues(toValueTextFrame(one))).toEqual({ text: ['1', '2'], value: ['1', '2'] });
    expect(toValueTextFrame(createDataFrame({ fields: [] })).length).toBe(0);
  });
});

describe('migrateVariableQuery', () => {
  it('reads a plain SQL string, and a query without a type', () => {
    expect(migrateVariableQuery('SELECT DISTINCT accountid FROM t')).toEqual({
      refId: 'SecurityLakeVariable',
      queryType: 'query',
      mode: 'sql',
      format: 'table',
      rawSql: 'SELECT DISTINCT accountid FROM t',
    });
    expect(migrateVariableQuery({ refId: 'A' }).queryType).toBe('accounts');
    expect(migrateVariableQuery({ refId: 'A', rawSql: 'SELECT 1' }).queryType).toBe('query');
  });
});
