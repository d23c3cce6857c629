import React, { useMemo } from 'react';
import { TimeRange } from '@grafana/data';
import { Button, Combobox, Input, Stack, Text } from '@grafana/ui';
import { EditorField, EditorRow, EditorRows } from '@grafana/plugin-ui';

import { ResourceClient } from '../../api';
import { withArrayFields } from '../../arrays';
import { withComputed } from '../../computed';
import { useAsync } from '../../hooks/useAsync';
import { isScalar, isSelectable } from '../../ocsf';
import { splitSource } from '../../query';
import { Aggregation, Filter, FilterGroup, Having, SecurityLakeQuery } from '../../types';
import { AggregationRow } from './AggregationRow';
import { ComputedEditor } from './ComputedEditor';
import { FieldsPicker } from './FieldPicker';
import { FilterGroupRow } from './FilterGroupRow';
import { FilterRow } from './FilterRow';
import { HavingRow } from './HavingRow';
import { MultiSourceRows, useCommonFields } from './MultiSourceRows';
import { ScopePicker } from './ScopePicker';
import { ClassPicker, SourcePicker } from './SourcePicker';
import { PickRows } from './PickRows';
import { UnnestPicker } from './UnnestPicker';
import { byControl, Problem, underPrefix } from './validation';

const BUCKETS = ['auto', '1m', '5m', '15m', '30m', '1h', '6h', '12h', '1d'];

interface Props {
  api: ResourceClient;
  query: SecurityLakeQuery;
  range?: TimeRange;
  onChange: (query: SecurityLakeQuery) => void;
  /** The query's problems (validation.ts builderProblems), each shown on its control. */
  problems?: Problem[];
}

