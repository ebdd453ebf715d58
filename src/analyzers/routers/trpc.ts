/**
 * tRPC: the procedures of the router a route mounts. `createTRPCRouter({ post: postRouter })`, `t.router({…})`,
 * `mergeRouters(a, b)`, routers in other files and workspace packages; each `builder.input(…).mutation(fn)` is a
 * procedure judged like an action client: by the middleware its builder chain `.use()`s, then by its body.
 */
import ts from 'typescript';
import { type FunctionNode, calleeName, unwrapExpression } from '../ast';
import { type FactsAnalyzer, functionOfExpression } from '../facts';
import type { ProcedureType } from '../model';
import { truncateText } from '../words';
import { MAX_MOUNTED, type MountedRouter, type RouterFrameworkReader, type RouterMount, type RouterReader, declaredValue } from './index';

const PROCEDURE_TYPES: Record<ProcedureType, string> = { query: 'GET', subscription: 'GET', mutation: 'POST' };
const MAX_DEPTH = 12;

/** tRPC's adapters for fetch-style handlers (App Router) and the Next.js pages adapter. */
const TRPC_ADAPTER_RE = /^(fetchRequestHandler|createNextApiHandler|nextAppDirHandler|createNextRouteHandler)$/;

export const trpc: RouterFrameworkReader = {
  framework: 'trpc',
  noun: 'procedure',
  mountAt: adapterMount,
  read: (reader, root, router) => visitRouter(reader, root, '', router, 0, new Set()),
};

/** `fetchRequestHandler({ router: appRouter, … })`, `createNextApiHandler({ router })`: the router it serves. */
function adapterMount(call: ts.CallExpression, facts: FactsAnalyzer): RouterMount | undefined {
  if (!TRPC_ADAPTER_RE.test(calleeName(call) ?? '')) return undefined;
  const options = call.arguments[0] && unwrapExpression(call.arguments[0]);
  const property = options && ts.isObjectLiteralExpression(options) ? options.properties.find((item) => item.name?.getText() === 'router') : undefined;
  const root = property && (ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined);
  return root && { framework: 'trpc', root, evidence: facts.evidence('external-hint', call, `${calleeName(call)}() serves the tRPC router \`${truncateText(root.getText())}\``) };
}

function visitRouter(reader: RouterReader, expression: ts.Expression, prefix: string, router: MountedRouter, depth: number, seen: Set<ts.Node>): void {
  if (depth > MAX_DEPTH || router.endpoints.length >= MAX_MOUNTED) return;
  const declared = declaredValue(reader.facts, expression);
  const value = declared && unwrapExpression(declared.value);
  if (!value || seen.has(value)) {
    if (!value) router.unreadable.push(reader.facts.evidence('unresolved', expression, `the router \`${expression.getText()}\` could not be read`));
    return;
  }
  seen.add(value);
  if (ts.isObjectLiteralExpression(value)) return visitProcedures(reader, value, prefix, router, depth, seen);
  if (!ts.isCallExpression(value)) {
    router.unreadable.push(reader.facts.evidence('unresolved', expression, `the router \`${expression.getText()}\` is not built by a call the analyzer can read`));
    return;
  }
  // `mergeRouters(a, b)`, `t.mergeRouters(…)`: every router given.
  if (/^mergeRouters$/.test(calleeName(value) ?? '')) {
    for (const argument of value.arguments) visitRouter(reader, argument, prefix, router, depth + 1, seen);
    return;
  }
  const record = value.arguments.find((argument) => ts.isObjectLiteralExpression(unwrapExpression(argument)));
  if (record) visitProcedures(reader, unwrapExpression(record) as ts.ObjectLiteralExpression, prefix, router, depth, seen);
  else router.unreadable.push(reader.facts.evidence('unresolved', value, `the router built by ${calleeName(value) ?? 'a call'}() has no procedures the analyzer can read`));
}

function visitProcedures(reader: RouterReader, record: ts.ObjectLiteralExpression, prefix: string, router: MountedRouter, depth: number, seen: Set<ts.Node>): void {
  for (const property of record.properties) {
    if (router.endpoints.length >= MAX_MOUNTED) return;
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
    const initializer = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (ts.isSpreadAssignment(property)) {
      visitRouter(reader, property.expression, prefix, router, depth + 1, seen);
      continue;
    }
    if (!key || !initializer) continue;
    // `{ remove }` or `remove: removeProcedure`: the procedure is declared elsewhere, and judged where it is written.
    const declared = ts.isIdentifier(unwrapExpression(initializer)) || ts.isPropertyAccessExpression(unwrapExpression(initializer)) ? declaredValue(reader.facts, initializer) : undefined;
    const written = declared && procedureType(declared.value) ? declared.value : initializer;
    const type = procedureType(written);
    if (type) {
      const node = written === initializer ? property : (declared?.variable ?? written);
      router.endpoints.push({
        name: `${prefix}${key}`,
        method: PROCEDURE_TYPES[type],
        type,
        handler: reader.handlers.analyzeExpression(written, node),
        site: reader.facts.evidence('public', node, `${type} ${prefix}${key}`),
        node,
      });
    } else {
      visitRouter(reader, initializer, `${prefix}${key}.`, router, depth + 1, seen);
    }
  }
}

