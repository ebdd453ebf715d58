/**
 * The few `vscode` APIs src/features/quickFixes.ts uses, as plain objects, so its provider can be driven
 * by node's test runner over a real scan. `install()` must run before the feature module is required.
 */
import { readFileSync, readdirSync } from 'node:fs';
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
  constructor(readonly value: string) {}
  intersects(other: CodeActionKind): boolean {
    return this.value === other.value || this.value.startsWith(other.value + '.') || other.value.startsWith(this.value + '.');
  }
}

export class CodeAction {
  diagnostics?: unknown[];
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
  constructor(
    readonly title: string,
    readonly kind: CodeActionKind,
  ) {}
}

export class WorkspaceEdit {
  readonly entries: { uri: FakeUri; range: Range; newText: string }[] = [];
  replace(uri: FakeUri, range: Range, newText: string): void {
    this.entries.push({ uri, range, newText });
  }
}

export interface FakeUri {
  fsPath: string;
  scheme: string;
  toString(): string;
}

const file = (path: string): FakeUri => ({ fsPath: path, scheme: 'file', toString: () => `file://${path}` });

export function document(path: string, text: string) {
  const lines = text.split(/\r?\n/);
  return {
    uri: file(path),
    isDirty: false,
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

export const state = {
  documents: [] as FakeDocument[],
  settings: {} as Record<string, unknown>,
  registered: [] as { provider: unknown; metadata: unknown }[],
};

const fake = {
  Position,
  Range,
  CodeAction,
  CodeActionKind,
  WorkspaceEdit,
  Uri: { file },
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
    getConfiguration: () => ({ get: (key: string) => state.settings[key] }),
    findFiles: (pattern: { base: FakeUri }) => Promise.resolve(sourceFiles(pattern.base.fsPath).map(file)),
    createFileSystemWatcher: () => ({ onDidCreate: () => disposable, onDidDelete: () => disposable, onDidChange: () => disposable, dispose() {} }),
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