/** The OCSF builder: source → class → fields, filters, group by, aggregations, bucket, limit, scope. */
export function BuilderEditor({ api, query, range, onChange, problems = [] }: Props) {
  const bad = byControl(problems);
  const { name, version } = splitSource(query.source);
  const sources = useAsync(useMemo(() => api.sources(), [api]));
  const classes = useAsync(useMemo(() => (name ? api.classes(name, version) : undefined), [api, name, version]));
  const fieldState = useAsync(
    useMemo(() => (name ? api.fields(name, version, query.classUid) : undefined), [api, name, version, query.classUid])
  );
  const sourceFields = useCommonFields(api, query, fieldState.value ?? []);
  // Unnested element fields become plain values, and size(array) joins the lists (src/arrays.ts);
  // the computed columns' aliases are offered as fields everywhere below (src/computed.ts).
  const fields = useMemo(
    () => withComputed(withArrayFields(sourceFields, query.unnest), query.computed),
    [sourceFields, query.unnest, query.computed]
  );
  const format = query.format ?? 'table';

  const set = (patch: Partial<SecurityLakeQuery>) => onChange({ ...query, ...patch });
  const filters = query.filters ?? [];
  const aggregations = query.aggregations ?? [];
  const setFilter = (i: number, f?: Filter) =>
    set({ filters: f ? filters.map((x, j) => (j === i ? f : x)) : filters.filter((_, j) => j !== i) });
  const having = query.having ?? [];
  const setHaving = (i: number, h?: Having) => {
    const next = h ? having.map((x, j) => (j === i ? h : x)) : having.filter((_, j) => j !== i);
    set({ having: next.length ? next : undefined });
  };
  const setAgg = (i: number, a?: Aggregation) =>
    set({ aggregations: a ? aggregations.map((x, j) => (j === i ? a : x)) : aggregations.filter((_, j) => j !== i) });
  const groups = query.filterGroups ?? [];
  const setGroup = (i: number, g?: FilterGroup) => {
    const next = g ? groups.map((x, j) => (j === i ? g : x)) : groups.filter((_, j) => j !== i);
    set({ filterGroups: next.length ? next : undefined });
  };
  // In a grouped table the chosen columns are group keys (pkg/sqlbuild), so only plain fields fit.
  const grouped = format === 'table' && (aggregations.length > 0 || !!query.groupBy?.length);

  return (
    <EditorRows>
      <EditorRow>
        <SourcePicker
          sources={sources.value ?? []}
          loading={sources.loading}
          error={sources.error ?? fieldState.error ?? bad.source}
          value={query.source}
          onChange={(source) => set({ source, classUid: undefined, unnest: undefined })}
        />
        <ClassPicker
          classes={classes.value ?? []}
          loading={classes.loading}
          value={query.classUid}
          onChange={(classUid) => set({ classUid })}
        />
        <UnnestPicker fields={sourceFields} value={query.unnest} onChange={(unnest) => set({ unnest })} />
      </EditorRow>
      <ComputedEditor fields={sourceFields} computed={query.computed} onChange={(computed) => set({ computed })} />
      <MultiSourceRows api={api} query={query} sources={sources.value ?? []} fields={fields} onChange={set} />
      {format !== 'time_series' && (
        <EditorRow>
          <EditorField
            label="Columns"
            htmlFor="seclake-fields"
            optional
            tooltip={
              grouped
                ? 'With aggregations or group by, each column is a group key, shown before the aggregates'
                : "Empty: the time and the source's usual fields"
            }
            description={grouped ? 'Grouped: each column is a group key' : undefined}
            invalid={!!bad.fields}
            error={bad.fields}
          >
            <FieldsPicker
              id="seclake-fields"
              fields={fields}
              keep={grouped ? isScalar : isSelectable}
              invalid={!!bad.fields}
              loading={fieldState.loading}
              value={query.fields}
              onChange={(f) => set({ fields: f.length ? f : undefined })}
            />
          </EditorField>
        </EditorRow>
      )}
      <EditorRow>
        <EditorField label="Filters" optional>
          <Stack direction="column" gap={0.5}>
            {filters.map((f, i) => (
              <FilterRow
                key={i}
                index={i}
                filter={f}
                fields={fields}
                problems={underPrefix(bad, `filter-${i}`)}
                onChange={(nf) => setFilter(i, nf)}
                onRemove={() => setFilter(i)}
              />
            ))}
            {groups.map((g, i) => (
              <FilterGroupRow
                key={i}
                index={i}
                group={g}
                fields={fields}
                problems={bad}
                onChange={(ng) => setGroup(i, ng)}
                onRemove={() => setGroup(i)}
              />
            ))}
            <Stack gap={1} wrap="wrap">
              <Button
                variant="secondary"
                size="sm"
                icon="plus"
                onClick={() => set({ filters: [...filters, { field: '', op: '=' }] })}
              >
                Add filter
              </Button>
              <Button
                variant="secondary"
                size="sm"
                icon="plus"
                tooltip="A filter group: rows that match any of its filters (OR), all of them, or none of them (NOT)"
                onClick={() => set({ filterGroups: [...groups, { match: 'any', filters: [{ field: '', op: '=' }] }] })}
              >
                Add group
              </Button>
            </Stack>
          </Stack>
        </EditorField>
      </EditorRow>
      <EditorRow>
        <PickRows fields={sourceFields} picks={query.picks} onChange={(picks) => set({ picks })} />
      </EditorRow>
      {format !== 'logs' && (
        <EditorRow>
          <EditorField label="Group by" htmlFor="seclake-group-by" optional>
            <FieldsPicker
              id="seclake-group-by"
              fields={fields}
              keep={isScalar}
              placeholder="Choose fields"
              value={query.groupBy}
              onChange={(g) => set({ groupBy: g.length ? g : undefined })}
            />
          </EditorField>
          <EditorField label="Aggregations" optional>
            <Stack direction="column" gap={0.5}>
              {aggregations.map((a, i) => (
                <AggregationRow
                  key={i}
                  index={i}
                  aggregation={a}
                  fields={fields}
                  problems={underPrefix(bad, `agg-${i}`)}
                  onChange={(na) => setAgg(i, na)}
                  onRemove={() => setAgg(i)}
                />
              ))}
              <div>
                <Button
                  variant="secondary"
                  size="sm"
                  icon="plus"
                  onClick={() => set({ aggregations: [...aggregations, { func: 'count' }] })}
                >
                  Add aggregation
                </Button>
              </div>
            </Stack>
          </EditorField>
          <EditorField
            label="Having"
            optional
            tooltip="Keep only the groups whose aggregates pass every threshold"
            invalid={!!bad.having}
            error={bad.having}
          >
            <Stack direction="column" gap={0.5}>
              {having.map((h, i) => (
                <HavingRow
                  key={i}
                  index={i}
                  having={h}
                  fields={fields}
                  problems={underPrefix(bad, `having-${i}`)}
                  onChange={(nh) => setHaving(i, nh)}
                  onRemove={() => setHaving(i)}
                />
              ))}
              <div>
                <Button
                  variant="secondary"
                  size="sm"
                  icon="plus"
                  onClick={() => set({ having: [...having, { func: 'count', op: '>', value: 0 }] })}
                >
                  Add threshold
                </Button>
              </div>
            </Stack>
          </EditorField>
        </EditorRow>
      )}
      <EditorRow>
        {format !== 'logs' && (
          <EditorField
            label="Time bucket"
            htmlFor="seclake-bucket"
            optional
            tooltip="auto follows the panel interval; none for no bucket (tables)"
            invalid={!!bad.bucket}
            error={bad.bucket}
          >
            <Combobox<string>
              id="seclake-bucket"
              width={16}
              invalid={!!bad.bucket}
              createCustomValue
              isClearable
              placeholder="none"
              options={BUCKETS.map((b) => ({ value: b }))}
              value={query.timeBucket ?? null}
              onChange={(o) => set({ timeBucket: o?.value || undefined })}
            />
          </EditorField>
        )}
        <EditorField label="Limit" htmlFor="seclake-limit" optional tooltip="At most the datasource's row limit">
          <Input
            id="seclake-limit"
            key={query.limit ?? ''}
            type="number"
            min={1}
            width={14}
            placeholder="row limit"
            defaultValue={query.limit ?? ''}
            onBlur={(e) => {
              const n = Number.parseInt(e.currentTarget.value, 10);
              const limit = Number.isFinite(n) && n > 0 ? n : undefined;
              if (limit !== query.limit) {
                set({ limit });
              }
            }}
          />
        </EditorField>
        <EditorField
          label="Time range"
          tooltip="The dashboard's time range; builder queries read only its partitions"
          invalid={!!bad['time-range']}
          error={bad['time-range']}
        >
          <div data-testid="seclake-time-range" style={{ minHeight: 32, display: 'flex', alignItems: 'center' }}>
            <Text variant="bodySmall" color={bad['time-range'] ? 'error' : 'secondary'}>
              {rangeText(range)}
            </Text>
          </div>
        </EditorField>
        <ScopePicker
          api={api}
          source={name}
          range={range}
          accounts={query.accounts}
          regions={query.regions}
          onChange={set}
        />
      </EditorRow>
    </EditorRows>
  );
}

/** The range's length in words: "6 hours", "120 days". */
function rangeText(range?: TimeRange): string {
  if (!range) {
    return 'from the dashboard';
  }
  const h = (range.to.valueOf() - range.from.valueOf()) / 3600000;
  if (h < 48) {
    const n = Math.round(h * 10) / 10;
    return `${n} hour${n === 1 ? '' : 's'}`;
  }
  const d = Math.round((h / 24) * 10) / 10;
  return `${d} days`;
}
