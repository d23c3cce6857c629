import React, { ReactNode } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { FieldValidationMessage, useStyles2 } from '@grafana/ui';

interface Props {
  /** The control's key (validation.ts Problem.control), for the message's test id. */
  control: string;
  problem?: string;
  children: ReactNode;
}

/**
 * A control of a builder row with its own message right under it, so a
 * problem reads on the control it belongs to ("Choose a field" on filter 2),
 * not in one box for the whole query.
 */
export function WithProblem({ control, problem, children }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.cell}>
      {children}
      {problem && (
        <div className={styles.message} data-testid={`seclake-problem-${control}`} role="alert">
          <FieldValidationMessage>{problem}</FieldValidationMessage>
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  cell: css({ display: 'flex', flexDirection: 'column', minWidth: 0, maxWidth: '100%' }),
  // A message may quote what the user typed (a pasted 600-character value
  // "is not a number"): it wraps anywhere rather than run past the editor's edge.
  message: css({ marginTop: theme.spacing(0.5), maxWidth: theme.spacing(40), overflowWrap: 'anywhere' }),
});
