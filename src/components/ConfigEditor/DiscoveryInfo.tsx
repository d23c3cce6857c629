import React, { useMemo, useState } from 'react';
import { Alert, Button, Collapse, Stack, Text } from '@grafana/ui';

import { LakeInventory, LakeTable, ResourceClient, transportForUid } from '../../api';
import { useAsync } from '../../hooks/useAsync';

interface Props {
  /** The saved data source; the config editor remounts this per saved version. */
  uid?: string;
}

/**
 * What discovery found for the saved settings (GET lake): lake versions,
 * the version queries use, the tables per source, custom sources, resource
 * links and warnings. It reflects the last save, not unsaved edits.
 */
export function DiscoveryInfo({ uid }: Props) {
  // A new client per load: the client caches, and Refresh must ask again.
  const newClient = () => (uid ? new ResourceClient(transportForUid(uid)) : undefined);
  const [client, setClient] = useState(newClient);
  const lake = useAsync(useMemo(() => client?.lake(), [client]));

  if (!uid) {
    return <Text color="secondary">Save the data source to see what discovery finds.</Text>;
  }
  return (
    <Stack direction="column" gap={1} data-testid="seclake-discovery">
      {lake.loading && <Text color="secondary">Looking for Security Lake tables…</Text>}
      {lake.error && (
        <Alert severity="error" title="Discovery failed">
          {lake.error}. Fix the settings, then Save &amp; test (or Refresh).
        </Alert>
      )}
      {lake.value && <Inventory lake={lake.value} />}
      <div>
        <Button variant="secondary" size="sm" icon="sync" onClick={() => setClient(newClient())}>
          Refresh
        </Button>
      </div>
    </Stack>
  );
}

function Inventory({ lake }: { lake: LakeInventory }) {
  const [open, setOpen] = useState(false);
  const versions = lake.versions.length ? lake.versions.join(' and ') : 'none found';
  return (
    <>
      <Text>
        Database <code>{lake.database}</code> in {lake.catalog}: lake version {versions}
        {lake.preferred ? `, queries use version ${lake.preferred}` : ''}; {lake.tables.length} source tables,{' '}
        {lake.custom.length} custom.
      </Text>
      {lake.warnings.map((w) => (
        <Alert key={w} severity="warning" title="Discovery">
          {w}
        </Alert>
      ))}
      <Collapse
        label={`Tables (${lake.tables.length + lake.custom.length})`}
        isOpen={open}
        onToggle={() => setOpen(!open)}
      >
        <ul>
          {[...lake.tables, ...lake.custom].map((t) => (
            <li key={`${t.database}.${t.name}`}>
              <TableLine table={t} />
            </li>
          ))}
        </ul>
        {lake.unrecognized.length > 0 && (
          <Text color="secondary">Not recognised (pin one to use it): {lake.unrecognized.join(', ')}</Text>
        )}
      </Collapse>
    </>
  );
}

function TableLine({ table: t }: { table: LakeTable }) {
  const notes = [`version ${t.version}`, t.layout, t.custom ? 'custom' : '', t.pinned ? 'pinned' : ''].filter(Boolean);
  return (
    <Text variant="bodySmall">
      <strong>{t.source}</strong> → {t.database}.{t.name} ({notes.join(', ')})
    </Text>
  );
}
