/**
 * The facts phase: what each endpoint file holds (routes, pages/api handlers, actions, middleware, mounted routers)
 * and what each endpoint's code does, read over one TypeScript program. Its result, one FileAnalysis per file, is
 * what the later phases work from; a file that cannot be read gets an analysis that says why.
 */
import ts from 'typescript';
import { columnOf, enclosingStatement, lineOf, startOf } from '../ast';
import { ActionTypes } from '../boundary-types';
import { extractLocalRefs } from '../callers';
import type { BoundaryConfig } from '../config';
import { type EndpointRecord, type FileAnalysis, RouterMounts, emptyAnalysis, procedureRecords } from '../endpoint-records';
import { type ExportedEndpoint, actionExports, inlineActions, isUseServerFile, pagesApiExport, routeExports } from '../exports';
import { FactsAnalyzer } from '../facts';
import type { GraphqlOperations } from '../graphql-operations';
import { type HandlerFacts, HandlerAnalyzer } from '../handlers';
import { AUTH_LIBRARY_MODULE_RE, WEBHOOK_MODULE_RE } from '../knowledge';
import { readMiddleware } from '../middleware';
import type { EndpointKind } from '../model';
import { pagesApiUrlPath, routeUrlPath } from '../paths';
import { procedureThroughCaller } from '../routers/trpc';
import { suppressionsAbove } from '../suppressions';
import type { FileEntry } from './file-table';

export interface EndpointFactsContext {
  config: BoundaryConfig;
  graphqlOperations?: GraphqlOperations;
  resolve: (specifier: string, containingFile: string) => string | undefined;
  relative: (absolutePath: string) => string;
  /** The program the last round's type checks ran on. */
  previousTypesProgram?: ts.Program;
  /** The last round's facts, and which files' functions must be read again (see FactsAnalyzer.inherit). */
  previousFacts?: { analyzer: FactsAnalyzer; isStale: (fileName: string) => boolean };
}

/** What a round of the facts phase leaves for the next one. */
export interface EndpointFactsRound {
  /** The program the type checks of actions' parameters and results ran on (see ActionTypes). */
  typesProgram?: ts.Program;
  facts: FactsAnalyzer;
}

/** Analyses `entries` (endpoint files in `program`) into `into`, calling `onFile` before each. */
export function analyzeEndpointFiles(program: ts.Program, entries: readonly FileEntry[], context: EndpointFactsContext, into: Map<string, FileAnalysis>, onFile?: (entry: FileEntry, index: number) => void): EndpointFactsRound {
  const checker = program.getTypeChecker();
  const facts: FactsAnalyzer = new FactsAnalyzer(checker, context.config, context.relative, context.graphqlOperations, (callee) => procedureThroughCaller(facts, callee));
  if (context.previousFacts) facts.inherit(context.previousFacts.analyzer, context.previousFacts.isStale);
  const handlers = new HandlerAnalyzer(facts, context.config);
  // The type checker with lib declarations, only for the 'use server' files of this round (and only once asked).
  const actionFiles = entries.filter((entry) => entry.role === 'use-server').map((entry) => entry.absolute);
  const actionTypes = new ActionTypes(program, checker, actionFiles, context.resolve, context.relative, context.previousTypesProgram);
  let index = 0;
  for (const entry of entries) {
    onFile?.(entry, ++index);
    const sourceFile = program.getSourceFile(entry.absolute);
    if (!sourceFile) {
      into.set(entry.absolute, emptyAnalysis({ file: entry.relative, reason: 'could not be loaded by the TypeScript program' }));
      continue;
    }
    const syntax = program.getSyntacticDiagnostics(sourceFile);
    if (syntax.length) {
      const first = syntax[0];
      const line = first.start !== undefined ? lineOf(sourceFile, first.start) : 1;
      into.set(entry.absolute, emptyAnalysis({ file: entry.relative, reason: `syntax error at line ${line}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}` }));
      continue;
    }
    try {
      const analysis = analyzeFile(entry, sourceFile, checker, facts, handlers, context.relative);
      if (entry.role === 'use-server') actionTypes.annotate(sourceFile, analysis.records);
      into.set(entry.absolute, analysis);
    } catch (error) {
      into.set(entry.absolute, emptyAnalysis({ file: entry.relative, reason: `analyzer error: ${(error as Error).message}` }));
    }
  }
  const typesProgram = actionTypes.program;
  return { facts, ...(typesProgram && { typesProgram }) };
}

function analyzeFile(entry: FileEntry, sourceFile: ts.SourceFile, checker: ts.TypeChecker, facts: FactsAnalyzer, handlers: HandlerAnalyzer, relative: (path: string) => string): FileAnalysis {
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
    analysis.records.push(...procedureRecords(entry, urlPath, mounts, relative));
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
      analysis.records.push(record({ ...base('pages-api', 'default', exported.site), urlPath }, handler, exported.statement), ...procedureRecords(entry, urlPath, mounts, relative));
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
