import * as nodePath from 'node:path';
import ts from 'typescript';
import { type BoundaryConfig, type ConfigProblem, mergeConfigs, readConfigIn } from './config';
import type { FileAnalysis } from './endpoint-records';
import { GraphqlOperations } from './graphql-operations';
import { type FileHost, nodeFileHost } from './host';
import { AUTH_LIBRARIES } from './knowledge';
import { MIDDLEWARE_FILE_RE } from './middleware';
import type { Endpoint, MiddlewareInfo, NextApp, PhaseTimings, ScanResult } from './model';
import { ModuleResolver } from './module-resolver';
import { CONFIG_FILE_RE, isSourceFile } from './paths';
import { BoundaryProgram } from './program';
import { CallerIndex } from './scan/caller-index';
import { EndpointClassifier } from './scan/classify-endpoints';
import type { FactsAnalyzer } from './facts';
import { analyzeEndpointFiles } from './scan/endpoint-facts';
import { type FileEntry, FileTable, appRelativeOf } from './scan/file-table';
import { CallerPlacement } from './scan/place-callers';
import { type Discovery, appOf, discoverWorkspace, isWalkedPath, join } from './workspace';

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
  /**
   * Files changed since some point (absolute paths): the result then lists, in `filesReachingChanges`, these files
   * and every file that imports one of them, directly or not (the CLI's --changed-since).
   */
  changedFiles?: readonly string[];
}

/** next.config.* is a source file by its extension, but never app code: a change to it is a config change. */
const NEXT_CONFIG_PATH_RE = /(^|\/)next\.config\.\w+$/;
const REEXPORT_TEXT_RE = /\bexport\s*(\*|\{[^}]*\})\s*from\b/;

/** What the last scan or update did: how much it read, parsed, analysed and classified again. */
export interface RoundStats {
  kind: 'scan' | 'update';
  /** Texts read from the host (the disk or unsaved buffers). */
  filesRead: number;
  /** Files parsed (each unchanged text is parsed once, whatever the number of rounds). */
  filesParsed: number;
  /** Endpoint files (routes, 'use server' modules, middleware) whose facts were extracted again. */
  endpointFilesAnalysed: number;
  /** Function bodies walked for their facts (an edit walks the edited file's functions, not the helpers they call). */
  functionsWalked: number;
  /** Endpoints classified and checked by the rules again (the rest were reused as they were). */
  endpointsClassified: number;
  durationMs: number;
  /** Where the round's time went. */
  phases: PhaseTimings;
}

const NO_TIME: PhaseTimings = { walk: 0, read: 0, program: 0, facts: 0, callers: 0, classify: 0, rules: 0 };

/** The file is an ES module in `program` (what it declares is reached only through imports), or not there at all. */
function isModuleOrAbsent(program: ts.Program, file: string): boolean {
  const sourceFile = program.getSourceFile(file);
  return !sourceFile || ts.isExternalModule(sourceFile);
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

function compareEndpoints(a: Endpoint, b: Endpoint): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * The analyzer of one folder, kept alive between scans: `scan()` reads everything, `update()` re-reads the files
 * that changed, re-analyses only the endpoint files that are (or import) them, and re-attaches callers from
 * per-file facts. Each phase is a module of its own under scan/, holding what it keeps between rounds:
 *   read      scan/file-table.ts          the files, their texts and roles
 *   program   program.ts                  one TypeScript program over the endpoint files and what they import
 *   facts     scan/endpoint-facts.ts      each endpoint file's records (what its endpoints' code does)
 *   callers   scan/caller-index.ts        each file's references to endpoints (read per file),
 *             scan/place-callers.ts       placed on the endpoints they reach
 *   classify  scan/classify-endpoints.ts  verdicts, then the rules' findings
 * This class only sequences them and decides, on an update, which files each phase must see again.
 */
