import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Icon, Stack, Text, useStyles2 } from '@grafana/ui';

import { SqlPreview as Preview } from '../../api';

interface Props {
  preview?: Preview;
  loading: boolean;
  /** A backend error no control owns. */
  error?: string;
  /** How many problems the controls show (no SQL until they are fixed). */
  incomplete?: number;
}

/**
 * The SQL the backend writes for the builder query (POST sql), read-only.
 * The backend is the only SQL writer; nothing is rebuilt in TypeScript.
 */
export function SqlPreview({ preview, loading, error, incomplete = 0 }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.wrap} aria-label="SQL preview" aria-busy={loading}>
      <Stack gap={1} alignItems="center">
        <Text variant="bodySmall" color="secondary">
          SQL preview {loading && <Icon name="spinner" size="xs" />}
        </Text>
      </Stack>
      {incomplete > 0 ? (
        <div data-testid="seclake-sql-preview-incomplete">
          <Text variant="bodySmall" color="secondary">
            {incomplete === 1 ? 'One control above needs attention' : `${incomplete} controls above need attention`};
            the SQL shows once they are complete.
          </Text>
        </div>
      ) : error ? (
        <Alert severity="error" title="The SQL cannot be written" data-testid="seclake-sql-preview-error">
          {error}
        </Alert>
      ) : (
        <pre className={styles.sql} data-testid="seclake-sql-preview">
          {preview?.sql ?? ''}
        </pre>
      )}
      {preview?.notices.map((n, i) => (
        <Text key={i} variant="bodySmall" color="warning">
          {n.text}
        </Text>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ marginTop: theme.spacing(1), width: '100%' }),
  sql: css({
    margin: 0,
    marginTop: theme.spacing(0.5),
    padding: theme.spacing(1),
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    minHeight: theme.spacing(5),
  }),
});
