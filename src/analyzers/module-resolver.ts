import ts from 'typescript';
import type { FileHost } from './host';
import { readTsconfig } from './tsconfig';
import { enclosingWorkspacePackages } from './enclosing-workspace';
import type { Discovery } from './workspace';
import { isSourceFile } from './paths';
import { isWalkedPath, join } from './workspace';

const RESOLVABLE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** A specifier or `paths` target that names its file's extension: TypeScript maps it its own way. */
const EXPLICIT_EXTENSION_RE = /\.[cm]?[jt]sx?$|\.json$/;

/**
 * Resolves import specifiers to workspace files the way the app's own tsconfig would (paths, baseUrl,
 * `extends`), without executing anything. Packages in node_modules are left unresolved on purpose: their
 * code is not the app's and reading their .d.ts would cost more than the whole scan. Workspace packages of a
 * monorepo are found even when node_modules is absent (a fresh clone).
 */
export class ModuleResolver {
  private readonly optionsByApp = new Map<string, ts.CompilerOptions>();
  private readonly cacheByApp = new Map<string, ts.ModuleResolutionCache>();
  private readonly workspacePackages = new Map<string, string>();
  /** Each workspace package's package.json, read when an import first reaches it (null: unreadable). */
  private readonly manifests = new Map<string, Record<string, unknown> | null>();
  private readonly resolutionHost: ts.ModuleResolutionHost;
  private readonly memo = new Map<string, string | null>();
  /** Disk answers for paths outside the listing (see probed). */
  private readonly probes = new Map<string, boolean>();
  /** The listed source files and their folders (absolute): most lookups are answered from these, not the disk. */
  private listedFiles = new Set<string>();
  private listedDirs = new Set<string>();
  private readonly truncated: boolean;

  constructor(
    private readonly host: FileHost,
    private readonly root: string,
    discovery: Discovery,
    private readonly appRootOf: (file: string) => string,
  ) {
    this.listFrom(discovery);
    this.resolutionHost = {
      fileExists: (path) => this.fileExists(path),
      readFile: (path) => host.readFile(path),
      directoryExists: (path) => this.directoryExists(path),
      realpath: host.realpath ? (path) => host.realpath!(path) : undefined,
      getCurrentDirectory: () => root,
    };
    this.truncated = discovery.truncated;
    for (const [dir, packageJson] of discovery.packageJsons) {
      if (typeof packageJson.name === 'string' && dir !== '') this.workspacePackages.set(packageJson.name, join(root, dir));
    }
    // Opened inside a monorepo: its sibling packages resolve to their source too.
    for (const [name, dir] of enclosingWorkspacePackages(host, root)) {
      if (!this.workspacePackages.has(name)) this.workspacePackages.set(name, dir.replace(/\\/g, '/'));
    }
  }

  /** Compiler options of the app that holds `relativeAppRoot`, read from its tsconfig/jsconfig. */
  optionsFor(relativeAppRoot: string): ts.CompilerOptions {
    let options = this.optionsByApp.get(relativeAppRoot);
    if (options) return options;
    options = this.readOptions(join(this.root, relativeAppRoot));
    this.optionsByApp.set(relativeAppRoot, options);
    return options;
  }

  private readOptions(appRoot: string): ts.CompilerOptions {
    const base: ts.CompilerOptions = {
      allowJs: true,
      jsx: ts.JsxEmit.Preserve,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      resolveJsonModule: false,
    };
    // What could not be read of it is reported by workspace discovery; whatever could be read is used.
    const { options } = readTsconfig(this.host, appRoot, this.root);
    const merged: ts.CompilerOptions = { ...base, ...options, allowJs: true, noEmit: true };
    // Classic/Node10 resolution ignores `exports`; Next apps are bundled, so resolve as a bundler does.
    if (merged.moduleResolution !== ts.ModuleResolutionKind.NodeNext && merged.moduleResolution !== ts.ModuleResolutionKind.Node16) {
      merged.moduleResolution = ts.ModuleResolutionKind.Bundler;
      merged.module = ts.ModuleKind.ESNext;
    }
    if (!merged.paths) {
      // The tsconfig was missing or its `extends` could not be read (no node_modules): assume Next's default alias.
      const srcExists = this.host.directoryExists(`${appRoot}/src`);
      merged.paths = { '@/*': srcExists ? ['./src/*', './*'] : ['./*'], '~/*': srcExists ? ['./src/*', './*'] : ['./*'] };
      merged.pathsBasePath = appRoot;
    }
    return merged;
  }

  /** A file came or went: an import that failed may now resolve, or land elsewhere (`./x` → `./x.ts` over `./x/index.ts`). */
  forgetResolutions(discovery: Discovery): void {
    this.memo.clear();
    this.probes.clear();
    this.cacheByApp.clear();
    this.listFrom(discovery);
  }

