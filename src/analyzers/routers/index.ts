/**
 * Routers behind one route handler: a tRPC router (`fetchRequestHandler({ router })`) or a Hono app
 * (`handle(app)`) serves many endpoints through one `route.ts`. Each framework is one module that finds the
 * procedures or routes a mount serves; the route handler is then judged by what it serves
 * (../shared/auth-semantics.md, "Routers behind one route").
 */
import ts from 'typescript';
import { syntaxErrors } from '../ast';
import type { FactsAnalyzer } from '../facts';
import type { HandlerAnalyzer, HandlerFacts } from '../handlers';
import type { Evidence, ProcedureType, RouterFramework } from '../model';
import { methodReaches } from '../rules/rule';
import { hono } from './hono';
import { trpc } from './trpc';

/** `fetchRequestHandler({ router: appRouter })`, `handle(app)`: the router or app a route handler serves. */
export interface RouterMount {
  framework: RouterFramework;
  root: ts.Expression;
  evidence: Evidence;
}

/**
 * One framework whose router a route handler can serve: how a mount is written, and how its procedures are read.
 * Adding a framework is a module that exports one of these, listed in ROUTER_FRAMEWORKS.
 */
export interface RouterFrameworkReader {
  framework: RouterFramework;
  /** What it serves is called, in words: `procedure`, `route`. */
  noun: string;
  /** A call anywhere in a handler's body, or the handler itself, that mounts a router (`fetchRequestHandler({ router })`). */
  mountAt?(call: ts.CallExpression, facts: FactsAnalyzer): RouterMount | undefined;
  /** A call of a function imported from a package that mounts a router (`handle(app)` from `hono/vercel`). */
  mountByImport?(call: ts.CallExpression, imported: { module: string; name: string }, facts: FactsAnalyzer): RouterMount | undefined;
  /** Adds what the router at `root` serves to `router`, and what could not be read. */
  read(reader: RouterReader, root: ts.Expression, router: MountedRouter): void;
}

export const ROUTER_FRAMEWORKS: readonly RouterFrameworkReader[] = [trpc, hono];

function frameworkOf(framework: RouterFramework): RouterFrameworkReader {
  return ROUTER_FRAMEWORKS.find((item) => item.framework === framework)!;
}

/** What a framework calls what it serves: `procedure` (tRPC), `route` (Hono). */
export function servedNoun(framework: RouterFramework): string {
  return frameworkOf(framework).noun;
}

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
  framework: RouterFramework;
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
  frameworkOf(mount.framework).read(reader, mount.root, router);
  // A procedure in a file the parser could not read whole is not judged from its recovered tree (that file is
  // listed as skipped when it is an endpoint file): the route that mounts it reads it as unknown.
  const brokenFiles = new Set<string>();
  router.endpoints = router.endpoints.filter((endpoint) => {
    if (syntaxErrors(endpoint.node.getSourceFile()).length === 0) return true;
    if (!brokenFiles.has(endpoint.site.file)) {
      brokenFiles.add(endpoint.site.file);
      router.unreadable.push({ ...endpoint.site, kind: 'unresolved', message: `${endpoint.site.file} has a syntax error: what it serves could not be read` });
    }
    return false;
  });
  return router;
}

/**
 * The URL a procedure is reached at: a tRPC procedure's path follows the mount's catch-all segment
 * (`/api/trpc/[trpc]` → `/api/trpc/post.create`); a Hono route's name already holds its full path.
 */
export function procedureUrl(framework: RouterFramework, mountPath: string, name: string): string {
  if (framework === 'hono') return name.slice(name.indexOf(' ') + 1);
  const parent = /\/\[[^/]+\]$/.test(mountPath) ? mountPath.slice(0, mountPath.lastIndexOf('/')) : mountPath;
  return `${parent.replace(/\/+$/, '')}/${name}`;
}

/**
 * `GET` is served queries (and subscriptions), `POST` mutations; Hono routes by their own method; `*` (a pages/api
 * handler, which answers every method) everything.
 */
export function servedBy(endpoint: Pick<MountedEndpoint, 'method'>, method: string): boolean {
  return methodReaches(method, endpoint.method);
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
