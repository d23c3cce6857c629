import React, { useMemo } from 'react';
import { Combobox, ComboboxOption } from '@grafana/ui';
import { EditorField } from '@grafana/plugin-ui';

import { ClassInfo, SourceInfo } from '../../api';
import { templateVariableOptions } from '../../templateVariables';
import { selectedFirst } from './selectedFirst';

/**
 * Source options: each source (the lake's preferred version), plus one entry
 * per version while a source exists in several (a v1 → v2 migration). A
 * source the lake does not hold is still offered, marked "not found".
 */
export function sourceOptions(sources: SourceInfo[]): Array<ComboboxOption<string>> {
  const out: Array<ComboboxOption<string>> = [];
  for (const s of sources) {
    const found = s.available.length > 0;
    out.push({
      label: s.title,
      value: s.name,
      description: found ? `${s.name} · version ${s.available.join(', ')}` : `${s.name} · not found in the lake`,
      group: s.custom ? 'Custom sources' : 'AWS sources',
    });
    if (s.available.length > 1) {
      for (const v of s.available) {
        out.push({
          label: `${s.title} (version ${v})`,
          value: `${s.name}@${v}`,
          description: `${s.name}@${v}`,
          group: 'Pinned versions',
        });
      }
    }
  }
  return out;
}

interface SourceProps {
  sources: SourceInfo[];
  loading?: boolean;
  error?: string;
  value?: string;
  onChange: (source: string) => void;
  label?: string;
}

/**
 * The source (GET sources), with what discovery found, and the dashboard's
 * template variables. No free text: Combobox puts a typed custom value first,
 * so Enter after typing part of a name saved that text as the source.
 */
export function SourcePicker({ sources, loading, error, value, onChange, label = 'Source' }: SourceProps) {
  const known = useMemo(() => [...sourceOptions(sources), ...templateVariableOptions()], [sources]);
  // A saved value the lake does not list (or a $variable) stays visible.
  const all = value && !known.some((o) => o.value === value) ? [{ label: value, value }, ...known] : known;
  const options = selectedFirst(all, value);
  return (
    <EditorField label={label} htmlFor="seclake-source" invalid={!!error} error={error}>
      <Combobox<string>
        id="seclake-source"
        options={options}
        value={value ?? null}
        loading={loading}
        placeholder="Choose a source"
        width={40}
        onChange={(o) => o && onChange(o.value)}
      />
    </EditorField>
  );
}

interface ClassProps {
  classes: ClassInfo[];
  loading?: boolean;
  value?: number;
  onChange: (classUid: number | undefined) => void;
}

/** One OCSF class of the source (GET classes), or all of them. */
export function ClassPicker({ classes, loading, value, onChange }: ClassProps) {
  const options: Array<ComboboxOption<number>> = [
    { label: 'All classes', value: 0 },
    ...classes.map((c) => ({ label: c.name, value: c.uid, description: `${c.uid} · ${c.categoryName}` })),
  ];
  return (
    <EditorField label="Class" htmlFor="seclake-class" optional>
      <Combobox<number>
        id="seclake-class"
        options={selectedFirst(options, value ?? 0)}
        value={value ?? 0}
        loading={loading}
        width={30}
        onChange={(o) => o && onChange(o.value || undefined)}
      />
    </EditorField>
  );
}
