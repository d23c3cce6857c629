import React, { useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { Field, Input, RadioButtonGroup, Stack, Text } from '@grafana/ui';

import { SecurityLakeOptions } from '../../types';
import { HiddenLabel } from '../HiddenLabel';

interface Props {
  jsonData: SecurityLakeOptions;
  set: (patch: Partial<SecurityLakeOptions>) => void;
}

/** Region codes from a comma- or space-separated list, in order, without repeats; undefined when empty. */
export function parseRegions(text: string): string[] | undefined {
  const list = text
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return list.length ? Array.from(new Set(list)) : undefined;
}

/** map with region's entry set (or removed when empty); undefined when nothing is left. */
function withEntry(map: Record<string, string> | undefined, region: string, value: string) {
  const next = { ...(map ?? {}) };
  if (value) {
    next[region] = value;
  } else {
    delete next[region];
  }
  return Object.keys(next).length ? next : undefined;
}

/**
 * The lake's Regions (lakeRegions), its rollup Region (rollupRegion) and,
 * per Region, an Athena endpoint (regionEndpoints) and a query result
 * location (regionOutputLocations). The backend validates them together.
 */
export function LakeRegions({ jsonData, set }: Props) {
  const regions = jsonData.lakeRegions ?? [];
  // The list is typed as text and parsed when the field loses focus, so a
  // trailing comma can be typed.
  const [text, setText] = useState(regions.join(', '));
  const commit = () => {
    const lakeRegions = parseRegions(text);
    setText((lakeRegions ?? []).join(', '));
    const rollupRegion =
      jsonData.rollupRegion && lakeRegions?.includes(jsonData.rollupRegion) ? jsonData.rollupRegion : undefined;
    set({ lakeRegions, rollupRegion });
  };
  const rollupOptions: Array<SelectableValue<string>> = [
    { label: 'None', value: '', description: 'Query each Region in its own Athena and merge the results' },
    ...regions.map((r) => ({ label: r, value: r, description: `Read the rollup tables in ${r} with a Region filter` })),
  ];

  return (
    <>
      <Field
        label="Lake Regions"
        description="The Regions your Security Lake collects in, comma-separated (us-east-1, eu-west-1). Empty: the Default Region only. Without a rollup Region, each Region's data is in that Region's own database, which only its Athena reads: a query then runs in every selected Region and the results are merged, with a region column (a region label on time series). The Default Region must be in the list."
        htmlFor="seclake-config-lake-regions"
      >
        <Input
          id="seclake-config-lake-regions"
          placeholder="us-east-1, eu-west-1, ap-southeast-2"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onBlur={commit}
        />
      </Field>
      {regions.length > 1 && (
        <Field
          label="Rollup Region"
          description="If Security Lake rolls the other Regions up into one, choose it: every query then runs once there, filtered by Region."
        >
          <RadioButtonGroup<string>
            options={rollupOptions}
            value={jsonData.rollupRegion ?? ''}
            onChange={(r) => set({ rollupRegion: r || undefined })}
          />
        </Field>
      )}
      {regions.length > 0 && (
        <Field
          label="Per Region"
          description="Athena endpoint: an interface VPC endpoint of Athena in that Region (empty: the Region's public endpoint; the Default Region uses the Endpoint above). Result location: an S3 bucket in that Region, since Athena writes results only in the query's Region (empty: the workgroup's location there; the Default Region uses Output location). The workgroup name is the same in every Region."
        >
          <Stack direction="column" gap={0.5}>
            {regions.map((r) => (
              <Stack key={r} gap={0.5} alignItems="center">
                <div style={{ width: 130 }}>
                  <Text>{r}</Text>
                </div>
                <HiddenLabel htmlFor={`seclake-region-endpoint-${r}`}>Athena endpoint of {r}</HiddenLabel>
                <Input
                  id={`seclake-region-endpoint-${r}`}
                  width={50}
                  placeholder={`https://athena.${r}.amazonaws.com`}
                  value={jsonData.regionEndpoints?.[r] ?? ''}
                  onChange={(e) =>
                    set({ regionEndpoints: withEntry(jsonData.regionEndpoints, r, e.currentTarget.value.trim()) })
                  }
                />
                <HiddenLabel htmlFor={`seclake-region-output-${r}`}>Result location of {r}</HiddenLabel>
                <Input
                  id={`seclake-region-output-${r}`}
                  width={45}
                  placeholder={`s3://athena-results-${r}/grafana/`}
                  value={jsonData.regionOutputLocations?.[r] ?? ''}
                  onChange={(e) =>
                    set({
                      regionOutputLocations: withEntry(jsonData.regionOutputLocations, r, e.currentTarget.value.trim()),
                    })
                  }
                />
              </Stack>
            ))}
          </Stack>
        </Field>
      )}
    </>
  );
}
