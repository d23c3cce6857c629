import { setBackendSrv } from '@grafana/runtime';
import { of, throwError } from 'rxjs';

import { errorMessage, ResourceClient, ResourceTransport, transportForUid } from './api';

function transport(answers: Record<string, unknown>) {
  const t = {
    getResource: jest.fn(async (path: string) => {
      if (path in answers) {
        return answers[path];
      }
      throw { status: 400, data: { error: `bad ${path}` } };
    }),
    postResource: jest.fn(async () => ({ sql: 'SELECT 1', notices: null })),
  };
  return t as typeof t & ResourceTransport;
}

describe('ResourceClient', () => {
  it("turns Go's null lists into arrays", async () => {
    const api = new ResourceClient(
      transport({
        lake: { catalog: 'c', database: 'd', versions: null, preferred: 0, tables: null, custom: null },
        sources: [{ name: 'waf', title: 'WAF', versions: [2], available: null }],
        macros: null,
      })
    );
    await expect(api.lake()).resolves.toMatchObject({
      versions: [],
      tables: [],
      custom: [],
      warnings: [],
      unrecognized: [],
    });
    await expect(api.sources()).resolves.toEqual([{ name: 'waf', title: 'WAF', versions: [2], available: [] }]);
    await expect(api.macros()).resolves.toEqual([]);
    await expect(api.previewSql({ query: {} })).resolves.toEqual({ sql: 'SELECT 1', notices: [] });
  });

  it('caches catalog answers, but not failures or value look-ups', async () => {
    const t = transport({ fields: [], values: [] });
    const api = new ResourceClient(t);
    await api.fields('vpc_flow', 2, 4001);
    await api.fields('vpc_flow', 2, 4001);
    expect(t.getResource).toHaveBeenCalledTimes(1);
    expect(t.getResource).toHaveBeenCalledWith('fields', { source: 'vpc_flow', version: 2, classUid: 4001 });
    await expect(api.classes('vpc_flow')).rejects.toEqual({ status: 400, data: { error: 'bad classes' } });
    await expect(api.classes('vpc_flow')).rejects.toBeDefined();
    expect(t.getResource).toHaveBeenCalledTimes(3);
    await api.values('accounts', { source: 'vpc_flow', from: 1, to: 2, limit: undefined });
    await api.values('accounts', { source: 'vpc_flow', from: 1, to: 2 });
    expect(t.getResource).toHaveBeenLastCalledWith('values', { kind: 'accounts', source: 'vpc_flow', from: 1, to: 2 });
    expect(t.getResource).toHaveBeenCalledTimes(5);
  });
});

describe('transportForUid', () => {
  it("uses the datasource's resource URLs", async () => {
    const fetch = jest.fn().mockReturnValue(of({ data: { ok: true } }));
    setBackendSrv({ fetch } as never);
    await expect(transportForUid('abc').getResource('lake', { a: 1 })).resolves.toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({ method: 'GET', url: '/api/datasources/uid/abc/resources/lake', params: { a: 1 } })
    );
    fetch.mockReturnValue(throwError(() => ({ status: 400, data: { error: 'no region' } })));
    await expect(transportForUid('abc').postResource('sql', {})).rejects.toMatchObject({
      data: { error: 'no region' },
    });
  });
});

describe('errorMessage', () => {
  it("prefers the backend's error body", () => {
    expect(errorMessage({ data: { error: 'unknown field "x"' }, message: 'Bad Request' })).toBe('unknown field "x"');
    expect(errorMessage({ data: { message: 'plugin unavailable' } })).toBe('plugin unavailable');
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('text')).toBe('text');
  });
});
