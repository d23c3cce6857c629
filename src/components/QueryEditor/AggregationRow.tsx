import React from 'react';
import { Combobox, IconButton, Input, Stack } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { aggregationFieldFilter } from '../../ocsf';
import { AGG_FUNCS, AggFunc, Aggregation } from '../../types';
import { HiddenLabel } from '../HiddenLabel';
import { FieldPicker } from './FieldPicker';

export const FUNC_LABELS: Record<AggFunc, string> = {
  count: 'count',
  count_distinct: 'count distinct',
  approx_distinct: 'approx. distinct',
  sum: 'sum',
  min: 'min',
  max: 'max',
  avg: 'avg',
  count_if: 'count where',
  distinct_list: 'distinct values',
};

/** Functions the rows offer: count_if needs a filter, which is set in the query JSON (kept as is here). */
export const EDITOR_AGG_FUNCS = AGG_FUNCS.filter((f) => f !== 'count_if');
/** Functions a threshold compares with a value. */
export const THRESHOLD_AGG_FUNCS = AGG_FUNCS.filter((f) => f !== 'count_if' && f !== 'distinct_list');

interface Props {
  index: number;
  aggregation: Aggregation;
  fields: FieldInfo[];
  onChange: (a: Aggregation) => void;
  onRemove: () => void;
}

/** One aggregate column: a function, its field (optional for count) and an optional alias. */
export function AggregationRow({ index, aggregation, fields, onChange, onRemove }: Props) {
  const id = `seclake-agg-${index}`;
  const keep = aggregationFieldFilter(aggregation.func);
  return (
    <Stack gap={0.5} alignItems="center" data-testid={id}>
      <HiddenLabel htmlFor={`${id}-func`}>Aggregation {index + 1} function</HiddenLabel>
      <Combobox<AggFunc>
        id={`${id}-func`}
        width={20}
        options={(aggregation.func === 'count_if' ? AGG_FUNCS : EDITOR_AGG_FUNCS).map((f) => ({
          label: FUNC_LABELS[f],
          value: f,
        }))}
        value={aggregation.func}
        onChange={(o) => onChange({ ...aggregation, func: o.value })}
      />
      <HiddenLabel htmlFor={`${id}-field`}>Aggregation {index + 1} field</HiddenLabel>
      <FieldPicker
        id={`${id}-field`}
        fields={fields}
        keep={keep}
        clearable={aggregation.func === 'count'}
        placeholder={aggregation.func === 'count' ? 'all rows (*)' : 'Field'}
        value={aggregation.field}
        onChange={(field) => onChange({ ...aggregation, field })}
      />
      <HiddenLabel htmlFor={`${id}-alias`}>Aggregation {index + 1} alias</HiddenLabel>
      <Input
        id={`${id}-alias`}
        key={aggregation.alias ?? ''}
        width={20}
        placeholder="alias (optional)"
        defaultValue={aggregation.alias ?? ''}
        onBlur={(e) => {
          const alias = e.currentTarget.value.trim() || undefined;
          if (alias !== aggregation.alias) {
            onChange({ ...aggregation, alias });
          }
        }}
      />
      <IconButton name="times" tooltip={`Remove aggregation ${index + 1}`} onClick={onRemove} />
    </Stack>
  );
}
