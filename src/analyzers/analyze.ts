import * as nodePath from 'node:path';
import picomatch from 'picomatch';
import ts from 'typescript';
import { type FunctionNode, columnOf, enclosingStatement, lineOf, startOf } from './ast';
import { type ActionIndex, type CallerContext, type RouteTarget, collectActionCallers, collectRouteCallers, collectSameFileCallers } from './callers';
import { classify } from './classify';
import { type BoundaryConfig, type ConfigProblem, mergeConfigs, readConfigIn } from './config';
import { type ExportedEndpoint, actionExports, inlineActions, isUseServerFile, pagesApiExport, routeExports } from './exports';
import { FactsAnalyzer } from './facts';
import { type HandlerFacts, HandlerAnalyzer } from './handlers';
import { type FileHost, nodeFileHost } from './host';
import { AUTH_LIBRARIES, WEBHOOK_MODULE_RE } from './knowledge';
import { MIDDLEWARE_FILE_RE, matchersCovering, readMiddleware } from './middleware';
import type { Endpoint, EndpointKind, Evidence, NextApp, ScanResult, SkippedFile } from './model';
import { ModuleResolver } from './module-resolver';
import { ROUTE_FILE_RE, pagesApiUrlPath, routeUrlPath, segmentUrlPath } from './paths';
import { BoundaryProgram } from './program';
import { allRules } from './rules';
import type { SuppressionComment } from './rules/rule';
import { suppressionsAbove } from './suppressions';
import { type DiscoveredApp, appOf, discoverWorkspace, join } from './workspace';

export interface ScanOptions {
  /** Called now and then during a scan with the number of files handled so far. */
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Where files are read from (unsaved editor buffers, tests). Defaults to the disk. */
  host?: FileHost;
  /** Settings that add to every app's config (the editor's settings). */
  config?: Partial<BoundaryConfig>;
  /** Severity per rule id, overriding the rule's default; 'off' drops the rule. */
  severities?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
}

