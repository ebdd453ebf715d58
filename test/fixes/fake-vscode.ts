/**
 * The few `vscode` APIs src/features/quickFixes.ts, refactors.ts and convertToRouteHandler.ts use, as plain
 * objects, so their providers and commands can be driven by node's test runner over a real scan. Edits are
 * recorded (`state.applied`), never written; the disk is read through node fs. `install()` must run before
 * the feature modules are required.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module system itself is what is stubbed
const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(start: Position | number, end: Position | number, endLine?: number, endCharacter?: number) {
    this.start = typeof start === 'number' ? new Position(start, end as number) : start;
    this.end = typeof start === 'number' ? new Position(endLine!, endCharacter!) : (end as Position);
  }
}

export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly RefactorExtract = new CodeActionKind('refactor.extract');
  static readonly RefactorRewrite = new CodeActionKind('refactor.rewrite');
  constructor(readonly value: string) {}
  intersects(other: CodeActionKind): boolean {
    return this.value === other.value || this.value.startsWith(other.value + '.') || other.value.startsWith(this.value + '.');
  }
}

export class CodeAction {
  diagnostics?: unknown[];
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
  disabled?: { reason: string };
  command?: { title: string; command: string; arguments?: unknown[] };
  constructor(
    readonly title: string,
    readonly kind: CodeActionKind,
  ) {}
}

/** `vscode.SnippetString`: the value as VS Code builds it (text escaped, placeholders numbered from 1). */
export class SnippetString {
  value = '';
  private next = 1;
  appendText(text: string): this {
    this.value += text.replace(/[$}\\]/g, '\\$&');
    return this;
  }
  appendPlaceholder(text: string): this {
    this.value += `\${${this.next++}:${text.replace(/[$}\\]/g, '\\$&')}}`;
    return this;
  }
}

export class SnippetTextEdit {
  keepWhitespace?: boolean;
  constructor(
    readonly range: Range,
    readonly snippet: SnippetString,
  ) {}
}

export class WorkspaceEdit {
  readonly entries: { uri: FakeUri; range: Range; newText: string }[] = [];
  /** What `set(uri, [SnippetTextEdit])` was given. */
  readonly snippets: { uri: FakeUri; edit: SnippetTextEdit }[] = [];
  set(uri: FakeUri, edits: SnippetTextEdit[]): void {
    for (const edit of edits) this.snippets.push({ uri, edit });
  }
  readonly creations: { uri: FakeUri; options: { overwrite?: boolean; ignoreIfExists?: boolean; contents?: Uint8Array } }[] = [];
  replace(uri: FakeUri, range: Range, newText: string): void {
    this.entries.push({ uri, range, newText });
  }
  createFile(uri: FakeUri, options: { overwrite?: boolean; ignoreIfExists?: boolean; contents?: Uint8Array } = {}): void {
    this.creations.push({ uri, options });
  }
}

export interface FakeUri {
  fsPath: string;
  scheme: string;
  toString(): string;
}

const file = (path: string): FakeUri => ({ fsPath: path, scheme: 'file', toString: () => `file://${path}` });
/** An untitled document that will be saved at `path` (`untitled:/abs/path`). */
export const untitled = (path: string): FakeUri => ({ fsPath: path, scheme: 'untitled', toString: () => `untitled:${path}` });

export function document(path: string, text: string, options: { isDirty?: boolean; scheme?: 'file' | 'untitled' } = {}) {
  const lines = text.split(/\r?\n/);
  return {
    uri: options.scheme === 'untitled' ? untitled(path) : file(path),
    isDirty: options.isDirty ?? options.scheme === 'untitled',
    isClosed: false,
    version: 1,
    lineCount: lines.length,
    getText: () => text,
    lineAt: (line: number) => ({ text: lines[line] }),
    positionAt(offset: number): Position {
      const before = text.slice(0, offset).split('\n');
      return new Position(before.length - 1, before[before.length - 1].length);
    },
  };
}
export type FakeDocument = ReturnType<typeof document>;

const disposable = { dispose() {} };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name === 'node_modules' ? [] : sourceFiles(join(dir, entry.name))) : /\.(tsx?|jsx?)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

type Listener = (uri: FakeUri) => void;

