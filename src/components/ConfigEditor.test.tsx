import React from 'react';
import {
  DataSourceInstanceSettings,
  DataSourcePluginContextProvider,
  DataSourceSettings,
  EventBusSrv,
} from '@grafana/data';
import { setAppEvents } from '@grafana/runtime';
import { fireEvent, render, screen } from '@testing-library/react';

import { SecurityLakeOptions, SecurityLakeSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

const options = {
  id: 1,
  uid: 'seclake',
  type: 'seclake-securitylake-datasource',
  name: 'Security Lake',
  jsonData: { authType: 'default', defaultRegion: 'us-east-1' },
  secureJsonFields: {},
} as unknown as DataSourceSettings<SecurityLakeOptions, SecurityLakeSecureJsonData>;

const instanceSettings = {
  ...options,
  meta: { id: options.type, info: { version: '1.0.0' } },
} as unknown as DataSourceInstanceSettings;

function setup() {
  // ConnectionConfig subscribes to the save-and-test events on Grafana's app event bus.
  setAppEvents(new EventBusSrv());
  const onOptionsChange = jest.fn();
  // @grafana/aws-sdk reports interactions through the plugin context Grafana provides.
  render(
    <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
      <ConfigEditor options={options} onOptionsChange={onOptionsChange} />
    </DataSourcePluginContextProvider>
  );
  return onOptionsChange;
}

// Rendering the AWS connection settings takes 1–2 s in jsdom; more on a loaded CI machine.
jest.setTimeout(30000);

describe('ConfigEditor', () => {
  it('renders the AWS connection settings and the Security Lake fields', () => {
    setup();
    expect(screen.getByText('Authentication Provider')).toBeInTheDocument();
    expect(screen.getByText('Default Region')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Workgroup/)).toBeInTheDocument();
  });

  it('writes trimmed text fields, clearing empty ones', () => {
    const onOptionsChange = setup();
    fireEvent.change(screen.getByLabelText(/^Workgroup/), { target: { value: ' security ' } });
    expect(onOptionsChange).toHaveBeenLastCalledWith({
      ...options,
      jsonData: { ...options.jsonData, workgroup: 'security' },
    });
    fireEvent.change(screen.getByLabelText(/^Output location/), { target: { value: '  ' } });
    expect(onOptionsChange).toHaveBeenLastCalledWith({
      ...options,
      jsonData: { ...options.jsonData, outputLocation: undefined },
    });
  });

  it('writes the lake version and a numeric row limit', () => {
    const onOptionsChange = setup();
    fireEvent.click(screen.getByRole('radio', { name: '2' }));
    expect(onOptionsChange).toHaveBeenLastCalledWith({
      ...options,
      jsonData: { ...options.jsonData, lakeVersion: '2' },
    });
    fireEvent.change(screen.getByLabelText(/^Row limit/), { target: { value: '5000' } });
    expect(onOptionsChange).toHaveBeenLastCalledWith({ ...options, jsonData: { ...options.jsonData, rowLimit: 5000 } });
  });
});
