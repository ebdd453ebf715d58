/**
 * Routers behind one route handler: a tRPC router (`fetchRequestHandler({ router })`) or a Hono app
 * (`handle(app)`) serves many endpoints through one `route.ts`. Each framework is one module that finds the
 * procedures or routes a mount serves; the route handler is then judged by what it serves
 * (../shared/auth-semantics.md, "Routers behind one route").
 */
import ts from 'typescript';
import type { FactsAnalyzer } from '../facts';
import type { HandlerAnalyzer, HandlerFacts, RouterMount } from '../handlers';
import type { Evidence, ProcedureType } from '../model';
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
  /** Where it is defined: the tRPC router's property, or the procedure's own declaration when the router names a variable; the Hono registration call. */
  node: ts.Node;
  /** tRPC: query, mutation or subscription. */
  type?: ProcedureType;
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

/**
 * The URL a procedure is reached at: a tRPC procedure's path follows the mount's catch-all segment
 * (`/api/trpc/[trpc]` → `/api/trpc/post.create`); a Hono route's name already holds its full path.
 */
export function procedureUrl(framework: RouterMount['framework'], mountPath: string, name: string): string {
  if (framework === 'hono') return name.slice(name.indexOf(' ') + 1);
  const parent = /\/\[[^/]+\]$/.test(mountPath) ? mountPath.slice(0, mountPath.lastIndexOf('/')) : mountPath;
  return `${parent.replace(/\/+$/, '')}/${name}`;
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
