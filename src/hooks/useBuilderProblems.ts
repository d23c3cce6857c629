import { useMemo } from 'react';
import { TimeRange } from '@grafana/data';

import { builderProblems, Problem } from '../components/QueryEditor/validation';
import type { DataSource } from '../datasource';
import { splitSource } from '../query';
import { SecurityLakeQuery } from '../types';
import { useAsync } from './useAsync';

/**
 * The problems of a builder query (validation.ts builderProblems) with the
 * source's fields (GET fields, cached by the client) and the datasource's
 * time-range cap. Field names are not checked while the fields load or when
 * they cannot be loaded (a $variable source): the backend checks them.
 */
export function useBuilderProblems(ds: DataSource, query: SecurityLakeQuery, range?: TimeRange): Problem[] {
  const builder = query.mode !== 'sql';
  const { name, version } = splitSource(query.source);
  const state = useAsync(
    useMemo(
      () => (builder && name ? ds.api.fields(name, version, query.classUid) : undefined),
      [ds, builder, name, version, query.classUid]
    )
  );
  const fields = state.loading || state.error ? undefined : state.value;
  const from = range?.from.valueOf();
  const to = range?.to.valueOf();
  const maxTimeRangeDays = ds.maxTimeRangeDays;
  return useMemo(
    () => builderProblems(query, { fields, from, to, maxTimeRangeDays }),
    [query, fields, from, to, maxTimeRangeDays]
  );
}
