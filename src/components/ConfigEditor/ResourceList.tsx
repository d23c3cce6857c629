import React, { useMemo, useRef, useState } from 'react';
import { Combobox, ComboboxOption, Field } from '@grafana/ui';

import { ConfigListItem, errorMessage } from '../../api';

interface Props {
  id: string;
  label: string;
  /** What the list holds; "Could not list <what>" on an error. */
  what: string;
  description?: React.ReactNode;
  placeholder?: string;
  value?: string;
  onChange: (value: string | undefined) => void;
  /**
   * Loads the list (the config editor saves the settings first). Absent:
   * the list cannot load yet, and only a typed value is possible.
   */
  load?: () => Promise<ConfigListItem[]>;
}

/**
 * A setting picked from a list the backend loads from AWS when the menu
 * opens (every time: the settings may have changed since), or typed in
 * (free entry: a name the role may use but not list, a resource link).
 * A load error shows under the field in red, and typing stays possible.
 * Full width, like the AWS connection section's inputs.
 */
export function ResourceList({ id, label, what, description, placeholder, value, onChange, load }: Props) {
  const [items, setItems] = useState<ConfigListItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  // Only the latest load's answer counts (the menu may open twice quickly).
  const latest = useRef(0);
  // Whether the menu is open: a load starts when it opens, not again while
  // it stays open (new options would reset what the user is typing).
  const open = useRef(false);

  const onOpenChange = (isOpen: boolean) => {
    const opened = isOpen && !open.current;
    open.current = isOpen;
    if (opened) {
      onOpen();
    }
  };
  const onOpen = async () => {
    if (!load) {
      return;
    }
    const n = ++latest.current;
    setLoading(true);
    try {
      const got = await load();
      if (n === latest.current) {
        setItems(got);
        setError(undefined);
      }
    } catch (e) {
      if (n === latest.current) {
        setError(errorMessage(e));
      }
    } finally {
      if (n === latest.current) {
        setLoading(false);
      }
    }
  };

  // The same array until the list or the value changes.
  const options = useMemo(() => {
    const out: Array<ComboboxOption<string>> = items.map((it) => ({
      label: it.name,
      value: it.name,
      description: it.description,
    }));
    if (value && !items.some((it) => it.name === value)) {
      out.unshift({ label: value, value });
    }
    return out;
  }, [items, value]);
  return (
    <Field
      label={label}
      description={description}
      htmlFor={id}
      invalid={!!error}
      error={error ? `Could not list ${what}: ${error}. Type a name instead, or fix the settings above.` : undefined}
    >
      <Combobox<string>
        id={id}
        data-testid={`${id}-list`}
        value={value ?? null}
        options={options}
        loading={loading}
        isClearable
        createCustomValue
        customValueDescription="Use this name"
        placeholder={placeholder}
        noOptionsMessage={load ? `No ${what} found` : 'Save the data source to load the list, or type a name'}
        onIsOpenChange={onOpenChange}
        onChange={(v) => onChange(v?.value?.trim() || undefined)}
      />
    </Field>
  );
}