export class WorkspaceAnalyzer {
  readonly root: string;
  private host: FileHost;
  private discovery!: Discovery;
  private readonly table: FileTable;
  /** The facts phase's result, by endpoint file (absolute path). */
  private readonly analyses = new Map<string, FileAnalysis>();
  private readonly callers: CallerIndex;
  private readonly placement = new CallerPlacement();
  private readonly classifier = new EndpointClassifier();
  private parsesBeforeRound = 0;
  private readsBeforeRound = 0;
  private round: RoundStats = { kind: 'scan', filesRead: 0, filesParsed: 0, endpointFilesAnalysed: 0, functionsWalked: 0, endpointsClassified: 0, durationMs: 0, phases: { ...NO_TIME } };
  private program?: BoundaryProgram;
  private resolver!: ModuleResolver;
  private appConfigs = new Map<string, BoundaryConfig>();
  private rootConfig: BoundaryConfig | undefined;
  private globalConfig!: BoundaryConfig;
  /** Files in the last TypeScript program (endpoint files and the workspace modules they import). */
  private programFiles = new Set<string>();
  /** The program of the last analysis (asking the language service again re-checks every root's version). */
  private currentProgram: ts.Program | undefined;
  private importsOf = new WeakMap<ts.SourceFile, string[]>();
  /** The last round's facts: an update takes over what it read of functions its edit cannot have changed. */
  private facts: FactsAnalyzer | undefined;
  /** The program the last round's type checks of actions ran on (see ActionTypes). Dropped with the import graph. */
  private typesProgram: ts.Program | undefined;
  /** The last program's import graph, by importer (see importersOf). Dropped whenever imports are resolved again. */
  private importGraph: { files: Map<string, ts.SourceFile>; importers: Map<string, Set<string>> } | undefined;
  /** Bumped when a file that re-exports changes: barrels decide where imports of actions land. */
  private barrelGeneration = 0;
  /** The app's GraphQL operations by name, read on first use (a rescan reads them again). */
  private graphqlOperations: GraphqlOperations | undefined;

  constructor(
    root: string,
    private options: ScanOptions = {},
  ) {
    this.root = toPosix(nodePath.resolve(root));
    this.host = options.host ?? nodeFileHost;
    this.table = new FileTable(this.root, (path) => this.relative(path), this.host);
    this.callers = new CallerIndex({
      files: () => this.table.files,
      analyses: this.analyses,
      program: () => this.currentProgram,
      readText: (path) => this.table.readText(path),
      hashOf: (path) => this.table.hashOf(path),
      resolve: (specifier, containing) => this.resolver.resolve(specifier, containing),
      relative: (path) => this.relative(path),
    });
  }

