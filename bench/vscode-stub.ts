/**
 * The part of the `vscode` API the CodeLens provider touches, as plain objects, so the benchmark can time
 * src/features/codeLens.ts outside an editor (esbuild aliases `vscode` to this file for bench/update-entry.ts).
 */
type Listener<T> = (value: T) => unknown;

export class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

export class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

export class CodeLens {
  command?: { title: string; command: string };
  constructor(readonly range: Range) {}
}

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Position,
  ) {}
}

export class Uri {
  private constructor(readonly fsPath: string) {}
  readonly scheme = 'file';
  static file(path: string): Uri {
    return new Uri(path);
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

/** Every registered CodeLens provider, for the benchmark to call. */
export const registeredLensProviders: unknown[] = [];

export const languages = {
  registerCodeLensProvider(_selector: unknown, provider: unknown) {
    registeredLensProviders.push(provider);
    return new Disposable();
  },
};

export const commands = {
  registerCommand: () => new Disposable(),
  executeCommand: () => Promise.resolve(undefined),
};

export const workspace = {
  textDocuments: [] as unknown[],
  getConfiguration: () => ({ get: <T>(_key: string, fallback: T) => fallback }),
  onDidChangeConfiguration: () => new Disposable(),
};

export const window = {};

/** A text document over a string, as the provider reads it (uri, lineCount, lineAt). */
export function textDocument(path: string, text: string) {
  const lines = text.split(/\r\n|\r|\n/);
  return { uri: Uri.file(path), lineCount: lines.length, lineAt: (line: number) => ({ text: lines[line] }), getText: () => text };
}

// Classes other features extend or read at load time (codeLens.ts imports the convert command's id, which loads
// the quick-fix module): present so the bundle loads; the benchmark never calls them.
export class CodeAction {}
export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind();
  static readonly Refactor = new CodeActionKind();
  static readonly RefactorExtract = new CodeActionKind();
  static readonly RefactorRewrite = new CodeActionKind();
  append(): CodeActionKind {
    return this;
  }
}
export class WorkspaceEdit {}

// Named by the quick-fix provider that the features bundle carries along; never called by the benchmark.
export class RelativePattern {}
export class SnippetString {}
export class SnippetTextEdit {}
export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };
