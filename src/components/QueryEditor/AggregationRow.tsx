import React from 'react';
import { Combobox, IconButton, Input, Stack } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { aggregationFieldFilter } from '../../ocsf';
import { AGG_FUNCS, AggFunc, Aggregation } from '../../types';
import { HiddenLabel } from '../HiddenLabel';
import { FieldPicker } from './FieldPicker';
import { FilterRow } from './FilterRow';
import { WithProblem } from './WithProblem';

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

/** Functions the rows offer (count_if: "count where", with its condition as a filter row). */
export const EDITOR_AGG_FUNCS = AGG_FUNCS;
/** Functions a threshold compares with a value. */
export const THRESHOLD_AGG_FUNCS = AGG_FUNCS.filter((f) => f !== 'count_if' && f !== 'distinct_list');

interface Props {
  index: number;
  aggregation: Aggregation;
  fields: FieldInfo[];
  onChange: (a: Aggregation) => void;
  onRemove: () => void;
  /** Problems of this row's controls (validation.ts keys after `agg-<index>-`). */
  problems?: Record<string, string>;
}

/**
 * One aggregate column: a function, its field (optional for count) or, for
 * "count where" (count_if), the condition of the rows to count, and an
 * optional alias.
 */
export function AggregationRow({ index, aggregation, fields, onChange, onRemove, problems = {} }: Props) {
  const key = `agg-${index}`;
  const id = `seclake-${key}`;
  const keep = aggregationFieldFilter(aggregation.func);
  const countIf = aggregation.func === 'count_if';
  const onFunc = (func: AggFunc) => {
    if (func === 'count_if') {
      // count_if counts rows where its filter holds; it takes no field.
      const { field: _f, ...rest } = aggregation;
      onChange({ ...rest, func, filter: aggregation.filter ?? { field: '', op: '=' } });
    } else {
      const { filter: _c, ...rest } = aggregation;
      onChange({ ...rest, func });
    }
  };
  const conditionProblems: Record<string, string> = {};
  for (const [k, v] of Object.entries(problems)) {
    if (k.startsWith('filter-')) {
      conditionProblems[k.slice('filter-'.length)] = v;
    }
  }
  return (
    <Stack direction="column" gap={0.5} data-testid={id}>
      <Stack gap={0.5} alignItems="flex-start" wrap="wrap">
        <div>
          <HiddenLabel htmlFor={`${id}-func`}>Aggregation {index + 1} function</HiddenLabel>
          <Combobox<AggFunc>
            id={`${id}-func`}
            width={20}
            options={EDITOR_AGG_FUNCS.map((f) => ({ label: FUNC_LABELS[f], value: f }))}
            value={aggregation.func}
            onChange={(o) => o && onFunc(o.value)}
          />
        </div>
        {!countIf && (
          <WithProblem control={`${key}-field`} problem={problems.field}>
            <HiddenLabel htmlFor={`${id}-field`}>Aggregation {index + 1} field</HiddenLabel>
            <FieldPicker
              id={`${id}-field`}
              fields={fields}
              keep={keep}
              clearable={aggregation.func === 'count'}
              placeholder={aggregation.func === 'count' ? 'all rows (*)' : 'Field'}
              value={aggregation.field}
              invalid={!!problems.field}
              onChange={(field) => onChange({ ...aggregation, field })}
            />
          </WithProblem>
        )}
        <WithProblem control={`${key}-alias`} problem={problems.alias}>
          <HiddenLabel htmlFor={`${id}-alias`}>Aggregation {index + 1} alias</HiddenLabel>
          <Input
            id={`${id}-alias`}
            key={aggregation.alias ?? ''}
            width={20}
            invalid={!!problems.alias}
            placeholder="alias (optional)"
            defaultValue={aggregation.alias ?? ''}
            onBlur={(e) => {
              const alias = e.currentTarget.value.trim() || undefined;
              if (alias !== aggregation.alias) {
                onChange({ ...aggregation, alias });
              }
            }}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          />
        </WithProblem>
        <div style={{ display: 'flex', alignItems: 'center', height: 32 }}>
          <IconButton name="times" tooltip={`Remove aggregation ${index + 1}`} onClick={onRemove} />
        </div>
      </Stack>
      {countIf && (
        <div style={{ paddingLeft: 16 }} data-testid={`${id}-condition`}>
          <FilterRow
            index={0}
            control={`${key}-filter`}
            name={`Aggregation ${index + 1} condition`}
            filter={aggregation.filter ?? { field: '', op: '=' }}
            fields={fields}
            problems={conditionProblems}
            onChange={(filter) => onChange({ ...aggregation, filter })}
          />
        </div>
      )}
    </Stack>
  );
}
