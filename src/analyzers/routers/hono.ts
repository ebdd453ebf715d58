/**
 * Hono: the routes of the app a route handler mounts with `handle(app)`. Registrations are read from the app's
 * construction chain (`new Hono().basePath('/api').use(mw).route('/', sub)`) and from statements on its variable in
 * its file (`app.get(path, ...middleware, handler)`, `app.use(path, mw)`, `app.route(path, sub)`), through sub-apps
 * in other files and workspace packages. A route is guarded by its own middleware or an `app.use` above it.
 */
import ts from 'typescript';
import { unwrapExpression } from '../ast';
import { truncateText } from '../words';
import { MAX_MOUNTED, type MountedRouter, type RouterFrameworkReader, type RouterReader, declaredValue } from './index';

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

export const hono: RouterFrameworkReader = {
  framework: 'hono',
  noun: 'route',
  // `handle(app)` from hono/vercel or hono/nextjs (the adapters for Next.js route handlers).
  mountByImport: (call, imported, facts) =>
    /^hono(\/|$)/.test(imported.module) && imported.name === 'handle' && call.arguments[0]
      ? { framework: 'hono', root: call.arguments[0], evidence: facts.evidence('external-hint', call, `handle() from ${imported.module} serves the Hono app \`${truncateText(call.arguments[0].getText())}\``) }
      : undefined,
  read: (reader, root, router) => visitApp(reader, root, '', [], router, 0, new Set()),
};

/**
 * Registrations apply in order, as Hono runs them: a `use` guards the routes registered after it (a middleware
 * registered after a route's handler runs only once that handler has answered), and `.route(path, sub)` copies the
 * sub-app's routes with the middleware registered before it.
 */
function visitApp(reader: RouterReader, expression: ts.Expression, prefix: string, inherited: readonly Use[], router: MountedRouter, depth: number, seen: Set<ts.Node>): void {
  if (depth > MAX_DEPTH) return;
  const registrations = registrationsOf(reader, expression, router, new Set(), 0);
  if (!registrations) return;
  let base = prefix;
  const uses: Use[] = [...inherited];
  for (const registration of registrations) {
    if (router.endpoints.length >= MAX_MOUNTED) return;
    if (seen.has(registration.site)) continue;
    seen.add(registration.site);
    const { method, args } = registration;
    if (method === 'basePath') {
      base = joinPath(base, stringArgument(args[0]) ?? '');
      continue;
    }
    if (method === 'use') {
      const path = stringArgument(args[0]);
      uses.push({ path: joinPath(base, path ?? '*'), middleware: path === undefined ? args : args.slice(1) });
      continue;
    }
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
    // The method's name (`.post`), not the call: a chain's calls all start where the chain does.
    const callee = ts.isCallExpression(registration.site) && ts.isPropertyAccessExpression(registration.site.expression) ? registration.site.expression.name : registration.site;
    for (const served of methods) {
      const name = `${served === '*' ? 'ALL' : served} ${full}`;
      router.endpoints.push({ name, method: served, handler, site: reader.facts.evidence('public', callee, name), node: callee });
    }
  }
}

/**
 * Every registration on an app, in the order it runs: those of the app it was built from (`const routes =
 * app.route(…).post(…)` is `app`'s, then its own chain), its construction chain, then the statements of its file
 * that register on its variable. Undefined when the app cannot be read (recorded as unreadable).
 */
function registrationsOf(reader: RouterReader, expression: ts.Expression, router: MountedRouter, visiting: Set<ts.Node>, depth: number): Registration[] | undefined {
  const declared = declaredValue(reader.facts, expression);
  if (!declared) {
    router.unreadable.push(reader.facts.evidence('unresolved', expression, `the app \`${expression.getText()}\` could not be read`));
    return undefined;
  }
  const start = unwrapExpression(declared.value);
  if (visiting.has(start) || depth > MAX_DEPTH) return [];
  visiting.add(start);
  const chain = chainCalls(start);
  const origin = chainOrigin(start);
  const inheritedFrom = ts.isIdentifier(origin) || ts.isPropertyAccessExpression(origin) ? (registrationsOf(reader, origin, router, visiting, depth + 1) ?? []) : [];
  const statements = declared.variable ? statementCalls(declared.variable) : [];
  // One registration may be reached twice (the app's statements hold the chain a later variable starts from).
  const all: Registration[] = [];
  const sites = new Set<ts.Node>();
  for (const registration of [...inheritedFrom, ...chain, ...statements]) {
    if (sites.has(registration.site)) continue;
    sites.add(registration.site);
    all.push(registration);
  }
  return all;
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

/** What a chain of calls starts from: `app` in `app.route(…).post(…)`, `new Hono()` in `new Hono().get(…)`. */
function chainOrigin(expression: ts.Expression): ts.Expression {
  let current = unwrapExpression(expression);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) current = unwrapExpression(current.expression.expression);
  return current;
}

/**
 * `app.get(…)`, `app.use(…).post(…)`, `const routes = app.route(…)`, `export default app.get(…)`: the statements of
 * the app's file that register on its variable, in file order.
 */
function statementCalls(variable: ts.VariableDeclaration): Registration[] {
  if (!ts.isIdentifier(variable.name)) return [];
  const name = variable.name.text;
  const calls: Registration[] = [];
  const take = (expression: ts.Expression | undefined) => {
    if (!expression) return;
    const origin = chainOrigin(expression);
    if (ts.isIdentifier(origin) && origin.text === name) calls.push(...chainCalls(expression));
  };
  for (const statement of variable.getSourceFile().statements) {
    if (ts.isExpressionStatement(statement) || ts.isExportAssignment(statement)) take(statement.expression);
    else if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) if (declaration !== variable) take(declaration.initializer);
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
