import { useMemo } from 'react';
import { TimeRange } from '@grafana/data';

import { withArrayFields } from '../arrays';
import { withComputed } from '../computed';
import { builderProblems, Problem } from '../components/QueryEditor/validation';
import type { FieldInfo } from '../api';
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
  const fields = useMemo(() => {
    // Several sources: the common fields and the source column come from
    // each source's list (MultiSourceRows); the backend checks the names.
    if (state.loading || state.error || !state.value || query.sources?.length) {
      return undefined;
    }
    return queryFields(state.value, query);
  }, [state.loading, state.error, state.value, query]);
  const from = range?.from.valueOf();
  const to = range?.to.valueOf();
  const maxTimeRangeDays = ds.maxTimeRangeDays;
  return useMemo(
    () => builderProblems(query, { fields, from, to, maxTimeRangeDays }),
    [query, fields, from, to, maxTimeRangeDays]
  );
}

/**
 * The names a builder query may use besides its source's fields, as the
 * editor's pickers offer them: unnested element fields, size(array),
 * computed aliases and picks' aliases.
 */
export function queryFields(sourceFields: FieldInfo[], query: SecurityLakeQuery): FieldInfo[] {
  const picks: FieldInfo[] = (query.picks ?? [])
    .filter((p) => p.alias)
    .map((p) => ({ path: p.alias, type: 'varchar', valueType: 'string', kind: 'scalar', group: 'picks' }));
  return [...withComputed(withArrayFields(sourceFields, query.unnest), query.computed), ...picks];
}
