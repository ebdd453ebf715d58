import * as nodePath from 'node:path';
import picomatch from 'picomatch';
import ts from 'typescript';
import { columnOf, enclosingStatement, lineOf, startOf } from './ast';
import {
  type ActionIndex,
  type ActionRef,
  type CallerContext,
  type CallerSink,
  type ResolvedActionRef,
  type RouteTarget,
  RouteTable,
  type UrlMatch,
  type UrlRef,
  addLocalCaller,
  attachResolvedActionRefs,
  attachUrlMatches,
  matchUrlRefs,
  resolveActionRefs,
  newActionTargetMemo,
  sortCallers,
  extractActionRefs,
  extractLocalRefs,
  extractUrlRefs,
} from './callers';
import { classify } from './classify';
import { type BoundaryConfig, type ConfigProblem, mergeConfigs, readConfigIn } from './config';
import { type ExportedEndpoint, actionExports, inlineActions, isUseServerFile, pagesApiExport, routeExports } from './exports';
import { ActionTypes } from './boundary-types';
import { contentHash } from './content-hash';
import { FactsAnalyzer } from './facts';
import { GraphqlOperations } from './graphql-operations';
import { type HandlerFacts, HandlerAnalyzer } from './handlers';
import { type EndpointRecord, type FileAnalysis, HONO_MENTION, HTTP_METHODS, RouterMounts, emptyAnalysis, honoUrlPath, mergeSharedProcedures, procedureRecords } from './endpoint-records';
import { type ProcedureRef, ProcedureTable, extractProcedureRefs, procedureMentionSource } from './routers/callers';
import { procedureThroughCaller } from './routers/trpc';
import { httpMethod, methodReaches } from './rules/rule';
import { type FileHost, nodeFileHost, statOf } from './host';
import { AUTH_LIBRARIES, AUTH_LIBRARY_MODULE_RE, WEBHOOK_MODULE_RE } from './knowledge';
import { MIDDLEWARE_FILE_RE, matchersCovering, readMiddleware } from './middleware';
import type { Caller, Endpoint, EndpointKind, MiddlewareInfo, NextApp, PhaseTimings, ScanResult, SkippedFile } from './model';
import { ModuleResolver } from './module-resolver';
import { CONFIG_FILE_RE, ROUTE_FILE_RE, escapeRegex, isSourceFile, pagesApiUrlPath, routeUrlPath, segmentUrlPath } from './paths';
import { BoundaryProgram, parseFile } from './program';
import { allRules } from './rules';
import { suppressionsAbove } from './suppressions';
import { type DiscoveredApp, type Discovery, appOf, discoverWorkspace, isWalkedPath, join } from './workspace';

export interface ScanOptions {
  /** Called now and then during a scan with the number of files handled so far. */
  onProgress?: (done: number, total: number, phase: string) => void;
  /**
   * Called between files during a scan (cheap: often). The editor's worker answers a first look here, in the same
   * thread, rather than in a second one that would compete with the scan for the CPU.
   */
  checkpoint?: () => void;
  /** Where files are read from (unsaved editor buffers, tests). Defaults to the disk. */
  host?: FileHost;
  /** Settings that add to every app's config (the editor's settings). */
  config?: Partial<BoundaryConfig>;
  /** Severity per rule id, overriding the rule's default; 'off' drops the rule. */
  severities?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
}

