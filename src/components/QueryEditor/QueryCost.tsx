import React from 'react';
import { DataFrame, formattedValueToString, getValueFormat, PanelData } from '@grafana/data';
import { Text } from '@grafana/ui';

/** meta.custom of a frame (pkg/frames/meta.go CustomMeta). */
export interface CostMeta {
  queryId?: string;
  dataScannedBytes?: number;
  estimatedCostUsd?: number;
  engineTimeMs?: number;
  reusedResult?: boolean;
}

const fmt = (unit: string, v: number, decimals?: number) => formattedValueToString(getValueFormat(unit)(v, decimals));

/** Sums the Athena facts of a result's frames (one per query; several after a split). */
export function costOf(frames: DataFrame[] | undefined): CostMeta | undefined {
  let found = false;
  const total: Required<Omit<CostMeta, 'queryId'>> = {
    dataScannedBytes: 0,
    estimatedCostUsd: 0,
    engineTimeMs: 0,
    reusedResult: true,
  };
  const seen = new Set<string>();
  for (const f of frames ?? []) {
    const c = f.meta?.custom as CostMeta | undefined;
    if (!c || typeof c.dataScannedBytes !== 'number' || (c.queryId && seen.has(c.queryId))) {
      continue;
    }
    if (c.queryId) {
      seen.add(c.queryId);
    }
    found = true;
    total.dataScannedBytes += c.dataScannedBytes;
    total.estimatedCostUsd += c.estimatedCostUsd ?? 0;
    total.engineTimeMs += c.engineTimeMs ?? 0;
    total.reusedResult = total.reusedResult && !!c.reusedResult;
  }
  return found ? total : undefined;
}

/** The warnings of a result's frames (the row-limit cut, a missing partition filter…), each once. */
export function warningsOf(frames: DataFrame[] | undefined): string[] {
  const out = new Set<string>();
  for (const f of frames ?? []) {
    for (const n of f.meta?.notices ?? []) {
      if (n.severity === 'warning' || n.severity === 'error') {
        out.add(n.text);
      }
    }
  }
  return [...out];
}

/**
 * "Data scanned 3.2 GB · estimated cost $0.016 · engine time 1.23 s", after
 * a run, and the result's warnings, so a cut at the row limit is seen in
 * the editor too, not only in the panel header.
 */
export function QueryCost({ data, refId }: { data?: PanelData; refId: string }) {
  const frames = data?.series.filter((f) => !f.refId || f.refId === refId);
  const cost = costOf(frames);
  if (!cost) {
    return null;
  }
  const warnings = warningsOf(frames);
  const parts = [
    `Data scanned ${fmt('decbytes', cost.dataScannedBytes ?? 0, 1)}`,
    `estimated cost ${fmt('currencyUSD', cost.estimatedCostUsd ?? 0, 4)}`,
    `engine time ${fmt('ms', cost.engineTimeMs ?? 0)}`,
  ];
  if (cost.reusedResult) {
    parts.push('reused result');
  }
  return (
    <div data-testid="seclake-query-cost">
      <Text variant="bodySmall" color="secondary">
        {parts.join(' · ')}
      </Text>
      {warnings.map((w) => (
        <div key={w} data-testid="seclake-result-warning">
          <Text variant="bodySmall" color="warning">
            {w}
          </Text>
        </div>
      ))}
    </div>
  );
}
