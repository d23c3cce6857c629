import React from 'react';
import { Button, Stack } from '@grafana/ui';
import { EditorField, EditorRow } from '@grafana/plugin-ui';

import { FieldInfo } from '../../api';
import { withComputed } from '../../computed';
import { Computed } from '../../types';
import { ComputedRow, NEW_COMPUTED } from './ComputedRow';

interface Props {
  /** The source's fields (without the computed columns). */
  fields: FieldInfo[];
  computed?: Computed[];
  onChange: (computed?: Computed[]) => void;
}

/** The "Computed" row of the builder: one ComputedRow per computed column, and an add button. */
export function ComputedEditor({ fields, computed = [], onChange }: Props) {
  const setAt = (i: number, c?: Computed) => {
    const next = c ? computed.map((x, j) => (j === i ? c : x)) : computed.filter((_, j) => j !== i);
    onChange(next.length ? next : undefined);
  };
  return (
    <EditorRow>
      <EditorField
        label="Computed"
        optional
        tooltip="Columns computed from fields (lower case, domain, JSON value, map value, …); use their names as fields below"
      >
        <Stack direction="column" gap={0.5}>
          {computed.map((c, i) => (
            <ComputedRow
              key={i}
              index={i}
              computed={c}
              // A computed column may use the ones before it.
              fields={withComputed(fields, computed.slice(0, i))}
              onChange={(nc) => setAt(i, nc)}
              onRemove={() => setAt(i)}
            />
          ))}
          <div>
            <Button
              variant="secondary"
              size="sm"
              icon="plus"
              onClick={() => onChange([...computed, { ...NEW_COMPUTED, alias: `col${computed.length + 1}` }])}
            >
              Add computed column
            </Button>
          </div>
        </Stack>
      </EditorField>
    </EditorRow>
  );
}
