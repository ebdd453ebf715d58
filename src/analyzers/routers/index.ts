/**
 * Routers behind one route handler: a tRPC router (`fetchRequestHandler({ router })`) or a Hono app
 * (`handle(app)`) serves many endpoints through one `route.ts`. Each framework is one module that finds the
 * procedures or routes a mount serves; the route handler is then judged by what it serves
 * (../shared/auth-semantics.md, "Routers behind one route").
 */
import ts from 'typescript';
import type { FactsAnalyzer } from '../facts';
import type { HandlerAnalyzer, HandlerFacts, RouterMount } from '../handlers';
import type { Evidence } from '../model';
import { honoRoutes } from './hono';
import { trpcProcedures } from './trpc';

/** One procedure or route a mounted router serves. */
export interface MountedEndpoint {
  /** `post.create` for tRPC, `POST /api/posts` for Hono. */
  name: string;
  /** The HTTP method that reaches it through the mount (`*` for every method). */
  method: string;
  handler: HandlerFacts;
  site: Evidence;
}

export interface MountedRouter {
  framework: RouterMount['framework'];
  evidence: Evidence;
  endpoints: MountedEndpoint[];
  /** What could not be followed (a router from a package, a dynamic registration). */
  unreadable: Evidence[];
}

export interface RouterReader {
  facts: FactsAnalyzer;
  handlers: HandlerAnalyzer;
}

/** Endpoints of a router are capped: a generated API with thousands of routes is judged by the first ones. */
export const MAX_MOUNTED = 400;

export function readRouter(mount: RouterMount, reader: RouterReader): MountedRouter {
  const router: MountedRouter = { framework: mount.framework, evidence: mount.evidence, endpoints: [], unreadable: [] };
  if (mount.framework === 'trpc') trpcProcedures(reader, mount.root, router);
  else honoRoutes(reader, mount.root, router);
  return router;
}

/** `GET` is served queries (and subscriptions), `POST` mutations; Hono routes by their own method. */
export function servedBy(endpoint: MountedEndpoint, method: string): boolean {
  return endpoint.method === '*' || endpoint.method === method || (method === 'HEAD' && endpoint.method === 'GET');
}

/**
 * A value as written where it is declared: `appRouter` → `createTRPCRouter({…})`, `export default app` → `new Hono()…`,
 * with the variable that holds it (its later `app.get(…)` registrations are statements on that name).
 */
export function declaredValue(facts: FactsAnalyzer, expression: ts.Expression): { value: ts.Expression; variable?: ts.VariableDeclaration } | undefined {
  let current = expression;
  let variable: ts.VariableDeclaration | undefined;
  for (let step = 0; step < 8; step++) {
    while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    if (!ts.isIdentifier(current) && !ts.isPropertyAccessExpression(current)) return { value: current, ...(variable ? { variable } : {}) };
    const resolved = facts.resolve(current);
    if (resolved.kind !== 'value') return undefined;
    const declaration = resolved.declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      variable = declaration;
      current = declaration.initializer;
    } else if (ts.isExportAssignment(declaration)) current = declaration.expression;
    else return undefined;
  }
  return undefined;
}
