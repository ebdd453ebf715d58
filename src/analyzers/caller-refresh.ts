/**
 * Whether the code that calls a Server Action refreshes what the page shows once the call succeeds: `router.refresh()`
 * (a `useRouter()` router), a React Query invalidation (`invalidateQueries`, `refetchQueries`, `resetQueries`), a tRPC
 * utils `invalidate()`, SWR's `mutate()`, or `location.reload()`. It counts after an awaited call, in the call's
 * `.then`, or in the `onSuccess` / `onSettled` options of the hook that runs the action (`useAction`, `useMutation`,
 * a wrapper of them), also through wrapper hooks the action is handed to (`useSafeAction(action)` whose body does
 * one of these). A refresh only in a `catch` or an `onError` does not count: that is the failure path.
 * Syntax only: caller files are client components, which the analyzer's program leaves out.
 */
import ts from 'typescript';
import { calleeName, isFunctionNode, lineOf, startOf, unwrapExpression } from './ast';

/** Where a caller refreshes, as an absolute file and a line, and what it calls. */
export interface RefreshSite {
  file: string;
  line: number;
  what: string;
}

export interface RefreshContext {
  sourceFile(absolutePath: string): ts.SourceFile | undefined;
  resolve(specifier: string, containingFile: string): string | undefined;
}

/** Names a file binds to what refreshes: `const router = useRouter()`, `const { mutate } = useSWR(…)`, `api.useUtils()`. */
interface RefreshBindings {
  routers: Set<string>;
  /** `const { refresh } = useRouter()`, SWR's bound or global `mutate`. */
  refreshFunctions: Map<string, string>;
  /** tRPC utils (`api.useUtils()`, `trpc.useContext()`), SWR responses (`const posts = useSWR(…)`). */
  caches: Map<string, string>;
}

const QUERY_INVALIDATIONS = new Set(['invalidateQueries', 'refetchQueries', 'resetQueries']);
const SWR_HOOKS = new Set(['useSWR', 'useSWRInfinite', 'useSWRImmutable', 'useSWRConfig']);
const SUCCESS_OPTIONS = new Set(['onSuccess', 'onSettled']);
const FAILURE_OPTIONS = new Set(['onError']);
/** Wrapper hooks handed the action, followed this deep. */
const MAX_WRAPPER_DEPTH = 2;
/** Ancestors looked through from a reference to the call whose options may refresh. */
const MAX_OPTION_CLIMB = 14;

const bindingsByFile = new WeakMap<ts.SourceFile, RefreshBindings>();

function bindingsOf(sourceFile: ts.SourceFile): RefreshBindings {
  const known = bindingsByFile.get(sourceFile);
  if (known) return known;
  const bindings: RefreshBindings = { routers: new Set(), refreshFunctions: new Map(), caches: new Map() };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const value = unwrapExpression(node.initializer);
      if (ts.isCallExpression(value)) bindCall(bindings, node.name, value);
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'swr') {
      const named = node.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) if ((element.propertyName ?? element.name).text === 'mutate') bindings.refreshFunctions.set(element.name.text, 'SWR mutate()');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  bindingsByFile.set(sourceFile, bindings);
  return bindings;
}

function bindCall(bindings: RefreshBindings, name: ts.BindingName, call: ts.CallExpression): void {
  const hook = calleeName(call);
  const callee = unwrapExpression(call.expression);
  if (hook === 'useRouter') {
    if (ts.isIdentifier(name)) bindings.routers.add(name.text);
    else for (const local of destructured(name, 'refresh')) bindings.refreshFunctions.set(local, 'router.refresh()');
  } else if ((hook === 'useUtils' || (hook === 'useContext' && ts.isPropertyAccessExpression(callee))) && ts.isIdentifier(name)) {
    // `api.useUtils()` / `trpc.useContext()` (React's own useContext is called bare).
    bindings.caches.set(name.text, 'invalidate');
  } else if (hook && SWR_HOOKS.has(hook)) {
    if (ts.isIdentifier(name)) bindings.caches.set(name.text, 'mutate');
    else for (const local of destructured(name, 'mutate')) bindings.refreshFunctions.set(local, 'SWR mutate()');
  }
}

/** Local names of `property` in an object pattern: `{ refresh }`, `{ mutate: reload }`. */
function destructured(name: ts.BindingName, property: string): string[] {
  if (!ts.isObjectBindingPattern(name)) return [];
  return name.elements
    .filter((element) => ts.isIdentifier(element.name) && ((element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text) === property))
    .map((element) => (element.name as ts.Identifier).text);
}

function chainRoot(expression: ts.Expression): ts.Expression {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current)) current = unwrapExpression(current.expression);
  return current;
}

/** What a call refreshes, in words (`router.refresh()`), or undefined when it refreshes nothing on the page. */
function refreshOf(call: ts.CallExpression, bindings: RefreshBindings): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return bindings.refreshFunctions.get(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = unwrapExpression(callee.expression);
  if (method === 'refresh' && ((ts.isIdentifier(receiver) && bindings.routers.has(receiver.text)) || (ts.isCallExpression(receiver) && calleeName(receiver) === 'useRouter'))) return 'router.refresh()';
  if (method === 'reload' && /^(window\.)?location$/.test(receiver.getText())) return 'location.reload()';
  if (QUERY_INVALIDATIONS.has(method)) return `${method}()`;
  const root = chainRoot(receiver);
  const cache = ts.isIdentifier(root) ? bindings.caches.get(root.text) : undefined;
  if (cache && cache === method) return method === 'invalidate' ? 'a tRPC invalidate()' : 'SWR mutate()';
  return undefined;
}

interface Found {
  node: ts.Node;
  what: string;
}

/** The first refresh in `root` at or after `from`, outside `catch` blocks and `onError` callbacks. */
function refreshIn(root: ts.Node, bindings: RefreshBindings, from = 0): Found | undefined {
  let found: Found | undefined;
  const visit = (node: ts.Node): void => {
    if (found || ts.isCatchClause(node)) return;
    if (ts.isPropertyAssignment(node) && FAILURE_OPTIONS.has(node.name.getText())) return;
    if (ts.isCallExpression(node) && node.getStart() >= from) {
      const what = refreshOf(node, bindings);
      if (what) {
        found = { node, what };
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function climbWrappers(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent) || ts.isSatisfiesExpression(current.parent))) current = current.parent;
  return current;
}

/** `await action(…)` followed by a refresh in the same function, or `action(…).then(() => refresh)`. */
function afterCall(reference: ts.Node, bindings: RefreshBindings): Found | undefined {
  const callee = climbWrappers(reference);
  const call = callee.parent;
  if (!call || !ts.isCallExpression(call) || call.expression !== callee) return undefined;
  const outer = climbWrappers(call);
  const parent = outer.parent;
  if (parent && ts.isPropertyAccessExpression(parent) && parent.name.text === 'then' && parent.parent && ts.isCallExpression(parent.parent)) {
    const onFulfilled = parent.parent.arguments[0];
    return onFulfilled ? refreshIn(onFulfilled, bindings) : undefined;
  }
  if (!parent || !ts.isAwaitExpression(parent)) return undefined;
  let fn: ts.Node | undefined = parent.parent;
  while (fn && !isFunctionNode(fn)) fn = fn.parent;
  const body = fn && isFunctionNode(fn) ? fn.body : undefined;
  return body ? refreshIn(body, bindings, call.end) : undefined;
}

/** The body of an `onSuccess` / `onSettled` option: a function written there, or a function of this file it names. */
function optionBody(value: ts.Expression, sourceFile: ts.SourceFile): ts.Node | undefined {
  const expression = unwrapExpression(value);
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return expression.body;
  if (ts.isIdentifier(expression)) return localFunction(sourceFile, expression.text)?.body;
  return undefined;
}

function successOptionRefresh(call: ts.CallExpression, bindings: RefreshBindings): Found | undefined {
  for (const argument of call.arguments) {
    const options = unwrapExpression(argument);
    if (!ts.isObjectLiteralExpression(options)) continue;
    for (const property of options.properties) {
      const name = property.name?.getText();
      if (!name || !SUCCESS_OPTIONS.has(name)) continue;
      const body = ts.isPropertyAssignment(property)
        ? optionBody(property.initializer, call.getSourceFile())
        : ts.isMethodDeclaration(property)
          ? property.body
          : ts.isShorthandPropertyAssignment(property)
            ? localFunction(call.getSourceFile(), property.name.text)?.body
            : undefined;
      const found = body && refreshIn(body, bindings);
      if (found) return found;
    }
  }
  return undefined;
}

/** `useAction(action, { onSuccess })`, `useMutation({ mutationFn: action, onSuccess })`: the hook's success options. */
function inSuccessOptions(reference: ts.Node, bindings: RefreshBindings): Found | undefined {
  let node = reference;
  for (let depth = 0; depth < MAX_OPTION_CLIMB && node.parent; depth++) {
    const parent = node.parent;
    if (ts.isSourceFile(parent) || ts.isClassLike(parent) || ts.isJsxElement(parent) || ts.isJsxSelfClosingElement(parent)) return undefined;
    // Leaving a function that is not handed to a call or an option: its caller is someone else.
    if (isFunctionNode(node) && !ts.isPropertyAssignment(parent) && !ts.isCallExpression(parent)) return undefined;
    if (ts.isCallExpression(parent) && parent.expression !== node) {
      const found = successOptionRefresh(parent, bindings);
      if (found) return found;
    }
    node = parent;
  }
  return undefined;
}

type LocalFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** A function this file declares at its top level by `name` (a declaration, or a const holding one). */
function localFunction(sourceFile: ts.SourceFile, name: string): LocalFunction | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return statement;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
        const value = unwrapExpression(declaration.initializer);
        if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
      }
    }
  }
  return undefined;
}

/** The function an exported name of a module stands for, following `export { x } from` and `export *` a few files deep. */
function exportedFunction(context: RefreshContext, file: string, name: string, consulted: Set<string>, depth = 0): { fn: LocalFunction; file: string } | undefined {
  const sourceFile = context.sourceFile(file);
  if (!sourceFile || depth > 3) return undefined;
  consulted.add(file);
  for (const statement of sourceFile.statements) {
    if (name === 'default' && ts.isFunctionDeclaration(statement) && statement.body && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return { fn: statement, file };
    if (name === 'default' && ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      const fn = localFunction(sourceFile, statement.expression.text);
      if (fn) return { fn, file };
    }
  }
  if (name !== 'default') {
    const fn = localFunction(sourceFile, name);
    if (fn) return { fn, file };
  }
  for (const statement of sourceFile.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    let imported: string | undefined;
    if (!statement.exportClause) imported = name;
    else if (ts.isNamedExports(statement.exportClause)) {
      const element = statement.exportClause.elements.find((item) => item.name.text === name);
      imported = element && (element.propertyName ?? element.name).text;
    }
    const target = imported && context.resolve(statement.moduleSpecifier.text, file);
    const found = target ? exportedFunction(context, target, imported!, consulted, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The function a call's callee names: declared in this file, or imported from a workspace module. */
function calledFunction(context: RefreshContext, callee: ts.Expression, file: string, consulted: Set<string>): { fn: LocalFunction; file: string } | undefined {
  const expression = unwrapExpression(callee);
  if (!ts.isIdentifier(expression)) return undefined;
  const sourceFile = expression.getSourceFile();
  const local = localFunction(sourceFile, expression.text);
  if (local) return { fn: local, file };
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) continue;
    const clause = statement.importClause;
    let imported: string | undefined;
    if (clause.name?.text === expression.text) imported = 'default';
    else if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
      const element = clause.namedBindings.elements.find((item) => item.name.text === expression.text);
      imported = element && (element.propertyName ?? element.name).text;
    }
    if (!imported) continue;
    const target = context.resolve(statement.moduleSpecifier.text, file);
    return target ? exportedFunction(context, target, imported, consulted) : undefined;
  }
  return undefined;
}

/** Handed whole to a function (`useSafeAction(action)`): where that function's own use of the parameter refreshes. */
function throughWrapper(context: RefreshContext, reference: ts.Node, file: string, consulted: Set<string>, depth: number): RefreshSite | undefined {
  const argument = climbWrappers(reference);
  const call = argument.parent;
  if (!call || !ts.isCallExpression(call) || call.expression === argument) return undefined;
  const index = call.arguments.indexOf(argument as ts.Expression);
  if (index < 0) return undefined;
  const target = calledFunction(context, call.expression, file, consulted);
  const parameter = target?.fn.parameters[index];
  if (!target || !parameter || !ts.isIdentifier(parameter.name) || !target.fn.body) return undefined;
  const name = parameter.name.text;
  let site: RefreshSite | undefined;
  const visit = (node: ts.Node): void => {
    if (site) return;
    if (ts.isIdentifier(node) && node.text === name && node !== parameter.name && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      site = refreshAfterUse(context, node, target.file, consulted, depth + 1);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(target.fn.body);
  return site;
}

/**
 * Where the code around a use of an action refreshes the page once the action succeeds; undefined when it does not
 * (or it cannot be told). `consulted` collects the other files read on the way (wrapper hooks), so an edit to one of
 * them re-reads this use.
 */
export function refreshAfterUse(context: RefreshContext, reference: ts.Node, file: string, consulted: Set<string>, depth = 0): RefreshSite | undefined {
  const sourceFile = reference.getSourceFile();
  const bindings = bindingsOf(sourceFile);
  const found = afterCall(reference, bindings) ?? inSuccessOptions(reference, bindings);
  if (found) return { file, line: lineOf(sourceFile, startOf(found.node, sourceFile)), what: found.what };
  return depth < MAX_WRAPPER_DEPTH ? throughWrapper(context, reference, file, consulted, depth) : undefined;
}
