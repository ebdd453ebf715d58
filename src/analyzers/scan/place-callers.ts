/**
 * The callers phase, placed: each file's references (caller-index.ts) land on the endpoints they reach. Imports of
 * actions through the action index (and its barrels), same-file uses, URLs against each app's routes, calls through
 * a router's client against its procedures; a route that mounts a router inherits the callers of what it serves.
 * What each file's references resolve to is kept on the file while the index's shape and the app's routes stay
 * the same, so an edit re-places only that file's references.
 */
import {
  type ActionIndex,
  type CallerSink,
  type RouteTarget,
  RouteTable,
  addLocalCaller,
  attachResolvedActionRefs,
  attachUrlMatches,
  matchUrlRefs,
  newActionTargetMemo,
  resolveActionRefs,
  type CallerContext,
} from '../callers';
import { type EndpointRecord, type FileAnalysis, HTTP_METHODS, honoUrlPath, mergeSharedProcedures } from '../endpoint-records';
import { ProcedureTable } from '../routers/callers';
import { httpMethod, methodReaches } from '../rules/rule';
import { join } from '../workspace';
import type { FileRefs } from './caller-index';
import type { FileEntry } from './file-table';

export interface PlacementInput {
  root: string;
  analyses: ReadonlyMap<string, FileAnalysis>;
  refs: ReadonlyMap<string, FileRefs>;
  files: ReadonlyMap<string, FileEntry>;
  context: CallerContext;
  /** Bumped when a file that re-exports changes: barrels decide where imports of actions land. */
  barrelGeneration: number;
}

export interface Placement {
  /** Every endpoint record of the round with the callers placed on it. */
  drafts: Map<EndpointRecord, CallerSink>;
  /** Procedures served by more than one route: the other mounts. */
  alsoMountedAt: ReturnType<typeof mergeSharedProcedures>;
}

export class CallerPlacement {
  /**
   * The action index's files and names, and each app's routes, as keys with a generation that changes when the key
   * does: per-file caches compare generations, not the (long) keys.
   */
  private indexShape = { key: '', generation: 0 };
  private readonly routeSets = new Map<string, { key: string; records: Set<EndpointRecord>; generation: number }>();

