/**
 * Hono: the routes of the app a route handler mounts with `handle(app)`. Registrations are read from the app's
 * construction chain (`new Hono().basePath('/api').use(mw).route('/', sub)`) and from statements on its variable in
 * its file (`app.get(path, ...middleware, handler)`, `app.use(path, mw)`, `app.route(path, sub)`), through sub-apps
 * in other files and workspace packages. A route is guarded by its own middleware or an `app.use` above it.
 */
import ts from 'typescript';
import { unwrapExpression } from '../ast';
import { MAX_MOUNTED, type MountedRouter, type RouterReader, declaredValue } from './index';

const ROUTE_METHODS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', options: 'OPTIONS', head: 'HEAD', all: '*' };
const MAX_DEPTH = 8;

interface Registration {
  method: string;
  args: readonly ts.Expression[];
  site: ts.Node;
}

interface Use {
  path: string;
  middleware: readonly ts.Expression[];
}

export function honoRoutes(reader: RouterReader, root: ts.Expression, router: MountedRouter): void {
  visitApp(reader, root, '', [], router, 0, new Set());
}

function visitApp(reader: RouterReader, expression: ts.Expression, prefix: string, inherited: readonly Use[], router: MountedRouter, depth: number, seen: Set<ts.Node>): void {
  if (depth > MAX_DEPTH) return;
  const declared = declaredValue(reader.facts, expression);
  if (!declared) {
    router.unreadable.push(reader.facts.evidence('unresolved', expression, `the app \`${expression.getText()}\` could not be read`));
    return;
  }
  const start = unwrapExpression(declared.value);
  if (seen.has(start)) return;
  seen.add(start);
  const registrations = [...chainCalls(start), ...(declared.variable ? statementCalls(declared.variable) : [])];
  let base = prefix;
  const uses: Use[] = [...inherited];
  for (const registration of registrations) {
    if (registration.method === 'basePath') base = joinPath(base, stringArgument(registration.args[0]) ?? '');
    else if (registration.method === 'use') {
      const path = stringArgument(registration.args[0]);
      uses.push({ path: joinPath(base, path ?? '*'), middleware: path === undefined ? registration.args : registration.args.slice(1) });
    }
  }
  for (const registration of registrations) {
    if (router.endpoints.length >= MAX_MOUNTED) return;
    const { method, args } = registration;
    if (method === 'route' && args[1]) {
      visitApp(reader, args[1], joinPath(base, stringArgument(args[0]) ?? ''), uses, router, depth + 1, seen);
      continue;
    }
    const methods = method === 'on' ? methodsOf(args[0]) : ROUTE_METHODS[method] ? [ROUTE_METHODS[method]] : [];
    if (!methods.length) continue;
    const rest = method === 'on' ? args.slice(1) : args;
    const path = stringArgument(rest[0]);
    const handlers = path === undefined ? rest : rest.slice(1);
    if (!handlers.length) continue;
    const full = joinPath(base, path ?? '/');
    const middleware = [...uses.filter((use) => covers(use.path, full)).flatMap((use) => use.middleware), ...handlers.slice(0, -1)];
    const handler = reader.handlers.analyzeRouteHandler(handlers[handlers.length - 1], middleware, registration.site);
    for (const served of methods) {
      router.endpoints.push({ name: `${served === '*' ? 'ALL' : served} ${full}`, method: served, handler, site: reader.facts.evidence('public', registration.site, `${served === '*' ? 'ALL' : served} ${full}`) });
    }
  }
}

/** `new Hono().basePath('/api').use(mw).route('/', sub)`: its calls, first to last. */
function chainCalls(expression: ts.Expression): Registration[] {
  const calls: Registration[] = [];
  let current = unwrapExpression(expression);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    calls.unshift({ method: current.expression.name.text, args: current.arguments, site: current });
    current = unwrapExpression(current.expression.expression);
  }
  return calls;
}

/** `app.get(…)`, `app.use(…).post(…)`: the statements of the app's file that register on its variable. */
function statementCalls(variable: ts.VariableDeclaration): Registration[] {
  if (!ts.isIdentifier(variable.name)) return [];
  const name = variable.name.text;
  const calls: Registration[] = [];
  for (const statement of variable.getSourceFile().statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    let root = unwrapExpression(statement.expression);
    while (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression)) root = unwrapExpression(root.expression.expression);
    if (ts.isIdentifier(root) && root.text === name) calls.push(...chainCalls(statement.expression));
  }
  return calls;
}

function stringArgument(expression: ts.Expression | undefined): string | undefined {
  const value = expression && unwrapExpression(expression);
  return value && ts.isStringLiteralLike(value) ? value.text : undefined;
}

function methodsOf(expression: ts.Expression | undefined): string[] {
  const value = expression && unwrapExpression(expression);
  if (!value) return [];
  if (ts.isStringLiteralLike(value)) return [value.text.toUpperCase()];
  if (ts.isArrayLiteralExpression(value)) return value.elements.flatMap((element) => (ts.isStringLiteralLike(element) ? [element.text.toUpperCase()] : []));
  return [];
}

function joinPath(base: string, path: string): string {
  const joined = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : '/';
}

/** `app.use('/polls/*', mw)` covers `/polls/:id`; `app.use(mw)` and `'*'` cover everything below the app. */
function covers(usePath: string, routePath: string): boolean {
  const prefix = usePath.replace(/\/?\*$/, '');
  return !prefix || routePath === prefix || routePath.startsWith(`${prefix}/`);
}
