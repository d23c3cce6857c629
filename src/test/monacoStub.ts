// jest only (jest.config.js maps `monaco-editor` here). Monaco cannot run in
// jsdom (no layout, canvas or workers), so the unit tests get this stand-in
// with the API surface @grafana/ui's CodeEditor and @grafana/plugin-ui's
// SQLEditor call; the real Monaco is exercised by the browser test.

/** A completion provider registered through languages.registerCompletionItemProvider. */
export interface RegisteredProvider {
  languageId: string;
  provider: Record<string, unknown>;
}

/** Every completion provider registered since the last reset, for tests to inspect. */
export const registeredProviders: RegisteredProvider[] = [];

const disposable = { dispose: () => {} };

export const editor = {
  defineTheme: () => {},
  remeasureFonts: () => {},
  setModelMarkers: () => {},
  tokenize: () => [],
};

export const languages = {
  register: () => {},
  getLanguages: () => [],
  setMonarchTokensProvider: () => disposable,
  setLanguageConfiguration: () => disposable,
  registerDocumentFormattingEditProvider: () => disposable,
  registerCompletionItemProvider: (languageId: string, provider: Record<string, unknown>) => {
    registeredProviders.push({ languageId, provider });
    return disposable;
  },
  CompletionItemKind: {},
  CompletionItemInsertTextRule: { InsertAsSnippet: 4 },
};

export const KeyMod = { CtrlCmd: 2048, Shift: 1024, Alt: 512 };
export const KeyCode = { Enter: 3, KeyS: 49, Escape: 9 };
export const Range = { fromPositions: () => ({}) };
