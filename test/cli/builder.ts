/** Hand-built ScanResult objects for the CLI tests: no real scan involved. */
import type { Endpoint, Finding, NextApp, ScanResult, Severity, SuppressedFinding } from '../../src/analyzers/model';

export const ROOT = '/work/project';

export function app(root = '', name = root === '' ? 'project' : root.split('/').pop() ?? root): NextApp {
  return { root, name, appDir: root === '' ? 'app' : `${root}/app`, authLibraries: [] };
}

export function endpoint(partial: Partial<Endpoint> & Pick<Endpoint, 'file' | 'name'>): Endpoint {
  return {
    kind: 'action',
    line: 1,
    column: 1,
    app: '',
    exposure: 'internal',
    auth: 'protected',
    mutates: false,
    revalidates: false,
    callers: [],
    evidence: [],
    findings: [],
    suppressed: [],
    ...partial,
  };
}

const DEFAULT_SEVERITY: Record<string, Severity> = {
  'missing-auth': 'error',
  'webhook-without-verification': 'error',
  'missing-revalidation': 'warning',
  'unused-action': 'info',
};

/** A finding of `ruleId` at the endpoint's own place (the way rules report by default). */
export function finding(of: Pick<Endpoint, 'file' | 'line'>, ruleId: string, severity?: Severity): Finding {
  return {
    ruleId,
    severity: severity ?? DEFAULT_SEVERITY[ruleId] ?? 'warning',
    message: `${ruleId} message`,
    file: of.file,
    line: of.line,
    column: 1,
  };
}

export function suppressed(of: Pick<Endpoint, 'file' | 'line'>, ruleId: string, reason: string): SuppressedFinding {
  return { ...finding(of, ruleId), reason };
}

/** An endpoint with findings (and suppressed findings) of these rules at its own location. */
export function withFindings(base: Endpoint, ruleIds: string[], suppressedRules: Record<string, string> = {}): Endpoint {
  return {
    ...base,
    findings: ruleIds.map((id) => finding(base, id)),
    suppressed: Object.entries(suppressedRules).map(([id, reason]) => suppressed(base, id, reason)),
  };
}

export function result(partial: Partial<ScanResult> = {}): ScanResult {
  return {
    schemaVersion: 1,
    root: ROOT,
    apps: [app()],
    endpoints: [],
    skipped: [],
    stats: { filesSeen: 10, filesRead: 9, filesParsed: 8, programFiles: 7, durationMs: 123 },
    ...partial,
  };
}

/** A small single-app project: two actions, two route methods, a pages/api route, a skipped file. */
export function sampleResult(): ScanResult {
  const createPost = endpoint({ file: 'app/posts/actions.ts', name: 'createPost', line: 12, mutates: true, auth: 'missing' });
  const deletePost = endpoint({ file: 'app/posts/actions.ts', name: 'deletePost', line: 30, exposure: 'unused' });
  const get = endpoint({ kind: 'route', file: 'app/api/projects/[id]/route.ts', name: 'GET', line: 3, urlPath: '/api/projects/[id]', auth: 'public', exposure: 'external' });
  const post = endpoint({ kind: 'route', file: 'app/api/projects/[id]/route.ts', name: 'POST', line: 9, urlPath: '/api/projects/[id]', auth: 'missing', mutates: true, exposure: 'external' });
  const legacy = endpoint({ kind: 'pages-api', file: 'pages/api/legacy.ts', name: 'default', line: 5, urlPath: '/api/legacy', auth: 'unknown', exposure: 'external' });
  return result({
    // Deliberately not in output order.
    endpoints: [
      withFindings(deletePost, ['unused-action']),
      legacy,
      withFindings(post, ['missing-auth']),
      withFindings(createPost, ['missing-auth', 'missing-revalidation']),
      get,
    ],
    skipped: [{ file: 'app/broken/page.tsx', reason: 'syntax error: unexpected token (4:10)' }],
  });
}
