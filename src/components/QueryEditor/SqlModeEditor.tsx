import React, { useEffect, useMemo, useState } from 'react';
import { SQLEditor } from '@grafana/plugin-ui';
import { Alert, LoadingPlaceholder } from '@grafana/ui';

import { FieldInfo, LakeInventory, MacroSpec, ResourceClient } from '../../api';
import { useAsync } from '../../hooks/useAsync';
import { splitSource } from '../../query';
import { sourceInSql, sqlLanguage } from '../../sqlCompletion';
import { SecurityLakeQuery } from '../../types';

interface Props {
  api: ResourceClient;
  query: SecurityLakeQuery;
  onChange: (query: SecurityLakeQuery) => void;
  onRunQuery: () => void;
}

/**
 * Raw SQL with the backend's macros, in plugin-ui's Monaco SQL editor.
 * Completion offers the macros (GET macros), the lake's tables (GET lake)
 * and the field paths of the source the SQL reads, or of the builder's
 * source. The SQL is sent on blur; Ctrl/Cmd+Enter also runs it.
 */
export function SqlModeEditor({ api, query, onChange, onRunQuery }: Props) {
  // plugin-ui registers a language's macros once, when the first editor
  // mounts, so the editor waits for the macro list.
  const macros = useAsync(useMemo(() => api.macros(), [api]));
  const [latest] = useState(() => new EditorText(query.rawSql, query.source));
  useEffect(() => latest.setSource(query.source), [latest, query.source]);

  const language = useMemo(() => {
    const lake = (): Promise<LakeInventory | undefined> => api.lake().catch(() => undefined);
    const fields = async (): Promise<FieldInfo[]> => {
      const found = sourceInSql(latest.sql, await lake()) ?? splitSource(latest.source);
      return found.name ? api.fields(found.name, found.version).catch(() => []) : [];
    };
    const macroList = (): MacroSpec[] => macros.value ?? [];
    return sqlLanguage({ macros: macroList, lake, fields });
  }, [api, macros.value, latest]);

  const commit = (sql: string, run: boolean) => {
    latest.setSql(sql);
    if (sql !== (query.rawSql ?? '')) {
      onChange({ ...query, rawSql: sql });
    }
    if (run) {
      onRunQuery();
    }
  };

  if (macros.loading) {
    return <LoadingPlaceholder text="Loading the SQL editor" />;
  }
  // Ctrl/Cmd+Enter is handled here, before Monaco sees it: plugin-ui binds
  // it with editor.addCommand, which Monaco keeps once for the whole page
  // (the SQL editor mounted last wins), so with two SQL queries on screen
  // the key would run the other editor's text, not what was typed here.
  const onKeyDownCapture = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      e.stopPropagation();
      commit(latest.sql, true);
    }
  };
  return (
    <div data-testid="seclake-sql-editor" onKeyDownCapture={onKeyDownCapture}>
      {macros.error && (
        <Alert severity="warning" title="Macro completion is unavailable">
          {macros.error}
        </Alert>
      )}
      <SQLEditor
        query={query.rawSql ?? ''}
        language={language}
        height={220}
        onChange={(sql, processQuery) => {
          latest.setSql(sql);
          if (processQuery) {
            commit(sql, true);
          }
        }}
        onBlur={(sql) => commit(sql, false)}
      />
    </div>
  );
}

/** The text being typed and the query's source, read by completion (not during render). */
class EditorText {
  constructor(
    public sql = '',
    public source?: string
  ) {}
  setSql(sql: string) {
    this.sql = sql;
  }
  setSource(source?: string) {
    this.source = source;
  }
}
