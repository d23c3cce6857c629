import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Combobox, IconButton, useStyles2 } from '@grafana/ui';

import { FieldInfo } from '../../api';
import { fieldOptions } from '../../ocsf';
import { selectedFirst } from './selectedFirst';

interface MultiProps {
  id?: string;
  fields: FieldInfo[];
  value?: string[];
  onChange: (paths: string[]) => void;
  /** Which fields to offer (default: all). */
  keep?: (f: FieldInfo) => boolean;
  placeholder?: string;
  loading?: boolean;
  /** The add box's width (theme spacing units). */
  width?: number;
  invalid?: boolean;
}

/**
 * Several OCSF field paths: each chosen path shown whole (wrapping, never
 * collapsed to "… 6" as Grafana's MultiCombobox does when closed), removable
 * by its × button, plus a searchable add box grouped by OCSF object. The add
 * box keeps the id, so a label's htmlFor reaches it.
 */
export function FieldsPicker({
  id,
  fields,
  value,
  onChange,
  keep,
  placeholder,
  loading,
  width = 30,
  invalid,
}: MultiProps) {
  const styles = useStyles2(getStyles);
  const chosen = value ?? [];
  const options = fieldOptions(fields, keep).filter((o) => !chosen.includes(o.value));
  return (
    <div className={styles.wrap} data-testid={id ? `${id}-chosen` : undefined}>
      {chosen.map((p) => (
        <span key={p} className={styles.pill}>
          <span className={styles.path}>{p}</span>
          <IconButton
            name="times"
            size="sm"
            aria-label={`Remove ${p}`}
            tooltip={`Remove ${p}`}
            onClick={() => onChange(chosen.filter((x) => x !== p))}
          />
        </span>
      ))}
      <Combobox<string>
        id={id}
        options={options}
        value={null}
        loading={loading}
        invalid={invalid}
        placeholder={chosen.length ? 'Add a field' : (placeholder ?? 'Choose fields')}
        width={width}
        onChange={(o) => o && !chosen.includes(o.value) && onChange([...chosen, o.value])}
      />
    </div>
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
  invalid?: boolean;
}

/** One OCSF field path. */
export function FieldPicker({
  id,
  fields,
  value,
  onChange,
  keep,
  placeholder,
  clearable,
  width = 30,
  invalid,
}: SingleProps) {
  const options = fieldOptions(fields, keep);
  // A path from a saved query that this source does not list stays visible.
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ label: value, value, description: 'not a field of this source' });
  }
  const common = {
    id,
    options: selectedFirst(options, value),
    value: value ?? null,
    placeholder: placeholder ?? 'Field',
    width,
    invalid,
  };
  return clearable ? (
    <Combobox<string> {...common} isClearable onChange={(o) => onChange(o?.value)} />
  ) : (
    <Combobox<string> {...common} onChange={(o) => o && onChange(o.value)} />
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    maxWidth: '100%',
  }),
  pill: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    maxWidth: '100%',
    padding: theme.spacing(0, 0.5, 0, 1),
    minHeight: theme.spacing(theme.components.height.md),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  path: css({ overflowWrap: 'anywhere' }),
});