  place(input: PlacementInput): Placement {
    const drafts = new Map<EndpointRecord, CallerSink>();
    const actionIndex: ActionIndex = new Map();
    for (const [file, analysis] of input.analyses) {
      for (const item of analysis.records) drafts.set(item, { callers: [] });
      if (analysis.actionExports) {
        const byName = new Map<string, CallerSink[]>();
        for (const [name, item] of analysis.actionExports) byName.set(name, [drafts.get(item)!]);
        actionIndex.set(file, byName);
      }
    }
    for (const [file, analysis] of input.analyses) {
      for (const reexport of analysis.reexports) {
        const original = actionIndex.get(reexport.original)?.get(reexport.originalName);
        if (original) actionIndex.get(file)?.set(reexport.name, original);
      }
    }
    // Where imports land depends on the index's files and names (and on barrels), not on the endpoints behind them.
    const shape = [...actionIndex].map(([file, byName]) => `${file}\u0000${[...byName.keys()].join('\u0000')}`);
    const indexShape = `${input.barrelGeneration}\u0001${shape.sort().join('\u0001')}`;
    if (indexShape !== this.indexShape.key) this.indexShape = { key: indexShape, generation: this.indexShape.generation + 1 };
    const indexGeneration = this.indexShape.generation;

    // Callers: same-file uses, imports of actions, URLs of routes (per app).
    const context = input.context;
    for (const analysis of input.analyses.values()) {
      if (!analysis.localRefs.length) continue;
      for (const ref of analysis.localRefs) {
        for (const item of analysis.records) {
          if ((ref.localName && item.localName === ref.localName) || (ref.inline && item.inlineNode === ref.inline)) addLocalCaller(drafts.get(item)!, item.base.file, ref);
        }
      }
    }
    const routesByApp = new Map<string, RouteTarget[]>();
    const routeByFile = new Map<string, RouteTarget>();
    const proceduresByApp = new Map<string, ProcedureTable>();
    const routeRecordsByApp = new Map<string, Set<EndpointRecord>>();
    for (const [item, draft] of drafts) {
      if (item.base.kind === 'procedure') {
        let table = proceduresByApp.get(item.base.app);
        if (!table) proceduresByApp.set(item.base.app, (table = new ProcedureTable()));
        if (item.base.router === 'trpc') table.addTrpc(item.base.name, draft);
        else table.addHono(httpMethod(item.base) ?? '*', item.base.urlPath ?? '/', draft);
      }
      // A Hono route is a URL of its own too: `fetch('/api/posts', { method: 'POST' })` reaches it, not the catch-all that mounts it.
      const hono = item.base.kind === 'procedure' && item.base.router === 'hono';
      if (item.base.kind !== 'route' && !hono) continue;
      let records = routeRecordsByApp.get(item.base.app);
      if (!records) routeRecordsByApp.set(item.base.app, (records = new Set()));
      records.add(item);
      const absolute = join(input.root, item.base.file) + (hono ? `#${item.base.name}` : '');
      let target = routeByFile.get(absolute);
      if (!target) {
        const urlPath = hono ? honoUrlPath(item.base.urlPath ?? '/') : (item.base.urlPath ?? '/');
        routeByFile.set(absolute, (target = { urlPath, methods: new Map(), file: absolute }));
        let routes = routesByApp.get(item.base.app);
        if (!routes) routesByApp.set(item.base.app, (routes = []));
        routes.push(target);
      }
      if (hono) {
        const served = httpMethod(item.base);
        for (const method of HTTP_METHODS) if (served === '*' || served === method) target.methods.set(method, draft);
      }
      if (!hono) target.methods.set(item.base.name, draft);
    }
    // URL matches are kept per file and recomputed only when the file or the app's set of routes changed. The same
    // route records as last round (an edit elsewhere) are the same set: no key to build and sort.
    for (const [app, routes] of routesByApp) {
      const records = routeRecordsByApp.get(app)!;
      const known = this.routeSets.get(app);
      if (known && known.records.size === records.size && [...records].every((record) => known.records.has(record))) continue;
      const key = routes.map((route) => route.urlPath + '\u0000' + route.file).sort().join('\n');
      this.routeSets.set(app, { key, records, generation: known?.key === key ? known.generation : (known?.generation ?? 0) + 1 });
    }
    const tables = new Map<string, RouteTable>();
    // Where an import of an action lands, by module and name: the same for every file of this round.
    const actionTargets = newActionTargetMemo();
    for (const [file, refs] of input.refs) {
      const entry = input.files.get(file);
      if (!entry) continue;
      if (refs.actions.length) {
        if (!refs.resolvedActions || refs.indexGeneration !== indexGeneration) {
          refs.resolvedActions = resolveActionRefs(context, actionIndex, entry.relative, refs.actions, actionTargets);
          refs.indexGeneration = indexGeneration;
        }
        attachResolvedActionRefs(actionIndex, refs.resolvedActions);
      }
      const app = entry.app?.root;
      if (app === undefined || !refs.urls.length || !routesByApp.has(app)) continue;
      const routesGeneration = this.routeSets.get(app)!.generation;
      if (!refs.urlMatches || refs.routesGeneration !== routesGeneration) {
        let table = tables.get(app);
        if (!table) tables.set(app, (table = new RouteTable(routesByApp.get(app)!)));
        refs.urlMatches = matchUrlRefs(table, file, entry.relative, refs.urls);
        refs.routesGeneration = routesGeneration;
      }
      attachUrlMatches(routeByFile, refs.urlMatches);
    }
    for (const [file, refs] of input.refs) {
      const table = refs.procedures.length ? proceduresByApp.get(input.files.get(file)?.app?.root ?? '\u0000') : undefined;
      if (!table) continue;
      const relative = input.files.get(file)!.relative;
      for (const ref of refs.procedures) {
        const match = table.match(ref);
        if (!match) continue;
        const caller = { file: relative, ...match.caller };
        for (const sink of match.sinks) sink.callers.push(caller);
      }
    }
    // A route handler that serves a router is called wherever what it serves is called (for the methods that reach them).
    for (const [item, draft] of drafts) {
      if (item.base.kind !== 'procedure' || !item.base.mountedAt || draft.callers.length === 0) continue;
      const method = httpMethod(item.base);
      for (const [routeMethod, routeDraft] of routeByFile.get(join(input.root, item.base.mountedAt))?.methods ?? []) {
        // A server-side caller runs the procedure in-process: it never reaches the route.
        if (methodReaches(routeMethod, method)) routeDraft.callers.push(...draft.callers.filter((caller) => caller.how !== 'server-call'));
      }
    }
    return { drafts, alsoMountedAt: mergeSharedProcedures(drafts) };
  }
}
