import React from 'react';
import { Combobox, IconButton, Input, Stack } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { COMPUTED_SPECS } from '../../computed';
import { COMPUTED_FUNCS, Computed, ComputedFunc, FilterValue } from '../../types';
import { HiddenLabel } from '../HiddenLabel';
import { FieldPicker, FieldsPicker } from './FieldPicker';

interface Props {
  index: number;
  computed: Computed;
  /** The fields it may use: the source's and the computed columns before it. */
  fields: FieldInfo[];
  onChange: (c: Computed) => void;
  onRemove: () => void;
}

/** A blank computed column: the editor's "Add computed column". */
export const NEW_COMPUTED: Computed = { alias: '', func: 'lower', field: '' };

/** One computed column: its alias, a function, the field (and coalesce's further fields), the literal arguments. */
export function ComputedRow({ index, computed, fields, onChange, onRemove }: Props) {
  const id = `seclake-computed-${index}`;
  const spec = COMPUTED_SPECS[computed.func] ?? COMPUTED_SPECS.lower;
  const base = fields.find((f) => f.path === computed.field);
  const args = computed.args ?? [];
  const setArg = (i: number, text: string) => {
    const next: FilterValue[] = spec.args.map((_, j) => (j === i ? text : String(args[j] ?? '')));
    // Trailing optional arguments left empty are dropped, not sent as ''.
    while (next.length > 0 && next[next.length - 1] === '' && spec.args[next.length - 1].optional) {
      next.pop();
    }
    onChange({ ...computed, args: next.length ? next : undefined });
  };
  return (
    <Stack gap={0.5} alignItems="center" wrap="wrap" data-testid={id}>
      <HiddenLabel htmlFor={`${id}-alias`}>Computed column {index + 1} name</HiddenLabel>
      <Input
        id={`${id}-alias`}
        key={computed.alias}
        width={18}
        placeholder="name"
        defaultValue={computed.alias}
        onBlur={(e) => {
          const alias = e.currentTarget.value.trim();
          if (alias !== computed.alias) {
            onChange({ ...computed, alias });
          }
        }}
      />
      <HiddenLabel htmlFor={`${id}-func`}>Computed column {index + 1} function</HiddenLabel>
      <Combobox<ComputedFunc>
        id={`${id}-func`}
        width={22}
        options={COMPUTED_FUNCS.map((f) => ({
          label: COMPUTED_SPECS[f].label,
          value: f,
          description: COMPUTED_SPECS[f].doc,
        }))}
        value={computed.func}
        onChange={(o) => onChange({ ...computed, func: o.value, fields: undefined, args: undefined })}
      />
      <HiddenLabel htmlFor={`${id}-field`}>Computed column {index + 1} field</HiddenLabel>
      <FieldPicker
        id={`${id}-field`}
        fields={fields}
        keep={spec.keep}
        value={computed.field || undefined}
        onChange={(field) => onChange({ ...computed, field: field ?? '' })}
      />
      {computed.func === 'coalesce' && (
        <>
          <HiddenLabel htmlFor={`${id}-fields`}>Computed column {index + 1} further fields</HiddenLabel>
          <FieldsPicker
            id={`${id}-fields`}
            fields={fields}
            keep={(f) => f.kind === 'scalar' && f.path !== computed.field && (!base || f.valueType === base.valueType)}
            placeholder="then fields"
            width={40}
            value={computed.fields}
            onChange={(more) => onChange({ ...computed, fields: more.length ? more : undefined })}
          />
        </>
      )}
      {spec.args.map((a, i) => (
        <React.Fragment key={`${computed.func}-${i}`}>
          <HiddenLabel htmlFor={`${id}-arg-${i}`}>
            Computed column {index + 1} {a.name}
          </HiddenLabel>
          <Input
            id={`${id}-arg-${i}`}
            key={String(args[i] ?? '')}
            width={i === 0 ? 28 : 14}
            placeholder={a.optional ? `${a.name} (optional)` : a.name}
            defaultValue={String(args[i] ?? '')}
            onBlur={(e) => {
              if (e.currentTarget.value !== String(args[i] ?? '')) {
                setArg(i, e.currentTarget.value);
              }
            }}
          />
        </React.Fragment>
      ))}
      <IconButton name="times" tooltip={`Remove computed column ${index + 1}`} onClick={onRemove} />
    </Stack>
  );
}