  private listFrom(discovery: Discovery): void {
    this.listedFiles = new Set();
    this.listedDirs = new Set([this.root]);
    for (const file of discovery.sourceFiles) {
      const absolute = join(this.root, file);
      this.listedFiles.add(absolute);
      for (let slash = absolute.lastIndexOf('/'); slash > this.root.length; slash = absolute.lastIndexOf('/', slash - 1)) {
        const dir = absolute.slice(0, slash);
        if (this.listedDirs.has(dir)) break;
        this.listedDirs.add(dir);
      }
    }
  }

  /**
   * Module resolution probes many names per import (x.ts, x.tsx, x.d.ts, x/index.ts…). A source file inside the
   * folder exists exactly when the walk listed it; only what the walk does not list (declaration files, JSON,
   * node_modules and other skipped folders, paths outside the folder) is asked of the disk.
   */
  private fileExists(path: string): boolean {
    if (this.listedFiles.has(path)) return true;
    if (this.isListable(path) && isSourceFile(path)) return false;
    return this.probed(path, 'file');
  }

  private directoryExists(path: string): boolean {
    if (this.listedDirs.has(path)) return true;
    return this.probed(path, 'directory');
  }

  /**
   * What the disk says of a path the walk does not list (node_modules, declaration files, folders above the root),
   * asked once per resolver: packages that are not installed are probed for in every ancestor folder, by every import.
   */
  private probed(path: string, kind: 'file' | 'directory'): boolean {
    const key = kind === 'file' ? path : `${path}/`;
    let exists = this.probes.get(key);
    if (exists === undefined) {
      exists = kind === 'file' ? this.host.fileExists(path) : this.host.directoryExists(path);
      this.probes.set(key, exists);
    }
    return exists;
  }

  /** Inside the folder and in no folder the walk skips. */
  private isListable(path: string): boolean {
    return path.startsWith(this.root + '/') && isWalkedPath(path.slice(this.root.length + 1)) && !this.truncated;
  }

  /** Absolute path of the workspace file an import names, or undefined (package, missing, declaration file). */
  resolve(specifier: string, containingFile: string): string | undefined {
    const appRoot = this.appRootOf(containingFile);
    // Where a relative import lands depends on its folder; an alias or package name (`@/lib/db`, `@acme/ui`) lands
    // in the same place from anywhere in the app, so it is resolved once per app, not once per folder.
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
    const key = relative ? `${appRoot}\u0000${containingFile.slice(0, containingFile.lastIndexOf('/'))}\u0000${specifier}` : `${appRoot}\u0000\u0000${specifier}`;
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const resolved = this.resolveUncached(specifier, containingFile, appRoot);
    this.memo.set(key, resolved ?? null);
    return resolved;
  }

  private resolveUncached(specifier: string, containingFile: string, appRoot: string): string | undefined {
    const options = this.optionsFor(appRoot);
    const listed = this.listedCandidate(specifier, containingFile, options);
    if (listed) return listed;
    let cache = this.cacheByApp.get(appRoot);
    if (!cache) {
      cache = ts.createModuleResolutionCache(this.root, (name) => name, options);
      this.cacheByApp.set(appRoot, cache);
    }
    let result: ts.ResolvedModuleFull | undefined;
    try {
      result = ts.resolveModuleName(specifier, containingFile, options, this.resolutionHost, cache).resolvedModule;
    } catch {
      // A tsconfig TypeScript cannot use as it is (`paths` holding numbers): the import is read as unresolved.
      result = undefined;
    }
    if (result && !result.resolvedFileName.includes('/node_modules/') && !/\.d\.[mc]?ts$/.test(result.resolvedFileName)) {
      return result.resolvedFileName;
    }
    return this.resolveWorkspacePackage(specifier);
  }

