import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Button, IconButton, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { Filter, FilterGroup } from '../../types';
import { FilterRow } from './FilterRow';
import { underPrefix } from './validation';
import { WithProblem } from './WithProblem';

/** How a group joins its filters: match (all = AND, any = OR) and not, as one choice in words. */
type Join = 'all' | 'any' | 'none' | 'not-all';
const JOINS: Array<SelectableValue<Join>> = [
  { label: 'all of', value: 'all', description: '(a AND b)' },
  { label: 'any of', value: 'any', description: '(a OR b)' },
  { label: 'none of', value: 'none', description: 'NOT (a OR b)' },
  { label: 'not all of', value: 'not-all', description: 'NOT (a AND b)' },
];

const joinOf = (g: FilterGroup): Join => (g.match === 'any' ? (g.not ? 'none' : 'any') : g.not ? 'not-all' : 'all');

function withJoin(g: FilterGroup, join: Join): FilterGroup {
  const { match: _m, not: _n, ...rest } = g;
  const any = join === 'any' || join === 'none';
  const not = join === 'none' || join === 'not-all';
  // Defaults (match all, not false) are left out, as the backend reads them.
  return { ...rest, ...(any ? { match: 'any' } : {}), ...(not ? { not: true } : {}) };
}

interface Props {
  index: number;
  group: FilterGroup;
  fields: FieldInfo[];
  onChange: (g: FilterGroup) => void;
  onRemove: () => void;
  /** All problems by control key (validation.ts); the group picks its own. */
  problems: Record<string, string>;
}

/**
 * One filter group (filterGroups): its filters joined by all / any, or
 * negated (none of, not all of), as one parenthesised condition ANDed with
 * the other filters.
 */
export function FilterGroupRow({ index, group, fields, onChange, onRemove, problems }: Props) {
  const styles = useStyles2(getStyles);
  const key = `group-${index}`;
  const filters = group.filters ?? [];
  const setFilter = (i: number, f?: Filter) =>
    onChange({ ...group, filters: f ? filters.map((x, j) => (j === i ? f : x)) : filters.filter((_, j) => j !== i) });
  return (
    <div className={styles.box} data-testid={`seclake-${key}`} role="group" aria-label={`Filter group ${index + 1}`}>
      <Stack gap={1} alignItems="center" wrap="wrap">
        <Text variant="bodySmall" color="secondary">
          Group {index + 1}: rows match
        </Text>
        <RadioButtonGroup<Join>
          size="sm"
          options={JOINS}
          value={joinOf(group)}
          onChange={(j) => onChange(withJoin(group, j))}
        />
        <IconButton name="times" tooltip={`Remove filter group ${index + 1}`} onClick={onRemove} />
      </Stack>
      <WithProblem control={key} problem={problems[key]}>
        <Stack direction="column" gap={0.5}>
          {filters.map((f, i) => (
            <FilterRow
              key={i}
              index={i}
              control={`${key}-filter-${i}`}
              name={`Group ${index + 1} filter ${i + 1}`}
              filter={f}
              fields={fields}
              problems={underPrefix(problems, `${key}-filter-${i}`)}
              onChange={(nf) => setFilter(i, nf)}
              onRemove={() => setFilter(i)}
            />
          ))}
          <div>
            <Button
              variant="secondary"
              size="sm"
              icon="plus"
              aria-label={`Add a filter to group ${index + 1}`}
              onClick={() => onChange({ ...group, filters: [...filters, { field: '', op: '=' }] })}
            >
              Add to group
            </Button>
          </div>
        </Stack>
      </WithProblem>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.5, 1, 1, 1),
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    maxWidth: '100%',
  }),
});