const MAX_FILE_BYTES = 1024 * 1024;
const USE_SERVER_TEXT_RE = /(['"])use server\1/;
/** next.config.* is a source file by its extension, but never app code: a change to it is a config change. */
const NEXT_CONFIG_PATH_RE = /(^|\/)next\.config\.\w+$/;
const REEXPORT_TEXT_RE = /\bexport\s*(\*|\{[^}]*\})\s*from\b/;

type Role = 'route' | 'pages-api' | 'middleware' | 'use-server' | 'other';

interface FileEntry {
  relative: string;
  absolute: string;
  text: string;
  /** Changes when the text does (a counter: cheap to compare on every keystroke). */
  version: number;
  /** contentHash(text), computed when first needed: the key of the parsed-file caches, which outlive a rescan. */
  hash?: string;
  /** Size and modification time when read from the disk: a rescan reuses `text` while both are the same. */
  size?: number;
  modifiedMs?: number;
  app?: DiscoveredApp;
  role: Role;
}

/** What the last scan or update did: how much it read, parsed, analysed and classified again. */
export interface RoundStats {
  kind: 'scan' | 'update';
  /** Texts read from the host (the disk or unsaved buffers). */
  filesRead: number;
  /** Files parsed (each unchanged text is parsed once, whatever the number of rounds). */
  filesParsed: number;
  /** Endpoint files (routes, 'use server' modules, middleware) whose facts were extracted again. */
  endpointFilesAnalysed: number;
  /** Endpoints classified and checked by the rules again (the rest were reused as they were). */
  endpointsClassified: number;
  durationMs: number;
  /** Where the round's time went. */
  phases: PhaseTimings;
}

const NO_TIME: PhaseTimings = { walk: 0, read: 0, program: 0, facts: 0, callers: 0, classify: 0, rules: 0 };

interface FileRefs {
  version: number;
  actions: ActionRef[];
  urls: UrlRef[];
  /** Calls through a tRPC or Hono client (read only while the workspace has procedures). */
  procedures: ProcedureRef[];
  /** Other files read for `actions` (wrapper hooks that may refresh the page): a change there re-reads this file. */
  dependsOn?: string[];
  /** The routes `urls` reach, for the app's set of routes at generation `routesGeneration`. */
  urlMatches?: UrlMatch[];
  routesGeneration?: number;
  /** Where `actions` land in the action index, for the index's shape at generation `indexGeneration`. */
  resolvedActions?: ResolvedActionRef[];
  indexGeneration?: number;
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return text.length / lines > 500;
}

function isPrivateAppPath(relativeToAppDir: string): boolean {
  return relativeToAppDir.split('/').slice(0, -1).some((segment) => segment.startsWith('_'));
}

/** A file under an app's app/ or pages/ folder: Next compiles every one of them, so leaving one out is worth a word. */
function isRouterDirPath(app: DiscoveredApp | undefined, file: string): boolean {
  return !!app && [app.appDir, app.pagesDir].some((dir) => dir !== undefined && file.startsWith(dir + '/'));
}

/** A workspace-relative path as its app sees it (the app's root taken off). */
function appRelativeOf(app: DiscoveredApp | undefined, file: string): string {
  return app?.root ? file.slice(app.root.length + 1) : file;
}

function isEndpointPath(app: DiscoveredApp | undefined, file: string, appRelative: string): boolean {
  if (!app) return false;
  if (app.appDir && file.startsWith(app.appDir + '/') && ROUTE_FILE_RE.test(file)) return true;
  if (app.pagesDir && file.startsWith(app.pagesDir + '/api/')) return true;
  return MIDDLEWARE_FILE_RE.test(appRelative);
}


function compareEndpoints(a: Endpoint, b: Endpoint): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * The analyzer of one folder, kept alive between scans: `scan()` reads everything, `update()` re-reads the files
 * that changed, re-analyses only the endpoint files that are (or import) them, and re-attaches callers from
 * per-file facts. The TypeScript language service reuses every unchanged source file.
 */
export class WorkspaceAnalyzer {
  readonly root: string;
  private host: FileHost;
  private discovery!: Discovery;
  private files = new Map<string, FileEntry>();
  /** Files outside the listing that the program reads (imports that leave the folder's source files). */
  private readonly extraTexts = new Map<string, { text: string | undefined; hash?: string }>();
  /** Every listed source file (relative): a file not in it is new. */
  private listed = new Set<string>();
  private readonly analyses = new Map<string, FileAnalysis>();
  private readonly refs = new Map<string, FileRefs>();
  /** Files parsed for their caller facts (not in the program), by content hash: kept across rescans. */
  private readonly parsed = new Map<string, { hash: string; sourceFile: ts.SourceFile }>();
  private callerParses = 0;
  private parsesBeforeRound = 0;
  private round: RoundStats = { kind: 'scan', filesRead: 0, filesParsed: 0, endpointFilesAnalysed: 0, endpointsClassified: 0, durationMs: 0, phases: { ...NO_TIME } };
  private readonly baseSkipped: SkippedFile[] = [];
  private program?: BoundaryProgram;
  private resolver!: ModuleResolver;
  private appConfigs = new Map<string, BoundaryConfig>();
  private rootConfig: BoundaryConfig | undefined;
  private globalConfig!: BoundaryConfig;
  private mentionSource = '';
  private actionModules = '';
  private mention: RegExp | undefined;
  /** The part of the mention pattern for calls through a router's client ('' while no router is mounted). */
  private procedureMention = '';
  private nextVersion = 1;
  /** A file's role changed since the program's roots were last set. */
  private rolesChanged = true;
  /** Files in the last TypeScript program (endpoint files and the workspace modules they import). */
  private programFiles = new Set<string>();
  /** The program of the last analysis (asking the language service again re-checks every root's version). */
  private currentProgram: ts.Program | undefined;
  private importsOf = new WeakMap<ts.SourceFile, string[]>();
  /** Last round's classified endpoints, by record, with the middleware they were classified with (callers are on the endpoint). */
  private classified = new Map<EndpointRecord, { middlewareKey: string; endpoint: Endpoint }>();
  /** Endpoint files analysed since the last `refreshRefs`, and what each contributed to the mention pattern. */
  private readonly reanalysed = new Set<string>();
  private readonly mentionContributions = new Map<string, string>();
  /** Bumped when a file that re-exports changes: barrels decide where imports of actions land. */
  private barrelGeneration = 0;
  /**
   * The action index's files and names, and each app's routes, as keys with a generation that changes when the key
   * does: per-file caches compare generations, not the (long) keys.
   */
  private indexShape = { key: '', generation: 0 };
  private readonly routeSets = new Map<string, { key: string; generation: number }>();
  private lastStats = { filesParsed: 0, durationMs: 0 };
  /** The app's GraphQL operations by name, read on first use (a rescan reads them again). */
  private graphqlOperations: GraphqlOperations | undefined;

  constructor(
    root: string,
    private options: ScanOptions = {},
  ) {
    this.root = toPosix(nodePath.resolve(root));
    this.host = options.host ?? nodeFileHost;
  }

  /** Settings changed: the next scan or update uses them. */
  setOptions(options: ScanOptions): void {
    // Severities and settings change findings: classify everything again.
    if (JSON.stringify(options.severities ?? {}) !== JSON.stringify(this.options.severities ?? {}) || JSON.stringify(options.config ?? {}) !== JSON.stringify(this.options.config ?? {})) {
      this.classified = new Map();
    }
    this.options = options;
    this.host = options.host ?? nodeFileHost;
  }

  relative(absolute: string): string {
    const posix = toPosix(absolute);
    if (posix === this.root) return '';
    return posix.startsWith(this.root + '/') ? posix.slice(this.root.length + 1) : toPosix(nodePath.relative(this.root, posix));
  }

  /** What the last scan or update did (for the benchmark and tests). */
  get lastRound(): RoundStats {
    return this.round;
  }

  /**
   * Reads and analyses the whole folder. A rescan (settings, tsconfig, package.json changed) re-reads only files
   * whose size or modification time changed and re-parses only text it has not parsed before.
   */
  scan(): ScanResult {
    const started = performance.now();
    const progress = this.options.onProgress ?? (() => undefined);
    const checkpoint = this.options.checkpoint ?? (() => undefined);
    const total = this.prepareScan(progress, undefined, checkpoint);
    const roots = this.roots();
    this.analyzeFiles(roots, (index) => {
      checkpoint();
      if (index % 200 === 0) progress(index, roots.length, 'analysing endpoints');
    });
    this.timed('callers', () =>
      this.refreshRefs(undefined, true, (index, count) => {
        checkpoint();
        if (index % 500 === 0) progress(index, count, 'finding callers');
      }),
    );
    const result = this.assemble(started);
    progress(total, total, 'done');
    return result;
  }

  /**
   * A first look at a few files (the editor's open ones) before the full scan, so a large workspace shows their
   * lenses in a second or two: the folder listed as scan() does, but only those files (and the middleware) read
   * and analysed, over a program of them and what they import, and no caller searched. The result is
   * `partial`: callers, and the exposure and findings that depend on them, come with the scan() that follows,
   * which reuses what this read and parsed. Undefined when none of the files holds an endpoint.
   */
  firstLook(files: readonly string[]): ScanResult | undefined {
    const started = performance.now();
    const wanted = new Set(files);
    this.prepareScan(() => undefined, wanted);
    const focus = [...this.files.values()].filter((entry) => entry.role !== 'other' && wanted.has(entry.absolute));
    if (focus.length === 0) return undefined;
    const middleware = [...this.files.values()].filter((entry) => entry.role === 'middleware' && !wanted.has(entry.absolute));
    const entries = [...focus, ...middleware];
    this.program!.setRoots(entries.map((entry) => entry.absolute));
    // The scan that follows sets the whole folder's roots again.
    this.rolesChanged = false;
    this.analyzeFiles(entries);
    this.rolesChanged = true;
    return { ...this.assemble(started), partial: true };
  }

  /** The common start of scan() and firstLook(): forget the last model, list the folder, read what changed. */
  private prepareScan(progress: (done: number, total: number, phase: string) => void, only?: ReadonlySet<string>, checkpoint?: () => void): number {
    this.startRound('scan');
    const previous = this.files;
    this.currentProgram = undefined;
    this.files = new Map();
    this.extraTexts.clear();
    this.analyses.clear();
    this.refs.clear();
    this.baseSkipped.length = 0;
    this.mentionSource = '';
    this.classified = new Map();

    this.timed('walk', () => {
      this.discovery = discoverWorkspace(this.host, this.root);
      for (const problem of this.discovery.problems) this.baseSkipped.push({ file: problem.file, reason: problem.reason });
      if (this.discovery.truncated) this.baseSkipped.push({ file: '.', reason: 'more than 200,000 source files: the rest were not scanned' });
      this.readConfigs();
    });

    this.listed = new Set(this.discovery.sourceFiles);
    const total = this.discovery.sourceFiles.length;
    let done = 0;
    const reading = performance.now();
    for (const file of this.discovery.sourceFiles) {
      checkpoint?.();
      if (++done % 500 === 0) progress(done, total, 'reading');
      // A first look reads its files and the middleware; the program reads what they import.
      if (only && !only.has(join(this.root, file)) && !MIDDLEWARE_FILE_RE.test(appRelativeOf(appOf(this.discovery.apps, file), file))) continue;
      this.readEntry(file, undefined, previous.get(join(this.root, file)));
    }
    this.round.phases.read += performance.now() - reading;
    for (const path of this.parsed.keys()) if (!this.files.has(path)) this.parsed.delete(path);
    this.resolver = new ModuleResolver(this.host, this.root, this.discovery, (file) => appOf(this.discovery.apps, this.relative(file))?.root ?? '');
    const graphqlFiles = this.discovery.graphqlFiles;
    this.graphqlOperations = new GraphqlOperations(this.host, () => graphqlFiles.map((file) => join(this.root, file)));
    this.importsOf = new WeakMap();
    if (this.program) this.program.restart(this.resolver);
    else this.program = new BoundaryProgram(this.root, { readText: (path) => this.readText(path), version: (path) => this.hashOf(path), checkpoint: () => this.options.checkpoint?.() }, this.resolver);
    progress(done, total, 'building program');
    return total;
  }

  /** Runs `work`, adding its time to `phase` of this round. */
  private timed<T>(phase: keyof PhaseTimings, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.round.phases[phase] += performance.now() - started;
    }
  }

  private startRound(kind: RoundStats['kind']): void {
    this.round = { kind, filesRead: 0, filesParsed: 0, endpointFilesAnalysed: 0, endpointsClassified: 0, durationMs: 0, phases: { ...NO_TIME } };
    this.parsesBeforeRound = this.parseCount();
  }

  private parseCount(): number {
    return (this.program?.parseCount ?? 0) + this.callerParses;
  }

  /**
   * Some files changed (text undefined: read it from the host; a path not seen before or gone: rescan).
   * Returns the new model.
   */
  update(changes: { path: string; text?: string }[]): ScanResult {
    if (!this.program) return this.scan();
    const started = performance.now();
    this.startRound('update');
    const changed: string[] = [];
    const added: string[] = [];
    const deleted: string[] = [];
    /** Files with no entry before (new, or back from being left out): the program may import them. */
    const entered: string[] = [];
    for (const change of changes) {
      const absolute = toPosix(change.path);
      const relative = this.relative(absolute);
      // package.json, tsconfig, next.config (a source file by its extension, but never app code), configs: the structure may have changed.
      if (CONFIG_FILE_RE.test(absolute) || NEXT_CONFIG_PATH_RE.test(absolute)) return this.scan();
      if (!isSourceFile(absolute) || relative.startsWith('..')) continue;
      const known = this.files.get(absolute);
      const listed = this.listed.has(relative);
      if (!listed && !isWalkedPath(relative)) continue; // under node_modules, .next, dist…: never scanned
      const text = change.text ?? this.readFromHost(absolute);
      if (text === undefined) {
        // Deleted (or no longer readable): forget it; the endpoint files that imported it are analysed again.
        if (!listed) continue;
        this.forget(relative, absolute);
        deleted.push(absolute);
        continue;
      }
      if (!listed) {
        if (!this.mayAddWithoutRescan(relative)) return this.scan();
        this.listed.add(relative);
        this.discovery.sourceFiles.push(relative);
        added.push(absolute);
      }
      if (known && known.text === text) continue;
      if (REEXPORT_TEXT_RE.test(text) || (known && REEXPORT_TEXT_RE.test(known.text))) this.barrelGeneration++;
      this.extraTexts.delete(absolute);
      if (!this.readEntry(relative, text)) {
        // Left out (binary, too big, minified), now or still with a new text: the endpoint files importing it read
        // it as gone, or as a plain module, again.
        changed.push(absolute);
        continue;
      }
      if (!known) entered.push(absolute);
      changed.push(absolute);
    }
    const structureChanged = added.length > 0 || deleted.length > 0;
    if (changed.length === 0 && !structureChanged) return this.assemble(started);
    // A deleted file is not in the next program: who imported it is read from the last one, before imports are resolved again.
    const formerImporters = deleted.length && this.currentProgram ? this.importersOf(this.currentProgram) : undefined;
    if (structureChanged) {
      // Imports may now land elsewhere: resolve again, and find callers in every file again (parses are reused).
      this.discovery.sourceFiles.sort();
      this.resolver.forgetResolutions(this.discovery);
      this.importsOf = new WeakMap();
      this.barrelGeneration++;
    }

    // A component that no endpoint file imports changes only who calls what: no program work at all.
    const rolesChanged = this.rolesChanged;
    const callersOnly = !structureChanged && !rolesChanged && entered.length === 0 && changed.every((file) => this.files.get(file)?.role === 'other' && !this.programFiles.has(file));
    if (!callersOnly) {
      // Endpoint files to re-analyse: the changed ones, and every endpoint file that imports one (any depth).
      // A file the last program could not load (left out, or new) is only loaded by a program built afresh.
      if (structureChanged || entered.length) this.program.restart(this.resolver);
      if (this.rolesChanged || structureChanged) this.roots();
      const program = this.program.getProgram();
      this.currentProgram = program;
      const dirty = new Set(changed.filter((file) => this.files.get(file)?.role !== 'other'));
      const touched = [...changed, ...added];
      const graphs = [this.importersOf(program), ...(formerImporters ? [formerImporters] : [])];
      for (const importers of graphs) {
        const queue = [...touched, ...deleted];
        while (queue.length) {
          const file = queue.pop()!;
          for (const importer of importers.get(file) ?? []) {
            // Through files left out too (read as plain modules): the endpoint files importing them depend on them.
            if (dirty.has(importer)) continue;
            dirty.add(importer);
            queue.push(importer);
          }
        }
      }
      for (const file of changed) if (this.files.get(file)?.role === 'other') this.analyses.delete(file);
      this.analyzeFiles([...dirty].map((file) => this.files.get(file)).filter((entry): entry is FileEntry => !!entry && entry.role !== 'other'));
    }
    this.timed('callers', () => this.refreshRefs(structureChanged ? undefined : new Set(changed), rolesChanged || structureChanged));
    return this.assemble(started);
  }

  /** Forgets why a file was skipped: it is being read again, or it is gone. */
  private dropSkipped(file: string): void {
    for (let i = this.baseSkipped.length - 1; i >= 0; i--) if (this.baseSkipped[i].file === file) this.baseSkipped.splice(i, 1);
  }

  /** A file that was listed is gone: drop everything known about it. */
  private forget(relative: string, absolute: string): void {
    this.listed.delete(relative);
    const index = this.discovery.sourceFiles.indexOf(relative);
    if (index >= 0) this.discovery.sourceFiles.splice(index, 1);
    if ((this.files.get(absolute)?.role ?? 'other') !== 'other') this.rolesChanged = true;
    this.files.delete(absolute);
    this.analyses.delete(absolute);
    this.refs.delete(absolute);
    this.parsed.delete(absolute);
    this.extraTexts.delete(absolute);
    this.reanalysed.add(absolute);
    this.dropSkipped(relative);
  }

  /**
   * A new source file can be added to the model as it is unless it changes which folders are an app's `app/` or
   * `pages/` (the first file of a new app/ folder, a workspace with no app yet): then the folder is scanned again.
   */
  private mayAddWithoutRescan(relative: string): boolean {
    if (this.discovery.truncated) return false;
    const app = appOf(this.discovery.apps, relative);
    if (!app) return this.discovery.apps.length > 0 && !/^(src\/)?(app|pages)\//.test(relative);
    const appRelative = app.root ? relative.slice(app.root.length + 1) : relative;
    for (const routerDir of ['app', 'src/app', 'pages', 'src/pages']) {
      if (!appRelative.startsWith(routerDir + '/')) continue;
      const dir = join(app.root, routerDir);
      if (dir !== app.appDir && dir !== app.pagesDir) return false;
    }
    return true;
  }

  private readFromHost(absolute: string): string | undefined {
    const text = this.host.readFile(absolute);
    if (text !== undefined) this.round.filesRead++;
    return text;
  }

  /** The content hash the program keys its parsed files by. */
  private hashOf(path: string): string {
    const entry = this.files.get(path);
    if (entry) return (entry.hash ??= contentHash(entry.text));
    const extra = this.extraTexts.get(path);
    if (extra?.text === undefined) return '';
    return (extra.hash ??= contentHash(extra.text));
  }

  dispose(): void {
    this.program?.dispose();
    this.program = undefined;
  }

  private readConfigs(): void {
    const problems: ConfigProblem[] = [];
    this.rootConfig = readConfigIn(this.host, this.root, problems);
    this.appConfigs = new Map();
    const editorConfig = normalizeConfig(this.options.config);
    for (const app of this.discovery.apps) {
      const own = app.root === '' ? undefined : readConfigIn(this.host, join(this.root, app.root), problems);
      this.appConfigs.set(app.root, mergeConfigs(this.rootConfig, own, editorConfig));
    }
    for (const problem of problems) this.baseSkipped.push({ file: this.relative(problem.file), reason: `config not used: ${problem.message}` });
    this.globalConfig = mergeConfigs(this.rootConfig, ...this.appConfigs.values(), editorConfig);
  }

  /** Reads one file into the table with its role. False when it is left out (with a skip reason where useful). */
  private readEntry(file: string, knownText?: string, previous?: FileEntry): boolean {
    const absolute = join(this.root, file);
    const previousRole = this.files.get(absolute)?.role ?? 'other';
    const kept = this.readRole(file, absolute, knownText, previous);
    // A file left out counts as 'other': the program's roots change only when an endpoint file comes or goes.
    if (previousRole !== (this.files.get(absolute)?.role ?? 'other')) this.rolesChanged = true;
    return kept;
  }

  private readRole(file: string, absolute: string, knownText: string | undefined, previous: FileEntry | undefined): boolean {
    this.files.delete(absolute);
    this.analyses.delete(absolute);
    this.reanalysed.add(absolute);
    this.dropSkipped(file);
    const app = appOf(this.discovery.apps, file);
    const appRelative = appRelativeOf(app, file);
    const exclude = app ? this.appConfigs.get(app.root)?.exclude : undefined;
    if (exclude?.length && picomatch.isMatch(appRelative, exclude, { dot: true })) return false;
    // public/ is served as static files: nothing there runs on the server.
    if (app && appRelative.startsWith('public/')) return false;
    const endpointPath = isEndpointPath(app, file, appRelative);
    let text = knownText;
    let stat: { size: number; modifiedMs?: number } | undefined;
    if (text === undefined) {
      stat = statOf(this.host, absolute);
      if (!stat) return false;
      const size = stat.size;
      if (size > MAX_FILE_BYTES) {
        // A huge file in app/ or pages/ is worth a word (it may hold actions); a huge bundle elsewhere is not app source.
        if (endpointPath || isRouterDirPath(app, file)) this.baseSkipped.push({ file, reason: `larger than 1 MB (${Math.round(size / 1024)} KB): not analysed` });
        return false;
      }
      const unchanged = previous && stat.modifiedMs !== undefined && previous.modifiedMs === stat.modifiedMs && previous.size === size;
      text = unchanged ? previous.text : this.readFromHost(absolute);
    } else if (text.length > MAX_FILE_BYTES / 3 && Buffer.byteLength(text) > MAX_FILE_BYTES) {
      // Bytes, as the host's size counts them (a character is at most 3 bytes): a scan and an update drop the same files.
      if (endpointPath || isRouterDirPath(app, file)) this.baseSkipped.push({ file, reason: `larger than 1 MB (${Math.round(Buffer.byteLength(text) / 1024)} KB): not analysed` });
      return false;
    }
    if (text === undefined) {
      this.baseSkipped.push({ file, reason: 'could not be read' });
      return false;
    }
    if (text.includes('\u0000')) {
      if (endpointPath || USE_SERVER_TEXT_RE.test(text)) this.baseSkipped.push({ file, reason: 'binary file: not analysed' });
      return false;
    }
    let role: Role = 'other';
    if (app?.appDir && file.startsWith(app.appDir + '/') && ROUTE_FILE_RE.test(file) && !isPrivateAppPath(file.slice(app.appDir.length + 1))) role = 'route';
    else if (app?.pagesDir && file.startsWith(app.pagesDir + '/api/') && !nodePath.posix.basename(file).startsWith('_')) role = 'pages-api';
    else if (app && MIDDLEWARE_FILE_RE.test(appRelative)) role = 'middleware';
    else if (USE_SERVER_TEXT_RE.test(text)) role = 'use-server';
    if (role !== 'other' && looksMinified(text)) {
      this.baseSkipped.push({ file, reason: 'looks minified (very long lines): not analysed' });
      return false;
    }
    // The same text keeps its version and hash, so what was derived from it (parsed files) is reused.
    const same = previous?.text === text;
    this.files.set(absolute, {
      relative: file,
      absolute,
      text,
      version: same ? previous.version : this.nextVersion++,
      ...(same && previous.hash !== undefined && { hash: previous.hash }),
      ...(stat && { size: stat.size, ...(stat.modifiedMs !== undefined && { modifiedMs: stat.modifiedMs }) }),
      ...(app && { app }),
      role,
    });
    return true;
  }

  private readText(path: string): string | undefined {
    const entry = this.files.get(path);
    if (entry) return entry.text;
    let extra = this.extraTexts.get(path);
    if (!extra) {
      const size = this.host.fileSize(path);
      let text = size !== undefined && size <= MAX_FILE_BYTES ? this.readFromHost(path) : undefined;
      // An endpoint imports it (a router, a guard): what it holds will read as unknown, so say why.
      if (size !== undefined && size > MAX_FILE_BYTES && (path === this.root || path.startsWith(this.root + '/'))) {
        this.baseSkipped.push({ file: this.relative(path), reason: `larger than 1 MB (${Math.round(size / 1024)} KB): not read, though endpoint code imports it` });
      }
      if (text?.includes('\u0000')) text = undefined;
      this.extraTexts.set(path, (extra = { text }));
    }
    return extra.text;
  }

  private roots(): FileEntry[] {
    const roots = [...this.files.values()].filter((entry) => entry.role !== 'other');
    this.program!.setRoots(roots.map((entry) => entry.absolute));
    this.rolesChanged = false;
    return roots;
  }

  /** Which endpoint files import each file (directly), from the program's resolved imports. */
  private importersOf(program: ts.Program): Map<string, string[]> {
    const importers = new Map<string, string[]>();
    for (const sourceFile of program.getSourceFiles()) {
      // Unchanged files keep their SourceFile object across programs, so their imports are resolved once.
      let targets = this.importsOf.get(sourceFile);
      if (!targets) {
        targets = [];
        for (const statement of sourceFile.statements) {
          const specifier =
            (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
              ? statement.moduleSpecifier.text
              : undefined;
          const target = specifier ? this.resolver.resolve(specifier, sourceFile.fileName) : undefined;
          if (target) targets.push(target);
        }
        // `await import('@/lib/auth')` inside a function: what the facts read through it is a dependency too.
        for (const specifier of dynamicImportSpecifiers(sourceFile)) {
          const target = this.resolver.resolve(specifier, sourceFile.fileName);
          if (target) targets.push(target);
        }
        this.importsOf.set(sourceFile, targets);
      }
      for (const target of targets) {
        let list = importers.get(target);
        if (!list) importers.set(target, (list = []));
        list.push(sourceFile.fileName);
      }
    }
    return importers;
  }

  private analyzeFiles(entries: FileEntry[], onFile?: (index: number) => void): void {
    if (this.rolesChanged) this.roots();
    const program = this.timed('program', () => this.program!.getProgram());
    const analysing = performance.now();
    this.currentProgram = program;
    this.programFiles = new Set(program.getSourceFiles().map((sourceFile) => sourceFile.fileName));
    const checker = program.getTypeChecker();
    const facts: FactsAnalyzer = new FactsAnalyzer(checker, this.globalConfig, (path) => this.relative(path), this.graphqlOperations, (callee) => procedureThroughCaller(facts, callee));
    const handlers = new HandlerAnalyzer(facts, this.globalConfig);
    // The type checker with lib declarations, only for the 'use server' files of this round (and only once asked).
    const actionFiles = entries.filter((entry) => entry.role === 'use-server').map((entry) => entry.absolute);
    const actionTypes = new ActionTypes(program, checker, actionFiles, (specifier, containing) => this.resolver.resolve(specifier, containing), (path) => this.relative(path));
    let index = 0;
    for (const entry of entries) {
      onFile?.(++index);
      this.round.endpointFilesAnalysed++;
      this.reanalysed.add(entry.absolute);
      const sourceFile = program.getSourceFile(entry.absolute);
      if (!sourceFile) {
        this.analyses.set(entry.absolute, emptyAnalysis({ file: entry.relative, reason: 'could not be loaded by the TypeScript program' }));
        continue;
      }
      const syntax = program.getSyntacticDiagnostics(sourceFile);
      if (syntax.length) {
        const first = syntax[0];
        const line = first.start !== undefined ? lineOf(sourceFile, first.start) : 1;
        this.analyses.set(entry.absolute, emptyAnalysis({ file: entry.relative, reason: `syntax error at line ${line}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}` }));
        continue;
      }
      try {
        const analysis = this.analyzeFile(entry, sourceFile, checker, facts, handlers);
        if (entry.role === 'use-server') actionTypes.annotate(sourceFile, analysis.records);
        this.analyses.set(entry.absolute, analysis);
      } catch (error) {
        this.analyses.set(entry.absolute, emptyAnalysis({ file: entry.relative, reason: `analyzer error: ${(error as Error).message}` }));
      }
    }
    this.round.phases.facts += performance.now() - analysing;
  }

  private analyzeFile(entry: FileEntry, sourceFile: ts.SourceFile, checker: ts.TypeChecker, facts: FactsAnalyzer, handlers: HandlerAnalyzer): FileAnalysis {
    const analysis: FileAnalysis = { records: [], reexports: [], localRefs: [] };
    for (const statement of sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && WEBHOOK_MODULE_RE.test(statement.moduleSpecifier.text)) {
        analysis.webhookImport = facts.evidence('external-hint', statement, `imports ${statement.moduleSpecifier.text}, a webhook verification library`);
      }
    }
    const base = (kind: EndpointKind, name: string, site: ts.Node): EndpointRecord['base'] => {
      const position = startOf(site, sourceFile);
      return { kind, name, file: entry.relative, line: lineOf(sourceFile, position), column: columnOf(sourceFile, position), app: entry.app?.root ?? '' };
    };
    const record = (recordBase: EndpointRecord['base'], handler: HandlerFacts, statement: ts.Node, extra: Partial<EndpointRecord> = {}): EndpointRecord => ({
      base: recordBase,
      handler,
      comments: suppressionsAbove(sourceFile, statement).map((item) => ({ ...item, file: entry.relative })),
      ...(entry.app && { app: entry.app }),
      ...extra,
    });
    const analyzeTarget = (exported: ExportedEndpoint): HandlerFacts => {
      const target = exported.target;
      switch (target.kind) {
        case 'function':
          return handlers.analyzeFunction(target.fn);
        case 'expression':
          return handlers.analyzeExpression(target.expression, exported.site);
        case 'destructured':
          return handlers.analyzeDestructured(target.source, target.property, exported.site);
        case 'external': {
          const result: HandlerFacts = { wrapperNoGuard: [], unresolved: [] };
          const evidence = facts.evidence('unresolved', exported.site, `\`${target.name}\` is re-exported from the package ${target.module}, whose code is not read`);
          if (AUTH_LIBRARY_MODULE_RE.test(target.module)) result.authLibraryHandler = { ...evidence, kind: 'public', message: `handler from ${target.module}: the auth library's own endpoints, public by design` };
          else result.unresolved.push(evidence);
          return result;
        }
        case 'unreadable':
          return { wrapperNoGuard: [], unresolved: [facts.evidence('unresolved', exported.site, target.reason)] };
      }
    };

    if (entry.role === 'middleware') {
      analysis.middleware = readMiddleware(sourceFile, entry.relative);
      return analysis;
    }
    if (entry.role === 'route' && entry.app?.appDir) {
      const urlPath = routeUrlPath(entry.relative.slice(entry.app.appDir.length + 1));
      const mounts = new RouterMounts({ facts, handlers });
      for (const exported of routeExports(checker, sourceFile)) {
        const handler = analyzeTarget(exported);
        mounts.add(handler, exported.name);
        analysis.records.push(record({ ...base('route', exported.name, exported.site), urlPath }, handler, exported.statement));
      }
      analysis.records.push(...procedureRecords(entry, urlPath, mounts, (path) => this.relative(path)));
      return analysis;
    }
    if (entry.role === 'pages-api' && entry.app?.pagesDir) {
      const exported = pagesApiExport(checker, sourceFile);
      if (exported) {
        const urlPath = pagesApiUrlPath(entry.relative.slice(entry.app.pagesDir.length + 1));
        const handler = analyzeTarget(exported);
        // `export default createNextApiHandler({ router })`: a pages/api handler answers every method.
        const mounts = new RouterMounts({ facts, handlers });
        mounts.add(handler, '*');
        analysis.records.push(record({ ...base('pages-api', 'default', exported.site), urlPath }, handler, exported.statement), ...procedureRecords(entry, urlPath, mounts, (path) => this.relative(path)));
      }
      return analysis;
    }
    if (entry.role !== 'use-server') return analysis;
    if (isUseServerFile(sourceFile)) {
      analysis.actionExports = new Map();
      for (const exported of actionExports(checker, sourceFile)) {
        const definedIn = definitionFile(exported);
        if (definedIn && definedIn !== sourceFile && isUseServerFile(definedIn)) {
          // Reported once, where it is defined; imports through this file still reach it.
          analysis.reexports.push({ name: exported.name, original: definedIn.fileName, originalName: originalName(exported) });
          continue;
        }
        const localName = definedIn === sourceFile ? localNameOf(exported) : undefined;
        const item = record({ ...base('action', exported.name, exported.site), actionForm: 'file' }, analyzeTarget(exported), exported.statement, localName ? { localName } : {});
        analysis.records.push(item);
        analysis.actionExports.set(exported.name, item);
      }
    } else {
      for (const action of inlineActions(sourceFile)) {
        const statement = ts.isFunctionDeclaration(action.fn) ? action.fn : enclosingStatement(action.fn);
        analysis.records.push(
          record({ ...base('action', action.name, action.fn), actionForm: 'inline' }, handlers.analyzeFunction(action.fn), statement, {
            ...(action.localName && { localName: action.localName }),
            inlineNode: action.fn,
          }),
        );
      }
    }
    const localNames = new Set(analysis.records.map((item) => item.localName).filter((name): name is string => !!name));
    const inlineNodes = new Set(analysis.records.filter((item) => !item.localName && item.inlineNode).map((item) => item.inlineNode!));
    if (localNames.size || inlineNodes.size) analysis.localRefs = extractLocalRefs(sourceFile, localNames, inlineNodes);
    return analysis;
  }

  /** What one endpoint file adds to the mention pattern: its action names and its routes' first URL segments. */
  private mentionContribution(file: string, analysis: FileAnalysis | undefined): string {
    if (!analysis) return '';
    const names: string[] = [];
    const segments: string[] = [];
    for (const item of analysis.records) {
      if (item.base.kind === 'action' && item.base.actionForm === 'file') {
        if (item.base.name !== 'default') names.push(item.base.name);
        else {
          const stem = nodePath.posix.basename(file).replace(/\.[^.]+$/, '');
          names.push(stem === 'index' ? nodePath.posix.basename(nodePath.posix.dirname(file)) : stem);
        }
      } else if (item.base.kind === 'route') {
        const first = (item.base.urlPath ?? '/').split('/')[1];
        if (first) segments.push(first);
      }
    }
    for (const reexport of analysis.reexports) names.push(reexport.name);
    // A mounted router: calls through its typed client are worth looking for (tRPC by the procedures' last names).
    const procedures = analysis.records.filter((item) => item.base.kind === 'procedure').map((item) => (item.base.router === 'hono' ? HONO_MENTION : item.base.name.slice(item.base.name.lastIndexOf('.') + 1)));
    return names.length || segments.length || procedures.length ? `${names.join('\u0000')}\u0001${segments.join('\u0000')}\u0001${[...new Set(procedures)].join('\u0000')}` : '';
  }

  /**
   * A cheap text test for files that may call an action or a route: they name an action, or a route's first segment.
   * Rebuilt only when a re-analysed file changed what it contributes (not on an ordinary keystroke).
   */
  private mentionPattern(full: boolean): RegExp | undefined {
    let stale = full;
    if (full) this.mentionContributions.clear();
    for (const file of full ? this.analyses.keys() : this.reanalysed) {
      const contribution = this.mentionContribution(file, this.analyses.get(file));
      if ((this.mentionContributions.get(file) ?? '') === contribution) continue;
      stale = true;
      if (contribution) this.mentionContributions.set(file, contribution);
      else this.mentionContributions.delete(file);
    }
    this.reanalysed.clear();
    if (!stale) return this.mention;
    const names = new Set<string>();
    const segments = new Set<string>();
    const procedures = new Set<string>();
    for (const contribution of this.mentionContributions.values()) {
      const [nameList, segmentList, procedureList] = contribution.split('\u0001');
      for (const name of procedureList.split('\u0000')) if (name) procedures.add(name);
      for (const name of nameList.split('\u0000')) if (name) names.add(name);
      for (const segment of segmentList.split('\u0000')) if (segment) segments.add(segment);
    }
    const parts: string[] = [];
    if (names.size) parts.push(`\\b(?:${[...names].sort().map(escapeRegex).join('|')})\\b`);
    if (segments.size) {
      const list = [...segments].sort().map(escapeRegex).join('|');
      parts.push(`[\`'"](?:https?://[^/'"\`]*)?/(?:${list})`, `\\$\\{[^}]*\\}/(?:${list})`);
    }
    this.procedureMention = procedureMentionSource([...procedures].filter((name) => name !== HONO_MENTION).sort(), procedures.has(HONO_MENTION));
    if (this.procedureMention) parts.push(this.procedureMention);
    const source = parts.join('|');
    if (source !== this.mentionSource) {
      this.mentionSource = source;
      this.mention = source ? new RegExp(source) : undefined;
    }
    return this.mention;
  }

  /**
   * Re-reads the caller facts of changed files, or of every file when the names worth looking for or the set of
   * action modules changed. The names are recomputed only from re-analysed files, and the modules only when a
   * role changed, so neither costs anything on the keystroke path.
   */
  private refreshRefs(changed: Set<string> | undefined, rolesChanged: boolean, onFile?: (index: number, count: number) => void): void {
    const before = this.mentionSource;
    const mention = this.mentionPattern(!changed);
    let modulesChanged = false;
    if (!changed || rolesChanged) {
      const actionModules = [...this.files.values()].filter((entry) => entry.role === 'use-server').map((entry) => entry.absolute).sort().join('\n');
      modulesChanged = actionModules !== this.actionModules;
      this.actionModules = actionModules;
    }
    const all = !changed || this.mentionSource !== before || modulesChanged;
    const context = this.callerContext();
    const mayHoldActions = (target: string) => {
      const entry = this.files.get(target);
      return !!entry && (entry.role === 'use-server' || REEXPORT_TEXT_RE.test(entry.text));
    };
    let index = 0;
    for (const entry of this.files.values()) {
      onFile?.(++index, this.files.size);
      const known = this.refs.get(entry.absolute);
      const dependencyChanged = !all && !!known?.dependsOn?.some((dependency) => changed.has(dependency));
      if (!all && !changed.has(entry.absolute) && !dependencyChanged) continue;
      // After a change of what is worth looking for, every file is read again: its imports may now reach actions.
      if (!all && !dependencyChanged && known && known.version === entry.version) continue;
      if (!mention?.test(entry.text)) {
        this.refs.delete(entry.absolute);
        this.parsed.delete(entry.absolute);
        continue;
      }
      const sourceFile = this.sourceFileOf(entry.absolute);
      if (!sourceFile) continue;
      const consulted = new Set<string>();
      const actions = extractActionRefs(context, entry.absolute, sourceFile, mayHoldActions, consulted);
      consulted.delete(entry.absolute);
      this.refs.set(entry.absolute, {
        version: entry.version,
        actions,
        urls: entry.app ? extractUrlRefs(sourceFile) : [],
        procedures: entry.app && this.procedureMention ? extractProcedureRefs(sourceFile) : [],
        ...(consulted.size > 0 && { dependsOn: [...consulted] }),
      });
    }
  }

  private callerContext(): CallerContext {
    return {
      relative: (absolute) => this.relative(absolute),
      sourceFile: (absolute) => this.sourceFileOf(absolute),
      resolve: (specifier, containing) => this.resolver.resolve(specifier, containing),
    };
  }

  private sourceFileOf(absolute: string): ts.SourceFile | undefined {
    const fromProgram = this.currentProgram?.getSourceFile(absolute);
    if (fromProgram) return fromProgram;
    const text = this.readText(absolute);
    if (text === undefined) return undefined;
    const hash = this.hashOf(absolute);
    const cached = this.parsed.get(absolute);
    if (cached && cached.hash === hash) return cached.sourceFile;
    const sourceFile = parseFile(absolute, text);
    this.callerParses++;
    this.parsed.set(absolute, { hash, sourceFile });
    return sourceFile;
  }

  /**
   * Builds the model from the per-file facts: callers, classification, rules. Callers are collected into drafts
   * first; an endpoint whose record, callers and middleware are the same as last round is reused as it was, so a
   * keystroke re-classifies only what it can have changed.
   */
  private assemble(started: number): ScanResult {
    const drafts = new Map<EndpointRecord, CallerSink>();
    const skipped = [...this.baseSkipped];
    const middlewareByApp = new Map<string, MiddlewareInfo>();
    const actionIndex: ActionIndex = new Map();
    for (const [file, analysis] of this.analyses) {
      if (analysis.skipped) skipped.push(analysis.skipped);
      if (analysis.middleware && this.files.get(file)?.app) middlewareByApp.set(this.files.get(file)!.app!.root, analysis.middleware);
      for (const item of analysis.records) drafts.set(item, { callers: [] });
      if (analysis.actionExports) {
        const byName = new Map<string, CallerSink[]>();
        for (const [name, item] of analysis.actionExports) byName.set(name, [drafts.get(item)!]);
        actionIndex.set(file, byName);
      }
    }
    for (const [file, analysis] of this.analyses) {
      for (const reexport of analysis.reexports) {
        const original = actionIndex.get(reexport.original)?.get(reexport.originalName);
        if (original) actionIndex.get(file)?.set(reexport.name, original);
      }
    }
    // Where imports land depends on the index's files and names (and on barrels), not on the endpoints behind them.
    const shape = [...actionIndex].map(([file, byName]) => `${file}\u0000${[...byName.keys()].join('\u0000')}`);
    const indexShape = `${this.barrelGeneration}\u0001${shape.sort().join('\u0001')}`;
    if (indexShape !== this.indexShape.key) this.indexShape = { key: indexShape, generation: this.indexShape.generation + 1 };
    const indexGeneration = this.indexShape.generation;

    // Callers: same-file uses, imports of actions, URLs of routes (per app).
    const placing = performance.now();
    const context = this.callerContext();
    for (const analysis of this.analyses.values()) {
      if (!analysis.localRefs.length) continue;
      for (const ref of analysis.localRefs) {
        for (const item of analysis.records) {
          if ((ref.localName && item.localName === ref.localName) || (ref.inline && item.inlineNode === ref.inline)) addLocalCaller(drafts.get(item)!, item.base.file, ref);
        }
      }
    }
    const routesByApp = new Map<string, RouteTarget[]>();
    const routeByFile = new Map<string, RouteTarget>();
    const proceduresByApp = new Map<string, ProcedureTable>();
    for (const [item, draft] of drafts) {
      if (item.base.kind === 'procedure') {
        let table = proceduresByApp.get(item.base.app);
        if (!table) proceduresByApp.set(item.base.app, (table = new ProcedureTable()));
        if (item.base.router === 'trpc') table.addTrpc(item.base.name, draft);
        else table.addHono(httpMethod(item.base) ?? '*', item.base.urlPath ?? '/', draft);
      }
      // A Hono route is a URL of its own too: `fetch('/api/posts', { method: 'POST' })` reaches it, not the catch-all that mounts it.
      const hono = item.base.kind === 'procedure' && item.base.router === 'hono';
      if (item.base.kind !== 'route' && !hono) continue;
      const absolute = join(this.root, item.base.file) + (hono ? `#${item.base.name}` : '');
      let target = routeByFile.get(absolute);
      if (!target) {
        const urlPath = hono ? honoUrlPath(item.base.urlPath ?? '/') : (item.base.urlPath ?? '/');
        routeByFile.set(absolute, (target = { urlPath, methods: new Map(), file: absolute }));
        let routes = routesByApp.get(item.base.app);
        if (!routes) routesByApp.set(item.base.app, (routes = []));
        routes.push(target);
      }
      if (hono) {
        const served = httpMethod(item.base);
        for (const method of HTTP_METHODS) if (served === '*' || served === method) target.methods.set(method, draft);
      }
      if (!hono) target.methods.set(item.base.name, draft);
    }
    // URL matches are kept per file and recomputed only when the file or the app's set of routes changed.
    for (const [app, routes] of routesByApp) {
      const key = routes.map((route) => route.urlPath + '\u0000' + route.file).sort().join('\n');
      const known = this.routeSets.get(app);
      if (known?.key !== key) this.routeSets.set(app, { key, generation: (known?.generation ?? 0) + 1 });
    }
    const tables = new Map<string, RouteTable>();
    // Where an import of an action lands, by module and name: the same for every file of this round.
    const actionTargets = newActionTargetMemo();
    for (const [file, refs] of this.refs) {
      const entry = this.files.get(file);
      if (!entry) continue;
      if (refs.actions.length) {
        if (!refs.resolvedActions || refs.indexGeneration !== indexGeneration) {
          refs.resolvedActions = resolveActionRefs(context, actionIndex, entry.relative, refs.actions, actionTargets);
          refs.indexGeneration = indexGeneration;
        }
        attachResolvedActionRefs(actionIndex, refs.resolvedActions);
      }
      const app = entry.app?.root;
      if (app === undefined || !refs.urls.length || !routesByApp.has(app)) continue;
      const routesGeneration = this.routeSets.get(app)!.generation;
      if (!refs.urlMatches || refs.routesGeneration !== routesGeneration) {
        let table = tables.get(app);
        if (!table) tables.set(app, (table = new RouteTable(routesByApp.get(app)!)));
        refs.urlMatches = matchUrlRefs(table, file, entry.relative, refs.urls);
        refs.routesGeneration = routesGeneration;
      }
      attachUrlMatches(routeByFile, refs.urlMatches);
    }
    for (const [file, refs] of this.refs) {
      const table = refs.procedures.length ? proceduresByApp.get(this.files.get(file)?.app?.root ?? '\u0000') : undefined;
      if (!table) continue;
      const relative = this.files.get(file)!.relative;
      for (const ref of refs.procedures) {
        const match = table.match(ref);
        if (!match) continue;
        const caller = { file: relative, ...match.caller };
        for (const sink of match.sinks) sink.callers.push(caller);
      }
    }
    // A route handler that serves a router is called wherever what it serves is called (for the methods that reach them).
    for (const [item, draft] of drafts) {
      if (item.base.kind !== 'procedure' || !item.base.mountedAt || draft.callers.length === 0) continue;
      const method = httpMethod(item.base);
      for (const [routeMethod, routeDraft] of routeByFile.get(join(this.root, item.base.mountedAt))?.methods ?? []) {
        // A server-side caller runs the procedure in-process: it never reaches the route.
        if (methodReaches(routeMethod, method)) routeDraft.callers.push(...draft.callers.filter((caller) => caller.how !== 'server-call'));
      }
    }

    const alsoMountedAt = mergeSharedProcedures(drafts);
    this.round.phases.callers += performance.now() - placing;
    const classifying = performance.now();
    let rulesMs = 0;

    const apps: NextApp[] = this.discovery.apps.map((app) => ({
      root: app.root,
      name: app.name,
      ...(app.appDir !== undefined && { appDir: app.appDir }),
      ...(app.pagesDir !== undefined && { pagesDir: app.pagesDir }),
      ...(middlewareByApp.has(app.root) && { middleware: middlewareByApp.get(app.root)! }),
      authLibraries: AUTH_LIBRARIES.filter((library) => app.dependencies.has(library)),
      ...(app.settings.nextVersion !== undefined && { nextVersion: app.settings.nextVersion }),
      ...(app.settings.serverActionsBodySizeLimit !== undefined && { serverActionsBodySizeLimit: app.settings.serverActionsBodySizeLimit }),
    }));
    const appByRoot = new Map(apps.map((app) => [app.root, app]));
    const middlewareKeys = new Map(apps.map((app) => [app.root, app.middleware ? JSON.stringify(app.middleware) : '']));
    const severities = this.options.severities ?? {};
    const classified = new Map<EndpointRecord, { middlewareKey: string; endpoint: Endpoint }>();
    const endpoints: Endpoint[] = [];
    for (const [item, draft] of drafts) {
      const app = appByRoot.get(item.base.app);
      const otherMounts = alsoMountedAt.get(item);
      const middlewareKey = (middlewareKeys.get(item.base.app) ?? '') + (otherMounts ? `\u0000${otherMounts.join('\u0000')}` : '');
      sortCallers(draft.callers);
      // Same code facts (same record), same callers, same middleware: the classification from the last round still holds.
      const previous = this.classified.get(item);
      if (previous && previous.middlewareKey === middlewareKey && sameCallers(previous.endpoint.callers, draft.callers)) {
        classified.set(item, previous);
        endpoints.push(previous.endpoint);
        continue;
      }
      this.round.endpointsClassified++;
      const endpoint: Endpoint = { ...item.base, exposure: 'unused', auth: 'unknown', mutates: false, revalidates: false, callers: draft.callers, evidence: [], findings: [], suppressed: [] };
      const appConfig = item.app ? this.appConfigs.get(item.app.root) : this.rootConfig;
      const webhookImport = this.analyses.get(join(this.root, endpoint.file))?.webhookImport;
      classify({
        endpoint,
        handler: item.handler,
        publicPaths: appConfig?.publicPaths ?? [],
        site: { kind: 'public', file: endpoint.file, line: endpoint.line, message: '' },
        ...(item.app?.appDir !== undefined && { appDir: item.app.appDir }),
        ...(webhookImport && { webhookImport }),
        ...(item.app?.settings.configUrls.length && { configUrls: item.app.settings.configUrls }),
      });
      addMiddlewareContext(endpoint, app, item.app);
      for (const mount of otherMounts ?? []) endpoint.evidence.push({ kind: 'mount', file: mount, line: 1, message: `also served by ${mount}` });
      const ruleContext = { endpoint, app: app ?? { root: '', name: '', authLibraries: [] }, suppressions: item.comments };
      const checking = performance.now();
      // A route handler that serves a router is judged through what it serves: the findings are on each procedure.
      for (const rule of endpoint.mounts ? [] : allRules) {
        const severity = severities[rule.id] ?? rule.defaultSeverity;
        if (severity === 'off') continue;
        for (const report of rule.check(ruleContext)) {
          const finding = { ruleId: rule.id, severity, message: report.message, file: report.file ?? endpoint.file, line: report.line ?? endpoint.line };
          const suppression = item.comments.find((comment) => comment.reason && comment.rules.includes(rule.id));
          if (suppression && rule.id !== 'suppression-without-reason') endpoint.suppressed.push({ ...finding, reason: suppression.reason! });
          else endpoint.findings.push(finding);
        }
      }
      rulesMs += performance.now() - checking;
      classified.set(item, { middlewareKey, endpoint });
      endpoints.push(endpoint);
    }
    this.classified = classified;
    this.round.phases.rules += rulesMs;
    this.round.phases.classify += performance.now() - classifying - rulesMs;

    endpoints.sort(compareEndpoints);
    skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const programFiles = this.currentProgram?.getSourceFiles().length ?? 0;
    this.lastStats = { filesParsed: this.parsed.size + programFiles, durationMs: Math.round(performance.now() - started) };
    this.round.filesParsed = this.parseCount() - this.parsesBeforeRound;
    this.round.durationMs = this.lastStats.durationMs;
    return {
      schemaVersion: 1,
      root: this.root,
      apps,
      endpoints,
      skipped,
      stats: {
        filesSeen: this.discovery.sourceFiles.length,
        filesRead: this.files.size,
        filesParsed: this.lastStats.filesParsed,
        programFiles,
        durationMs: this.lastStats.durationMs,
        phases: Object.fromEntries(Object.entries(this.round.phases).map(([phase, ms]) => [phase, Math.round(ms)])) as unknown as PhaseTimings,
      },
    };
  }
}


