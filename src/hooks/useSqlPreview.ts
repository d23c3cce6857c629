import { useMemo } from 'react';
import { TimeRange } from '@grafana/data';

import { SqlPreview, SqlPreviewRequest } from '../api';
import type { DataSource } from '../datasource';
import { SecurityLakeQuery } from '../types';
import { AsyncState, useAsync, useDebounced } from './useAsync';

/** The time context of a preview: the editor's range and the last run's interval and width. */
export function previewContext(
  range?: TimeRange,
  intervalMs?: number,
  maxDataPoints?: number
): Omit<SqlPreviewRequest, 'query'> {
  return { from: range?.from.valueOf(), to: range?.to.valueOf(), intervalMs, maxDataPoints };
}

/**
 * The backend's SQL for a builder query (POST sql), fetched 400 ms after the
 * query stops changing. Template variables are interpolated first, as for a run.
 */
export function useSqlPreview(
  ds: DataSource,
  query: SecurityLakeQuery,
  context: Omit<SqlPreviewRequest, 'query'>,
  enabled: boolean
): AsyncState<SqlPreview> {
  const body = useMemo(
    () => (enabled && query.source ? JSON.stringify({ ...context, query: ds.applyTemplateVariables(query, {}) }) : ''),
    [ds, query, enabled, context]
  );
  const debounced = useDebounced(body, 400);
  return useAsync(useMemo(() => (debounced ? ds.api.previewSql(JSON.parse(debounced)) : undefined), [ds, debounced]));
}
