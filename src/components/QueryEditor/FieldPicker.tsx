import React from 'react';
import { Combobox, ComboboxOption, MultiCombobox } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { fieldOptions } from '../../ocsf';

interface MultiProps {
  id?: string;
  fields: FieldInfo[];
  value?: string[];
  onChange: (paths: string[]) => void;
  /** Which fields to offer (default: all). */
  keep?: (f: FieldInfo) => boolean;
  placeholder?: string;
  loading?: boolean;
  width?: number;
}

/** Several OCSF field paths: searchable, grouped by OCSF object, each with its type. */
export function FieldsPicker({ id, fields, value, onChange, keep, placeholder, loading, width = 60 }: MultiProps) {
  return (
    <MultiCombobox<string>
      id={id}
      options={fieldOptions(fields, keep)}
      value={value ?? []}
      placeholder={placeholder ?? 'Choose fields'}
      loading={loading}
      width="auto"
      minWidth={30}
      maxWidth={width}
      onChange={(opts: Array<ComboboxOption<string>>) => onChange(opts.map((o) => o.value))}
    />
  );
}

interface SingleProps {
  id?: string;
  fields: FieldInfo[];
  value?: string;
  onChange: (path: string | undefined) => void;
  keep?: (f: FieldInfo) => boolean;
  placeholder?: string;
  /** Offer a "none" entry (for example count(*)). */
  clearable?: boolean;
  width?: number;
}

/** One OCSF field path. */
export function FieldPicker({ id, fields, value, onChange, keep, placeholder, clearable, width = 30 }: SingleProps) {
  const options = fieldOptions(fields, keep);
  // A path from a saved query that this source does not list stays visible.
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ label: value, value, description: 'not a field of this source' });
  }
  const common = {
    id,
    options,
    value: value ?? null,
    placeholder: placeholder ?? 'Field',
    width,
  };
  return clearable ? (
    <Combobox<string> {...common} isClearable onChange={(o) => onChange(o?.value)} />
  ) : (
    <Combobox<string> {...common} onChange={(o) => onChange(o.value)} />
  );
}
