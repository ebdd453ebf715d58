/**
 * The classify and rules phases: each endpoint's verdict (exposure, auth, mutation, revalidation) from its record
 * and callers, the middleware as context, then every rule's findings and the suppressions that hold. An endpoint
 * whose record, callers and middleware are the same as last round keeps last round's result, so a keystroke
 * classifies only what it can have changed.
 */
import * as nodePath from 'node:path';
import type { CallerSink } from '../callers';
import { classify } from '../classify';
import type { BoundaryConfig } from '../config';
import type { EndpointRecord, FileAnalysis } from '../endpoint-records';
import { matchersCovering } from '../middleware';
import type { Caller, Endpoint, NextApp } from '../model';
import { segmentUrlPath } from '../paths';
import { allRules } from '../rules';
import { sortCallers } from '../callers';
import { type DiscoveredApp, join } from '../workspace';

export interface ClassifyInput {
  root: string;
  drafts: ReadonlyMap<EndpointRecord, CallerSink>;
  alsoMountedAt: ReadonlyMap<EndpointRecord, string[]>;
  apps: readonly NextApp[];
  analyses: ReadonlyMap<string, FileAnalysis>;
  appConfigs: ReadonlyMap<string, BoundaryConfig>;
  rootConfig: BoundaryConfig | undefined;
  severities: Record<string, 'error' | 'warning' | 'info' | 'off'>;
}

export interface Classified {
  endpoints: Endpoint[];
  /** Endpoints classified again (the rest were reused as they were). */
  classifiedCount: number;
  classifyMs: number;
  rulesMs: number;
}

export class EndpointClassifier {
  /** Last round's classified endpoints, by record, with the middleware they were classified with (callers are on the endpoint). */
  private classified = new Map<EndpointRecord, { middlewareKey: string; endpoint: Endpoint }>();

  /** Settings or severities changed: nothing from the last round holds. */
  reset(): void {
    this.classified = new Map();
  }

  classify(input: ClassifyInput): Classified {
    const started = performance.now();
    let rulesMs = 0;
    let classifiedCount = 0;
    const appByRoot = new Map(input.apps.map((app) => [app.root, app]));
    const middlewareKeys = new Map(input.apps.map((app) => [app.root, app.middleware ? JSON.stringify(app.middleware) : '']));
    const severities = input.severities;
    const classified = new Map<EndpointRecord, { middlewareKey: string; endpoint: Endpoint }>();
    const endpoints: Endpoint[] = [];
    for (const [item, draft] of input.drafts) {
      const app = appByRoot.get(item.base.app);
      const otherMounts = input.alsoMountedAt.get(item);
      const middlewareKey = (middlewareKeys.get(item.base.app) ?? '') + (otherMounts ? `\u0000${otherMounts.join('\u0000')}` : '');
      sortCallers(draft.callers);
      // Same code facts (same record), same callers, same middleware: the classification from the last round still holds.
      const previous = this.classified.get(item);
      if (previous && previous.middlewareKey === middlewareKey && sameCallers(previous.endpoint.callers, draft.callers)) {
        classified.set(item, previous);
        endpoints.push(previous.endpoint);
        continue;
      }
      classifiedCount++;
      const endpoint: Endpoint = { ...item.base, exposure: 'unused', auth: 'unknown', mutates: false, revalidates: false, callers: draft.callers, evidence: [], findings: [], suppressed: [] };
      const appConfig = item.app ? input.appConfigs.get(item.app.root) : input.rootConfig;
      const webhookImport = input.analyses.get(join(input.root, endpoint.file))?.webhookImport;
      classify({
        endpoint,
        handler: item.handler,
        publicPaths: appConfig?.publicPaths ?? [],
        site: { kind: 'public', file: endpoint.file, line: endpoint.line, message: '' },
        ...(item.app?.appDir !== undefined && { appDir: item.app.appDir }),
        ...(webhookImport && { webhookImport }),
        ...(item.app?.settings.configUrls.length && { configUrls: item.app.settings.configUrls }),
      });
      addMiddlewareContext(endpoint, app, item.app);
      for (const mount of otherMounts ?? []) endpoint.evidence.push({ kind: 'mount', file: mount, line: 1, message: `also served by ${mount}` });
      const ruleContext = { endpoint, app: app ?? { root: '', name: '', authLibraries: [] }, suppressions: item.comments };
      const checking = performance.now();
      // A route handler that serves a router is judged through what it serves: the findings are on each procedure.
      for (const rule of endpoint.mounts ? [] : allRules) {
        const severity = severities[rule.id] ?? rule.defaultSeverity;
        if (severity === 'off') continue;
        for (const report of rule.check(ruleContext)) {
          const finding = { ruleId: rule.id, severity, message: report.message, file: report.file ?? endpoint.file, line: report.line ?? endpoint.line };
          const suppression = item.comments.find((comment) => comment.reason && comment.rules.includes(rule.id));
          if (suppression && rule.id !== 'suppression-without-reason') endpoint.suppressed.push({ ...finding, reason: suppression.reason! });
          else endpoint.findings.push(finding);
        }
      }
      rulesMs += performance.now() - checking;
      classified.set(item, { middlewareKey, endpoint });
      endpoints.push(endpoint);
    }
    this.classified = classified;
    return { endpoints, classifiedCount, classifyMs: performance.now() - started - rulesMs, rulesMs };
  }
}

function sameCallers(previous: readonly Caller[], current: readonly Caller[]): boolean {
  if (previous.length !== current.length) return false;
  for (let i = 0; i < previous.length; i++) {
    const a = previous[i];
    const b = current[i];
    if (a !== b && (a.file !== b.file || a.line !== b.line || a.how !== b.how || a.method !== b.method || a.client !== b.client || a.runsIn !== b.runsIn || a.nonSerializableArgument?.text !== b.nonSerializableArgument?.text || !sameRefresh(a.refresh, b.refresh))) return false;
  }
  return true;
}

function sameRefresh(a: Caller['refresh'], b: Caller['refresh']): boolean {
  return a === b || (!!a && !!b && a.file === b.file && a.line === b.line && a.what === b.what);
}

function addMiddlewareContext(endpoint: Endpoint, app: NextApp | undefined, discovered: DiscoveredApp | undefined): void {
  const middleware = app?.middleware;
  if (!middleware) return;
  let paths: string[];
  if (endpoint.kind !== 'action') paths = [endpoint.urlPath ?? '/'];
  else {
    const appDir = discovered?.appDir;
    paths = appDir ? endpoint.callers.filter((caller) => caller.file.startsWith(appDir + '/')).map((caller) => segmentUrlPath(caller.file.slice(appDir.length + 1))) : [];
    if (middleware.matchers.length === 0 && !middleware.dynamicMatcher) paths = ['/'];
  }
  for (const path of new Set(paths)) {
    const covering = matchersCovering(middleware, path);
    if (covering.length) {
      endpoint.evidence.push({
        kind: 'middleware',
        file: middleware.file,
        line: middleware.line,
        message: `${nodePath.posix.basename(middleware.file)} matcher ${covering.join(', ')} covers ${path} (context only: it does not protect ${endpoint.kind === 'action' ? 'the action' : 'the handler'})`,
      });
      return;
    }
  }
}
