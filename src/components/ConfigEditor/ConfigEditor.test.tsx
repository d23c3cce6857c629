import React from 'react';
import {
  DataSourceInstanceSettings,
  DataSourcePluginContextProvider,
  DataSourceSettings,
  EventBusSrv,
} from '@grafana/data';
import { setAppEvents, setBackendSrv } from '@grafana/runtime';
import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { of, throwError } from 'rxjs';

import { LAKE } from '../../test/fixtures';
import { withComboboxLayout } from '../../test/layout';
import { SecurityLakeOptions, SecurityLakeSecureJsonData } from '../../types';
import { ConfigEditor } from './ConfigEditor';

type Options = DataSourceSettings<SecurityLakeOptions, SecurityLakeSecureJsonData>;

const options = {
  id: 1,
  uid: 'seclake',
  version: 2,
  type: 'seclake-securitylake-datasource',
  name: 'Security Lake',
  jsonData: { authType: 'default', defaultRegion: 'us-east-1' },
  secureJsonFields: {},
} as unknown as Options;

const instanceSettings = {
  ...options,
  meta: { id: options.type, info: { version: '1.0.0' } },
} as unknown as DataSourceInstanceSettings;

const WORKGROUPS = [
  { name: 'primary', description: 'Athena engine version 3' },
  { name: 'security', description: 'Athena engine version 3' },
  { name: 'old', description: 'Athena engine version 2; disabled', disabled: true },
];

/**
 * The resource transport (GET /api/datasources/uid/seclake/resources/<path>)
 * and the save (PUT /api/datasources/uid/seclake, answered with version 3).
 * workgroups may be an Error: the list then fails with its message.
 */
function backend(lake: unknown = LAKE, workgroups: unknown = WORKGROUPS) {
  const fetch = jest.fn((req: { url: string; method?: string; params?: Record<string, string> }) => {
    if (req.method === 'PUT' && req.url === '/api/datasources/uid/seclake') {
      return of({ data: { datasource: { version: 3 } } });
    }
    if (req.url.endsWith('/resources/workgroups')) {
      return workgroups instanceof Error
        ? throwError(() => ({ status: 400, data: { error: workgroups.message } }))
        : of({ data: workgroups });
    }
    if (req.url.endsWith('/resources/catalogs')) {
      return of({ data: [{ name: 'AwsDataCatalog', description: 'glue' }] });
    }
    if (req.url.endsWith('/resources/databases')) {
      return of({ data: [{ name: `db_of_${req.params?.catalog ?? 'default'}` }] });
    }
    if (req.url.endsWith('/resources/lake')) {
      return lake instanceof Error
        ? throwError(() => ({ status: 400, data: { error: lake.message } }))
        : of({ data: lake });
    }
    if (req.url.endsWith('/resources/regions')) {
      return of({ data: ['us-east-1', 'eu-west-1'] });
    }
    return throwError(() => ({ status: 404, data: { error: 'not found' } }));
  });
  setBackendSrv({ fetch } as never);
  return fetch;
}

function setup(opts: Options = options) {
  // ConnectionConfig subscribes to the save-and-test events on Grafana's app event bus.
  setAppEvents(new EventBusSrv());
  const onOptionsChange = jest.fn();
  // @grafana/aws-sdk reports interactions through the plugin context Grafana provides.
  const utils = render(
    <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
      <ConfigEditor options={opts} onOptionsChange={onOptionsChange} />
    </DataSourcePluginContextProvider>
  );
  return { onOptionsChange, user: userEvent.setup(), ...utils };
}

const lastJsonData = (fn: jest.Mock) => fn.mock.calls[fn.mock.calls.length - 1][0].jsonData;

// Rendering the AWS connection settings takes 1–2 s in jsdom, and several times that on a loaded CI machine.
jest.setTimeout(120000);

