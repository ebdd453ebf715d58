import ts from 'typescript';
import type { ModuleResolver } from './module-resolver';

export interface ProgramSources {
  /** Text of a file by absolute path (cached reads, or unsaved editor text). */
  readText(path: string): string | undefined;
  /** Changes whenever the text of `path` changes, so the language service can reuse what did not. */
  version(path: string): string;
}

/**
 * One TypeScript language service over the files that matter: endpoint files are the roots, and what
 * they import inside the workspace comes in through module resolution. Components (.tsx/.jsx files that
 * are not roots) and packages are not followed: guards, wrappers and data access live in plain modules,
 * and following the component tree would pull in the whole app.
 */
export class BoundaryProgram {
  private roots: string[] = [];
  private readonly rootSet = new Set<string>();
  private readonly service: ts.LanguageService;

  constructor(
    private readonly root: string,
    private readonly sources: ProgramSources,
    private readonly resolver: ModuleResolver,
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
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => compilationSettings,
      getScriptFileNames: () => this.roots,
      getScriptVersion: (fileName) => this.sources.version(fileName),
      getScriptSnapshot: (fileName) => {
        const text = this.sources.readText(fileName);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => this.root,
      getDefaultLibFileName: () => '/__next_boundary_no_lib__.d.ts',
      fileExists: (path) => this.sources.readText(path) !== undefined,
      readFile: (path) => this.sources.readText(path),
      useCaseSensitiveFileNames: () => true,
      resolveModuleNameLiterals: (literals, containingFile) =>
        literals.map((literal) => {
          const resolved = this.resolver.resolve(literal.text, containingFile);
          if (!resolved || (/\.[jt]sx$/.test(resolved) && !this.rootSet.has(resolved))) return { resolvedModule: undefined };
          return {
            resolvedModule: {
              resolvedFileName: resolved,
              extension: extensionOf(resolved),
              isExternalLibraryImport: false,
            },
          };
        }),
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry(true, root));
  }

  setRoots(roots: Iterable<string>): void {
    this.roots = [...new Set(roots)].sort();
    this.rootSet.clear();
    for (const file of this.roots) this.rootSet.add(file);
  }

  /** The current program: cheap when nothing changed, incremental when a few files did. */
  getProgram(): ts.Program {
    const program = this.service.getProgram();
    if (!program) throw new Error('TypeScript language service returned no program');
    return program;
  }

  dispose(): void {
    this.service.dispose();
  }
}

function extensionOf(path: string): ts.Extension {
  if (path.endsWith('.tsx')) return ts.Extension.Tsx;
  if (path.endsWith('.ts')) return ts.Extension.Ts;
  if (path.endsWith('.mts')) return ts.Extension.Mts;
  if (path.endsWith('.cts')) return ts.Extension.Cts;
  if (path.endsWith('.jsx')) return ts.Extension.Jsx;
  if (path.endsWith('.mjs')) return ts.Extension.Mjs;
  if (path.endsWith('.cjs')) return ts.Extension.Cjs;
  return ts.Extension.Js;
}
