import ts from 'typescript';
import { calleeName, directivesOf, isFunctionNode, lineOf, startOf, unwrapExpression } from './ast';
import { methodOption } from './facts';
import { refreshAfterUse } from './caller-refresh';
import type { Caller, CallerHow, CallerRefresh, CallerRunsIn, NonSerializableValue } from './model';
import { type UrlPattern, WILDCARD, urlPatternFromLiteral, urlPatternMatchesRoute } from './paths';

/** What callers are collected into: an endpoint, or the draft the analyzer fills before it classifies. */
export interface CallerSink {
  callers: Caller[];
}

/** Where Server Actions can be imported from: file → exported name → the action endpoints behind it. */
export type ActionIndex = Map<string, Map<string, CallerSink[]>>;

export interface CallerContext {
  relative(absolutePath: string): string;
  sourceFile(absolutePath: string): ts.SourceFile | undefined;
  resolve(specifier: string, containingFile: string): string | undefined;
}

const HOOKS = new Set(['useAction', 'useOptimisticAction', 'useStateAction', 'useServerAction', 'useHookFormAction', 'useHookFormOptimisticAction', 'useMutation', 'useFormAction']);
const MAX_REEXPORT_DEPTH = 4;

/** Where an import lands in the action index: the module and export name that hold the action(s). */
export interface ActionTarget {
  file: string;
  name: string;
}

/** One `export … from` of a module: where it leads, and the names it passes on (exported → original), or all of them. */
interface ReexportEdge {
  target: string;
  names?: Map<string, string>;
}

/** What the barrels of one round lead to: kept for the round, so thousands of imports read each barrel once. */
export interface ActionTargetMemo {
  targets: Map<string, ActionTarget | null>;
  reexports: Map<string, ReexportEdge[]>;
}

export function newActionTargetMemo(): ActionTargetMemo {
  return { targets: new Map(), reexports: new Map() };
}

function reexportsOf(context: CallerContext, memo: ActionTargetMemo, file: string): ReexportEdge[] {
  let edges = memo.reexports.get(file);
  if (edges) return edges;
  edges = [];
  const sourceFile = context.sourceFile(file);
  for (const statement of sourceFile?.statements ?? []) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const target = context.resolve(statement.moduleSpecifier.text, file);
    if (!target) continue;
    if (!statement.exportClause) edges.push({ target });
    else if (ts.isNamedExports(statement.exportClause)) {
      const names = new Map<string, string>();
      for (const element of statement.exportClause.elements) if (!names.has(element.name.text)) names.set(element.name.text, (element.propertyName ?? element.name).text);
      edges.push({ target, names });
    }
  }
  memo.reexports.set(file, edges);
  return edges;
}

/**
 * Finds where an import of `exportedName` from `file` lands in the action index, following barrel re-exports.
 * The answer depends only on the index's files and names, not on the endpoints behind them, so it can be kept
 * while those are re-analysed.
 */
function actionTargetOf(context: CallerContext, memo: ActionTargetMemo, index: ActionIndex, file: string, exportedName: string, depth = 0): ActionTarget | undefined {
  if (index.get(file)?.has(exportedName)) return { file, name: exportedName };
  if (depth >= MAX_REEXPORT_DEPTH || index.has(file)) return undefined;
  for (const edge of reexportsOf(context, memo, file)) {
    if (!edge.names) {
      const found = actionTargetOf(context, memo, index, edge.target, exportedName, depth + 1);
      if (found) return found;
      continue;
    }
    const original = edge.names.get(exportedName);
    if (original !== undefined) return actionTargetOf(context, memo, index, edge.target, original, depth + 1);
  }
  return undefined;
}

/** How a reference to an action is used, from its surroundings. */
export function usageOf(reference: ts.Node): CallerHow {
  let node: ts.Node = reference;
  // `action.bind(null, id)` stands for the action.
  if (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node && node.parent.name.text === 'bind' && ts.isCallExpression(node.parent.parent)) {
    node = node.parent.parent;
  }
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent))) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return 'reference';
  if (ts.isJsxExpression(parent) && parent.parent && ts.isJsxAttribute(parent.parent)) {
    const attribute = parent.parent.name.getText();
    if (attribute === 'action') return 'form-action';
    if (attribute === 'formAction') return 'form-formAction';
    return 'prop';
  }
  if (ts.isCallExpression(parent)) {
    if (parent.expression === node) return insideStartTransition(parent) ? 'startTransition' : 'call';
    const name = calleeName(parent);
    if (name === 'useActionState') return 'useActionState';
    if (name === 'useFormState') return 'useFormState';
    if (name === 'startTransition') return 'startTransition';
    if (name && HOOKS.has(name)) return 'hook';
    return 'prop';
  }
  if (ts.isAwaitExpression(parent)) return 'call';
  if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) return 'prop';
  return 'reference';
}

function insideStartTransition(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) {
      const call = current.parent;
      if (call && ts.isCallExpression(call) && calleeName(call) === 'startTransition') return true;
    }
  }
  return false;
}

function isReferencePosition(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isExportSpecifier(parent)) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === identifier) return false;
  if ((ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isFunctionExpression(parent)) && parent.name === identifier) return false;
  if (ts.isJsxAttribute(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent) || ts.isQualifiedName(parent)) return false;
  if (ts.isExportAssignment(parent)) return false;
  return true;
}

/** Duplicates (the same file, line and use twice) are dropped once all callers are in: see `sortCallers`. */
function addCaller(sink: CallerSink, caller: Caller): void {
  sink.callers.push(caller);
}

/** Sorts callers by file, line and use, and drops repeats of the same file, line and use (the first one stays). */
export function sortCallers(callers: Caller[]): Caller[] {
  if (callers.length < 2) return callers;
  callers.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.how < b.how ? -1 : a.how > b.how ? 1 : 0)));
  let kept = 1;
  for (let i = 1; i < callers.length; i++) {
    const previous = callers[kept - 1];
    const caller = callers[i];
    if (caller.file === previous.file && caller.line === previous.line && caller.how === previous.how) continue;
    callers[kept++] = caller;
  }
  callers.length = kept;
  return callers;
}

/** A use of something imported from another workspace file, kept until the action index says what it reaches. */
export interface ActionRef extends CallFacts {
  /** Absolute path of the module the import names. */
  target: string;
  /** The export used (`default` for a default import; the member for `ns.member`). */
  name: string;
  line: number;
  how: CallerHow;
  /** The calling code refreshes the page once the action succeeds (see caller-refresh.ts). */
  refresh?: CallerRefresh;
}

/** What a direct call of an action shows: what runs it, and an argument that cannot cross. */
export interface CallFacts {
  client?: boolean;
  runsIn?: CallerRunsIn;
  nonSerializableArgument?: NonSerializableValue;
}

const EFFECT_HOOKS = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect']);
const QUERY_HOOKS = new Set(['useQuery', 'useSuspenseQuery', 'useInfiniteQuery', 'useSuspenseInfiniteQuery', 'useQueries', 'useSWR', 'useSWRImmutable', 'useSWRInfinite', 'useSWRSubscription', 'prefetchQuery', 'fetchQuery', 'ensureQueryData']);
const QUERY_OPTION_KEYS = new Set(['queryFn', 'fetcher']);
/** Built-ins whose instances React sends as they are (https://react.dev/reference/rsc/use-server). */
const SERIALIZABLE_CONSTRUCTORS = new Set(['Date', 'FormData', 'Blob', 'File', 'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Promise', 'String', 'Number', 'Boolean', 'Array', 'Object', 'URLSearchParams', 'Headers']);

/**
 * For a direct call (`how` call/startTransition): whether an effect, a data-fetching hook or a client component's render
 * runs it, and the first argument that visibly cannot cross (an inline function, `new SomeClass()`, `Symbol()`, JSX).
 * Written from the syntax alone: a caller file is usually a client component, which the analyzer's program leaves out.
 */
export function callFacts(reference: ts.Node, how: CallerHow): CallFacts {
  if (how !== 'call' && how !== 'startTransition') return {};
  let node: ts.Node = reference;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent))) node = node.parent;
  const call = node.parent && ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
  const facts: CallFacts = {};
  const runsIn = call && runsInOf(call);
  if (runsIn) facts.runsIn = runsIn;
  for (const argument of call?.arguments ?? []) {
    const problem = argumentProblem(argument, 0);
    if (problem) {
      facts.nonSerializableArgument = problem;
      break;
    }
  }
  return facts;
}

function runsInOf(call: ts.CallExpression): CallerRunsIn | undefined {
  let nearest = true;
  for (let current: ts.Node | undefined = call.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const holder = current.parent;
    if (holder && ts.isCallExpression(holder) && holder.arguments.includes(current as ts.Expression)) {
      const name = calleeName(holder) ?? '';
      if (EFFECT_HOOKS.has(name)) return 'effect';
      if (QUERY_HOOKS.has(name)) return 'query';
    }
    if (holder && ts.isPropertyAssignment(holder) && QUERY_OPTION_KEYS.has(holder.name.getText())) return 'query';
    // Straight in the body of a client component or hook: it runs on every render.
    if (nearest && isComponentOrHook(current) && directivesOf(current.getSourceFile().statements).includes('use client')) return 'render';
    nearest = false;
  }
  return undefined;
}

function isComponentOrHook(fn: ts.Node): boolean {
  let name: string | undefined;
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) name = fn.name.text;
  else if (fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) name = fn.parent.name.text;
  else if (ts.isFunctionDeclaration(fn) && !fn.name) return true; // export default function () {}
  return !!name && (/^[A-Z]/.test(name) || /^use[A-Z]/.test(name));
}

function argumentProblem(argument: ts.Expression, depth: number): NonSerializableValue | undefined {
  const value = unwrapExpression(argument);
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return { kind: 'function', text: 'an inline function' };
  if (ts.isJsxElement(value) || ts.isJsxSelfClosingElement(value) || ts.isJsxFragment(value)) return { kind: 'jsx', text: 'a React element' };
  if (ts.isNewExpression(value)) {
    const name = value.expression.getText();
    if (SERIALIZABLE_CONSTRUCTORS.has(name)) return undefined;
    if (name === 'Map' || name === 'Set') return { kind: 'map-or-set', text: `new ${name}()` };
    return { kind: 'class-instance', text: `new ${name}()` };
  }
  if (ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'Symbol') return { kind: 'symbol', text: 'Symbol() (not Symbol.for)' };
  if (depth >= 2) return undefined;
  if (ts.isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property) || ts.isSetAccessorDeclaration(property)) {
        return { kind: 'object-with-methods', text: `an object with a method, ${property.name.getText()}()` };
      }
      if (ts.isPropertyAssignment(property)) {
        const problem = argumentProblem(property.initializer, depth + 1);
        if (problem) return problem.kind === 'function' ? { kind: 'object-with-methods', text: `an object whose \`${property.name.getText()}\` is a function` } : problem;
      }
    }
  }
  if (ts.isArrayLiteralExpression(value)) {
    for (const element of value.elements) {
      if (ts.isSpreadElement(element)) continue;
      const problem = argumentProblem(element, depth + 1);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The caller a reference adds, with the call facts it carries. */
function callerOf(relativeFile: string, ref: { line: number; how: CallerHow; refresh?: CallerRefresh } & CallFacts): Caller {
  return {
    file: relativeFile,
    line: ref.line,
    how: ref.how,
    ...(ref.client && { client: true }),
    ...(ref.runsIn && { runsIn: ref.runsIn }),
    ...(ref.nonSerializableArgument && { nonSerializableArgument: ref.nonSerializableArgument }),
    ...(ref.refresh && { refresh: ref.refresh }),
  };
}

/** Where the code around an action's use refreshes the page on success, relative to the scanned root. */
function refreshFacts(context: CallerContext, file: string, reference: ts.Node, how: CallerHow, consulted: Set<string>): { refresh?: CallerRefresh } {
  // A form or a reference hands the action to React or to a component: nothing here runs after it.
  if (how === 'form-action' || how === 'form-formAction' || how === 'reference') return {};
  const site = refreshAfterUse(context, reference, file, consulted);
  return site ? { refresh: { file: context.relative(site.file), line: site.line, what: site.what } } : {};
}

/**
 * Every use of a name imported from a module that may hold actions (`mayHoldActions` decides, by the target's
 * text). Kept per file, so an edit re-reads one file and the callers are re-attached from these facts. `consulted`
 * collects the other files read to tell whether a use refreshes the page (wrapper hooks): an edit there re-reads it too.
 */
export function extractActionRefs(
  context: CallerContext,
  file: string,
  sourceFile: ts.SourceFile,
  mayHoldActions: (target: string) => boolean,
  consulted = new Set<string>(),
): ActionRef[] {
  const locals = new Map<string, { target: string; name: string }>();
  const namespaces = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const target = context.resolve(statement.moduleSpecifier.text, file);
    if (!target || !mayHoldActions(target)) continue;
    if (clause.name) locals.set(clause.name.text, { target, name: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if (!element.isTypeOnly) locals.set(element.name.text, { target, name: (element.propertyName ?? element.name).text });
      }
    } else if (bindings && ts.isNamespaceImport(bindings)) {
      namespaces.set(bindings.name.text, target);
    }
  }
  const refs: ActionRef[] = [];
  if (locals.size === 0 && namespaces.size === 0) return refs;
  const client = directivesOf(sourceFile.statements).includes('use client') ? { client: true } : {};
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      // The name first: most identifiers are not an imported action, and the position test is the dearer one.
      const imported = locals.get(node.text);
      if (imported && isReferencePosition(node)) {
        const how = usageOf(node);
        refs.push({ ...imported, line: lineOf(sourceFile, startOf(node, sourceFile)), how, ...client, ...callFacts(node, how), ...refreshFacts(context, file, node, how, consulted) });
      }
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && namespaces.has(node.expression.text)) {
      const how = usageOf(node);
      const facts = { ...client, ...callFacts(node, how), ...refreshFacts(context, file, node, how, consulted) };
      refs.push({ target: namespaces.get(node.expression.text)!, name: node.name.text, line: lineOf(sourceFile, startOf(node, sourceFile)), how, ...facts });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return refs;
}

/** A file's reference to an action, resolved to its place in the action index, with the caller it adds. */
export interface ResolvedActionRef {
  target: ActionTarget;
  caller: Caller;
}

/** Resolves a file's references through barrels. Kept by the analyzer until the index's files or names change. */
export function resolveActionRefs(context: CallerContext, index: ActionIndex, relativeFile: string, refs: ActionRef[], memo = newActionTargetMemo()): ResolvedActionRef[] {
  const resolved: ResolvedActionRef[] = [];
  for (const ref of refs) {
    // Thousands of files import the same few actions through the same barrels: each (module, name) is followed once.
    const key = `${ref.target}\u0000${ref.name}`;
    let target = memo.targets.get(key);
    if (target === undefined) {
      target = actionTargetOf(context, memo, index, ref.target, ref.name) ?? null;
      memo.targets.set(key, target);
    }
    if (target) resolved.push({ target, caller: callerOf(relativeFile, ref) });
  }
  return resolved;
}

/** Adds resolved references to the actions behind them. */
export function attachResolvedActionRefs(index: ActionIndex, resolved: readonly ResolvedActionRef[]): void {
  for (const { target, caller } of resolved) {
    for (const action of index.get(target.file)?.get(target.name) ?? []) addCaller(action, caller);
  }
}

/** A use of an action by its local name inside the file that defines it, or an inline action used in place. */
export interface LocalRef extends CallFacts {
  /** The local name, or undefined for an inline function used where it is written. */
  localName?: string;
  inline?: ts.Node;
  line: number;
  how: CallerHow;
}

/** Uses of actions by their local name inside the file that defines them (inline actions, one action calling another). */
export function extractLocalRefs(sourceFile: ts.SourceFile, localNames: ReadonlySet<string>, inlineNodes: ReadonlySet<ts.Node>): LocalRef[] {
  const refs: LocalRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && localNames.has(node.text) && isReferencePosition(node)) {
      const how = usageOf(node);
      refs.push({ localName: node.text, line: lineOf(sourceFile, startOf(node, sourceFile)), how, ...callFacts(node, how) });
    }
    if (inlineNodes.has(node)) {
      // `<form action={async () => { 'use server' … }}>`: the function is its own caller site.
      refs.push({ inline: node, line: lineOf(sourceFile, startOf(node, sourceFile)), how: usageOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return refs;
}

export function addLocalCaller(sink: CallerSink, relativeFile: string, ref: LocalRef): void {
  addCaller(sink, callerOf(relativeFile, ref));
}

export interface RouteTarget {
  urlPath: string;
  /** Endpoints by HTTP method. */
  methods: Map<string, CallerSink>;
  file: string;
}

const HTTP_CLIENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const GET_HOOKS = /^(useSWR|useSWRImmutable|useSWRInfinite|useQuery|useSuspenseQuery|useInfiniteQuery|preload|prefetch|useFetch)$/;

function literalParts(node: ts.Node): { text: string; wildcard: boolean }[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text, wildcard: false }];
  if (ts.isTemplateExpression(node)) {
    const parts = [{ text: node.head.text, wildcard: false }];
    for (const span of node.templateSpans) parts.push({ text: '', wildcard: true }, { text: span.literal.text, wildcard: false });
    return parts.filter((part) => part.wildcard || part.text.length > 0);
  }
  return undefined;
}

type RouteUsage = { how: CallerHow; method?: string };

/** The expression that carries a URL value outward: through parentheses, `+`, `new URL(x, base)`, `.href`, `.toString()`. */
function urlCarrier(value: ts.Node): ts.Node {
  let node = value;
  for (;;) {
    const parent = node.parent;
    if (!parent) return node;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken)) node = parent;
    else if (ts.isNewExpression(parent) && parent.arguments?.[0] === node && calleeName(parent) === 'URL') node = parent;
    else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'href') node = parent;
    else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'toString' && parent.parent && ts.isCallExpression(parent.parent)) node = parent.parent;
    else return node;
  }
}