export const state = {
  documents: [] as FakeDocument[],
  settings: {} as Record<string, unknown>,
  registered: [] as { provider: unknown; metadata: unknown }[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  /** Every WorkspaceEdit given to workspace.applyEdit, in order. */
  applied: [] as WorkspaceEdit[],
  /** Every window message (warning, error, information) and status bar message, with its kind. */
  messages: [] as { kind: string; text: string; buttons?: string[] }[],
  /** The buttons the user picks on the next messages that offer buttons, in order. */
  choices: [] as string[],
  shown: [] as FakeUri[],
  /** The answers `window.showInputBox` gives, in order (undefined: the user pressed Escape); each is checked with the box's validateInput. */
  inputs: [] as (string | undefined)[],
  /** The options of every input box shown. */
  inputBoxes: [] as { title?: string; prompt?: string; value?: string; placeHolder?: string }[],
  /** Every `configuration.update(key, value, target)`. */
  updates: [] as { key: string; value: unknown; target: unknown }[],
  /** Every `commands.executeCommand(id, ...args)`. */
  executed: [] as { id: string; args: unknown[] }[],
  /** The workspace folders (`workspace.workspaceFolders`, `getWorkspaceFolder` finds the one holding a URI). */
  folders: [] as { uri: FakeUri; name: string; index: number }[],
  watchers: [] as { create: Listener[]; change: Listener[]; delete: Listener[] }[],
};

/** What the editor's file watchers report when a file appears, changes or goes. */
export function fireFileEvent(kind: 'create' | 'change' | 'delete', path: string): void {
  for (const watcher of state.watchers) for (const listener of watcher[kind]) listener(file(path));
}

function listen(listeners: Listener[]) {
  return (listener: Listener) => {
    listeners.push(listener);
    return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
  };
}

function fileSystemWatcher() {
  const watcher = { create: [] as Listener[], change: [] as Listener[], delete: [] as Listener[] };
  state.watchers.push(watcher);
  return {
    onDidCreate: listen(watcher.create),
    onDidChange: listen(watcher.change),
    onDidDelete: listen(watcher.delete),
    dispose: () => state.watchers.splice(state.watchers.indexOf(watcher), 1),
  };
}

const message = (kind: string) => (text: string, ...buttons: string[]) => {
  state.messages.push({ kind, text, ...(buttons.length ? { buttons } : {}) });
  // The button the user picks: the next scripted choice, when the message offers it.
  const choice = buttons.length && state.choices.length ? state.choices.shift() : undefined;
  return Promise.resolve(choice !== undefined && buttons.includes(choice) ? choice : undefined);
};

const fake = {
  Position,
  Range,
  CodeAction,
  CodeActionKind,
  WorkspaceEdit,
  SnippetString,
  SnippetTextEdit,
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  Uri: { file },
  FileType: { File: 1, Directory: 2 },
  RelativePattern: class {
    constructor(
      readonly base: FakeUri,
      readonly pattern: string,
    ) {}
  },
  Disposable: { from: (...items: { dispose(): void }[]) => ({ dispose: () => items.forEach((item) => item.dispose()) }) },
  workspace: {
    get textDocuments() {
      return state.documents;
    },
    getConfiguration: () => ({
      get: (key: string) => state.settings[key],
      update(key: string, value: unknown, target: unknown) {
        state.updates.push({ key, value, target });
        state.settings[key] = value;
        return Promise.resolve();
      },
    }),
    get workspaceFolders() {
      return state.folders.length ? state.folders : undefined;
    },
    getWorkspaceFolder: (uri: FakeUri) => state.folders.find((folder) => uri.fsPath === folder.uri.fsPath || uri.fsPath.startsWith(folder.uri.fsPath + '/')),
    findFiles: (pattern: { base: FakeUri }) => Promise.resolve(sourceFiles(pattern.base.fsPath).map(file)),
    createFileSystemWatcher: fileSystemWatcher,
    /** The open document, else the file read from disk (and then open, as in the editor). */
    async openTextDocument(uri: FakeUri) {
      const open = state.documents.find((item) => item.uri.toString() === uri.toString());
      if (open) return open;
      // A missing file rejects, as in the editor.
      const loaded = document(uri.fsPath, await readFile(uri.fsPath, 'utf8'));
      state.documents.push(loaded);
      return loaded;
    },
    applyEdit(edit: WorkspaceEdit) {
      state.applied.push(edit);
      return Promise.resolve(true);
    },
    fs: {
      stat: (uri: FakeUri) => stat(uri.fsPath),
      readDirectory: async (uri: FakeUri) => (await readdir(uri.fsPath, { withFileTypes: true })).map((entry) => [entry.name, entry.isDirectory() ? 2 : 1]),
    },
  },
  window: {
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    showInformationMessage: message('information'),
    setStatusBarMessage: (text: string) => {
      state.messages.push({ kind: 'status', text });
      return disposable;
    },
    showTextDocument: (uri: FakeUri) => {
      state.shown.push(uri);
      return Promise.resolve(undefined);
    },
    activeTextEditor: undefined,
    showInputBox(options: { title?: string; prompt?: string; value?: string; placeHolder?: string; validateInput?: (value: string) => string | undefined }) {
      state.inputBoxes.push({ title: options.title, prompt: options.prompt, value: options.value, placeHolder: options.placeHolder });
      if (state.inputs.length === 0) throw new Error(`an input box nobody answers: ${options.title}`);
      const answer = state.inputs.shift();
      const problem = answer === undefined ? undefined : options.validateInput?.(answer);
      if (problem) throw new Error(`the input box "${options.title}" refuses ${JSON.stringify(answer)}: ${problem}`);
      return Promise.resolve(answer);
    },
  },
  commands: {
    executeCommand(id: string, ...args: unknown[]) {
      state.executed.push({ id, args });
      return Promise.resolve(undefined);
    },
    registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
      state.commands.set(id, run);
      return disposable;
    },
  },
  languages: {
    registerCodeActionsProvider: (_selector: unknown, provider: unknown, metadata: unknown) => {
      state.registered.push({ provider, metadata });
      return disposable;
    },
  },
};

/** Routes `require('vscode')`, and the feature's require of dist/service.js, to in-memory modules. */
export function install(servicePath: string, service: unknown): void {
  const ids: Record<string, unknown> = { vscode: fake, [servicePath]: service };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = (request: string, ...rest: unknown[]) => (request in ids ? `\0fake:${request}` : resolve(request, ...rest));
  for (const [request, exports] of Object.entries(ids)) Module._cache[`\0fake:${request}`] = { id: request, filename: request, loaded: true, exports };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
