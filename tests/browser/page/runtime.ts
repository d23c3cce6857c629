// The parts of Grafana's frontend services the editors use, for the test
// page: a BackendSrv over window.fetch (its calls reach the bridge, which
// answers with the real plugin) and a TemplateSrv with two dashboard
// variables.
import { ScopedVars, TypedVariableModel } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse, TemplateSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';

function withParams(url: string, params?: BackendSrvRequest['params']): string {
  if (!params || typeof params !== 'object') {
    return url;
  }
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (v !== undefined && v !== null) {
      q.append(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
}

async function request<T>(options: BackendSrvRequest, signal?: AbortSignal): Promise<FetchResponse<T>> {
  const url = withParams(options.url, options.params);
  const method = options.method ?? 'GET';
  const res = await window.fetch(url, {
    signal,
    method,
    headers: { 'Content-Type': 'application/json', ...(options.headers ?? {}) },
    body: method === 'GET' || options.data === undefined ? undefined : JSON.stringify(options.data),
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  const response = {
    data: data as T,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url,
    config: options,
  };
  if (!res.ok) {
    const err: FetchError = { ...response, data, message: res.statusText, config: options };
    throw err;
  }
  return response;
}

/**
 * fetch as an Observable that, like Grafana's, aborts the HTTP request when
 * it is unsubscribed before it answers (a stopped query).
 */
function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable((subscriber) => {
    const abort = new AbortController();
    request<T>(options, abort.signal).then(
      (res) => {
        subscriber.next(res);
        subscriber.complete();
      },
      (err) => subscriber.error(err)
    );
    return () => abort.abort();
  });
}

/** A BackendSrv whose every call is a plain fetch to the same origin. */
export const backendSrv = {
  fetch: fetchObservable,
  datasourceRequest: <T>(options: BackendSrvRequest) => request<T>(options),
  request: async <T>(options: BackendSrvRequest) => (await request<T>(options)).data,
  get: async <T>(url: string, params?: BackendSrvRequest['params']) => (await request<T>({ url, params })).data,
  post: async <T>(url: string, data?: unknown) => (await request<T>({ url, method: 'POST', data })).data,
  put: async <T>(url: string, data?: unknown) => (await request<T>({ url, method: 'PUT', data })).data,
  patch: async <T>(url: string, data?: unknown) => (await request<T>({ url, method: 'PATCH', data })).data,
  delete: async <T>(url: string) => (await request<T>({ url, method: 'DELETE' })).data,
  resolveCancelerIfExists: () => {},
} as unknown as BackendSrv;

/** Dashboard variables of the page: a multi-value account list and a Region. */
export const variables: Record<string, { value: string | string[]; multi: boolean }> = {
  account: { value: ['111122223333', '444455556666'], multi: true },
  region: { value: 'us-east-1', multi: false },
};

type Format = string | ((value: unknown, variable?: object) => string) | undefined;

/** Replaces $name and ${name} like Grafana's TemplateSrv (scoped variables first). */
export const templateSrv = {
  getVariables: () =>
    Object.entries(variables).map(([name, v]) => ({
      name,
      type: 'custom',
      multi: v.multi,
      current: { value: v.value },
    })) as unknown as TypedVariableModel[],
  replace: (target?: string, scopedVars?: ScopedVars, format?: Format) =>
    (target ?? '').replace(/\$(\w+)|\$\{(\w+)\}/g, (match: string, plain?: string, braced?: string) => {
      const name = (plain ?? braced) as string;
      const scoped = scopedVars?.[name]?.value as string | string[] | undefined;
      const v = scoped ?? variables[name]?.value;
      if (v === undefined) {
        return match;
      }
      if (typeof format === 'function') {
        return format(v, variables[name]);
      }
      return Array.isArray(v) ? v.join(',') : String(v);
    }),
  containsTemplate: (target?: string) => /\$\w+/.test(target ?? ''),
  updateTimeRange: () => {},
} as unknown as TemplateSrv;
