import { act, screen, waitFor, within } from '@testing-library/react';
import { LoadingState, PanelData } from '@grafana/data';

// The module jest.config.js maps monaco-editor to, so the same instance.
import { registeredProviders } from '../../test/monacoStub';
import { builderQuery, fakeDataSource } from '../../test/fixtures';
import { withComboboxLayout } from '../../test/layout';
import { SecurityLakeQuery } from '../../types';
import { lastQuery, preview, range, setup } from './testSetup';

// Opening a Combobox takes 1–3 s in jsdom, and several times that on a loaded 2-core CI machine.
jest.setTimeout(120000);

describe('QueryEditor: SQL', () => {
  withComboboxLayout();

  it("carries the builder's SQL over, with the partition predicate as a macro", async () => {
    const { onChange, user } = setup({
      ...builderQuery,
      source: 'vpc_flow',
      filters: [{ field: 'src_endpoint.ip', op: '=', value: '10.0.0.7' }],
    });
    await preview();
    await user.click(screen.getByRole('radio', { name: 'SQL' }));
    await waitFor(() => expect(lastQuery(onChange).mode).toBe('sql'), { timeout: 5000 });
    expect(lastQuery(onChange).rawSql).toBe(
      `SELECT count(*) AS "count"\nFROM $__table(vpc_flow)\nWHERE $__partitionFilter\n  AND "src_endpoint.ip" = '10.0.0.7'\nGROUP BY 1`
    );
  });

  it('asks before replacing SQL the user wrote', async () => {
    const { onChange, user } = setup({ ...builderQuery, rawSql: 'SELECT 42' });
    await preview();
    await user.click(screen.getByRole('radio', { name: 'SQL' }));
    await user.click(await screen.findByRole('button', { name: 'Keep my SQL' }));
    expect(lastQuery(onChange)).toMatchObject({ mode: 'sql', rawSql: 'SELECT 42' });
  });

  it('edits SQL in the SQL editor: sent on blur, run with Ctrl+Enter', async () => {
    const q: SecurityLakeQuery = { refId: 'A', mode: 'sql', format: 'table', rawSql: 'SELECT 1' };
    const { onChange, onRunQuery, user } = setup(q);
    const sql = await screen.findByRole('textbox', { name: 'Code editor' });
    expect(sql).toHaveValue('SELECT 1');
    expect(screen.queryByRole('combobox', { name: 'Source' })).not.toBeInTheDocument();
    await user.clear(sql);
    await user.type(sql, 'SELECT 2');
    expect(onChange).not.toHaveBeenCalled();
    await user.click(screen.getByRole('radio', { name: 'Table' }));
    expect(onChange).toHaveBeenCalledWith({ ...q, rawSql: 'SELECT 2' });
    await user.type(sql, '{Control>}{Enter}{/Control}');
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows SQL that changes from outside the editor (history, inspector)', async () => {
    const { rerender } = setup({ refId: 'A', mode: 'sql', rawSql: 'SELECT 1' });
    expect(await screen.findByRole('textbox', { name: 'Code editor' })).toHaveValue('SELECT 1');
    rerender({ refId: 'A', mode: 'sql', rawSql: 'SELECT 2' });
    expect(screen.getByRole('textbox', { name: 'Code editor' })).toHaveValue('SELECT 2');
  });

  it("completes the backend's macros, lake tables and the fields of the source the SQL reads", async () => {
    const before = registeredProviders.length;
    const { ds, getResource } = fakeDataSource();
    setup(
      { refId: 'A', mode: 'sql', rawSql: 'SELECT api.operation FROM $__table(vpc_flow) WHERE $__partitionFilter' },
      ds
    );
    await screen.findByRole('textbox', { name: 'Code editor' });
    await waitFor(() => expect(registeredProviders.length).toBeGreaterThan(before));
    const provider = registeredProviders[registeredProviders.length - 1].provider as {
      customSuggestionKinds: () => Array<{
        id: string;
        suggestionsResolver: (ctx?: unknown) => Promise<Array<{ label: string; insertText: string }>>;
      }>;
      tables: { resolve: () => Promise<Array<{ name: string }>> };
    };
    const kinds = Object.fromEntries(provider.customSuggestionKinds().map((k) => [k.id, k.suggestionsResolver]));
    const macros = await kinds['seclake-macros']();
    expect(macros.map((m) => m.label)).toEqual([
      '$__partitionFilter',
      '$__timeFilter',
      '$__timeFrom',
      '$__interval',
      '$__table',
    ]);
    const fields = await kinds['seclake-fields']();
    expect(fields.map((f) => f.label)).toContain('api.operation');
    expect(getResource).toHaveBeenCalledWith('fields', { source: 'vpc_flow' });
    const tables = await kinds['seclake-source-tables']();
    expect(tables.map((t) => t.label)).toContain('$__table(cloud_trail_mgmt@1)');
    expect((await provider.tables.resolve()).map((t) => t.name)).toContain(
      'amazon_security_lake_table_us_east_1_vpc_flow_2_0'
    );
  });
});

describe('QueryEditor: after a run', () => {
  it('shows data scanned, estimated cost and engine time from the frame meta', async () => {
    const data = {
      state: LoadingState.Done,
      timeRange: range,
      series: [
        {
          refId: 'A',
          length: 1,
          fields: [],
          meta: {
            custom: {
              queryId: 'q-1',
              dataScannedBytes: 3200000000,
              estimatedCostUsd: 0.016,
              engineTimeMs: 1234,
              reusedResult: false,
            },
          },
        },
      ],
    } as unknown as PanelData;
    setup(builderQuery, fakeDataSource().ds, data);
    const cost = await screen.findByTestId('seclake-query-cost');
    expect(cost).toHaveTextContent('Data scanned 3.2 GB · estimated cost $0.0160 · engine time 1.23 s');
    expect(within(cost).queryByText(/reused/)).not.toBeInTheDocument();
    await act(async () => {});
  });
});
