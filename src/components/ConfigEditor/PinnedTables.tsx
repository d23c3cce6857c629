import React from 'react';
import { Button, Combobox, IconButton, Input, Stack } from '@grafana/ui';

import { AWS_SOURCES } from '../../types';
import { HiddenLabel } from '../HiddenLabel';

interface Props {
  tables?: Record<string, string>;
  onChange: (tables: Record<string, string> | undefined) => void;
}

const SOURCE_OPTIONS = AWS_SOURCES.map((s) => ({ label: s.title, value: s.name, description: s.name }));

/**
 * Source → table name or database.table, for subscriber resource links with
 * custom names. Rows are kept in order; a row without a source is dropped.
 */
export function PinnedTables({ tables, onChange }: Props) {
  const rows = Object.entries(tables ?? {});
  const write = (next: Array<[string, string]>) => {
    const kept = next.filter(([source]) => source !== '');
    onChange(kept.length ? Object.fromEntries(kept) : undefined);
  };
  const setRow = (i: number, row?: [string, string]) =>
    write(row ? rows.map((r, j) => (j === i ? row : r)) : rows.filter((_, j) => j !== i));
  const unused = AWS_SOURCES.find((s) => !(tables ?? {})[s.name]);

  return (
    <Stack direction="column" gap={0.5}>
      {rows.map(([source, table], i) => (
        <Stack key={source} gap={0.5} alignItems="center">
          <HiddenLabel htmlFor={`seclake-pin-source-${i}`}>Pinned table {i + 1} source</HiddenLabel>
          <Combobox<string>
            id={`seclake-pin-source-${i}`}
            width={36}
            createCustomValue
            options={SOURCE_OPTIONS}
            value={source}
            onChange={(o) => setRow(i, [o.value, table])}
          />
          <HiddenLabel htmlFor={`seclake-pin-table-${i}`}>Pinned table {i + 1} name</HiddenLabel>
          <Input
            id={`seclake-pin-table-${i}`}
            width={50}
            placeholder="table or database.table"
            value={table}
            onChange={(e) => setRow(i, [source, e.currentTarget.value.trim()])}
          />
          <IconButton name="trash-alt" tooltip={`Remove the pinned table of ${source}`} onClick={() => setRow(i)} />
        </Stack>
      ))}
      {unused && (
        <div>
          <Button variant="secondary" size="sm" icon="plus" onClick={() => write([...rows, [unused.name, '']])}>
            Pin a table
          </Button>
        </div>
      )}
    </Stack>
  );
}
