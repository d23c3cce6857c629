// The request a Grafana app (dashboard, explore) sends a datasource's query,
// shared by the test page's panels.
import { AdHocVariableFilter, DataQueryRequest, TimeRange } from '@grafana/data';

/** A query request for targets over range from app, with optional ad hoc filters. */
export function request<Q extends { refId: string }>(
  targets: Q[],
  range: TimeRange,
  app: string,
  filters?: AdHocVariableFilter[]
): DataQueryRequest<Q> {
  return {
    requestId: `${app}-${Date.now()}`,
    interval: '1m',
    intervalMs: 60000,
    maxDataPoints: 500,
    range,
    scopedVars: {},
    targets,
    timezone: 'utc',
    app,
    startTime: Date.now(),
    filters,
  } as unknown as DataQueryRequest<Q>;
}
