// Completion for the SQL editor (@grafana/plugin-ui's SQLEditor): macros
// from GET macros (the backend's registry is the single list), lake tables
// from GET lake, and OCSF field paths from GET fields for the source the SQL
// reads. The builders are pure so they are tested without Monaco.
import {
  CompletionItemInsertTextRule,
  CompletionItemKind,
  CompletionItemPriority,
  getStandardSQLCompletionProvider,
  LanguageDefinition,
  StatementPosition,
  TableDefinition,
} from '@grafana/plugin-ui';

import { FieldInfo, LakeInventory, LakeTable, MacroSpec } from './api';

/** A completion item as plugin-ui's custom suggestion kinds return it. */
export interface Suggestion {
  label: string;
  insertText: string;
  insertTextRules?: CompletionItemInsertTextRule;
  kind: CompletionItemKind;
  sortText?: string;
  detail?: string;
  documentation?: string;
}

/**
 * How a macro is written: required arguments become snippet placeholders
 * ($__timeFilter(${1:column})); macros whose arguments are all optional, or
 * that take none, are written bare ($__partitionFilter, $__interval) unless
 * they are calls ($__timeFrom()). `$` is escaped for Monaco's snippet syntax.
 */
export function macroInsertText(m: MacroSpec): string {
  const name = m.name.replace(/\$/g, '\\$');
  const required = (m.args ?? []).filter((a) => !a.optional);
  if (required.length > 0) {
    return `${name}(${required.map((a, i) => `\${${i + 1}:${a.name}}`).join(', ')})`;
  }
  return m.call ? `${name}()` : name;
}

/** Backend macro specs as completion items. */
export function macroSuggestions(macros: MacroSpec[]): Suggestion[] {
  return macros.map((m) => ({
    label: m.name,
    insertText: macroInsertText(m),
    insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
    kind: CompletionItemKind.Snippet,
    sortText: CompletionItemPriority.MediumHigh,
    detail: m.example,
    documentation: m.doc,
  }));
}

/** Field paths usable in SQL (members of array elements are reached with any_match, not a path). */
export function fieldSuggestions(fields: FieldInfo[]): Suggestion[] {
  return fields
    .filter((f) => f.kind !== 'element')
    .map((f) => ({
      label: f.path,
      insertText: f.path,
      kind: CompletionItemKind.Field,
      sortText: CompletionItemPriority.High,
      detail: f.type,
      documentation: f.enum ? f.enum.values.map((v) => `${v.id} ${v.caption}`).join(', ') : undefined,
    }));
}

const allTables = (lake: LakeInventory): LakeTable[] => [...lake.tables, ...lake.custom];

/** `$__table(source)` for every source of the lake (version-qualified while several exist). */
export function sourceTableSuggestions(lake: LakeInventory): Suggestion[] {
  const versions = new Map<string, number[]>();
  for (const t of allTables(lake)) {
    versions.set(t.source, [...(versions.get(t.source) ?? []), t.version]);
  }
  const out: Suggestion[] = [];
  for (const [source, vs] of versions) {
    const refs = vs.length > 1 ? [source, ...vs.map((v) => `${source}@${v}`)] : [source];
    for (const ref of refs) {
      out.push({
        label: `$__table(${ref})`,
        insertText: `\\$__table(${ref})`,
        insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
        kind: CompletionItemKind.Module,
        sortText: CompletionItemPriority.High,
      });
    }
  }
  return out;
}

/** The lake's tables as database.table names, for the position after FROM. */
export function tableDefinitions(lake: LakeInventory): TableDefinition[] {
  return allTables(lake).map((t) => ({ name: t.name, completion: `${t.database}.${t.name}` }));
}

/**
 * The source (and version) the SQL reads: a $__table(...) macro, else the
 * first lake table named in it.
 */
export function sourceInSql(sql: string, lake?: LakeInventory): { name: string; version?: number } | undefined {
  const macro = /\$__table\(\s*([A-Za-z0-9_]+)(?:@(\d))?\s*\)/.exec(sql);
  if (macro) {
    return { name: macro[1], version: macro[2] ? Number(macro[2]) : undefined };
  }
  const lower = sql.toLowerCase();
  const t = lake && allTables(lake).find((x) => lower.includes(x.name.toLowerCase()));
  return t ? { name: t.source, version: t.version } : undefined;
}

// Where macros and fields are offered: select lists, WHERE, GROUP BY, ORDER BY.
const EXPRESSION_POSITIONS = [
  StatementPosition.AfterSelectKeyword,
  StatementPosition.AfterSelectArguments,
  StatementPosition.AfterSelectFuncFirstArgument,
  StatementPosition.SelectAlias,
  StatementPosition.WhereKeyword,
  StatementPosition.WhereValue,
  StatementPosition.AfterWhereValue,
  StatementPosition.AfterWhereFunctionArgument,
  StatementPosition.AfterGroupByKeywords,
  StatementPosition.AfterGroupByFunctionArgument,
  StatementPosition.AfterOrderByKeywords,
];

/** What completion reads; called at suggestion time so it always sees the latest state. */
export interface CompletionSource {
  macros: () => MacroSpec[];
  lake: () => Promise<LakeInventory | undefined>;
  fields: () => Promise<FieldInfo[]>;
}

/**
 * The SQLEditor language: plugin-ui's standard SQL with our completion. The
 * standard macro list is replaced (it would offer $__timeFilter with Grafana's
 * generic meaning and write bare macros with empty parentheses).
 */
export function sqlLanguage(src: CompletionSource): LanguageDefinition {
  return {
    id: 'sql',
    completionProvider: (monaco, language) => ({
      ...getStandardSQLCompletionProvider(monaco, language),
      supportedMacros: () => [],
      tables: { resolve: async () => tableDefinitions((await src.lake()) ?? emptyLake) },
      customSuggestionKinds: () => [
        {
          id: 'seclake-macros',
          applyTo: [...EXPRESSION_POSITIONS, StatementPosition.AfterFromKeyword],
          suggestionsResolver: async () => macroSuggestions(src.macros()),
        },
        {
          id: 'seclake-fields',
          applyTo: EXPRESSION_POSITIONS,
          suggestionsResolver: async () => fieldSuggestions(await src.fields()),
        },
        {
          id: 'seclake-source-tables',
          applyTo: [StatementPosition.AfterFromKeyword],
          suggestionsResolver: async () => sourceTableSuggestions((await src.lake()) ?? emptyLake),
        },
      ],
    }),
  };
}

const emptyLake: LakeInventory = {
  catalog: '',
  database: '',
  versions: [],
  preferred: 0,
  tables: [],
  custom: [],
  warnings: [],
  unrecognized: [],
};
