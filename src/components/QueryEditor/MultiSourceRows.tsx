import React, { useMemo } from 'react';
import { Combobox, ComboboxOption, MultiCombobox } from '@grafana/ui';
import { EditorField, EditorRow } from '@grafana/plugin-ui';

import { FieldInfo, ResourceClient, SourceInfo } from '../../api';
import { useAsync } from '../../hooks/useAsync';
import { isScalar } from '../../ocsf';
import { splitSource } from '../../query';
import { Join, JoinKind, MAX_SOURCES, SecurityLakeQuery } from '../../types';
import { FieldPicker } from './FieldPicker';
import { sourceOptions } from './SourcePicker';

/** The `source` column of a union (sqlbuild.SourceColumn): which source a row came from. */
export const SOURCE_FIELD: FieldInfo = {
  path: 'source',
  type: 'varchar',
  kind: 'scalar',
  valueType: 'string',
  group: 'event',
};

/**
 * The fields a union query may use: the scalar fields that every source has
 * with the same type (as the backend checks), plus the `source` column.
 * `fields` are the first source's; without further sources they are returned
 * as they are.
 */
export function commonFields(fields: FieldInfo[], others: FieldInfo[][]): FieldInfo[] {
  if (others.length === 0) {
    return fields;
  }
  const types = others.map((list) => new Map(list.map((f) => [f.path, f.type])));
  const common = fields.filter((f) => isScalar(f) && types.every((m) => m.get(f.path) === f.type));
  return [SOURCE_FIELD, ...common];
}

/** Loads the fields of the query's further sources and intersects them with the first source's. */
export function useCommonFields(api: ResourceClient, query: SecurityLakeQuery, fields: FieldInfo[]) {
  const extra = (query.sources ?? []).filter((s) => s && s !== query.source);
  const key = extra.join(',');
  const state = useAsync(
    useMemo(
      () =>
        key
          ? Promise.all(
              key.split(',').map((s) => {
                const { name, version } = splitSource(s);
                return api.fields(name ?? s, version);
              })
            )
          : undefined,
      [api, key]
    )
  );
  return useMemo(() => commonFields(fields, key ? (state.value ?? []) : []), [fields, key, state.value]);
}

/** Join keys: scalar fields of the rows themselves (not a union's source column). */
const joinable = (f: FieldInfo) => isScalar(f) && f.path !== SOURCE_FIELD.path;

const KIND_OPTIONS: Array<ComboboxOption<JoinKind>> = [
  { label: 'exists in', value: 'semi', description: 'keep rows whose value appears in the other source' },
  { label: 'not in', value: 'anti', description: 'keep rows whose value never appears in the other source' },
  {
    label: 'with its count',
    value: 'inner',
    description: "add the other source's count per value (a column of the result); keep rows it has",
  },
  {
    label: 'with its count, all rows',
    value: 'left',
    description: "add the other source's count per value; keep every row (empty count when it lacks the value)",
  },
];

interface Props {
  api: ResourceClient;
  query: SecurityLakeQuery;
  sources: SourceInfo[];
  /** The fields the query may use (common fields of a union). */
  fields: FieldInfo[];
  onChange: (patch: Partial<SecurityLakeQuery>) => void;
}

/**
 * "Also from" (further sources, unioned) and "Match in" (a join on an entity
 * with another source). Both stay collapsed to one picker each until used.
 */
export function MultiSourceRows({ api, query, sources, fields, onChange }: Props) {
  const options = useMemo(() => sourceOptions(sources), [sources]);
  const extra = query.sources ?? [];
  const others = options.filter((o) => o.value !== query.source);
  const join = query.join;
  const setJoin = (patch?: Partial<Join>) =>
    onChange({ join: patch ? ({ ...(join ?? { field: '', source: '' }), ...patch } as Join) : undefined });
  const { name: otherName, version: otherVersion } = splitSource(join?.source);
  const otherFields = useAsync(
    useMemo(() => (otherName ? api.fields(otherName, otherVersion) : undefined), [api, otherName, otherVersion])
  );
  return (
    <EditorRow>
      <EditorField
        label="Also from"
        htmlFor="seclake-sources"
        optional
        tooltip={`Union with more sources (at most ${MAX_SOURCES} in all): only the fields they all have are offered, and a "source" column names each row's source`}
      >
        <MultiCombobox<string>
          id="seclake-sources"
          options={others}
          value={extra}
          placeholder="One source"
          width="auto"
          minWidth={30}
          maxWidth={60}
          onChange={(opts: Array<ComboboxOption<string>>) => {
            const next = opts.map((o) => o.value).slice(0, MAX_SOURCES - 1);
            onChange({ sources: next.length ? next : undefined });
          }}
        />
      </EditorField>
      <EditorField
        label="Match in"
        htmlFor="seclake-join-kind"
        optional
        tooltip="Keep the rows whose field value exists (or not) in another source over the same time range, accounts and Regions"
      >
        <Combobox<JoinKind>
          id="seclake-join-kind"
          width={16}
          isClearable
          placeholder="no join"
          options={KIND_OPTIONS}
          value={join ? (join.kind ?? 'semi') : null}
          onChange={(o) => (o ? setJoin({ kind: o.value }) : setJoin())}
        />
      </EditorField>
      {join && (
        <>
          <EditorField label="Field" htmlFor="seclake-join-field">
            <FieldPicker
              id="seclake-join-field"
              fields={fields}
              keep={joinable}
              value={join.field || undefined}
              onChange={(field) => setJoin({ field: field ?? '' })}
            />
          </EditorField>
          <EditorField label="Other source" htmlFor="seclake-join-source">
            <Combobox<string>
              id="seclake-join-source"
              width={30}
              placeholder="Choose a source"
              options={options}
              value={join.source || null}
              onChange={(o) => o && setJoin({ source: o.value })}
            />
          </EditorField>
          <EditorField label="Other field" htmlFor="seclake-join-other" optional tooltip="Empty: the same field">
            <FieldPicker
              id="seclake-join-other"
              fields={otherFields.value ?? []}
              keep={isScalar}
              clearable
              placeholder={join.field || 'Same field'}
              value={join.otherField}
              onChange={(otherField) => setJoin({ otherField })}
            />
          </EditorField>
        </>
      )}
    </EditorRow>
  );
}
