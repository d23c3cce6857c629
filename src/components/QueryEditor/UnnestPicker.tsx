import React from 'react';
import { EditorField } from '@grafana/plugin-ui';

import { FieldInfo } from '../../api';
import { isArray } from '../../arrays';
import { FieldPicker } from './FieldPicker';

interface Props {
  /** The source's fields as GET fields lists them. */
  fields: FieldInfo[];
  value?: string;
  onChange: (unnest: string | undefined) => void;
}

/**
 * "Each element of": one row per element of an array field (models.Query.Unnest), so its
 * element fields (`resources[].uid`) can be grouped, counted and selected like any column.
 */
export function UnnestPicker({ fields, value, onChange }: Props) {
  return (
    <EditorField
      label="Each element of"
      htmlFor="seclake-unnest"
      optional
      tooltip="One row per element of this array; rows whose array is empty or null drop out"
    >
      <FieldPicker
        id="seclake-unnest"
        fields={fields}
        keep={isArray}
        value={value}
        clearable
        placeholder="Whole rows"
        onChange={onChange}
      />
    </EditorField>
  );
}