/** `….query(fn)`, `….mutation(fn)`, `….subscription(fn)`: the procedure's type. */
function procedureType(expression: ts.Expression): ProcedureType | undefined {
  const value = unwrapExpression(expression);
  if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression)) return undefined;
  const method = value.expression.name.text;
  return method in PROCEDURE_TYPES ? (method as ProcedureType) : undefined;
}

/**
 * `caller.billing.subscriptionUpdated(input)` on a server-side caller (`appRouter.createCaller(ctx)`,
 * `createCaller(ctx)` from `t.createCallerFactory(appRouter)`, awaited or not): the procedure's own function, so the
 * code that calls it is judged by what the procedure does (its writes), as for a helper. The caller's middleware is
 * not followed: the code calling it supplies the context.
 */
export function procedureThroughCaller(facts: FactsAnalyzer, callee: ts.PropertyAccessExpression): FunctionNode | undefined {
  const path: string[] = [];
  let current: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(current)) {
    path.unshift(current.name.text);
    current = unwrapExpression(current.expression);
    if (ts.isAwaitExpression(current)) current = unwrapExpression(current.expression);
  }
  if (path.length === 0) return undefined;
  const router = callerRouter(facts, current);
  return router && procedureFunction(facts, router, path, 0);
}

/** A server-side caller's constructor: `createCaller`, `appRouter.createCaller`, a factory's `createServerCaller`. */
export const CREATE_CALLER_RE = /^create\w*Caller$/;

/** The router a server-side caller calls into: from `appRouter.createCaller(ctx)`, or a factory `createCallerFactory(appRouter)`. */
function callerRouter(facts: FactsAnalyzer, root: ts.Expression): ts.Expression | undefined {
  let call: ts.Expression = root;
  if (ts.isIdentifier(root)) {
    const resolved = facts.resolve(root);
    if (resolved.kind !== 'value' || !resolved.initializer) return undefined;
    call = unwrapExpression(resolved.initializer);
    if (ts.isAwaitExpression(call)) call = unwrapExpression(call.expression);
  }
  if (!ts.isCallExpression(call) || !CREATE_CALLER_RE.test(calleeName(call) ?? '')) return undefined;
  const callee = unwrapExpression(call.expression);
  // `appRouter.createCaller(ctx)`
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'createCaller') return callee.expression;
  // `const createCaller = createCallerFactory(appRouter)` (or `t.createCallerFactory(appRouter)`)
  if (!ts.isIdentifier(callee)) return undefined;
  const factory = facts.resolve(callee);
  const made = factory.kind === 'value' && factory.initializer ? unwrapExpression(factory.initializer) : undefined;
  return made && ts.isCallExpression(made) && /createCallerFactory$/.test(calleeName(made) ?? '') ? made.arguments[0] : undefined;
}

/** Walks a router by a procedure's path to the function its `.query()`/`.mutation()` runs. */
function procedureFunction(facts: FactsAnalyzer, expression: ts.Expression, path: readonly string[], depth: number): FunctionNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const declared = declaredValue(facts, expression);
  const value = declared && unwrapExpression(declared.value);
  if (!value) return undefined;
  if (path.length === 0) {
    const type = procedureType(value);
    const resolver = type && ts.isCallExpression(value) ? value.arguments[value.arguments.length - 1] : undefined;
    return resolver ? functionOfExpression(resolver) : undefined;
  }
  if (ts.isCallExpression(value) && /^mergeRouters$/.test(calleeName(value) ?? '')) {
    for (const argument of value.arguments) {
      const found = procedureFunction(facts, argument, path, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = ts.isObjectLiteralExpression(value) ? value : ts.isCallExpression(value) ? value.arguments.map(unwrapExpression).find(ts.isObjectLiteralExpression) : undefined;
  if (!record) return undefined;
  for (const property of record.properties) {
    if (ts.isSpreadAssignment(property)) {
      const found = procedureFunction(facts, property.expression, path, depth + 1);
      if (found) return found;
      continue;
    }
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
    if (key !== path[0]) continue;
    const initializer = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    return initializer && procedureFunction(facts, initializer, path.slice(1), depth + 1);
  }
  return undefined;
}
