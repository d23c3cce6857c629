import React from 'react';
import { Combobox, ComboboxOption, IconButton, Input, MultiCombobox, Stack, TagsInput } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { coerceValue, enumOptions, findField, isListOp, isNullOp, OP_LABELS, operatorsFor } from '../../ocsf';
import { Filter, FilterOp, FilterValue } from '../../types';
import { HiddenLabel } from '../HiddenLabel';
import { FieldPicker } from './FieldPicker';

interface Props {
  index: number;
  filter: Filter;
  fields: FieldInfo[];
  onChange: (filter: Filter) => void;
  onRemove: () => void;
}

/** One filter: a field, an operator that fits its type, and a value (enum captions for enum fields). */
export function FilterRow({ index, filter, fields, onChange, onRemove }: Props) {
  const field = findField(fields, filter.field);
  const ops = operatorsFor(field);
  const id = `seclake-filter-${index}`;

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
    <Stack gap={0.5} alignItems="center" data-testid={id}>
      <HiddenLabel htmlFor={`${id}-field`}>Filter {index + 1} field</HiddenLabel>
      <FieldPicker id={`${id}-field`} fields={fields} value={filter.field || undefined} onChange={onField} width={32} />
      <HiddenLabel htmlFor={`${id}-op`}>Filter {index + 1} operator</HiddenLabel>
      <Combobox<FilterOp>
        id={`${id}-op`}
        width={18}
        options={ops.map((op) => ({ label: OP_LABELS[op], value: op }))}
        value={filter.op}
        onChange={(o) => onOp(o.value)}
      />
      {!isNullOp(filter.op) && (
        <FilterValueInput id={`${id}-value`} index={index} filter={filter} field={field} onChange={onChange} />
      )}
      <IconButton name="times" tooltip={`Remove filter ${index + 1}`} onClick={onRemove} />
    </Stack>
  );
}

interface ValueProps {
  id: string;
  index: number;
  filter: Filter;
  field?: FieldInfo;
  onChange: (filter: Filter) => void;
}

function FilterValueInput({ id, index, filter, field, onChange }: ValueProps) {
  const label = <HiddenLabel htmlFor={id}>Filter {index + 1} value</HiddenLabel>;
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
          createCustomValue
          options={enums}
          value={filter.value === undefined || typeof filter.value === 'boolean' ? null : filter.value}
          onChange={(o) => setValue(o.value)}
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
          options={[{ value: 'true' }, { value: 'false' }]}
          value={filter.value === undefined ? null : String(filter.value)}
          onChange={(o) => setValue(o.value === 'true')}
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