function sameCallers(previous: readonly Caller[], current: readonly Caller[]): boolean {
  if (previous.length !== current.length) return false;
  for (let i = 0; i < previous.length; i++) {
    const a = previous[i];
    const b = current[i];
    if (a !== b && (a.file !== b.file || a.line !== b.line || a.how !== b.how || a.method !== b.method || a.client !== b.client || a.runsIn !== b.runsIn || a.nonSerializableArgument?.text !== b.nonSerializableArgument?.text || !sameRefresh(a.refresh, b.refresh))) return false;
  }
  return true;
}

function sameRefresh(a: Caller['refresh'], b: Caller['refresh']): boolean {
  return a === b || (!!a && !!b && a.file === b.file && a.line === b.line && a.what === b.what);
}

function addMiddlewareContext(endpoint: Endpoint, app: NextApp | undefined, discovered: DiscoveredApp | undefined): void {
  const middleware = app?.middleware;
  if (!middleware) return;
  let paths: string[];
  if (endpoint.kind !== 'action') paths = [endpoint.urlPath ?? '/'];
  else {
    const appDir = discovered?.appDir;
    paths = appDir ? endpoint.callers.filter((caller) => caller.file.startsWith(appDir + '/')).map((caller) => segmentUrlPath(caller.file.slice(appDir.length + 1))) : [];
    if (middleware.matchers.length === 0 && !middleware.dynamicMatcher) paths = ['/'];
  }
  for (const path of new Set(paths)) {
    const covering = matchersCovering(middleware, path);
    if (covering.length) {
      endpoint.evidence.push({
        kind: 'middleware',
        file: middleware.file,
        line: middleware.line,
        message: `${nodePath.posix.basename(middleware.file)} matcher ${covering.join(', ')} covers ${path} (context only: it does not protect ${endpoint.kind === 'action' ? 'the action' : 'the handler'})`,
      });
      return;
    }
  }
}

