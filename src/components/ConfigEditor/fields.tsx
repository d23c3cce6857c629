import React from 'react';
import { Field, Input, Switch } from '@grafana/ui';

interface TextProps {
  id: string;
  label: string;
  description?: React.ReactNode;
  placeholder?: string;
  value?: string;
  onChange: (value: string | undefined) => void;
  width?: number;
}

/**
 * A trimmed text setting; empty clears it, so the backend's default applies.
 * Full width by default, like the AWS connection section's inputs.
 */
export function TextSetting({ id, label, description, placeholder, value, onChange, width }: TextProps) {
  return (
    <Field label={label} description={description} htmlFor={id}>
      <Input
        id={id}
        width={width}
        placeholder={placeholder}
        value={value ?? ''}
        onChange={(e) => onChange(e.currentTarget.value.trim() || undefined)}
      />
    </Field>
  );
}

interface NumberProps {
  id: string;
  label: string;
  description?: React.ReactNode;
  placeholder?: string;
  value?: number;
  max?: number;
  onChange: (value: number | undefined) => void;
  width?: number;
  suffix?: string;
  /** 0 is a value (e.g. "off"), not "empty". */
  allowZero?: boolean;
}

/**
 * A positive (or, with allowZero, non-negative) whole-number setting; empty or
 * invalid clears it. Values above max are capped.
 */
export function NumberSetting({
  id,
  label,
  description,
  placeholder,
  value,
  max,
  onChange,
  width,
  suffix,
  allowZero = false,
}: NumberProps) {
  const least = allowZero ? 0 : 1;
  return (
    <Field label={label} description={description} htmlFor={id}>
      <Input
        id={id}
        type="number"
        min={least}
        max={max}
        width={width}
        placeholder={placeholder}
        suffix={suffix}
        value={value ?? ''}
        onChange={(e) => {
          const n = Number.parseInt(e.currentTarget.value, 10);
          onChange(Number.isFinite(n) && n >= least ? (max ? Math.min(n, max) : n) : undefined);
        }}
      />
    </Field>
  );
}

interface DefaultOnProps {
  id: string;
  label: string;
  description?: React.ReactNode;
  value?: boolean;
  onChange: (value: false | undefined) => void;
}

/**
 * A switch for a setting that is on unless it is false: switching it on
 * clears the key, so the backend's default (on) applies.
 */
export function DefaultOnSwitch({ id, label, description, value, onChange }: DefaultOnProps) {
  return (
    <Field label={label} description={description} htmlFor={id}>
      <Switch id={id} value={value !== false} onChange={(e) => onChange(e.currentTarget.checked ? undefined : false)} />
    </Field>
  );
}
