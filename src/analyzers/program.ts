import ts from 'typescript';
import type { ModuleResolver } from './module-resolver';

export interface ProgramSources {
  /** Text of a file by absolute path (cached reads, or unsaved editor text). */
  readText(path: string): string | undefined;
  /** The content hash of `path`'s text: parsed files are reused while it is the same. */
  version(path: string): string;
  /** Called before each file the program asks for while it is built (see ScanOptions.checkpoint). */
  checkpoint?(): void;
}

/**
 * One TypeScript program over the files that matter: endpoint files are the roots, and what they import inside
 * the workspace comes in through module resolution. Components (.tsx/.jsx files that are not roots) and packages
 * are not followed: guards, wrappers and data access live in plain modules, and following the component tree
 * would pull in the whole app.
 *
 * A plain program, not a language service: each new program is built from the last (`oldProgram`), so an edit
 * re-parses the edited file and reuses every other SourceFile, and the type checker is only made when asked for.
 */
export class BoundaryProgram {
  private roots: string[] = [];
  private readonly rootSet = new Set<string>();
  private readonly compilationSettings: ts.CompilerOptions;
  private readonly host: ts.CompilerHost;
  /** Parsed files by path, with the version they were parsed at. */
  private readonly parsed = new Map<string, { version: string; sourceFile: ts.SourceFile }>();
  private program: ts.Program | undefined;
  private rootsChanged = true;
  /** Files parsed since this object was made (the benchmark and tests read it: unchanged text is never parsed twice). */
  parseCount = 0;

  constructor(
    private readonly root: string,
    private readonly sources: ProgramSources,
    private resolver: ModuleResolver,
  ) {
    const compilationSettings: ts.CompilerOptions = {
      allowJs: true,
      checkJs: false,
      jsx: ts.JsxEmit.Preserve,
      target: ts.ScriptTarget.Latest,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      // Symbols and declarations are what the rules need; the standard library's types are not.
      noLib: true,
      types: [],
      skipLibCheck: true,
      noEmit: true,
      allowNonTsExtensions: true,
    };
    this.compilationSettings = compilationSettings;
    this.host = {
      getSourceFile: (fileName, languageVersionOrOptions) => this.sourceFile(fileName, languageVersionOrOptions),
      getDefaultLibFileName: () => '/__next_boundary_no_lib__.d.ts',
      writeFile: () => undefined,
      getCurrentDirectory: () => this.root,
      getCanonicalFileName: (fileName) => fileName,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      fileExists: (path) => this.sources.readText(path) !== undefined,
      readFile: (path) => this.sources.readText(path),
      resolveModuleNameLiterals: (literals, containingFile) =>
        literals.map((literal) => {
          const resolved = this.resolver.resolve(literal.text, containingFile);
          if (!resolved || (/\.[jt]sx$/.test(resolved) && !this.rootSet.has(resolved) && !importsPlainFunctions(literal))) return { resolvedModule: undefined };
          return {
            resolvedModule: {
              resolvedFileName: resolved,
              extension: extensionOf(resolved),
              isExternalLibraryImport: false,
            },
          };
        }),
    };
  }

  setRoots(roots: Iterable<string>): void {
    const next = [...new Set(roots)].sort();
    if (next.length === this.roots.length && next.every((file, index) => file === this.roots[index])) return;
    this.roots = next;
    this.rootSet.clear();
    for (const file of this.roots) this.rootSet.add(file);
    this.rootsChanged = true;
  }

  /** The current program: the same object when nothing changed, built from the last one when a few files did. */
  getProgram(): ts.Program {
    if (this.program && !this.rootsChanged && this.program.getSourceFiles().every((sourceFile) => this.parsed.get(sourceFile.fileName)?.version === this.sources.version(sourceFile.fileName))) {
      return this.program;
    }
    this.rootsChanged = false;
    const program = ts.createProgram({ rootNames: this.roots, options: this.compilationSettings, host: this.host, ...(this.program && { oldProgram: this.program }) });
    this.program = program;
    if (this.parsed.size > program.getSourceFiles().length) {
      // Files the program no longer reaches (an import removed, a root gone) are not kept.
      const kept = new Set(program.getSourceFiles().map((sourceFile) => sourceFile.fileName));
      for (const fileName of this.parsed.keys()) if (!kept.has(fileName)) this.parsed.delete(fileName);
    }
    return program;
  }

  /**
   * Starts over with new module resolution (a rescan, a file added or deleted): the next program is built without
   * the last one, whose resolved imports may be stale, but every parsed file whose text is unchanged is reused.
   */
  restart(resolver: ModuleResolver): void {
    this.resolver = resolver;
    this.program = undefined;
    this.rootsChanged = true;
  }

  dispose(): void {
    this.program = undefined;
    this.parsed.clear();
  }

  private sourceFile(fileName: string, languageVersionOrOptions: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined {
    // Between two files no parse is under way: building a large program is seconds the checkpoint may not wait.
    this.sources.checkpoint?.();
    const version = this.sources.version(fileName);
    const cached = this.parsed.get(fileName);
    if (cached && cached.version === version) return cached.sourceFile;
    const text = this.sources.readText(fileName);
    if (text === undefined) {
      this.parsed.delete(fileName);
      return undefined;
    }
    const options = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    const sourceFile = parseFile(fileName, text, options);
    this.parseCount++;
    this.parsed.set(fileName, { version, sourceFile });
    return sourceFile;
  }
}

/**
 * How every file is parsed: with parent pointers (the analyzer walks up from identifiers) and without JSDoc,
 * which nothing reads.
 */
export function parseFile(fileName: string, text: string, options: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest }): ts.SourceFile {
  return ts.createSourceFile(fileName, text, { ...options, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, scriptKindOf(fileName));
}

/** How TypeScript should parse a file, from its extension. */
/**
 * `import { sendRawEmail } from './send'` where send.tsx renders an email: a module that happens to hold JSX, asked for
 * a function by name (lower case, not a hook). Components are asked for by PascalCase names, and `export *` or a
 * namespace import says nothing: those stay unfollowed.
 */
function importsPlainFunctions(literal: ts.StringLiteralLike): boolean {
  const statement = literal.parent;
  const names: string[] = [];
  if (ts.isImportDeclaration(statement)) {
    const bindings = statement.importClause?.namedBindings;
    if (statement.importClause?.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) return false;
    for (const element of bindings.elements) if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
  } else if (ts.isExportDeclaration(statement)) {
    if (statement.isTypeOnly || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) return false;
    for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
  } else {
    return false;
  }
  return names.some((name) => /^[a-z]/.test(name) && !/^use[A-Z]/.test(name));
}

export function scriptKindOf(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** The extension TypeScript records for a resolved module. */
export function extensionOf(path: string): ts.Extension {
  if (path.endsWith('.tsx')) return ts.Extension.Tsx;
  if (path.endsWith('.ts')) return ts.Extension.Ts;
  if (path.endsWith('.mts')) return ts.Extension.Mts;
  if (path.endsWith('.cts')) return ts.Extension.Cts;
  if (path.endsWith('.jsx')) return ts.Extension.Jsx;
  if (path.endsWith('.mjs')) return ts.Extension.Mjs;
  if (path.endsWith('.cjs')) return ts.Extension.Cjs;
  return ts.Extension.Js;
}