const MAX_FILE_BYTES = 1024 * 1024;
const USE_SERVER_TEXT_RE = /(['"])use server\1/;

interface FileEntry {
  relative: string;
  absolute: string;
  text: string;
  app?: DiscoveredApp;
  role: 'route' | 'pages-api' | 'middleware' | 'use-server' | 'other';
}

interface EndpointRecord {
  endpoint: Endpoint;
  handler: HandlerFacts;
  sourceFile: ts.SourceFile;
  statement: ts.Node;
  app?: DiscoveredApp;
  /** The name the defining file uses for it, for same-file callers. */
  localName?: string;
  inlineNode?: ts.Node;
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

function isEndpointPath(app: DiscoveredApp | undefined, file: string, appRelative: string): boolean {
  if (!app) return false;
  if (app.appDir && file.startsWith(app.appDir + '/') && ROUTE_FILE_RE.test(file)) return true;
  if (app.pagesDir && file.startsWith(app.pagesDir + '/api/')) return true;
  return MIDDLEWARE_FILE_RE.test(appRelative);
}

function isPrivateAppPath(relativeToAppDir: string): boolean {
  return relativeToAppDir.split('/').slice(0, -1).some((segment) => segment.startsWith('_'));
}

/** Scans a folder (a Next.js app or a monorepo holding several) and returns the boundary model. */
export function analyzeWorkspace(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    // Let the caller paint its progress before the synchronous work starts.
    setImmediate(() => {
      try {
        resolve(scanSync(root, options));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

export function scanSync(root: string, options: ScanOptions = {}): ScanResult {
  const started = performance.now();
  const host = options.host ?? nodeFileHost;
  const rootAbsolute = toPosix(nodePath.resolve(root));
  const relative = (absolute: string) => {
    const posix = toPosix(absolute);
    return posix.startsWith(rootAbsolute + '/') ? posix.slice(rootAbsolute.length + 1) : posix === rootAbsolute ? '' : toPosix(nodePath.relative(rootAbsolute, posix));
  };
  const progress = options.onProgress ?? (() => undefined);
  const skipped: SkippedFile[] = [];

  const discovery = discoverWorkspace(host, rootAbsolute);
  for (const problem of discovery.problems) skipped.push({ file: problem.file, reason: problem.reason });
  if (discovery.truncated) skipped.push({ file: '.', reason: 'more than 200,000 source files: the rest were not scanned' });

  const configProblems: ConfigProblem[] = [];
  const rootConfig = readConfigIn(host, rootAbsolute, configProblems);
  const appConfigs = new Map<string, BoundaryConfig>();
  for (const app of discovery.apps) {
    const own = app.root === '' ? undefined : readConfigIn(host, join(rootAbsolute, app.root), configProblems);
    appConfigs.set(app.root, mergeConfigs(rootConfig, own, options.config as BoundaryConfig | undefined));
  }
  for (const problem of configProblems) skipped.push({ file: relative(problem.file), reason: `config not used: ${problem.message}` });
  const globalConfig = mergeConfigs(rootConfig, ...appConfigs.values(), normalizeConfig(options.config));
  const excludeMatchers = new Map<string, (path: string) => boolean>();
  for (const [appRoot, config] of appConfigs) if (config.exclude.length) excludeMatchers.set(appRoot, picomatch(config.exclude, { dot: true }));

  // Phase 1: read every file once and sort it by role with cheap path and text checks.
  const files = new Map<string, FileEntry>();
  const total = discovery.sourceFiles.length;
  let done = 0;
  for (const file of discovery.sourceFiles) {
    if (++done % 500 === 0) progress(done, total, 'reading');
    const app = appOf(discovery.apps, file);
    const appRelative = app && app.root ? file.slice(app.root.length + 1) : file;
    if (app && excludeMatchers.get(app.root)?.(appRelative)) continue;
    // public/ is served as static files: nothing there runs on the server.
    if (app && appRelative.startsWith('public/')) continue;
    const absolute = join(rootAbsolute, file);
    const size = host.fileSize(absolute);
    if (size === undefined) continue;
    const endpointPath = isEndpointPath(app, file, appRelative);
    if (size > MAX_FILE_BYTES) {
      // A huge route file is worth a word; a huge bundle elsewhere is not an endpoint.
      if (endpointPath) skipped.push({ file, reason: `larger than 1 MB (${Math.round(size / 1024)} KB): not analysed` });
      continue;
    }
    const text = host.readFile(absolute);
    if (text === undefined) {
      skipped.push({ file, reason: 'could not be read' });
      continue;
    }
    if (text.includes('\u0000')) {
      if (endpointPath || USE_SERVER_TEXT_RE.test(text)) skipped.push({ file, reason: 'binary file: not analysed' });
      continue;
    }
    let role: FileEntry['role'] = 'other';
    if (app?.appDir && file.startsWith(app.appDir + '/') && ROUTE_FILE_RE.test(file) && !isPrivateAppPath(file.slice(app.appDir.length + 1))) role = 'route';
    else if (app?.pagesDir && file.startsWith(app.pagesDir + '/api/') && !nodePath.posix.basename(file).startsWith('_')) role = 'pages-api';
    else if (app && MIDDLEWARE_FILE_RE.test(appRelative)) role = 'middleware';
    else if (USE_SERVER_TEXT_RE.test(text)) role = 'use-server';
    if (role !== 'other' && looksMinified(text)) {
      skipped.push({ file, reason: 'looks minified (very long lines): not analysed' });
      continue;
    }
    files.set(absolute, { relative: file, absolute, text, ...(app && { app }), role });
  }

  // Phase 2: one TypeScript program over the endpoint files and the workspace modules they import.
  const resolver = new ModuleResolver(host, rootAbsolute, discovery, (file) => appOf(discovery.apps, relative(file))?.root ?? '');
  const extraTexts = new Map<string, string | null>();
  const readText = (path: string): string | undefined => {
    const entry = files.get(path);
    if (entry) return entry.text;
    let text = extraTexts.get(path);
    if (text === undefined) {
      const size = host.fileSize(path);
      text = size !== undefined && size <= MAX_FILE_BYTES ? (host.readFile(path) ?? null) : null;
      if (text?.includes('\u0000')) text = null;
      extraTexts.set(path, text);
    }
    return text ?? undefined;
  };
  const program = new BoundaryProgram(rootAbsolute, { readText, version: () => '1' }, resolver);
  const roots = [...files.values()].filter((entry) => entry.role !== 'other');
  program.setRoots(roots.map((entry) => entry.absolute));
  progress(done, total, 'building program');
  const tsProgram = program.getProgram();
  const checker = tsProgram.getTypeChecker();
  const facts = new FactsAnalyzer(checker, globalConfig, relative);
  const handlers = new HandlerAnalyzer(facts, globalConfig);

  const records: EndpointRecord[] = [];
  const actionIndex: ActionIndex = new Map();
  const reexportedActions: { file: string; name: string; original: ts.SourceFile; originalName: string }[] = [];
  const inlineByFile = new Map<string, EndpointRecord[]>();
  const middlewareByApp = new Map<string, NonNullable<NextApp['middleware']>>();
  const webhookImports = new Map<string, Evidence>();

  const newEndpoint = (kind: EndpointKind, name: string, entry: FileEntry, sourceFile: ts.SourceFile, site: ts.Node): Endpoint => {
    const position = startOf(site, sourceFile);
    return {
      kind,
      name,
      file: entry.relative,
      line: lineOf(sourceFile, position),
      column: columnOf(sourceFile, position),
      app: entry.app?.root ?? '',
      exposure: 'unused',
      auth: 'unknown',
      mutates: false,
      revalidates: false,
      callers: [],
      evidence: [],
      findings: [],
      suppressed: [],
    };
  };

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
        if (/^(next-auth|@auth\/|better-auth|@clerk\/)/.test(target.module)) result.authLibraryHandler = { ...evidence, kind: 'public', message: `handler from ${target.module}: the auth library's own endpoints, public by design` };
        else result.unresolved.push(evidence);
        return result;
      }
      case 'unreadable':
        return { wrapperNoGuard: [], unresolved: [facts.evidence('unresolved', exported.site, target.reason)] };
    }
  };

  // Phase 3: the endpoints of each file.
  let index = 0;
  for (const entry of roots) {
    if (++index % 200 === 0) progress(index, roots.length, 'analysing endpoints');
    const sourceFile = tsProgram.getSourceFile(entry.absolute);
    if (!sourceFile) {
      skipped.push({ file: entry.relative, reason: 'could not be loaded by the TypeScript program' });
      continue;
    }
    const syntax = tsProgram.getSyntacticDiagnostics(sourceFile);
    if (syntax.length) {
      const first = syntax[0];
      const line = first.start !== undefined ? lineOf(sourceFile, first.start) : 1;
      skipped.push({ file: entry.relative, reason: `syntax error at line ${line}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}` });
      continue;
    }
    try {
      analyzeFile(entry, sourceFile);
    } catch (error) {
      skipped.push({ file: entry.relative, reason: `analyzer error: ${(error as Error).message}` });
    }
  }

  function analyzeFile(entry: FileEntry, sourceFile: ts.SourceFile): void {
    for (const statement of sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && WEBHOOK_MODULE_RE.test(statement.moduleSpecifier.text)) {
        webhookImports.set(entry.absolute, facts.evidence('external-hint', statement, `imports ${statement.moduleSpecifier.text}, a webhook verification library`));
      }
    }
    if (entry.role === 'middleware' && entry.app) {
      middlewareByApp.set(entry.app.root, readMiddleware(sourceFile, entry.relative));
      return;
    }
    if (entry.role === 'route' && entry.app?.appDir) {
      const urlPath = routeUrlPath(entry.relative.slice(entry.app.appDir.length + 1));
      for (const exported of routeExports(checker, sourceFile)) {
        const endpoint = newEndpoint('route', exported.name, entry, sourceFile, exported.site);
        endpoint.urlPath = urlPath;
        records.push({ endpoint, handler: analyzeTarget(exported), sourceFile, statement: exported.statement, ...(entry.app && { app: entry.app }) });
      }
      return;
    }
    if (entry.role === 'pages-api' && entry.app?.pagesDir) {
      const exported = pagesApiExport(checker, sourceFile);
      if (!exported) return;
      const endpoint = newEndpoint('pages-api', 'default', entry, sourceFile, exported.site);
      endpoint.urlPath = pagesApiUrlPath(entry.relative.slice(entry.app.pagesDir.length + 1));
      records.push({ endpoint, handler: analyzeTarget(exported), sourceFile, statement: exported.statement, app: entry.app });
      return;
    }
    if (entry.role !== 'use-server') return;
    if (isUseServerFile(sourceFile)) {
      const byName = new Map<string, Endpoint[]>();
      actionIndex.set(entry.absolute, byName);
      for (const exported of actionExports(checker, sourceFile)) {
        const definedIn = definitionFile(exported);
        if (definedIn && definedIn !== sourceFile && isUseServerFile(definedIn)) {
          // Reported once, where it is defined; imports through this file still reach it.
          reexportedActions.push({ file: entry.absolute, name: exported.name, original: definedIn, originalName: originalName(exported) });
          continue;
        }
        const endpoint = newEndpoint('action', exported.name, entry, sourceFile, exported.site);
        endpoint.actionForm = 'file';
        const localName = definedIn === sourceFile ? localNameOf(exported) : undefined;
        records.push({ endpoint, handler: analyzeTarget(exported), sourceFile, statement: exported.statement, ...(entry.app && { app: entry.app }), ...(localName && { localName }) });
        byName.set(exported.name, [endpoint]);
      }
      return;
    }
    const inline: EndpointRecord[] = [];
    for (const action of inlineActions(sourceFile)) {
      const endpoint = newEndpoint('action', action.name, entry, sourceFile, action.fn);
      endpoint.actionForm = 'inline';
      const record: EndpointRecord = {
        endpoint,
        handler: handlers.analyzeFunction(action.fn),
        sourceFile,
        statement: ts.isFunctionDeclaration(action.fn) ? action.fn : enclosingStatement(action.fn),
        ...(entry.app && { app: entry.app }),
        ...(action.localName && { localName: action.localName }),
        inlineNode: action.fn,
      };
      records.push(record);
      inline.push(record);
    }
    if (inline.length) inlineByFile.set(entry.absolute, inline);
  }

  for (const item of reexportedActions) {
    const original = actionIndex.get(item.original.fileName)?.get(item.originalName);
    if (original) actionIndex.get(item.file)?.set(item.name, original);
  }

  // Phase 4: callers. Only files whose text can mention an action or a route URL are parsed.
  const context: CallerContext = {
    relative,
    sourceFile: (absolute) => parsed(absolute),
    resolve: (specifier, containing) => resolver.resolve(specifier, containing),
  };
  const parsedCache = new Map<string, ts.SourceFile | null>();
  function parsed(absolute: string): ts.SourceFile | undefined {
    const fromProgram = tsProgram.getSourceFile(absolute);
    if (fromProgram) return fromProgram;
    let sourceFile = parsedCache.get(absolute);
    if (sourceFile === undefined) {
      const text = readText(absolute);
      sourceFile = text === undefined ? null : ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, true, scriptKind(absolute));
      parsedCache.set(absolute, sourceFile);
    }
    return sourceFile ?? undefined;
  }

  const routesByApp = new Map<string, RouteTarget[]>();
  for (const record of records) {
    if (record.endpoint.kind !== 'route') continue;
    const appRoot = record.endpoint.app;
    let routes = routesByApp.get(appRoot);
    if (!routes) routesByApp.set(appRoot, (routes = []));
    const absolute = join(rootAbsolute, record.endpoint.file);
    let target = routes.find((route) => route.file === absolute);
    if (!target) routes.push((target = { urlPath: record.endpoint.urlPath ?? '/', methods: new Map(), file: absolute }));
    target.methods.set(record.endpoint.name, record.endpoint);
  }
  const actionMention = mentionPattern(actionIndex);
  const routeMention = new Map<string, RegExp>();
  for (const [appRoot, routes] of routesByApp) {
    const firstSegments = new Set(routes.map((route) => route.urlPath.split('/')[1] ?? '').filter(Boolean));
    const hasRoot = routes.some((route) => route.urlPath === '/');
    routeMention.set(appRoot, new RegExp(`[\`'"](?:https?://[^/'"\`]*)?${hasRoot ? '/' : `/(?:${[...firstSegments].map(escape).join('|')})`}|\\$\\{[^}]*\\}/(?:${[...firstSegments].map(escape).join('|') || '$^'})`));
  }
  index = 0;
  for (const entry of files.values()) {
    if (++index % 500 === 0) progress(index, files.size, 'finding callers');
    const mayCallAction = actionMention?.test(entry.text) ?? false;
    const appRoutes = entry.app ? routesByApp.get(entry.app.root) : undefined;
    const mayCallRoute = !!appRoutes && (routeMention.get(entry.app!.root)?.test(entry.text) ?? false);
    if (!mayCallAction && !mayCallRoute) continue;
    const sourceFile = parsed(entry.absolute);
    if (!sourceFile) continue;
    if (mayCallAction) collectActionCallers(context, actionIndex, entry.absolute, sourceFile);
    if (mayCallRoute && appRoutes) collectRouteCallers(context, appRoutes, entry.absolute, sourceFile);
  }
  // Same-file uses: inline actions in their Server Component, actions calling each other.
  const recordsByFile = new Map<ts.SourceFile, EndpointRecord[]>();
  for (const record of records) {
    if (record.endpoint.kind !== 'action') continue;
    let list = recordsByFile.get(record.sourceFile);
    if (!list) recordsByFile.set(record.sourceFile, (list = []));
    list.push(record);
  }
  for (const [sourceFile, list] of recordsByFile) {
    const byLocalName = new Map<string, Endpoint[]>();
    const inlineJsx = new Map<ts.Node, Endpoint>();
    for (const record of list) {
      if (record.localName) byLocalName.set(record.localName, [...(byLocalName.get(record.localName) ?? []), record.endpoint]);
      else if (record.inlineNode) inlineJsx.set(record.inlineNode, record.endpoint);
    }
    collectSameFileCallers(context, sourceFile, byLocalName, inlineJsx);
  }

  // Phase 5: classification, middleware context, rules.
  const apps: NextApp[] = discovery.apps.map((app) => ({
    root: app.root,
    name: app.name,
    ...(app.appDir !== undefined && { appDir: app.appDir }),
    ...(app.pagesDir !== undefined && { pagesDir: app.pagesDir }),
    ...(middlewareByApp.has(app.root) && { middleware: middlewareByApp.get(app.root)! }),
    authLibraries: AUTH_LIBRARIES.filter((library) => app.dependencies.has(library)),
  }));
  const appByRoot = new Map(apps.map((app) => [app.root, app]));
  const severityOverrides = options.severities ?? {};

  for (const record of records) {
    const { endpoint } = record;
    const appConfig = record.app ? appConfigs.get(record.app.root) : rootConfig;
    const site: Evidence = { kind: 'public', file: endpoint.file, line: endpoint.line, message: '' };
    classify({
      endpoint,
      handler: record.handler,
      publicPaths: appConfig?.publicPaths ?? [],
      site,
      ...(record.app?.appDir !== undefined && { appDir: record.app.appDir }),
      ...(webhookImports.has(join(rootAbsolute, endpoint.file)) && { webhookImport: webhookImports.get(join(rootAbsolute, endpoint.file))! }),
    });
    const app = appByRoot.get(endpoint.app);
    addMiddlewareContext(endpoint, app, record.app);

    const comments: SuppressionComment[] = suppressionsAbove(record.sourceFile, record.statement).map((item) => ({ ...item, file: endpoint.file }));
    const ruleContext = { endpoint, app: app ?? { root: '', name: '', authLibraries: [] }, suppressions: comments };
    for (const rule of allRules) {
      const severity = severityOverrides[rule.id] ?? rule.defaultSeverity;
      if (severity === 'off') continue;
      for (const report of rule.check(ruleContext)) {
        const finding = { ruleId: rule.id, severity, message: report.message, file: report.file ?? endpoint.file, line: report.line ?? endpoint.line };
        const suppression = comments.find((comment) => comment.reason && comment.rules.includes(rule.id));
        if (suppression && rule.id !== 'suppression-without-reason') endpoint.suppressed.push({ ...finding, reason: suppression.reason! });
        else endpoint.findings.push(finding);
      }
    }
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

  const endpoints = records.map((record) => record.endpoint);
  endpoints.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  for (const endpoint of endpoints) endpoint.callers.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  progress(total, total, 'done');
  const result: ScanResult = {
    schemaVersion: 1,
    root: rootAbsolute,
    apps,
    endpoints,
    skipped,
    stats: {
      filesSeen: discovery.sourceFiles.length,
      filesRead: files.size,
      filesParsed: parsedCache.size + tsProgram.getSourceFiles().length,
      programFiles: tsProgram.getSourceFiles().length,
      durationMs: Math.round(performance.now() - started),
    },
  };
  program.dispose();
  return result;
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
  const fn: FunctionNode | undefined = target.kind === 'function' ? target.fn : undefined;
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

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A cheap text test for files that may use an action: an import must name the export (or, for a default
 * export, usually the module's file or folder), so a file that mentions none of them cannot be a caller.
 */
function mentionPattern(index: ActionIndex): RegExp | undefined {
  const names = new Set<string>();
  for (const [file, byName] of index) {
    for (const name of byName.keys()) {
      if (name !== 'default') names.add(name);
      else {
        const base = nodePath.posix.basename(file).replace(/\.[^.]+$/, '');
        names.add(base === 'index' ? nodePath.posix.basename(nodePath.posix.dirname(file)) : base);
      }
    }
  }
  if (names.size === 0) return undefined;
  return new RegExp(`\\b(?:${[...names].map(escape).join('|')})\\b`);
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