describe('ConfigEditor', () => {
  withComboboxLayout();
  beforeEach(() => backend());

  it('renders the AWS connection settings and the Security Lake sections', async () => {
    setup();
    expect(screen.getByText('Authentication Provider')).toBeInTheDocument();
    expect(screen.getByText('Default Region')).toBeInTheDocument();
    for (const label of [
      /^Workgroup/,
      /^Output location/,
      /^Catalog/,
      /^Database/,
      /^Row limit/,
      /^Max bytes scanned/,
      /^Query timeout/,
    ]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    await screen.findByText(/lake version 1 and 2/);
  });

  it('writes trimmed text fields, clearing empty ones', async () => {
    const { onOptionsChange } = setup();
    fireEvent.change(screen.getByLabelText(/^Output location/), { target: { value: ' s3://results/ ' } });
    expect(onOptionsChange).toHaveBeenLastCalledWith({
      ...options,
      jsonData: { ...options.jsonData, outputLocation: 's3://results/' },
    });
    fireEvent.change(screen.getByLabelText(/^Output location/), { target: { value: '  ' } });
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, outputLocation: undefined });
    // The STS endpoint sits in the AWS connection section, apart from the (Athena) endpoint.
    fireEvent.change(screen.getByLabelText(/^STS endpoint/), { target: { value: ' https://vpce-1.sts.local ' } });
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, stsEndpoint: 'https://vpce-1.sts.local' });
    await screen.findByText(/lake version 1 and 2/);
  });

  it('writes the lake version and whole-number limits, capped and cleared when invalid', async () => {
    const { onOptionsChange } = setup();
    fireEvent.click(screen.getByRole('radio', { name: '2' }));
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, lakeVersion: '2' });
    const cases: Array<[RegExp, string, string, number | undefined]> = [
      [/^Row limit/, '5000', 'rowLimit', 5000],
      [/^Row limit/, '5000000', 'rowLimit', 1000000],
      [/^Row limit/, '-3', 'rowLimit', undefined],
      [/^Max time range/, '31', 'maxTimeRangeDays', 31],
      [/^Max time range/, '9999', 'maxTimeRangeDays', 3660],
      [/^Max bytes scanned/, '1000000000', 'maxBytesScanned', 1000000000],
      [/^Query timeout/, '120', 'queryTimeoutSeconds', 120],
      [/^Max in-flight queries/, '8', 'maxInFlightQueries', 8],
      [/^Max in-flight queries/, '5000', 'maxInFlightQueries', 1000],
      [/^Result cache/, '0', 'resultCacheSeconds', 0],
      [/^Result cache/, '120', 'resultCacheSeconds', 120],
      [/^Result cache/, '9999', 'resultCacheSeconds', 3600],
    ];
    for (const [label, value, key, want] of cases) {
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
      expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, [key]: want });
    }
    await screen.findByText(/lake version 1 and 2/);
  });

  it('warns when statements that change data are allowed', async () => {
    const { onOptionsChange, rerender } = setup();
    expect(screen.queryByText(/Queries can change the lake/)).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText(/^Allow statements that change data/));
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, allowNonReadStatements: true });
    const on = { ...options, jsonData: { ...options.jsonData, allowNonReadStatements: true } };
    rerender(
      <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
        <ConfigEditor options={on} onOptionsChange={onOptionsChange} />
      </DataSourcePluginContextProvider>
    );
    expect(screen.getByText(/Queries can change the lake/)).toBeInTheDocument();
    await screen.findByText(/lake version 1 and 2/);
  });

  it('reads large results from S3 by default and asks for its endpoint only then', async () => {
    const { onOptionsChange, rerender } = setup();
    expect(screen.getByLabelText(/^S3 endpoint/)).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText(/^Read large results from S3/));
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, resultsFromS3: false });
    const off = { ...options, jsonData: { ...options.jsonData, resultsFromS3: false } };
    rerender(
      <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
        <ConfigEditor options={off} onOptionsChange={onOptionsChange} />
      </DataSourcePluginContextProvider>
    );
    expect(screen.queryByLabelText(/^S3 endpoint/)).not.toBeInTheDocument();
    await screen.findByText(/lake version 1 and 2/);
  });

  it('has result reuse on by default and asks for the reuse age only then', async () => {
    const { onOptionsChange, rerender } = setup();
    fireEvent.change(screen.getByLabelText(/^Reuse results up to/), { target: { value: '20000' } });
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, resultReuseMaxAgeMinutes: 10080 });
    fireEvent.click(screen.getByLabelText(/^Result reuse/));
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, resultReuseEnabled: false });
    const off = { ...options, jsonData: { ...options.jsonData, resultReuseEnabled: false } };
    rerender(
      <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
        <ConfigEditor options={off} onOptionsChange={onOptionsChange} />
      </DataSourcePluginContextProvider>
    );
    expect(screen.queryByLabelText(/^Reuse results up to/)).not.toBeInTheDocument();
    await screen.findByText(/lake version 1 and 2/);
  });

  it('turns discovery off and pins tables for resource links', async () => {
    const pinned = { ...options, jsonData: { ...options.jsonData, tables: { vpc_flow: 'link_vpc' } } };
    const { onOptionsChange, user } = setup(pinned);
    fireEvent.click(screen.getByLabelText(/^Discovery/));
    expect(lastJsonData(onOptionsChange)).toEqual({ ...pinned.jsonData, disableDiscovery: true });
    fireEvent.change(screen.getByLabelText('Pinned table 1 name'), { target: { value: ' shared_db.link_vpc_flow ' } });
    expect(lastJsonData(onOptionsChange).tables).toEqual({ vpc_flow: 'shared_db.link_vpc_flow' });
    await user.click(screen.getByRole('button', { name: 'Pin a table' }));
    expect(lastJsonData(onOptionsChange).tables).toEqual({ vpc_flow: 'link_vpc', cloud_trail_mgmt: '' });
    await user.click(screen.getByRole('button', { name: /Remove the pinned table of vpc_flow/ }));
    expect(lastJsonData(onOptionsChange).tables).toBeUndefined();
    await screen.findByText(/lake version 1 and 2/);
  });

  it('writes the lake Regions on blur, the rollup Region and per-Region endpoints and result locations', async () => {
    const { onOptionsChange, rerender } = setup();
    expect(screen.queryByText('Rollup Region')).not.toBeInTheDocument();
    const list = screen.getByLabelText(/^Lake Regions/);
    fireEvent.change(list, { target: { value: 'us-east-1, eu-west-1,, ap-southeast-2 eu-west-1, ' } });
    expect(onOptionsChange).not.toHaveBeenCalled();
    fireEvent.blur(list);
    expect(lastJsonData(onOptionsChange)).toEqual({
      ...options.jsonData,
      lakeRegions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
      rollupRegion: undefined,
    });
    const multi = {
      ...options,
      jsonData: {
        ...options.jsonData,
        lakeRegions: ['us-east-1', 'eu-west-1'],
        regionEndpoints: { 'us-east-1': 'http://a' },
      },
    };
    rerender(
      <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
        <ConfigEditor options={multi} onOptionsChange={onOptionsChange} />
      </DataSourcePluginContextProvider>
    );
    fireEvent.click(screen.getByRole('radio', { name: 'eu-west-1' }));
    expect(lastJsonData(onOptionsChange)).toEqual({ ...multi.jsonData, rollupRegion: 'eu-west-1' });
    fireEvent.change(screen.getByLabelText('Athena endpoint of eu-west-1'), {
      target: { value: ' http://127.0.0.1:9002 ' },
    });
    expect(lastJsonData(onOptionsChange).regionEndpoints).toEqual({
      'us-east-1': 'http://a',
      'eu-west-1': 'http://127.0.0.1:9002',
    });
    fireEvent.change(screen.getByLabelText('Athena endpoint of us-east-1'), { target: { value: '' } });
    expect(lastJsonData(onOptionsChange).regionEndpoints).toBeUndefined();
    fireEvent.change(screen.getByLabelText('Result location of eu-west-1'), { target: { value: 's3://res-euw1/' } });
    expect(lastJsonData(onOptionsChange).regionOutputLocations).toEqual({ 'eu-west-1': 's3://res-euw1/' });
    await screen.findByText(/lake version 1 and 2/);
  });

  it('keeps keys in secureJsonData only', async () => {
    const keys = { ...options, jsonData: { ...options.jsonData, authType: 'keys' } } as unknown as Options;
    const { onOptionsChange } = setup(keys);
    fireEvent.change(screen.getByLabelText('Secret Access Key'), { target: { value: 'not-in-json-data' } });
    const saved = onOptionsChange.mock.calls[onOptionsChange.mock.calls.length - 1][0];
    expect(saved.secureJsonData).toEqual({ secretKey: 'not-in-json-data' });
    expect(JSON.stringify(saved.jsonData)).not.toContain('not-in-json-data');
    await screen.findByText(/lake version 1 and 2/);
  });

  it('shows what discovery found for the saved settings, and refreshes', async () => {
    const fetch = backend();
    const { user } = setup();
    expect(
      await screen.findByText(/lake version 1 and 2, queries use version 2; 3 source tables, 0 custom/)
    ).toBeInTheDocument();
    expect(screen.getByText('source waf has no table')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Tables (3)' }));
    expect(screen.getByText(/amazon_security_lake_table_us_east_1_vpc_flow_2_0/)).toBeInTheDocument();
    const calls = fetch.mock.calls.filter(([r]) => r.url.endsWith('/lake')).length;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await act(async () => {});
    expect(fetch.mock.calls.filter(([r]) => r.url.endsWith('/lake')).length).toBe(calls + 1);
  });

  it("explains when discovery has no answer, with the backend's message", async () => {
    backend(new Error('choose the Default Region where Security Lake runs'));
    setup();
    expect(await screen.findByText(/choose the Default Region where Security Lake runs/)).toBeInTheDocument();
  });

  it('loads the workgroups when the list opens, and takes a pick with the mouse', async () => {
    const fetch = backend();
    const { onOptionsChange, user } = setup();
    await user.click(screen.getByLabelText(/^Workgroup/));
    expect(await screen.findByText('security')).toBeInTheDocument();
    expect(screen.getByText('Athena engine version 2; disabled')).toBeInTheDocument();
    // Nothing was edited: the lists use the saved settings, no save first.
    expect(fetch.mock.calls.some(([r]) => r.method === 'PUT')).toBe(false);
    await user.click(screen.getByText('security'));
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, workgroup: 'security' });
    await screen.findByText(/lake version 1 and 2/);
  });

  it('takes a typed name (free entry) with the keyboard', async () => {
    backend();
    const { onOptionsChange, user } = setup();
    await user.click(screen.getByLabelText(/^Catalog/));
    await screen.findByText('glue');
    await user.keyboard('partner_catalog{Enter}');
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, catalog: 'partner_catalog' });
    await screen.findByText(/lake version 1 and 2/);
  });

  it('saves edited settings before it loads a list, as the AWS data sources do', async () => {
    const fetch = backend();
    const edited = { ...options, jsonData: { ...options.jsonData, catalog: 'partner_catalog' } };
    const { onOptionsChange, user, rerender } = setup();
    fireEvent.change(screen.getByLabelText(/^Output location/), { target: { value: 's3://r/' } });
    rerender(
      <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
        <ConfigEditor options={edited} onOptionsChange={onOptionsChange} />
      </DataSourcePluginContextProvider>
    );
    await user.click(screen.getByLabelText(/^Database/));
    expect(await screen.findByText('db_of_partner_catalog')).toBeInTheDocument();
    const urls = fetch.mock.calls.map(([r]) => `${r.method ?? 'GET'} ${r.url}`);
    const put = urls.indexOf('PUT /api/datasources/uid/seclake');
    expect(put).toBeGreaterThanOrEqual(0);
    expect(urls.indexOf('GET /api/datasources/uid/seclake/resources/databases')).toBeGreaterThan(put);
    const saved = fetch.mock.calls[put][0] as unknown as { data: Options };
    expect(saved.data.jsonData.catalog).toBe('partner_catalog');
    // The new version goes back to Grafana's page, so its own Save does not conflict.
    expect(onOptionsChange).toHaveBeenLastCalledWith({ ...edited, version: 3 });
  });

  it('shows a list error in red under the field, and typing still works', async () => {
    backend(
      LAKE,
      new Error("AccessDeniedException: not authorized (allow athena:ListWorkGroups in the role's IAM policy)")
    );
    const { onOptionsChange, user } = setup();
    await user.click(screen.getByLabelText(/^Workgroup/));
    expect(await screen.findByText(/Could not list workgroups: AccessDeniedException/)).toBeInTheDocument();
    await user.keyboard('analysts{Enter}');
    expect(lastJsonData(onOptionsChange)).toEqual({ ...options.jsonData, workgroup: 'analysts' });
    await screen.findByText(/lake version 1 and 2/);
  });

  it('shows a discovery error as an error', async () => {
    backend(new Error('Catalog nope was not found'));
    setup();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Discovery failed');
    expect(alert).toHaveTextContent('Catalog nope was not found');
    expect(screen.queryByText('Discovery has no answer yet')).not.toBeInTheDocument();
  });
});
