import React from 'react';
import { Combobox, IconButton, Input, Stack } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { aggregationFieldFilter, coerceValue, findField } from '../../ocsf';
import { AggFunc, Having, HAVING_OPS, HavingOp } from '../../types';
import { HiddenLabel } from '../HiddenLabel';
import { FUNC_LABELS, THRESHOLD_AGG_FUNCS } from './AggregationRow';
import { FieldPicker } from './FieldPicker';
import { WithProblem } from './WithProblem';

interface Props {
  index: number;
  having: Having;
  fields: FieldInfo[];
  onChange: (h: Having) => void;
  onRemove: () => void;
  /** Problems of this row's controls (validation.ts keys after `having-<index>-`). */
  problems?: Record<string, string>;
}

/** One threshold on an aggregate per group (HAVING): a function, its field (optional for count), a comparison, a value. */
export function HavingRow({ index, having, fields, onChange, onRemove, problems = {} }: Props) {
  const id = `seclake-having-${index}`;
  const counts = having.func === 'count' || having.func === 'count_distinct' || having.func === 'approx_distinct';
  // Counts are whole numbers; min/max/sum/avg are typed by their field.
  const valueField = counts ? undefined : findField(fields, having.field);
  return (
    <Stack gap={0.5} alignItems="flex-start" wrap="wrap" data-testid={id}>
      <HiddenLabel htmlFor={`${id}-func`}>Threshold {index + 1} function</HiddenLabel>
      <Combobox<AggFunc>
        id={`${id}-func`}
        width={20}
        options={THRESHOLD_AGG_FUNCS.map((f) => ({ label: FUNC_LABELS[f], value: f }))}
        value={having.func}
        onChange={(o) => o && onChange({ ...having, func: o.value })}
      />
      <WithProblem control={`having-${index}-field`} problem={problems.field}>
        <HiddenLabel htmlFor={`${id}-field`}>Threshold {index + 1} field</HiddenLabel>
        <FieldPicker
          invalid={!!problems.field}
          id={`${id}-field`}
          fields={fields}
          keep={aggregationFieldFilter(having.func)}
          clearable={having.func === 'count'}
          placeholder={having.func === 'count' ? 'all rows (*)' : 'Field'}
          value={having.field}
          onChange={(field) => onChange({ ...having, field })}
        />
      </WithProblem>
      <HiddenLabel htmlFor={`${id}-op`}>Threshold {index + 1} comparison</HiddenLabel>
      <Combobox<HavingOp>
        id={`${id}-op`}
        width={8}
        options={HAVING_OPS.map((op) => ({ label: op, value: op }))}
        value={having.op}
        onChange={(o) => o && onChange({ ...having, op: o.value })}
      />
      <WithProblem control={`having-${index}-value`} problem={problems.value}>
        <HiddenLabel htmlFor={`${id}-value`}>Threshold {index + 1} value</HiddenLabel>
        <Input
          invalid={!!problems.value}
          id={`${id}-value`}
          key={String(having.value)}
          width={16}
          placeholder="value"
          defaultValue={String(having.value ?? '')}
          onBlur={(e) => {
            const text = e.currentTarget.value;
            const value =
              counts && text.trim() !== '' && !text.includes('$') ? Number(text) : coerceValue(valueField, text);
            if (value !== having.value) {
              onChange({ ...having, value: Number.isNaN(value) ? text : value });
            }
          }}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        />
      </WithProblem>
      <div style={{ display: 'flex', alignItems: 'center', height: 32 }}>
        <IconButton name="times" tooltip={`Remove threshold ${index + 1}`} onClick={onRemove} />
      </div>
    </Stack>
  );
}
