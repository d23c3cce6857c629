import React from 'react';
import { Button, Stack, Text } from '@grafana/ui';

interface Props {
  /** A query of the panel is running (PanelData state Loading). */
  running: boolean;
  /** The query can run (complete enough); Run stays disabled otherwise. */
  canRun: boolean;
  /** Why Run is disabled, as its tooltip. */
  reason?: string;
  onRun: () => void;
  /** Stops the running request; absent when nothing can be stopped. */
  onStop?: () => void;
  /** The last run was stopped (shown until the next run). */
  stopped?: boolean;
}

/**
 * Run and Stop, like the Amazon Athena data source's run/stop buttons:
 * while a query runs, Run shows a spinner and cannot be pressed again,
 * and Stop cancels the request (the backend then stops the Athena query,
 * StopQueryExecution, so nothing more is scanned).
 */
export function RunStop({ running, canRun, reason, onRun, onStop, stopped }: Props) {
  return (
    <Stack gap={1} alignItems="center">
      <Button
        icon={running ? 'spinner' : 'play'}
        size="sm"
        onClick={onRun}
        disabled={running || !canRun}
        tooltip={!canRun ? reason : undefined}
        data-testid="seclake-run"
      >
        {running ? 'Running…' : 'Run query'}
      </Button>
      <Button
        icon="square-shape"
        size="sm"
        variant={running ? 'destructive' : 'secondary'}
        onClick={onStop}
        disabled={!running || !onStop}
        data-testid="seclake-stop"
      >
        Stop query
      </Button>
      {stopped && !running && (
        <span data-testid="seclake-stopped">
          <Text color="secondary" variant="bodySmall">
            Stopped: the Athena query was cancelled.
          </Text>
        </span>
      )}
    </Stack>
  );
}
