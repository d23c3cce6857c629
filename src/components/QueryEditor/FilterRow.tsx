import React from 'react';
import { css } from '@emotion/css';
import { Combobox, ComboboxOption, IconButton, Input, MultiCombobox, Stack, TagsInput } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { coerceValue, enumOptions, findField, isListOp, isNullOp, OP_LABELS, operatorsFor } from '../../ocsf';
import { Filter, FilterOp, FilterValue } from '../../types';
import { HiddenLabel } from '../HiddenLabel';
import { FieldPicker } from './FieldPicker';
import { WithProblem } from './WithProblem';

interface Props {
  index: number;
  filter: Filter;
  fields: FieldInfo[];
  onChange: (filter: Filter) => void;
  /** Absent: the row has no remove button (count_if's condition). */
  onRemove?: () => void;
  /** The control key (validation.ts) without `seclake-`; default `filter-<index>`. */
  control?: string;
  /** The row's name in labels; default `Filter <index + 1>`. */
  name?: string;
  /** Problems of this row's controls, keyed `field`, `op`, `value`. */
  problems?: Record<string, string>;
}

/** One filter: a field, an operator that fits its type, and a value (enum captions for enum fields). */
export function FilterRow({ index, filter, fields, onChange, onRemove, control, name, problems = {} }: Props) {
  const field = findField(fields, filter.field);
  const ops = operatorsFor(field);
  const key = control ?? `filter-${index}`;
  const id = `seclake-${key}`;
  const label = name ?? `Filter ${index + 1}`;

  const onField = (path?: string) => {
    const next = findField(fields, path);
    const allowed = operatorsFor(next);
    onChange({ field: path ?? '', op: allowed.includes(filter.op) ? filter.op : allowed[0] });
  };
  const onOp = (op: FilterOp) => {
    if (isNullOp(op)) {
      onChange({ field: filter.field, op });
    } else if (isListOp(op)) {
      onChange({
        field: filter.field,
        op,
        values: filter.values ?? (filter.value === undefined ? [] : [filter.value]),
      });
    } else {
      onChange({ field: filter.field, op, value: filter.value ?? filter.values?.[0] });
    }
  };

  return (
    // Top-aligned and wrapping: a tall control (a list of values) or a
    // message under one control keeps the others on the first line.
    <Stack gap={0.5} alignItems="flex-start" wrap="wrap" data-testid={id}>
      <WithProblem control={`${key}-field`} problem={problems.field}>
        <HiddenLabel htmlFor={`${id}-field`}>{label} field</HiddenLabel>
        <FieldPicker
          id={`${id}-field`}
          fields={fields}
          value={filter.field || undefined}
          onChange={onField}
          width={32}
          invalid={!!problems.field}
        />
      </WithProblem>
      <WithProblem control={`${key}-op`} problem={problems.op}>
        <HiddenLabel htmlFor={`${id}-op`}>{label} operator</HiddenLabel>
        <Combobox<FilterOp>
          id={`${id}-op`}
          width={18}
          invalid={!!problems.op}
          options={ops.map((op) => ({ label: OP_LABELS[op], value: op }))}
          value={filter.op}
          onChange={(o) => o && onOp(o.value)}
        />
      </WithProblem>
      {!isNullOp(filter.op) && (
        <WithProblem control={`${key}-value`} problem={problems.value}>
          <FilterValueInput
            id={`${id}-value`}
            label={label}
            filter={filter}
            field={field}
            onChange={onChange}
            invalid={!!problems.value}
          />
        </WithProblem>
      )}
      {onRemove && (
        <div className={rowButton}>
          <IconButton name="times" tooltip={`Remove ${label.toLowerCase()}`} onClick={onRemove} />
        </div>
      )}
    </Stack>
  );
}

interface ValueProps {
  id: string;
  label: string;
  filter: Filter;
  field?: FieldInfo;
  onChange: (filter: Filter) => void;
  invalid?: boolean;
}

// The remove button is as tall as an input, so it lines up with the first line of the row.
const rowButton = css({ display: 'flex', alignItems: 'center', height: 32 });

function FilterValueInput({ id, label: name, filter, field, onChange, invalid }: ValueProps) {
  const label = <HiddenLabel htmlFor={id}>{name} value</HiddenLabel>;
  const enums = enumOptions(field);
  const { value: _v, values: _vs, ...base } = filter;
  const setValue = (value?: FilterValue) => onChange({ ...base, value });
  const setValues = (values: FilterValue[]) => onChange({ ...base, values });

  if (isListOp(filter.op)) {
    if (enums) {
      return (
        <>
          {label}
          <MultiCombobox<string | number>
            id={id}
            invalid={invalid}
            width="auto"
            minWidth={20}
            maxWidth={50}
            createCustomValue
            options={enums}
            value={(filter.values ?? []).filter((v): v is string | number => typeof v !== 'boolean')}
            onChange={(opts: Array<ComboboxOption<string | number>>) => setValues(opts.map((o) => o.value))}
          />
        </>
      );
    }
    return (
      <>
        {label}
        <TagsInput
          id={id}
          width={40}
          invalid={invalid}
          placeholder="Value, then Enter"
          tags={(filter.values ?? []).map(String)}
          onChange={(tags) => setValues(tags.map((t) => coerceValue(field, t)))}
        />
      </>
    );
  }
  if (enums) {
    return (
      <>
        {label}
        <Combobox<string | number>
          id={id}
          width={28}
          invalid={invalid}
          createCustomValue
          options={enums}
          value={filter.value === undefined || typeof filter.value === 'boolean' ? null : filter.value}
          onChange={(o) => o && setValue(o.value)}
        />
      </>
    );
  }
  if (field?.valueType === 'boolean') {
    return (
      <>
        {label}
        <Combobox<string>
          id={id}
          width={14}
          invalid={invalid}
          options={[{ value: 'true' }, { value: 'false' }]}
          value={filter.value === undefined ? null : String(filter.value)}
          onChange={(o) => o && setValue(o.value === 'true')}
        />
      </>
    );
  }
  return (
    <>
      {label}
      <Input
        id={id}
        key={String(filter.value)}
        width={30}
        invalid={invalid}
        placeholder={field?.valueType === 'string' || !field ? 'value or $variable' : field.valueType}
        defaultValue={filter.value === undefined ? '' : String(filter.value)}
        onBlur={(e) => {
          const v = coerceValue(field, e.currentTarget.value);
          if (v !== filter.value) {
            setValue(v === '' ? undefined : v);
          }
        }}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
      />
    </>
  );
}
