/**
 * tRPC: the procedures of the router a route mounts. `createTRPCRouter({ post: postRouter })`, `t.router({…})`,
 * `mergeRouters(a, b)`, routers in other files and workspace packages; each `builder.input(…).mutation(fn)` is a
 * procedure judged like an action client: by the middleware its builder chain `.use()`s, then by its body.
 */
import ts from 'typescript';
import { calleeName, unwrapExpression } from '../ast';
import type { FactsAnalyzer } from '../facts';
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
