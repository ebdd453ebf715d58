/**
 * CodeLens text. One line above each endpoint, made of a few lenses the editor joins with `|`, so the
 * caller count and each finding can be clicked on their own:
 *
 *   ⚡ action · internal | 3 callers | ⚠ missing auth
 *   🌐 POST /api/webhooks/stripe · external · ✓ signature verified
 *
 * `lensSlots` is what the provider returns at once (cheap); `lensTitle` is computed when the editor
 * resolves a visible lens. Pure: no `vscode` import.
 */
import type { Endpoint, Finding } from '../analyzers/model';
import { KIND_SYMBOL, SEVERITY_SYMBOL, authBadge, distinctFindings, isInlineName, plural, ruleTitle } from './labels';

export type LensSlot = { part: 'summary' } | { part: 'callers' } | { part: 'finding'; ruleId: string } | { part: 'convert' } | { part: 'first-look' };

/**
 * The lenses an endpoint gets: a summary, its callers when it has some, and one per rule that fired; with
 * `refactors`, a Server Action the analysis advises to move (it looks like a webhook) also gets "→ Route Handler".
 * Every other convertible action keeps the command in its code-action menu: a lens on each would read as advice.
 */
export function lensSlots(endpoint: Pick<Endpoint, 'callers' | 'findings'> & Partial<Pick<Endpoint, 'kind' | 'actionForm' | 'name'>>, options: { refactors?: boolean } = {}): LensSlot[] {
  const slots: LensSlot[] = [{ part: 'summary' }];
  if (endpoint.callers.length > 0) slots.push({ part: 'callers' });
  for (const finding of distinctFindings(endpoint.findings)) slots.push({ part: 'finding', ruleId: finding.ruleId });
  if (options.refactors && isConvertAdvised(endpoint)) slots.push({ part: 'convert' });
  return slots;
}

/** Converting is advised where an outside caller is expected: the `webhook-as-action` finding. */
function isConvertAdvised(endpoint: Pick<Endpoint, 'findings'> & Partial<Pick<Endpoint, 'kind' | 'actionForm' | 'name'>>): boolean {
  return isConvertible(endpoint) && endpoint.findings.some((finding) => finding.ruleId === 'webhook-as-action');
}

/** Inline actions live in components and capture their variables: only file-level actions convert. */
function isConvertible(endpoint: Partial<Pick<Endpoint, 'kind' | 'actionForm' | 'name'>>): boolean {
  return endpoint.kind === 'action' && endpoint.actionForm !== 'inline' && !isInlineName(endpoint.name ?? '');
}

function summaryTitle(endpoint: Endpoint): string {
  return [kindTitle(endpoint), endpoint.exposure, authBadge(endpoint)].filter(Boolean).join(' · ');
}

/**
 * The lens of a first look (the open file before the workspace's first scan is in): what the endpoint is and its
 * auth verdict; exposure and the findings wait for the callers.
 */
export function firstLookTitle(endpoint: Endpoint): string {
  // The missing-auth finding is its own lens in the full view; here it is the verdict.
  const missing = endpoint.findings.find((finding) => finding.ruleId === 'missing-auth');
  return [kindTitle(endpoint), authBadge(endpoint) ?? (missing && findingTitle(missing)), 'counting callers…'].filter(Boolean).join(' · ');
}

function kindTitle(endpoint: Endpoint): string {
  const what =
    endpoint.kind === 'action'
      ? isInlineName(endpoint.name) || endpoint.actionForm === 'inline'
        ? 'inline action'
        : 'action'
      : endpoint.kind === 'route'
        ? [endpoint.name, endpoint.urlPath].filter(Boolean).join(' ')
        : endpoint.kind === 'procedure'
          ? endpoint.router === 'trpc'
            ? `${endpoint.type ?? 'procedure'} ${endpoint.name}`
            : endpoint.name
          : (endpoint.urlPath ?? 'API route');
  return `${KIND_SYMBOL[endpoint.kind]} ${what}`;
}

export function findingTitle(finding: Pick<Finding, 'ruleId' | 'severity'>): string {
  return `${SEVERITY_SYMBOL[finding.severity]} ${ruleTitle(finding.ruleId)}`;
}

/** The text of one lens; undefined when the slot no longer applies (the model changed since). */
export function lensTitle(endpoint: Endpoint, slot: LensSlot): string | undefined {
  switch (slot.part) {
    case 'summary':
      return summaryTitle(endpoint);
    case 'callers':
      return endpoint.callers.length > 0 ? plural(endpoint.callers.length, 'caller') : undefined;
    case 'finding': {
      const finding = distinctFindings(endpoint.findings).find((item) => item.ruleId === slot.ruleId);
      return finding ? findingTitle(finding) : undefined;
    }
    case 'convert':
      return isConvertAdvised(endpoint) ? '→ Route Handler' : undefined;
    case 'first-look':
      return firstLookTitle(endpoint);
  }
}

/** The endpoint's lenses joined by ` | ` as the editor shows them, the refactor lens left out: for tests and the output log. */
export function lensLine(endpoint: Endpoint): string {
  return lensSlots(endpoint)
    .map((slot) => lensTitle(endpoint, slot))
    .filter((title): title is string => title !== undefined)
    .join(' | ');
}
