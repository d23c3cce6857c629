// A typed client for the backend's resource routes (pkg/plugin/resources.go).
// The shapes mirror the Go JSON; Go's nil slices arrive as null, so every
// list is normalised to an array here and callers never see null.
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { SecurityLakeQuery } from './types';

/** GET sources: an AWS or custom source with the versions that exist. */
export interface SourceInfo {
  name: string;
  title: string;
  custom?: boolean;
  versions: number[];
  available: number[];
}

/** GET classes: an OCSF class of a source. */
export interface ClassInfo {
  uid: number;
  name: string;
  categoryUid: number;
  categoryName: string;
}

export interface EnumValue {
  id: number;
  caption: string;
}

export interface EnumInfo {
  field: string;
  caption?: string;
  values: EnumValue[];
}

export type FieldKind = 'scalar' | 'nested' | 'element';
export type ValueType = 'string' | 'integer' | 'float' | 'boolean' | 'timestamp' | 'nested';

/** GET fields: a typed OCSF field path of a source. */
export interface FieldInfo {
  path: string;
  /** The Athena type (varchar, bigint, row, array<…>). */
  type: string;
  curated?: boolean;
  kind: FieldKind;
  valueType: ValueType;
  /** The top-level OCSF object (`actor`, `api`) or `event`. */
  group: string;
  enum?: EnumInfo;
}

/** GET macros: one macro of pkg/macros, the single list for completion. */
export interface MacroSpec {
  name: string;
  args?: Array<{ name: string; optional?: boolean }>;
  call?: boolean;
  doc: string;
  example: string;
}

export interface LakeTable {
  catalog: string;
  database: string;
  name: string;
  source: string;
  version: number;
  layout: 'hive' | 'iceberg';
  custom?: boolean;
  pinned?: boolean;
}

/** GET lake: what discovery found. */
export interface LakeInventory {
  catalog: string;
  database: string;
  versions: number[];
  preferred: number;
  tables: LakeTable[];
  custom: LakeTable[];
  warnings: string[];
  unrecognized: string[];
}

/** `field`: the distinct values of one scalar field (`ValuesOptions.field`), for ad hoc filters. */
export type ValuesKind = 'accounts' | 'regions' | 'severities' | 'classes' | 'field';
export const VALUES_KINDS: readonly ValuesKind[] = ['accounts', 'regions', 'severities', 'classes'];

export interface ValueItem {
  value: string;
  text: string;
}

export interface Notice {
  severity?: number | string;
  text: string;
}

/** POST sql: the SQL the backend would run. */
export interface SqlPreview {
  sql: string;
  notices: Notice[];
}

/** The body of POST sql. */
export interface SqlPreviewRequest {
  query: Partial<SecurityLakeQuery>;
  from?: number;
  to?: number;
  intervalMs?: number;
  maxDataPoints?: number;
}

export interface ValuesOptions {
  source?: string;
  /** The field path of kind `field`. */
  field?: string;
  /** Kind `field`: typed filters (the dashboard's other ad hoc filters) the listed rows must pass, sent as JSON. */
  filters?: string;
  from?: number;
  to?: number;
  limit?: number;
}

/** One entry of a config list (GET catalogs, databases, workgroups). */
export interface ConfigListItem {
  name: string;
  /** The catalog type; a workgroup's engine version and state. */
  description?: string;
  /** A workgroup that rejects queries. */
  disabled?: boolean;
}

/** What the client needs from a datasource (DataSourceWithBackend has both). */
export interface ResourceTransport {
  getResource<T>(path: string, params?: Record<string, string | number>): Promise<T>;
  postResource<T>(path: string, data: unknown): Promise<T>;
}

const list = <T>(v: T[] | null | undefined): T[] => v ?? [];

/**
 * Resource calls with typed answers. Catalog facts (sources, lake, classes,
 * fields, macros) are cached per client for its lifetime — one per
 * datasource instance, which Grafana recreates when the settings change; a
 * failed call is not cached.
 */
