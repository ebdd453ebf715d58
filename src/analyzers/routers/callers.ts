/**
 * Callers of procedures: the app's own code reaching a tRPC procedure or a Hono route through its typed client.
 *
 *   api.post.create.useMutation()          trpc.post.list.useQuery()       utils.client.post.create.mutate()
 *   trpc.post.list.queryOptions()          caller.post.create(input)       (server-side: createCaller, RSC `api`)
 *   client.api.posts.$post({ json })       client.posts[':id'].$patch(…)   (Hono's `hc<AppType>()`)
 *
 * A file's references are read once from its syntax (a chain of names ending in a call); which procedure each one
 * reaches is decided against the app's procedures when they are known, so a router edit does not re-read callers.
 */
import ts from 'typescript';
import { calleeName, directivesOf, lineOf, startOf, unwrapExpression } from '../ast';
import type { CallerSink } from '../callers';
import type { Caller } from '../model';
import { escapeRegex } from '../paths';
import { CREATE_CALLER_RE } from './trpc';

/** The calls at the end of a tRPC client chain that reach the procedure over HTTP. */
const TRPC_CLIENT_CALLS = new Set([
  'useQuery',
  'useSuspenseQuery',
  'useInfiniteQuery',
  'useSuspenseInfiniteQuery',
  'usePrefetchQuery',
  'usePrefetchInfiniteQuery',
  'useMutation',
  'useSubscription',
  'query',
  'mutate',
  'subscribe',
  'queryOptions',
  'infiniteQueryOptions',
  'mutationOptions',
  'subscriptionOptions',
  'prefetch',
  'prefetchInfinite',
  'fetch',
  'fetchInfinite',
  'ensureData',
]);
const HONO_CLIENT_CALL_RE = /^\$(get|post|put|patch|delete|options|head|all)$/;
const MAX_CHAIN = 12;

/**
 * A text test for files that may hold such a reference (the scan parses only those): a tRPC procedure's last name
 * followed by a client call (`.create.useMutation(`, across a line break too), a server-side caller, a Hono client call.
 */
export function procedureMentionSource(trpcNames: readonly string[], hono: boolean): string {
  const parts: string[] = [];
  if (trpcNames.length) parts.push(`\\.(?:${trpcNames.map(escapeRegex).join('|')})\\s*\\.\\s*(?:${[...TRPC_CLIENT_CALLS].join('|')})\\(`, CREATE_CALLER_RE.source.slice(1, -1));
  if (hono) parts.push('\\.\\$(?:get|post|put|patch|delete|all)\\(');
  return parts.join('|');
}

export interface ProcedureRef {
  /** The names between the client and the call: `['post', 'create']`, `['api', 'posts', ':id']`. */
  path: string[];
  /** `useMutation`, `$post`; absent for a direct call of the procedure (`caller.post.create(input)`). */
  call?: string;
  line: number;
  /** The file is a client module ('use client'). */
  client: boolean;
}