/**
 * `const url = new URL('/api/x', origin); …; fetch(url)`: a URL kept in a local variable is used where the variable
 * is, in the same function. The first use that calls it says how.
 */
function usageThroughVariable(declaration: ts.VariableDeclaration): RouteUsage | undefined {
  if (!ts.isIdentifier(declaration.name)) return undefined;
  const name = declaration.name.text;
  let scope: ts.Node | undefined = declaration.parent;
  while (scope && !ts.isBlock(scope) && !ts.isSourceFile(scope) && !isFunctionNode(scope)) scope = scope.parent;
  if (!scope) return undefined;
  let found: RouteUsage | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node.text === name && node.pos >= declaration.end && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const usage = routeUsage(node, false);
      if (usage.how !== 'reference') found = usage;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return found;
}

/** How a URL literal is used: fetch, an HTTP client, a link, a form post, or just mentioned. */
function routeUsage(literal: ts.Node, followVariables = true): RouteUsage {
  const node = urlCarrier(literal);
  const parent = node.parent;
  if (!parent) return { how: 'reference' };
  if (followVariables && ts.isVariableDeclaration(parent) && parent.initializer === node) {
    const usage = usageThroughVariable(parent);
    if (usage) return usage;
  }
  if (ts.isCallExpression(parent) && parent.arguments[0] === node) {
    const name = calleeName(parent) ?? '';
    const callee = unwrapExpression(parent.expression);
    if (name === 'fetch') {
      if (parent.arguments.length < 2) return { how: 'fetch', method: 'GET' };
      const method = methodOption(parent.arguments[1]);
      return method ? { how: 'fetch', method } : ts.isObjectLiteralExpression(unwrapExpression(parent.arguments[1])) && !hasProperty(parent.arguments[1], 'method') ? { how: 'fetch', method: 'GET' } : { how: 'fetch' };
    }
    if (ts.isPropertyAccessExpression(callee) && HTTP_CLIENT_METHODS.has(name.toLowerCase())) return { how: 'http-client', method: name.toUpperCase() };
    if (GET_HOOKS.test(name)) return { how: 'http-client', method: 'GET' };
    if (name === 'EventSource' || name === 'sendBeacon') return { how: 'link', method: name === 'sendBeacon' ? 'POST' : 'GET' };
    if (/^(axios|ky|ofetch|\$fetch|request|fetcher|api|useFetch)$/.test(name)) {
      const method = methodOption(parent.arguments[1]);
      return method ? { how: 'http-client', method } : { how: 'http-client' };
    }
    return { how: 'reference' };
  }
  if (ts.isNewExpression(parent) && calleeName(parent) === 'EventSource') return { how: 'link', method: 'GET' };
  if (ts.isJsxAttribute(parent) || (ts.isJsxExpression(parent) && parent.parent && ts.isJsxAttribute(parent.parent))) {
    const attribute = ts.isJsxAttribute(parent) ? parent : (parent.parent as ts.JsxAttribute);
    const name = attribute.name.getText();
    if (name === 'href' || name === 'src' || name === 'srcSet' || name === 'poster') return { how: 'link', method: 'GET' };
    if (name === 'action' || name === 'formAction') {
      const element = attribute.parent.parent;
      const method = jsxMethod(element);
      return { how: 'form-post', method: method ?? 'GET' };
    }
    return { how: 'reference' };
  }
  if (ts.isPropertyAssignment(parent) && /^(url|href|endpoint|api|path|src)$/i.test(parent.name.getText())) {
    return { how: 'reference' };
  }
  return { how: 'reference' };
}