export class ResourceClient {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly transport: ResourceTransport) {}

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key) as Promise<T> | undefined;
    if (hit) {
      return hit;
    }
    const p = load();
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    return p;
  }

  regions(): Promise<string[]> {
    return this.cached('regions', async () => list(await this.transport.getResource<string[]>('regions')));
  }

  lake(): Promise<LakeInventory> {
    return this.cached('lake', async () => normaliseLake(await this.transport.getResource<LakeInventory>('lake')));
  }

  sources(): Promise<SourceInfo[]> {
    return this.cached('sources', async () =>
      list(await this.transport.getResource<SourceInfo[]>('sources')).map((s) => ({
        ...s,
        versions: list(s.versions),
        available: list(s.available),
      }))
    );
  }

  classes(source: string, version?: number): Promise<ClassInfo[]> {
    const params = versioned({ source }, version);
    return this.cached(`classes:${source}:${version ?? ''}`, async () =>
      list(await this.transport.getResource<ClassInfo[]>('classes', params))
    );
  }

  fields(source: string, version?: number, classUid?: number): Promise<FieldInfo[]> {
    const params: Record<string, string | number> = versioned({ source }, version);
    if (classUid) {
      params.classUid = classUid;
    }
    return this.cached(`fields:${source}:${version ?? ''}:${classUid ?? ''}`, async () =>
      list(await this.transport.getResource<FieldInfo[]>('fields', params))
    );
  }

  macros(): Promise<MacroSpec[]> {
    return this.cached('macros', async () => list(await this.transport.getResource<MacroSpec[]>('macros')));
  }

  /** Distinct values of a kind; runs a small bounded Athena query, so it is not cached. */
  async values(kind: ValuesKind, opts: ValuesOptions = {}): Promise<ValueItem[]> {
    const params: Record<string, string | number> = { kind };
    for (const key of ['source', 'field', 'filters', 'from', 'to', 'limit'] as const) {
      const v = opts[key];
      if (v !== undefined && v !== '') {
        params[key] = v;
      }
    }
    return list(await this.transport.getResource<ValueItem[]>('values', params));
  }

  /** The Athena data catalogs the saved settings can see; asks AWS each time (not cached). */
  async catalogs(): Promise<ConfigListItem[]> {
    return list(await this.transport.getResource<ConfigListItem[]>('catalogs'));
  }

  /** The databases of a catalog (default: the saved one). */
  async databases(catalog?: string): Promise<ConfigListItem[]> {
    return list(await this.transport.getResource<ConfigListItem[]>('databases', catalog ? { catalog } : undefined));
  }

  /** The Athena workgroups, enabled ones first. */
  async workgroups(): Promise<ConfigListItem[]> {
    return list(await this.transport.getResource<ConfigListItem[]>('workgroups'));
  }

  async previewSql(req: SqlPreviewRequest): Promise<SqlPreview> {
    const res = await this.transport.postResource<SqlPreview>('sql', req);
    return { sql: res.sql, notices: list(res.notices) };
  }
}

function versioned(params: Record<string, string | number>, version?: number) {
  return version ? { ...params, version } : params;
}

function normaliseLake(l: LakeInventory): LakeInventory {
  return {
    ...l,
    versions: list(l.versions),
    tables: list(l.tables),
    custom: list(l.custom),
    warnings: list(l.warnings),
    unrecognized: list(l.unrecognized),
  };
}

/**
 * A transport for a datasource known only by UID (the config page has no
 * DataSource instance): the same URLs DataSourceWithBackend uses.
 */
export function transportForUid(uid: string): ResourceTransport {
  const url = (path: string) => `/api/datasources/uid/${uid}/resources/${path}`;
  return {
    getResource: async <T>(path: string, params?: Record<string, string | number>) =>
      (await lastValueFrom(getBackendSrv().fetch<T>({ method: 'GET', url: url(path), params, showErrorAlert: false })))
        .data,
    postResource: async <T>(path: string, data: unknown) =>
      (await lastValueFrom(getBackendSrv().fetch<T>({ method: 'POST', url: url(path), data, showErrorAlert: false })))
        .data,
  };
}

/** The message of a failed resource call: the backend's {"error": …} body when there is one. */
export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { data?: { error?: string; message?: string }; message?: string; statusText?: string };
    return e.data?.error ?? e.data?.message ?? e.message ?? e.statusText ?? 'request failed';
  }
  return String(err);
}