  /** Settings changed: the next scan or update uses them. */
  setOptions(options: ScanOptions): void {
    // Severities and settings change findings: classify everything again.
    if (JSON.stringify(options.severities ?? {}) !== JSON.stringify(this.options.severities ?? {}) || JSON.stringify(options.config ?? {}) !== JSON.stringify(this.options.config ?? {})) {
      this.classifier.reset();
      this.facts = undefined;
    }
    this.options = options;
    this.host = options.host ?? nodeFileHost;
    this.table.host = this.host;
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
      this.callers.refresh(undefined, true, (index, count) => {
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
    const focus = [...this.table.files.values()].filter((entry) => entry.role !== 'other' && wanted.has(entry.absolute));
    if (focus.length === 0) return undefined;
    const middleware = [...this.table.files.values()].filter((entry) => entry.role === 'middleware' && !wanted.has(entry.absolute));
    const entries = [...focus, ...middleware];
    this.program!.setRoots(entries.map((entry) => entry.absolute));
    // The scan that follows sets the whole folder's roots again.
    this.table.rolesChanged = false;
    this.analyzeFiles(entries);
    this.table.rolesChanged = true;
    return { ...this.assemble(started), partial: true };
  }

  /** The common start of scan() and firstLook(): forget the last model, list the folder, read what changed. */
  private prepareScan(progress: (done: number, total: number, phase: string) => void, only?: ReadonlySet<string>, checkpoint?: () => void): number {
    this.startRound('scan');
    this.currentProgram = undefined;
    const previous = this.table.startScan();
    this.analyses.clear();

    this.timed('walk', () => {
      this.discovery = discoverWorkspace(this.host, this.root);
      for (const problem of this.discovery.problems) this.table.skipped.push({ file: problem.file, reason: problem.reason });
      if (this.discovery.truncated) this.table.skipped.push({ file: '.', reason: 'more than 200,000 source files: the rest were not scanned' });
      this.readConfigs();
    });

    this.table.useDiscovery(this.discovery, (appRoot) => this.appConfigs.get(appRoot)?.exclude);
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
    this.callers.startScan();
    this.resolver = new ModuleResolver(this.host, this.root, this.discovery, (file) => appOf(this.discovery.apps, this.relative(file))?.root ?? '');
    const graphqlFiles = this.discovery.graphqlFiles;
    this.graphqlOperations = new GraphqlOperations(this.host, () => graphqlFiles.map((file) => join(this.root, file)));
    this.forgetImports();
    this.facts = undefined;
    if (this.program) this.program.restart(this.resolver);
    else this.program = new BoundaryProgram(this.root, { readText: (path) => this.table.readText(path), version: (path) => this.table.hashOf(path), checkpoint: () => this.options.checkpoint?.() }, this.resolver);
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
    this.round = { kind, filesRead: 0, filesParsed: 0, endpointFilesAnalysed: 0, functionsWalked: 0, endpointsClassified: 0, durationMs: 0, phases: { ...NO_TIME } };
    this.parsesBeforeRound = this.parseCount();
    this.readsBeforeRound = this.table.reads;
  }

  private parseCount(): number {
    return (this.program?.parseCount ?? 0) + this.callers.parses;
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
    /** Files the change leaves out of the table (too big, binary, minified). */
    const leftOut: string[] = [];
    for (const change of changes) {
      const absolute = toPosix(change.path);
      const relative = this.relative(absolute);
      // package.json, tsconfig, next.config (a source file by its extension, but never app code), configs: the structure may have changed.
      if (CONFIG_FILE_RE.test(absolute) || NEXT_CONFIG_PATH_RE.test(absolute)) return this.scan();
      if (!isSourceFile(absolute) || relative.startsWith('..')) continue;
      const known = this.table.files.get(absolute);
      const listed = this.table.listed.has(relative);
      if (!listed && !isWalkedPath(relative)) continue; // under node_modules, .next, dist…: never scanned
      const text = change.text ?? this.table.readFromHost(absolute);
      if (text === undefined) {
        // Deleted (or no longer readable): forget it; the endpoint files that imported it are analysed again.
        if (!listed) continue;
        this.forget(relative, absolute);
        deleted.push(absolute);
        continue;
      }
      if (!listed) {
        if (!this.mayAddWithoutRescan(relative)) return this.scan();
        this.table.listed.add(relative);
        this.discovery.sourceFiles.push(relative);
        added.push(absolute);
      }
      if (known && known.text === text) continue;
      if (REEXPORT_TEXT_RE.test(text) || (known && REEXPORT_TEXT_RE.test(known.text))) this.barrelGeneration++;
      this.table.extraTexts.delete(absolute);
      if (!this.readEntry(relative, text)) {
        // Left out (binary, too big, minified), now or still with a new text: the endpoint files importing it read
        // it as gone, or as a plain module, again. The last program may have asked for it and found it missing; only
        // a program built afresh asks again (and says why it is not read).
        changed.push(absolute);
        leftOut.push(absolute);
        continue;
      }
      if (!known) entered.push(absolute);
      changed.push(absolute);
    }
    const structureChanged = added.length > 0 || deleted.length > 0;
    if (changed.length === 0 && !structureChanged) return this.assemble(started);
    // A deleted file is not in the next program: who imported it is read from the last one, before imports are resolved again.
    const formerImporters = deleted.length && this.currentProgram ? this.importersOf(this.currentProgram, true) : undefined;
    if (structureChanged) {
      // Imports may now land elsewhere: resolve again, and find callers in every file again (parses are reused).
      this.discovery.sourceFiles.sort();
      this.resolver.forgetResolutions(this.discovery);
      this.forgetImports();
      this.barrelGeneration++;
    }

    // A component that no endpoint file imports changes only who calls what: no program work at all.
    const rolesChanged = this.table.rolesChanged;
    const callersOnly = !structureChanged && !rolesChanged && entered.length === 0 && changed.every((file) => this.table.files.get(file)?.role === 'other' && !this.programFiles.has(file));
    if (!callersOnly) {
      // Endpoint files to re-analyse: the changed ones, and every endpoint file that imports one (any depth).
      // A file the last program could not load (left out, or new) is only loaded by a program built afresh.
      const previousProgram = this.currentProgram;
      if (structureChanged || entered.length || leftOut.length) this.program.restart(this.resolver);
      if (this.table.rolesChanged || structureChanged) this.roots();
      const program = this.program.getProgram();
      this.currentProgram = program;
      const dirty = new Set(changed.filter((file) => this.table.files.get(file)?.role !== 'other'));
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
      for (const file of changed) if (this.table.files.get(file)?.role === 'other') this.analyses.delete(file);
      // What the last round read of functions outside the edited files and their importers still holds, unless the
      // edit can reach code without an import: a script's globals, a file that comes or goes.
      const modulesOnly = [...touched, ...deleted].every((file) => [previousProgram, program].every((each) => !each || isModuleOrAbsent(each, file)));
      const stale = !structureChanged && entered.length === 0 && leftOut.length === 0 && modulesOnly ? new Set([...dirty, ...touched, ...deleted]) : undefined;
      this.analyzeFiles(
        [...dirty].map((file) => this.table.files.get(file)).filter((entry): entry is FileEntry => !!entry && entry.role !== 'other'),
        undefined,
        stale,
      );
    }
    this.timed('callers', () => this.callers.refresh(structureChanged ? undefined : new Set(changed), rolesChanged || structureChanged));
    return this.assemble(started);
  }

  /** A file that was listed is gone: drop everything known about it. */
  private forget(relative: string, absolute: string): void {
    this.table.forget(relative, absolute);
    this.analyses.delete(absolute);
    this.callers.forget(absolute);
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
    for (const problem of problems) this.table.skipped.push({ file: this.relative(problem.file), reason: `config not used: ${problem.message}` });
    this.globalConfig = mergeConfigs(this.rootConfig, ...this.appConfigs.values(), editorConfig);
  }

  /** Reads one file into the table; whatever was derived from its last text is analysed again. */
  private readEntry(file: string, knownText?: string, previous?: FileEntry): boolean {
    const absolute = join(this.root, file);
    this.analyses.delete(absolute);
    this.callers.markReanalysed(absolute);
    return this.table.read(file, knownText, previous);
  }

  private roots(): FileEntry[] {
    const roots = this.table.endpointFiles();
    this.program!.setRoots(roots.map((entry) => entry.absolute));
    this.table.rolesChanged = false;
    return roots;
  }

  /**
   * `files` (absolute) and every file of the last program that imports one of them, directly or through others,
   * relative to the root: the code whose analysis a change to `files` can move.
   */
  filesReaching(files: readonly string[]): string[] {
    const importers = this.currentProgram ? this.importersOf(this.currentProgram) : new Map<string, Set<string>>();
    const reached = new Set(files.map(toPosix));
    const queue = [...reached];
    while (queue.length > 0) {
      for (const importer of importers.get(queue.pop()!) ?? []) {
        if (reached.has(importer)) continue;
        reached.add(importer);
        queue.push(importer);
      }
    }
    return [...reached].map((file) => this.relative(file)).sort();
  }

  /** Imports will be resolved anew: what was derived from the last resolution goes. */
  private forgetImports(): void {
    this.importsOf = new WeakMap();
    this.importGraph = undefined;
    this.typesProgram = undefined;
  }

  /**
   * Which files of the program import each file (directly), from the program's resolved imports. Kept between
   * updates and changed only where the program's files did: a keystroke re-reads the edges of one file, not of all.
   * `fresh` builds a graph of its own (the last program's, kept aside while the next one is built).
   */
  private importersOf(program: ts.Program, fresh = false): Map<string, Set<string>> {
    const graph = fresh || !this.importGraph ? { files: new Map<string, ts.SourceFile>(), importers: new Map<string, Set<string>>() } : this.importGraph;
    const files = new Map<string, ts.SourceFile>();
    for (const sourceFile of program.getSourceFiles()) files.set(sourceFile.fileName, sourceFile);
    for (const [fileName, sourceFile] of graph.files) {
      if (files.get(fileName) === sourceFile) continue;
      for (const target of this.importTargets(sourceFile)) graph.importers.get(target)?.delete(fileName);
    }
    for (const [fileName, sourceFile] of files) {
      if (graph.files.get(fileName) === sourceFile) continue;
      for (const target of this.importTargets(sourceFile)) {
        let importers = graph.importers.get(target);
        if (!importers) graph.importers.set(target, (importers = new Set()));
        importers.add(fileName);
      }
    }
    graph.files = files;
    if (!fresh) this.importGraph = graph;
    return graph.importers;
  }

  /** What one file imports, resolved (unchanged files keep their SourceFile across programs: resolved once). */
  private importTargets(sourceFile: ts.SourceFile): string[] {
    let targets = this.importsOf.get(sourceFile);
    if (targets) return targets;
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
    return targets;
  }

  /** The program phase, then the facts phase over `entries`. */
  private analyzeFiles(entries: FileEntry[], onFile?: (index: number) => void, stale?: ReadonlySet<string>): void {
    if (this.table.rolesChanged) this.roots();
    const program = this.timed('program', () => this.program!.getProgram());
    this.currentProgram = program;
    this.programFiles = new Set(program.getSourceFiles().map((sourceFile) => sourceFile.fileName));
    const context = {
      config: this.globalConfig,
      ...(this.graphqlOperations && { graphqlOperations: this.graphqlOperations }),
      resolve: (specifier: string, containing: string) => this.resolver.resolve(specifier, containing),
      relative: (path: string) => this.relative(path),
    };
    const previousFacts = stale && this.facts ? { analyzer: this.facts, isStale: (fileName: string) => stale.has(fileName) } : undefined;
    const round = this.timed('facts', () =>
      analyzeEndpointFiles(program, entries, { ...context, ...(this.typesProgram && { previousTypesProgram: this.typesProgram }), ...(previousFacts && { previousFacts }) }, this.analyses, (entry, index) => {
        onFile?.(index);
        this.round.endpointFilesAnalysed++;
        this.callers.markReanalysed(entry.absolute);
      }),
    );
    this.typesProgram = round.typesProgram;
    this.facts = round.facts;
    this.round.functionsWalked += round.facts.walks;
  }

  /**
   * Builds the model from the per-file facts: callers placed, then classification and rules. An endpoint whose
   * record, callers and middleware are the same as last round is reused as it was.
   */
  private assemble(started: number): ScanResult {
    const skipped = [...this.table.skipped];
    const middlewareByApp = new Map<string, MiddlewareInfo>();
    for (const [file, analysis] of this.analyses) {
      if (analysis.skipped) skipped.push(analysis.skipped);
      const app = this.table.files.get(file)?.app;
      if (analysis.middleware && app) middlewareByApp.set(app.root, analysis.middleware);
    }
    const { drafts, alsoMountedAt } = this.timed('callers', () =>
      this.placement.place({ root: this.root, analyses: this.analyses, refs: this.callers.refs, files: this.table.files, context: this.callers.context(), barrelGeneration: this.barrelGeneration }),
    );
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
    const classified = this.classifier.classify({
      root: this.root,
      drafts,
      alsoMountedAt,
      apps,
      analyses: this.analyses,
      appConfigs: this.appConfigs,
      rootConfig: this.rootConfig,
      severities: this.options.severities ?? {},
    });
    this.round.endpointsClassified += classified.classifiedCount;
    this.round.phases.classify += classified.classifyMs;
    this.round.phases.rules += classified.rulesMs;
    const endpoints = classified.endpoints;

    endpoints.sort(compareEndpoints);
    skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const programFiles = this.currentProgram?.getSourceFiles().length ?? 0;
    const durationMs = Math.round(performance.now() - started);
    this.round.filesRead = this.table.reads - this.readsBeforeRound;
    this.round.filesParsed = this.parseCount() - this.parsesBeforeRound;
    this.round.durationMs = durationMs;
    return {
      schemaVersion: 1,
      root: this.root,
      apps,
      endpoints,
      skipped,
      stats: {
        filesSeen: this.discovery.sourceFiles.length,
        filesRead: this.table.files.size,
        filesParsed: this.callers.parsedFiles + programFiles,
        programFiles,
        durationMs,
        phases: Object.fromEntries(Object.entries(this.round.phases).map(([phase, ms]) => [phase, Math.round(ms)])) as unknown as PhaseTimings,
      },
    };
  }
}

function normalizeConfig(config: Partial<BoundaryConfig> | undefined): BoundaryConfig | undefined {
  if (!config) return undefined;
  return { guards: config.guards ?? [], wrappers: config.wrappers ?? [], publicPaths: config.publicPaths ?? [], exclude: config.exclude ?? [] };
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