  /**
   * Most imports name a listed `.ts`/`.tsx` file without its extension (`./actions`, `@/lib/auth`). TypeScript tries
   * `x.ts` then `x.tsx` before anything else for such a name, so when one of them is listed it is the answer, found
   * without TypeScript's probing. Anything else (an extension in the name, a folder's index, a second `paths`
   * substitution, rootDirs or moduleSuffixes) is left to TypeScript.
   */
  private listedCandidate(specifier: string, containingFile: string, options: ts.CompilerOptions): string | undefined {
    if (options.moduleSuffixes || options.rootDirs || specifier.endsWith('/') || EXPLICIT_EXTENSION_RE.test(specifier)) return undefined;
    let stem: string | undefined;
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      stem = normalizeJoin(containingFile.slice(0, containingFile.lastIndexOf('/')), specifier);
    } else if (options.paths && !specifier.startsWith('/')) {
      const substitution = firstPathsSubstitution(options.paths, specifier);
      const base = options.baseUrl ?? options.pathsBasePath;
      if (substitution === undefined || typeof base !== 'string' || EXPLICIT_EXTENSION_RE.test(substitution)) return undefined;
      stem = substitution.startsWith('/') ? normalizeJoin('', substitution) : normalizeJoin(base.replace(/\\/g, '/'), substitution);
    }
    if (!stem) return undefined;
    if (this.listedFiles.has(`${stem}.ts`)) return `${stem}.ts`;
    if (this.listedFiles.has(`${stem}.tsx`)) return `${stem}.tsx`;
    return undefined;
  }

  private resolveWorkspacePackage(specifier: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
    const parts = specifier.split('/');
    const packageName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const dir = this.workspacePackages.get(packageName);
    if (!dir) return undefined;
    const subpath = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/');
    // The package's own map first (`"./cached-queries": "./src/queries/cached-queries.ts"`), when it points at source.
    const mapped = this.fromManifest(dir, subpath);
    if (mapped) return mapped;
    const stems = subpath
      ? [`${dir}/src/${subpath}`, `${dir}/${subpath}`, `${dir}/src/${subpath}/index`, `${dir}/${subpath}/index`]
      : [`${dir}/src/index`, `${dir}/index`];
    for (const stem of stems) {
      for (const extension of RESOLVABLE_EXTENSIONS) {
        if (this.host.fileExists(stem + extension)) return stem + extension;
      }
    }
    return undefined;
  }

  /** A source file the package's `exports` (or, for the root, `main`/`module`/`types`) names for `subpath`. */
  private fromManifest(dir: string, subpath: string): string | undefined {
    let manifest = this.manifests.get(dir);
    if (manifest === undefined) {
      try {
        const parsed: unknown = JSON.parse(this.host.readFile(`${dir}/package.json`) ?? 'null');
        manifest = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
      } catch {
        manifest = null;
      }
      this.manifests.set(dir, manifest);
    }
    if (!manifest) return undefined;
    const key = subpath ? `./${subpath}` : '.';
    const targets = [...exportTargets(manifest.exports, key), ...(subpath ? [] : [manifest.module, manifest.main, manifest.types].filter((item): item is string => typeof item === 'string'))];
    for (const target of targets) {
      const file = `${dir}/${target.replace(/^\.\//, '')}`;
      if (/\.d\.[mc]?ts$/.test(file) || !RESOLVABLE_EXTENSIONS.some((extension) => file.endsWith(extension))) continue;
      if (this.host.fileExists(file)) return file;
    }
    return undefined;
  }
}

/**
 * The first path a tsconfig `paths` entry maps `specifier` to, as TypeScript picks the entry: an exact key first,
 * else the pattern with the longest prefix before its `*`.
 */
function firstPathsSubstitution(paths: ts.MapLike<string[]>, specifier: string): string | undefined {
  // A tsconfig is user input: `paths` values that are not lists of strings are passed over, as TypeScript reports them.
  const firstOf = (targets: unknown): string | undefined => (Array.isArray(targets) && typeof targets[0] === 'string' ? targets[0] : undefined);
  if (Object.prototype.hasOwnProperty.call(paths, specifier) && !specifier.includes('*')) return firstOf(paths[specifier]);
  let best: string | undefined;
  let bestPrefix = -1;
  for (const pattern of Object.keys(paths)) {
    const star = pattern.indexOf('*');
    if (star < 0 || pattern.indexOf('*', star + 1) >= 0) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (prefix.length > bestPrefix) {
      bestPrefix = prefix.length;
      best = pattern;
    }
  }
  if (best === undefined) return undefined;
  const target = firstOf(paths[best]);
  if (target === undefined) return undefined;
  const star = best.indexOf('*');
  const matched = specifier.slice(star, specifier.length - (best.length - star - 1));
  return target.replace('*', matched);
}

/** `dir` joined with a relative path, `.` and `..` folded (posix; `dir` absolute or empty for an absolute path). */
function normalizeJoin(dir: string, relative: string): string | undefined {
  if (dir && !dir.startsWith('/')) return undefined;
  const parts = [''];
  for (const part of [...dir.split('/'), ...relative.split('/')]) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length <= 1) return undefined;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

/** What an `exports` field maps `key` to: a string, a conditions object (any string inside), or a `./*` pattern. */
function exportTargets(exportsField: unknown, key: string): string[] {
  if (typeof exportsField === 'string') return key === '.' ? [exportsField] : [];
  if (!exportsField || typeof exportsField !== 'object') return [];
  const map = exportsField as Record<string, unknown>;
  // `exports: { import: …, default: … }` is the root's conditions, not a subpath map.
  if (!Object.keys(map).some((name) => name.startsWith('.'))) return key === '.' ? conditionStrings(map) : [];
  if (key in map) return conditionStrings(map[key]);
  for (const [pattern, target] of Object.entries(map)) {
    const star = pattern.indexOf('*');
    if (star < 0 || !key.startsWith(pattern.slice(0, star)) || !key.endsWith(pattern.slice(star + 1))) continue;
    const matched = key.slice(star, key.length - (pattern.length - star - 1));
    return conditionStrings(target).map((item) => item.replace('*', matched));
  }
  return [];
}

function conditionStrings(target: unknown): string[] {
  if (typeof target === 'string') return [target];
  if (Array.isArray(target)) return target.flatMap(conditionStrings);
  if (target && typeof target === 'object') return Object.values(target as Record<string, unknown>).flatMap(conditionStrings);
  return [];
}
