/** Short words and symbols every view shares (lenses, tree, hover, status bar). Pure: no `vscode` import. */
import type { Endpoint, EndpointKind, Evidence, Finding, Severity } from '../analyzers/model';

export const KIND_SYMBOL: Record<EndpointKind, string> = { action: '⚡', route: '🌐', 'pages-api': '🌐', procedure: '🔌' };

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const SEVERITY_SYMBOL: Record<Severity, string> = { error: '⚠', warning: '⚠', info: 'ℹ' };

export function isInlineName(name: string): boolean {
  return /^inline@\d+$/.test(name);
}

/** `inviteMember`, `inline action (line 32)`, `POST /api/x`, `/api/legacy` (pages/api), `post.create` (tRPC), `POST /api/posts` (Hono). */
export function endpointLabel(endpoint: Pick<Endpoint, 'kind' | 'name' | 'urlPath'>): string {
  if (endpoint.kind === 'route') return endpoint.urlPath ? `${endpoint.name} ${endpoint.urlPath}` : endpoint.name;
  if (endpoint.kind === 'pages-api') return endpoint.urlPath ?? endpoint.name;
  return isInlineName(endpoint.name) ? `inline action (line ${endpoint.name.slice('inline@'.length)})` : endpoint.name;
}

/** What the endpoint is, in a few words: `Server Action`, `Route Handler`, `API route (pages/api)`, `tRPC mutation`, `Hono route`. */
export function kindNoun(kind: EndpointKind, procedure?: Pick<Endpoint, 'router' | 'type'>): string {
  if (kind === 'procedure') return procedure?.router === 'hono' ? 'Hono route' : `tRPC ${procedure?.type ?? 'procedure'}`;
  return kind === 'action' ? 'Server Action' : kind === 'route' ? 'Route Handler' : 'API route (pages/api)';
}

/** `missing-auth` → `missing auth`. */
export function ruleTitle(ruleId: string): string {
  return ruleId.replace(/-/g, ' ');
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export function worstSeverity(findings: readonly Pick<Finding, 'severity'>[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const finding of findings) if (worst === undefined || SEVERITY_RANK[finding.severity] < SEVERITY_RANK[worst]) worst = finding.severity;
  return worst;
}

/** One finding per rule (the most severe), in the order the rules fired. */
export function distinctFindings(findings: readonly Finding[]): Finding[] {
  const byRule = new Map<string, Finding>();
  for (const finding of findings) {
    const known = byRule.get(finding.ruleId);
    if (!known || SEVERITY_RANK[finding.severity] < SEVERITY_RANK[known.severity]) byRule.set(finding.ruleId, finding);
  }
  return [...byRule.values()];
}

function has(evidence: readonly Evidence[], kind: Evidence['kind']): boolean {
  return evidence.some((item) => item.kind === kind);
}

/** Sign-in, sign-up, OAuth callbacks and auth-library handlers: public because that is what they are for. */
function isAuthFlow(endpoint: Pick<Endpoint, 'evidence'> & Partial<Pick<Endpoint, 'effects'>>): boolean {
  if (endpoint.effects?.some((effect) => effect.kind === 'auth-state')) return true;
  return endpoint.evidence.some((item) => item.kind === 'public' && /sign-in flow|callback \(OAuth|the \/(login|signin|sign-in|signup|sign-up|register|auth)\b/i.test(item.message));
}

/**
 * The auth verdict as a short badge, or undefined when a finding already says it (a `missing-auth` finding
 * is shown as the finding itself).
 */
export function authBadge(endpoint: Pick<Endpoint, 'auth' | 'evidence' | 'findings' | 'suppressed'> & Partial<Pick<Endpoint, 'mutates' | 'effects'>>): string | undefined {
  switch (endpoint.auth) {
    case 'protected':
      if (has(endpoint.evidence, 'guard')) return '✓ auth checked';
      if (has(endpoint.evidence, 'wrapper-guard')) return '✓ guarded by wrapper';
      if (has(endpoint.evidence, 'verification')) return '✓ signature verified';
      return '✓ protected';
    case 'public':
      // Not "public" next to "internal": say why no guard is needed.
      if (isAuthFlow(endpoint)) return 'auth flow';
      return endpoint.mutates ? 'no auth needed' : 'read-only';
    case 'unknown':
      return '? auth unknown';
    case 'missing':
      if (endpoint.findings.some((finding) => finding.ruleId === 'missing-auth')) return undefined;
      if (endpoint.suppressed.some((finding) => finding.ruleId === 'missing-auth')) return '✗ no auth (ignored)';
      return '✗ no auth check';
  }
}
