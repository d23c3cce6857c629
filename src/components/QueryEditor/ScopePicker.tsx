import React, { useCallback } from 'react';
import { ComboboxOption, MultiCombobox } from '@grafana/ui';
import { EditorField } from '@grafana/plugin-ui';
import { TimeRange } from '@grafana/data';

import { ResourceClient } from '../../api';
import { templateVariableOptions } from '../../templateVariables';

interface Props {
  api: ResourceClient;
  source?: string;
  range?: TimeRange;
  accounts?: string[];
  regions?: string[];
  onChange: (patch: { accounts?: string[]; regions?: string[] }) => void;
}

const values = (opts: Array<ComboboxOption<string>>) => {
  const v = opts.map((o) => o.value);
  return v.length ? v : undefined;
};

/**
 * The partition scope: accounts and Regions, with template variables.
 * Accounts are looked up (a small Athena query) only when the list opens;
 * any account ID can be typed.
 */
export function ScopePicker({ api, source, range, accounts, regions, onChange }: Props) {
  const from = range?.from.valueOf();
  const to = range?.to.valueOf();
  const loadAccounts = useCallback(
    async (input: string) => {
      const found = await api.values('accounts', { source, from, to }).catch(() => []);
      return filterOptions(
        [...templateVariableOptions(), ...found.map((i) => ({ label: i.text, value: i.value }))],
        input
      );
    },
    [api, source, from, to]
  );
  const loadRegions = useCallback(
    async (input: string) => {
      const found = await api.regions().catch(() => []);
      return filterOptions([...templateVariableOptions(), ...found.map((r) => ({ label: r, value: r }))], input);
    },
    [api]
  );
  return (
    <>
      <EditorField label="Accounts" htmlFor="seclake-accounts" optional tooltip="Partition scope: accountid IN (…)">
        <MultiCombobox<string>
          id="seclake-accounts"
          options={loadAccounts}
          value={accounts ?? []}
          createCustomValue
          placeholder="All accounts"
          width="auto"
          minWidth={20}
          maxWidth={50}
          onChange={(opts) => onChange({ accounts: values(opts) })}
        />
      </EditorField>
      <EditorField label="Regions" htmlFor="seclake-regions" optional tooltip="Partition scope: region IN (…)">
        <MultiCombobox<string>
          id="seclake-regions"
          options={loadRegions}
          value={regions ?? []}
          createCustomValue
          placeholder="All Regions"
          width="auto"
          minWidth={20}
          maxWidth={50}
          onChange={(opts) => onChange({ regions: values(opts) })}
        />
      </EditorField>
    </>
  );
}

function filterOptions(options: Array<ComboboxOption<string>>, input: string) {
  const q = input.toLowerCase();
  return q ? options.filter((o) => `${o.label ?? ''} ${o.value}`.toLowerCase().includes(q)) : options;
}