function normalizeConfig(config: Partial<BoundaryConfig> | undefined): BoundaryConfig | undefined {
  if (!config) return undefined;
  return { guards: config.guards ?? [], wrappers: config.wrappers ?? [], publicPaths: config.publicPaths ?? [], exclude: config.exclude ?? [] };
}

function definitionFile(exported: ExportedEndpoint): ts.SourceFile | undefined {
  const target = exported.target;
  if (target.kind === 'function') return target.fn.getSourceFile();
  if (target.kind === 'expression') return target.expression.getSourceFile();
  if (target.kind === 'destructured') return target.source.getSourceFile();
  return undefined;
}

function originalName(exported: ExportedEndpoint): string {
  const target = exported.target;
  const fn = target.kind === 'function' ? target.fn : undefined;
  if (fn && (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) {
    if (ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)) return 'default';
    return fn.name.text;
  }
  if (target.kind === 'expression' && ts.isVariableDeclaration(target.expression.parent) && ts.isIdentifier(target.expression.parent.name)) return target.expression.parent.name.text;
  if (target.kind === 'expression' && ts.isExportAssignment(target.expression.parent)) return 'default';
  if (fn && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return exported.name;
}

function localNameOf(exported: ExportedEndpoint): string | undefined {
  const target = exported.target;
  if (target.kind === 'function') {
    const fn = target.fn;
    if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
    if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  }
  if (target.kind === 'expression' && ts.isVariableDeclaration(target.expression.parent) && ts.isIdentifier(target.expression.parent.name)) {
    return target.expression.parent.name.text;
  }
  return undefined;
}

/** The modules a file loads with `import('…')` (a plain text test first: few files have one). */
function dynamicImportSpecifiers(sourceFile: ts.SourceFile): string[] {
  if (!sourceFile.text.includes('import(')) return [];
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) found.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