/** Every call at the end of a chain of two or more names (`a.b.c(…)`, `a.b[':id'].$get(…)`): the candidates. */
export function extractProcedureRefs(sourceFile: ts.SourceFile): ProcedureRef[] {
  const refs: ProcedureRef[] = [];
  const client = directivesOf(sourceFile.statements).includes('use client');
  const callers = serverCallers(sourceFile);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isCallExpression(node)) {
      const names = chainNames(node.expression);
      // names[0] is the client (`api`, `trpc`, `client`); a procedure path has at least one name after it.
      if (names && names.length >= 3) {
        const last = names[names.length - 1];
        const call = TRPC_CLIENT_CALLS.has(last) || HONO_CLIENT_CALL_RE.test(last) ? last : undefined;
        // A direct call (`caller.post.create(input)`) only from a server-side caller: `db.post.create()` is no procedure call.
        if (call || callers.has(names[0])) refs.push({ path: names.slice(1, call ? -1 : undefined), ...(call && { call }), line: lineOf(sourceFile, startOf(node, sourceFile)), client });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return refs;
}

/**
 * The names a file gives a server-side caller (`const caller = appRouter.createCaller(ctx)`, `= await createCaller(…)`),
 * and `()` for a chain that starts at such a call.
 */
function serverCallers(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>(['()createCaller']);
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      let value = unwrapExpression(node.initializer);
      if (ts.isAwaitExpression(value)) value = unwrapExpression(value.expression);
      if (ts.isCallExpression(value) && CREATE_CALLER_RE.test(calleeName(value) ?? '')) names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

/** `api.post.create.useMutation` → `['api', 'post', 'create', 'useMutation']`; `x[':id']` counts as a name; anything else is no chain. */
function chainNames(expression: ts.Expression): string[] | undefined {
  const names: string[] = [];
  let current = unwrapExpression(expression);
  while (names.length <= MAX_CHAIN) {
    if (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = unwrapExpression(current.expression);
    } else if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) {
      names.unshift(current.argumentExpression.text);
      current = unwrapExpression(current.expression);
    } else if (ts.isIdentifier(current)) {
      names.unshift(current.text);
      return names;
    } else if (ts.isCallExpression(current) && names.length > 0) {
      // `createCaller(ctx).post.create(…)`, `useTRPC().post.list.queryOptions()`: the call stands for the client.
      names.unshift(CREATE_CALLER_RE.test(calleeName(current) ?? '') ? '()createCaller' : '()');
      return names;
    } else if (ts.isAwaitExpression(current) && names.length > 0) {
      current = unwrapExpression(current.expression);
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** The procedures of one app, by tRPC path and by Hono method and path, with their callers' sinks. */
export class ProcedureTable {
  /** By path: one sink per mount of the router (a router two route files serve is two records until they are merged). */
  private readonly trpc = new Map<string, CallerSink[]>();
  private readonly hono: { method: string; segments: string[]; sink: CallerSink }[] = [];

  addTrpc(path: string, sink: CallerSink): void {
    const sinks = this.trpc.get(path);
    if (sinks) sinks.push(sink);
    else this.trpc.set(path, [sink]);
  }

  addHono(method: string, urlPath: string, sink: CallerSink): void {
    this.hono.push({ method, segments: urlPath.split('/').filter(Boolean), sink });
  }

  get size(): number {
    return this.trpc.size + this.hono.length;
  }

  /**
   * Where a reference lands: the longest tRPC path its names end with, or the Hono route its names and call name
   * (every mount's record of it).
   */
  match(ref: ProcedureRef): { sinks: CallerSink[]; caller: Omit<Caller, 'file'> } | undefined {
    if (ref.call && HONO_CLIENT_CALL_RE.test(ref.call)) {
      const method = ref.call.slice(1).toUpperCase();
      // The client's base URL may hold the first segments (`hc<AppType>('/api')`): the route's path ends with the names.
      const candidates = this.hono.filter((route) => (route.method === method || route.method === '*') && endsWith(route.segments, ref.path));
      const shortest = Math.min(...candidates.map((route) => route.segments.length));
      const sinks = candidates.filter((route) => route.segments.length === shortest).map((route) => route.sink);
      return sinks.length ? { sinks, caller: { line: ref.line, how: 'rpc-client', method, ...(ref.client && { client: true }) } } : undefined;
    }
    // A direct call (no client call at its end) is a server-side caller: it must name a path of two or more parts.
    for (let start = 0; start < ref.path.length; start++) {
      if (!ref.call && ref.path.length - start < 2) break;
      const sinks = this.trpc.get(ref.path.slice(start).join('.'));
      if (sinks) return { sinks, caller: { line: ref.line, how: ref.call ? 'rpc-client' : 'server-call', ...(ref.client && { client: true }) } };
    }
    return undefined;
  }
}

function endsWith(segments: readonly string[], tail: readonly string[]): boolean {
  if (tail.length === 0 || tail.length > segments.length) return false;
  const offset = segments.length - tail.length;
  return tail.every((segment, index) => segments[offset + index] === segment);
}
