/**
 * What one endpoint file declares, as the analyzer keeps it between rounds: its records (an export, a route method,
 * an inline action, a procedure of a router it mounts) with their handler facts and suppression comments. Procedures
 * are made here from the routers a file mounts (routers/), one record per procedure and mount, merged across mounts
 * when the model is assembled.
 */
import ts from 'typescript';
import { columnOf, enclosingStatement, lineOf, startOf } from './ast';
import type { CallerSink, LocalRef } from './callers';
import type { HandlerFacts } from './handlers';
import type { Endpoint, Evidence, MiddlewareInfo, SkippedFile } from './model';
import { type MountedRouter, type RouterReader, procedureUrl, readRouter, servedBy } from './routers';
import type { SuppressionComment } from './rules/rule';
import { suppressionsAbove } from './suppressions';
import type { DiscoveredApp } from './workspace';

/** What one endpoint file declares, kept until that file (or one it imports) changes. */
export interface EndpointRecord {
  base: Pick<Endpoint, 'kind' | 'name' | 'file' | 'line' | 'column' | 'app' | 'urlPath' | 'actionForm' | 'router' | 'type' | 'mountedAt'>;
  handler: HandlerFacts;
  comments: SuppressionComment[];
  app?: DiscoveredApp;
  localName?: string;
  inlineNode?: ts.Node;
}

export interface FileAnalysis {
  records: EndpointRecord[];
  /** A 'use server' module: export name → records (re-exports of other 'use server' files point there). */
  actionExports?: Map<string, EndpointRecord>;
  reexports: { name: string; original: string; originalName: string }[];
  localRefs: LocalRef[];
  webhookImport?: Evidence;
  middleware?: MiddlewareInfo;
  skipped?: SkippedFile;
}

/**
 * What the routers a route file mounts serve, as endpoints of their own where they are defined (once, however
 * many methods mount them). A route the file exports no method for (a Hono PATCH behind GET and POST) is never reached.
 */
export function procedureRecords(entry: { relative: string; app?: DiscoveredApp }, urlPath: string, mounts: RouterMounts, relative: (absolute: string) => string): EndpointRecord[] {
  const records: EndpointRecord[] = [];
  for (const [router, methods] of mounts.byRouter) {
    for (const served of router.endpoints) {
      if (!methods.some((method) => servedBy(served, method))) continue;
      const definedIn = served.node.getSourceFile();
      const position = startOf(served.node, definedIn);
      records.push({
        base: {
          kind: 'procedure',
          name: served.name,
          file: relative(definedIn.fileName),
          line: lineOf(definedIn, position),
          column: columnOf(definedIn, position),
          app: entry.app?.root ?? '',
          urlPath: procedureUrl(router.framework, urlPath, served.name),
          router: router.framework,
          ...(served.type && { type: served.type }),
          mountedAt: entry.relative,
        },
        handler: served.handler,
        comments: procedureComments(definedIn, served.node).map((item) => ({ ...item, file: relative(definedIn.fileName) })),
        ...(entry.app && { app: entry.app }),
      });
    }
  }
  return records;
}

/** The routers one endpoint file mounts, each read once however many of its methods mount it, with those methods. */
export class RouterMounts {
  readonly byRouter = new Map<MountedRouter, string[]>();
  private readonly byRoot = new Map<string, MountedRouter>();

  constructor(private readonly reader: RouterReader) {}

  /** Reads the router `handler` mounts, if any (`export const GET = handle(app); export const POST = handle(app)`: once). */
  add(handler: HandlerFacts, method: string): void {
    if (!handler.mount) return;
    const key = handler.mount.root.getText();
    let router = this.byRoot.get(key);
    if (!router) this.byRoot.set(key, (router = readRouter(handler.mount, this.reader)));
    handler.mounted = router;
    this.byRouter.set(router, [...(this.byRouter.get(router) ?? []), method]);
  }
}

/**
 * Suppression comments of a procedure: above its property (tRPC) or above the statement that registers it (Hono,
 * `app.post(…)`); a registration inside a longer chain takes the comments above the chain's statement.
 */
function procedureComments(sourceFile: ts.SourceFile, node: ts.Node): ReturnType<typeof suppressionsAbove> {
  const own = suppressionsAbove(sourceFile, node);
  if (own.length || ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) return own;
  const statement = enclosingStatement(node);
  return statement ? suppressionsAbove(sourceFile, statement) : own;
}

/**
 * A router in a workspace package mounted by several apps is one definition: one endpoint for each procedure, kept
 * for the mount that sorts first, with the callers of every app and the other mounts returned (shown as evidence).
 */
export function mergeSharedProcedures(drafts: Map<EndpointRecord, CallerSink>): Map<EndpointRecord, string[]> {
  const kept = new Map<string, EndpointRecord>();
  const others = new Map<EndpointRecord, string[]>();
  const procedures = [...drafts.keys()].filter((item) => item.base.kind === 'procedure').sort((a, b) => ((a.base.mountedAt ?? '') < (b.base.mountedAt ?? '') ? -1 : 1));
  for (const item of procedures) {
    const key = `${item.base.file}\u0000${item.base.name}`;
    const first = kept.get(key);
    if (!first) {
      kept.set(key, item);
      continue;
    }
    drafts.get(first)!.callers.push(...drafts.get(item)!.callers);
    drafts.delete(item);
    const mounts = others.get(first) ?? [];
    if (item.base.mountedAt && item.base.mountedAt !== first.base.mountedAt && !mounts.includes(item.base.mountedAt)) mounts.push(item.base.mountedAt);
    others.set(first, mounts);
  }
  for (const [item, mounts] of others) if (mounts.length === 0) others.delete(item);
  return others;
}

/** Stands for "a Hono app is mounted" among the names a file contributes to the mention pattern. */
export const HONO_MENTION = '$hono';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A Hono path as a Next.js route path, so URLs in code match it: `/posts/:id` → `/posts/[id]`, `/files/*` → `/files/[...rest]`. */
export function honoUrlPath(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?\??/g, '[$1]').replace(/\/\*$/, '/[...rest]');
}

export function emptyAnalysis(skipped: SkippedFile): FileAnalysis {
  return { records: [], reexports: [], localRefs: [], skipped };
}
