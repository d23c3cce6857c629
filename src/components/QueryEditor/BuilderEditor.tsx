import React, { useMemo } from 'react';
import { TimeRange } from '@grafana/data';
import { Button, Combobox, Input, Stack } from '@grafana/ui';
import { EditorField, EditorRow, EditorRows } from '@grafana/plugin-ui';

import { ResourceClient } from '../../api';
import { withArrayFields } from '../../arrays';
import { withComputed } from '../../computed';
import { useAsync } from '../../hooks/useAsync';
import { isScalar, isSelectable } from '../../ocsf';
import { splitSource } from '../../query';
import { Aggregation, Filter, Having, SecurityLakeQuery } from '../../types';
import { AggregationRow } from './AggregationRow';
import { ComputedEditor } from './ComputedEditor';
import { FieldsPicker } from './FieldPicker';
import { FilterRow } from './FilterRow';
import { HavingRow } from './HavingRow';
import { MultiSourceRows, useCommonFields } from './MultiSourceRows';
import { ScopePicker } from './ScopePicker';
import { ClassPicker, SourcePicker } from './SourcePicker';
import { PickRows } from './PickRows';
import { UnnestPicker } from './UnnestPicker';

const BUCKETS = ['auto', '1m', '5m', '15m', '30m', '1h', '6h', '12h', '1d'];

interface Props {
  api: ResourceClient;
  query: SecurityLakeQuery;
  range?: TimeRange;
  onChange: (query: SecurityLakeQuery) => void;
}

/** The OCSF builder: source → class → fields, filters, group by, aggregations, bucket, limit, scope. */
export function BuilderEditor({ api, query, range, onChange }: Props) {
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

  return (
    <EditorRows>
      <EditorRow>
        <SourcePicker
          sources={sources.value ?? []}
          loading={sources.loading}
          error={sources.error ?? fieldState.error}
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
            tooltip="Empty: the time and the source's usual fields"
          >
            <FieldsPicker
              id="seclake-fields"
              fields={fields}
              keep={isSelectable}
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
                onChange={(nf) => setFilter(i, nf)}
                onRemove={() => setFilter(i)}
              />
            ))}
            <div>
              <Button
                variant="secondary"
                size="sm"
                icon="plus"
                onClick={() => set({ filters: [...filters, { field: '', op: '=' }] })}
              >
                Add filter
              </Button>
            </div>
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
          <EditorField label="Having" optional tooltip="Keep only the groups whose aggregates pass every threshold">
            <Stack direction="column" gap={0.5}>
              {having.map((h, i) => (
                <HavingRow
                  key={i}
                  index={i}
                  having={h}
                  fields={fields}
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
          >
            <Combobox<string>
              id="seclake-bucket"
              width={16}
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
