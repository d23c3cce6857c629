// The editors' test page: the real ConfigEditor and QueryEditor inside
// @grafana/ui's theme, with a DataSource whose resource calls and queries go
// to /api/... on this origin, where cmd/bridge answers with the real plugin.
import React, { useLayoutEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  createTheme,
  DataQueryRequest,
  DataSourceInstanceSettings,
  DataSourcePluginContextProvider,
  DataSourceSettings,
  dateTime,
  EventBusSrv,
  LoadingState,
  PanelData,
  TimeRange,
} from '@grafana/data';
import { setAppEvents, setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { css } from '@emotion/css';

import { ConfigEditor } from '../../../src/components/ConfigEditor/ConfigEditor';
import { QueryEditor } from '../../../src/components/QueryEditor/QueryEditor';
import { VariableQueryEditor } from '../../../src/components/VariableQueryEditor';
import { DataSource } from '../../../src/datasource';
import {
  SecurityLakeOptions,
  SecurityLakeQuery,
  SecurityLakeSecureJsonData,
  SecurityLakeVariableQuery,
} from '../../../src/types';
import { AnnotationPanel, LogLines, VariablePreview } from './editors';
import { ExplorePanel } from './explore';
import { backendSrv, templateSrv } from './runtime';

setBackendSrv(backendSrv);
setTemplateSrv(templateSrv);
setAppEvents(new EventBusSrv());

const UID = 'seclake';
const theme = createTheme({ colors: { mode: 'dark' } });

const settings: DataSourceSettings<SecurityLakeOptions, SecurityLakeSecureJsonData> = {
  id: 1,
  uid: UID,
  orgId: 1,
  name: 'Security Lake',
  type: 'seclake-securitylake-datasource',
  typeName: 'Amazon Security Lake',
  typeLogoUrl: '',
  access: 'proxy',
  url: '',
  user: '',
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- DataSourceSettings still requires the field
  database: '',
  basicAuth: false,
  basicAuthUser: '',
  isDefault: false,
  withCredentials: false,
  readOnly: false,
  version: 1,
  jsonData: { authType: 'keys' as never, defaultRegion: 'us-east-1', workgroup: 'primary', lakeVersion: 'auto' },
  secureJsonFields: { accessKey: true, secretKey: true },
};

const instanceSettings = {
  ...settings,
  meta: { id: settings.type, name: settings.typeName, type: 'datasource', info: { version: '1.0.0' } },
  readOnly: false,
} as unknown as DataSourceInstanceSettings<SecurityLakeOptions>;

const datasource = new DataSource(instanceSettings, templateSrv);

function lastHours(h: number): TimeRange {
  const to = dateTime();
  const from = dateTime(to).subtract(h, 'hours');
  return { from, to, raw: { from: `now-${h}h`, to: 'now' } };
}

declare global {
  interface Window {
    /** The editors' state, for the browser test's assertions. */
    __seclake?: {
      query: SecurityLakeQuery;
      options: DataSourceSettings<SecurityLakeOptions>;
      runs: number;
      variable: SecurityLakeVariableQuery;
    };
    /** Lets a browser test start from a given query (a saved one, carried-over SQL) or time range. */
    __seclakeTest?: {
      setQuery: (q: SecurityLakeQuery) => void;
      setRangeHours: (hours: number) => void;
    };
  }
}

function App() {
  const [options, setOptions] = useState(settings);
  const [query, setQuery] = useState<SecurityLakeQuery>({ refId: 'A' });
  const [data, setData] = useState<PanelData>();
  const [runs, setRuns] = useState(0);
  const [variable, setVariable] = useState<SecurityLakeVariableQuery>({ refId: 'V' });
  const [rangeHours, setRangeHours] = useState(6);
  const range = useMemo(() => lastHours(rangeHours), [rangeHours]);
  useLayoutEffect(() => {
    window.__seclakeTest = { setQuery, setRangeHours };
  }, []);
  // Published after each render commit, before the browser test can read it.
  useLayoutEffect(() => {
    window.__seclake = { query, options, runs, variable };
  }, [query, options, runs, variable]);

  const run = () => {
    const request = {
      requestId: `A-${runs + 1}`,
      interval: '1m',
      intervalMs: 60000,
      maxDataPoints: 500,
      range,
      scopedVars: {},
      targets: [query],
      timezone: 'utc',
      app: 'dashboard',
      startTime: Date.now(),
    } as unknown as DataQueryRequest<SecurityLakeQuery>;
    setData({ state: LoadingState.Loading, series: [], timeRange: range, request });
    datasource.query(request).subscribe((res) => {
      setRuns((n) => n + 1);
      setData({
        state: res.errors?.length ? LoadingState.Error : LoadingState.Done,
        series: res.data,
        errors: res.errors,
        timeRange: range,
        request,
      });
    });
  };

  const rows = data?.series.reduce((n, f) => n + f.length, 0) ?? 0;
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div className={styles.page}>
        <section className={styles.card} data-testid="config-editor">
          <h2>Config editor</h2>
          <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
            <ConfigEditor options={options} onOptionsChange={setOptions} />
          </DataSourcePluginContextProvider>
        </section>
        <section className={styles.card} data-testid="query-editor">
          <h2>Query editor</h2>
          <QueryEditor
            datasource={datasource}
            query={query}
            onChange={setQuery}
            onRunQuery={run}
            range={range}
            data={data}
          />
          <div data-testid="query-result" className={styles.result}>
            {data?.state === LoadingState.Loading && 'Running…'}
            {data?.state === LoadingState.Done && `Result: ${data.series.length} frame(s), ${rows} row(s)`}
            {data?.errors?.map((e, i) => (
              <div key={i} data-testid="query-error">
                Error: {e.message}
              </div>
            ))}
            <LogLines frame={data?.series[0]} />
          </div>
        </section>
        <section className={styles.card} data-testid="explore">
          <h2>Explore</h2>
          <ExplorePanel datasource={datasource} range={range} />
        </section>
        <section className={styles.card} data-testid="variable-editor">
          <h2>Variable editor</h2>
          <VariableQueryEditor
            datasource={datasource}
            query={variable}
            onChange={setVariable}
            onRunQuery={() => {}}
            range={range}
          />
          <VariablePreview datasource={datasource} variable={variable} range={range} />
        </section>
        <section className={styles.card} data-testid="annotation-editor">
          <h2>Annotation editor</h2>
          <AnnotationPanel datasource={datasource} range={range} />
        </section>
      </div>
    </ThemeContext.Provider>
  );
}

const styles = {
  page: css({
    background: theme.colors.background.canvas,
    color: theme.colors.text.primary,
    fontFamily: theme.typography.fontFamily,
    fontSize: theme.typography.body.fontSize,
    minHeight: '100vh',
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
  card: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    maxWidth: 1200,
    h2: { fontSize: theme.typography.h3.fontSize, marginTop: 0 },
  }),
  result: css({ marginTop: theme.spacing(1), color: theme.colors.text.secondary }),
};

createRoot(document.getElementById('root')!).render(<App />);
