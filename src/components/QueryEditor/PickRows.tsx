import React from 'react';
import { Button, IconButton, Input, Stack } from '@grafana/ui';
import { EditorField } from '@grafana/plugin-ui';

import { FieldInfo } from '../../api';
import { Pick } from '../../types';
import { HiddenLabel } from '../HiddenLabel';
import { FieldPicker } from './FieldPicker';

interface Props {
  /** The source's fields as GET fields lists them. */
  fields: FieldInfo[];
  picks?: Pick[];
  onChange: (picks: Pick[] | undefined) => void;
}

/** Element fields with a value of their own (not nested rows or arrays). */
const isElementValue = (f: FieldInfo) => f.kind === 'element' && f.valueType !== 'nested';

/**
 * "Element columns" (models.Pick): the first element's field of an array as a named column.
 * A pick's `where` (the first element matching a condition) is kept as set in JSON.
 */
export function PickRows({ fields, picks = [], onChange }: Props) {
  const set = (i: number, p?: Pick) => {
    const next = p ? picks.map((x, j) => (j === i ? p : x)) : picks.filter((_, j) => j !== i);
    onChange(next.length ? next : undefined);
  };
  return (
    <EditorField label="Element columns" optional tooltip="The first element's field of an array, as a column">
      <Stack direction="column" gap={0.5}>
        {picks.map((p, i) => {
          const id = `seclake-pick-${i}`;
          return (
            <Stack key={i} gap={0.5} alignItems="center" data-testid={id}>
              <HiddenLabel htmlFor={`${id}-field`}>Element column {i + 1} field</HiddenLabel>
              <FieldPicker
                id={`${id}-field`}
                fields={fields}
                keep={isElementValue}
                value={p.field || undefined}
                placeholder="Element field"
                onChange={(field) => set(i, { ...p, field: field ?? '' })}
              />
              <HiddenLabel htmlFor={`${id}-alias`}>Element column {i + 1} name</HiddenLabel>
              <Input
                id={`${id}-alias`}
                key={p.alias}
                width={20}
                placeholder="column name"
                defaultValue={p.alias}
                onBlur={(e) => e.currentTarget.value !== p.alias && set(i, { ...p, alias: e.currentTarget.value })}
              />
              {p.where && <span>first where {p.where.field}</span>}
              <IconButton name="times" tooltip={`Remove element column ${i + 1}`} onClick={() => set(i)} />
            </Stack>
          );
        })}
        <div>
          <Button
            variant="secondary"
            size="sm"
            icon="plus"
            onClick={() => onChange([...picks, { field: '', alias: `element_${picks.length + 1}` }])}
          >
            Add element column
          </Button>
        </div>
      </Stack>
    </EditorField>
  );
}
