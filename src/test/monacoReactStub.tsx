// jest only (jest.config.js maps `@monaco-editor/react` here): the editor is
// a textarea that drives the callbacks Monaco's editor would. Ctrl+Enter
// runs the commands registered with addCommand (plugin-ui's "run query").
import React, { useEffect, useState } from 'react';

import * as monaco from './monacoStub';

type Listener = (e?: unknown) => void;

class FakeEditor {
  constructor(public value = '') {}
  private changes: Listener[] = [];
  private commands: Listener[] = [];
  private keys: Listener[] = [];
  private model = { id: 'stub-model', onDidChangeContent: (l: Listener) => this.listen(this.changes, l) };

  private listen(list: Listener[], l: Listener) {
    list.push(l);
    return { dispose: () => list.splice(list.indexOf(l), 1) };
  }
  getValue = () => this.value;
  setValue = (v: string) => {
    this.value = v;
    this.changes.forEach((l) => l({}));
  };
  /** A new value from outside (no change event, like Monaco's setValue from props). */
  replaceValue = (v: string) => {
    this.value = v;
  };
  getModel = () => this.model;
  onDidChangeModelContent = (l: Listener) => this.listen(this.changes, l);
  onKeyDown = (l: Listener) => this.listen(this.keys, l);
  onKeyUp = (l: Listener) => this.listen(this.keys, l);
  onDidBlurEditorText = (l: Listener) => this.listen([], l);
  addCommand = (_key: number, l: Listener) => {
    this.commands.push(l);
    return null;
  };
  runCommands = () => this.commands.forEach((l) => l());
  trigger = () => {};
  getAction = () => ({ run: () => Promise.resolve() });
  layout = () => {};
  focus = () => {};
  dispose = () => {};
}

interface Props {
  value?: string;
  beforeMount?: (m: typeof monaco) => void;
  onMount?: (editor: FakeEditor, m: typeof monaco) => void;
}

export default function Editor({ value, beforeMount, onMount }: Props) {
  const [editor] = useState(() => new FakeEditor(value));
  const [text, setText] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setText(value ?? '');
    editor.replaceValue(value ?? '');
  }
  useEffect(() => {
    beforeMount?.(monaco);
    onMount?.(editor, monaco);
    // Mounted once, like Monaco.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <textarea
      aria-label="Code editor"
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        editor.setValue(e.currentTarget.value);
      }}
      onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && editor.runCommands()}
    />
  );
}

export const loader = { config: () => {}, init: () => Promise.resolve(monaco) };