function hasProperty(options: ts.Expression, key: string): boolean {
  const object = unwrapExpression(options);
  return ts.isObjectLiteralExpression(object) && object.properties.some((property) => property.name?.getText() === key || ts.isSpreadAssignment(property));
}

function jsxMethod(element: ts.Node): string | undefined {
  if (!ts.isJsxOpeningElement(element) && !ts.isJsxSelfClosingElement(element)) return undefined;
  for (const attribute of element.attributes.properties) {
    if (ts.isJsxAttribute(attribute) && attribute.name.getText() === 'method' && attribute.initializer && ts.isStringLiteral(attribute.initializer)) {
      return attribute.initializer.text.toUpperCase();
    }
  }
  return undefined;
}

/** A URL written in code that may reach a route: kept per file, matched against the routes when they change. */
export interface UrlRef {
  pattern: UrlPattern;
  line: number;
  how: CallerHow;
  method?: string;
}

/** Every path-like string or template literal of a file, with how it is used. */
export function extractUrlRefs(sourceFile: ts.SourceFile): UrlRef[] {
  const refs: UrlRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    const parts = literalParts(node);
    if (parts) {
      const pattern = urlPatternFromLiteral(parts);
      if (pattern) refs.push({ pattern, line: lineOf(sourceFile, startOf(node, sourceFile)), ...routeUsage(node) });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return refs;
}

/** The routes of one app, indexed by first URL segment so a URL is only compared with routes it could reach. */
export class RouteTable {
  private readonly byFirstSegment = new Map<string, RouteTarget[]>();
  private readonly dynamicFirst: RouteTarget[] = [];

  constructor(routes: RouteTarget[]) {
    for (const route of routes) {
      const first = route.urlPath.split('/')[1] ?? '';
      if (first.startsWith('[')) this.dynamicFirst.push(route);
      else {
        let list = this.byFirstSegment.get(first);
        if (!list) this.byFirstSegment.set(first, (list = []));
        list.push(route);
      }
    }
  }

  candidates(pattern: UrlPattern): RouteTarget[] {
    const first = pattern[0] ?? '';
    if (first.includes(WILDCARD)) return [...[...this.byFirstSegment.values()].flat(), ...this.dynamicFirst];
    const direct = this.byFirstSegment.get(first);
    return direct ? (this.dynamicFirst.length ? [...direct, ...this.dynamicFirst] : direct) : this.dynamicFirst;
  }
}

/** Where one URL reference lands: the route file it reaches. */
export interface UrlMatch {
  routeFile: string;
  ref: UrlRef;
  /** The caller it adds; made once with the match so unchanged files give the same objects. */
  caller: Caller;
}

/** The routes a file's URL references reach (the most specific route wins). Pure: cached by the caller. */
export function matchUrlRefs(routes: RouteTable, absoluteFile: string, relativeFile: string, refs: UrlRef[]): UrlMatch[] {
  const found: UrlMatch[] = [];
  for (const ref of refs) {
    const matches = routes.candidates(ref.pattern).filter((route) => route.file !== absoluteFile && urlPatternMatchesRoute(ref.pattern, route.urlPath));
    if (matches.length === 0) continue;
    // A literal `/api/todos/new` reaches `todos/new`, not `todos/[id]`.
    const route = matches.reduce((a, b) => (specificity(a.urlPath) >= specificity(b.urlPath) ? a : b));
    found.push({ routeFile: route.file, ref, caller: { file: relativeFile, line: ref.line, how: ref.how, ...(ref.method && { method: ref.method }) } });
  }
  return found;
}

/** Adds matched URL references to the route endpoints, by method when the call says which. */
export function attachUrlMatches(routes: ReadonlyMap<string, RouteTarget>, matches: UrlMatch[]): void {
  for (const { routeFile, ref, caller } of matches) {
    const route = routes.get(routeFile);
    if (!route) continue;
    if (ref.method) {
      const endpoint = route.methods.get(ref.method) ?? (ref.method === 'HEAD' ? route.methods.get('GET') : undefined);
      if (endpoint) addCaller(endpoint, caller);
    } else {
      for (const endpoint of route.methods.values()) addCaller(endpoint, caller);
    }
  }
}

function specificity(urlPath: string): number {
  return urlPath.split('/').reduce((score, segment) => score + (segment.startsWith('[') ? 1 : 3), 0);
}
