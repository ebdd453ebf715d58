/**
 * The hover over an action or route name, as Markdown. First a summary of at most eight lines, the answer
 * a user hovers for: what it is and its name, its URL, exposure (with the caller count), auth (the guard
 * found, file:line, or what is missing), effects with their scope, revalidation, and the findings' titles.
 * Then the detail: who calls it (file:line links), the whole auth chain and effect list when the summary
 * had to shorten them, middleware/proxy coverage (context only), each finding with its rule link, and the
 * findings ignored by comment. `link` turns a model location into a URL the editor opens at that line.
 * Pure: no `vscode` import.
 */
import type { Endpoint, Evidence, Location, NextApp } from '../analyzers/model';
import { httpMethod, methodReaches, ruleHelpUri } from '../analyzers/rules/rule';
import { KIND_SYMBOL, SEVERITY_SYMBOL, authBadge, distinctFindings, endpointLabel, kindNoun, plural, ruleTitle } from './labels';
import { findingTitle } from './lens';

export interface HoverContext {
  app?: NextApp;
  link: (location: Location) => string;
  /** For a route handler that serves a router: the procedures it serves for its method (see servedProcedures). */
  served?: readonly Endpoint[];
}

/** The procedures a mounting route handler serves for its method, from the whole model, by URL. */
export function servedProcedures(route: Endpoint, endpoints: readonly Endpoint[]): Endpoint[] {
  if (!route.mounts || route.kind !== 'route') return [];
  return endpoints
    .filter((item) => item.kind === 'procedure' && (item.mountedAt === route.file || item.evidence.some((evidence) => evidence.kind === 'mount' && evidence.file === route.file)))
    .filter((item) => methodReaches(route.name, httpMethod(item)))
    .sort((a, b) => ((a.urlPath ?? a.name) < (b.urlPath ?? b.name) ? -1 : 1));
}

const MAX_CALLERS = 10;
const MAX_EVIDENCE = 5;

const CALLER_HOW: Record<string, string> = {
  'form-action': '<form action>',
  'form-formAction': 'formAction',
  useActionState: 'useActionState',
  useFormState: 'useFormState',
  startTransition: 'startTransition',
  call: 'call',
  prop: 'passed as a prop',
  hook: 'hook',
  reference: 'reference',
  fetch: 'fetch',
  'http-client': 'HTTP client',
  link: 'link',
  'form-post': '<form method="post">',
  'rpc-client': 'through the typed client',
  'server-call': 'called on the server (createCaller)',
};

/** Escapes text for inline Markdown (file names hold `[id]`, `_private`); never at a line start here. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&');
}

/** Escapes Markdown outside `code spans`, which evidence and finding messages use for code. */
export function inlineMarkdown(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? part : escapeMarkdown(part)))
    .join('');
}

function where(location: Location, context: HoverContext): string {
  return `[${escapeMarkdown(`${location.file}:${location.line}`)}](${context.link(location)})`;
}

/** A chain or list shortened to its first `head` items, the count left out (`… N more`) and its last item. */
export function collapse<T>(items: readonly T[], head: number): (T | number)[] {
  if (items.length <= head + 1) return [...items];
  return [...items.slice(0, head), items.length - head - 1, items[items.length - 1]];
}

function evidenceText(item: Evidence, context: HoverContext): string {
  return `${inlineMarkdown(item.message)} — ${where(item, context)}`;
}

/** A detail list: every item up to MAX_EVIDENCE, then `… N more` and the last one. */
function evidenceLines(items: readonly Evidence[], context: HoverContext): string[] {
  return collapse(items, MAX_EVIDENCE).map((item) => (typeof item === 'number' ? `- … ${item} more` : `- ${evidenceText(item, context)}`));
}

/** A summary's one-line form of a chain: its first and last hop, `… N more` between them. */
function chainText(items: readonly Evidence[], context: HoverContext, separator: string): string {
  return collapse(items, 1)
    .map((item) => (typeof item === 'number' ? `… ${item} more` : evidenceText(item, context)))
    .join(separator);
}

/** Whether the summary's one-line form left items out (the detail then lists them all). */
function isCollapsed(items: readonly unknown[]): boolean {
  return collapse(items, 1).some((item) => typeof item === 'number');
}

function ofKind(endpoint: Endpoint, ...kinds: Evidence['kind'][]): Evidence[] {
  return endpoint.evidence.filter((item) => kinds.includes(item.kind));
}

function exposureText(endpoint: Endpoint): string {
  if (endpoint.exposure === 'unused') return '**unused** — nothing in this app references it, but Next.js may still expose it';
  if (endpoint.exposure === 'internal') return `**internal** — ${plural(endpoint.callers.length, 'caller')} in this app`;
  const hint = ofKind(endpoint, 'external-hint')[0];
  return `**external**${hint ? ` — ${inlineMarkdown(hint.message)}` : ''}`;
}

/** The auth verdict, what it rests on (the guard chain, the reason it is public) or what is missing. */
interface AuthFacts {
  verdict: string;
  /** Said before the evidence; a sentence ending in `:` when evidence follows it. */
  why?: string;
  evidence: Evidence[];
}

function authFacts(endpoint: Endpoint): AuthFacts {
  switch (endpoint.auth) {
    case 'protected':
      return { verdict: 'protected', evidence: ofKind(endpoint, 'guard', 'wrapper-guard', 'verification', 'config') };
    case 'public':
      return { verdict: 'public', evidence: ofKind(endpoint, 'public', 'config', 'wrapper-no-guard') };
    case 'unknown':
      return { verdict: 'unknown', why: 'something that could hold a guard could not be read:', evidence: ofKind(endpoint, 'unresolved') };
    case 'missing': {
      const near = ofKind(endpoint, 'identity-unchecked', 'wrapper-no-guard');
      const why = near.length
        ? 'no guard stops the request before the first write:'
        : 'no session check, guard call, guarding wrapper or signature check runs before the first write';
      return { verdict: 'missing', why, evidence: near };
    }
  }
}

function authLine(facts: AuthFacts, context: HoverContext): string {
  const chain = facts.evidence.length > 0 ? chainText(facts.evidence, context, ' → ') : undefined;
  const why = chain ? facts.why : facts.why?.replace(/:$/, '');
  const rest = [why, chain].filter(Boolean).join(' ');
  return `**Auth:** ${facts.verdict}${rest ? ` — ${rest}` : ''}`;
}

/** The summary: at most eight lines, one paragraph (hard line breaks). */
function summaryLines(endpoint: Endpoint, context: HoverContext, auth: AuthFacts, effects: Evidence[]): string[] {
  const name = endpoint.kind === 'route' || endpoint.kind === 'procedure' ? endpoint.name : endpoint.kind === 'action' ? endpointLabel(endpoint) : undefined;
  const lines = [`${KIND_SYMBOL[endpoint.kind]} **${kindNoun(endpoint.kind, endpoint)}**${name ? ` \`${name}\`` : ''}`];
  // A procedure of a router several apps mount: every route handler that serves it.
  const servedBy = endpoint.mountedAt ? [{ file: endpoint.mountedAt, line: 1 }, ...ofKind(endpoint, 'mount')].map((item) => where(item, context)).join(', ') : '';
  if (endpoint.urlPath) lines.push(`**URL:** \`${endpoint.urlPath}\`${servedBy ? ` — served by ${servedBy}` : ''}`);
  else if (endpoint.kind === 'action') lines.push('**URL:** none of its own — a POST to the page that renders it');
  // A route handler that serves a router: what it serves, and where their own lenses are.
  const mount = endpoint.mounts && ofKind(endpoint, 'mount')[0];
  if (mount) lines.push(`**Serves:** ${inlineMarkdown(mount.message)} (each has its own lens where it is defined)`);
  lines.push(`**Exposure:** ${exposureText(endpoint)}`);
  lines.push(authLine(auth, context));
  // Writes, money spent, URLs fetched for the caller, uploads signed: each says which, and whose.
  if (effects.length > 0) lines.push(`**Effects:** ${chainText(effects, context, ' · ')}`);
  else if (!endpoint.mutates) lines.push('**Effects:** none found');
  if (endpoint.mutates && endpoint.kind === 'action') {
    const revalidation = ofKind(endpoint, 'revalidation')[0];
    // What refreshes, and where: a caller's `router.refresh()` reads differently from the action's own revalidatePath.
    lines.push(endpoint.revalidates ? `**Revalidates:** yes${revalidation ? ` — ${evidenceText(revalidation, context)}` : ''}` : '**Revalidates:** no');
  }
  const findings = distinctFindings(endpoint.findings).map(findingTitle);
  for (const ruleId of new Set(endpoint.suppressed.map((finding) => finding.ruleId))) findings.push(`${escapeMarkdown(ruleTitle(ruleId))} (ignored)`);
  if (findings.length > 0) lines.push(`**Findings:** ${findings.join(' · ')}`);
  return lines.map((line, index) => (index < lines.length - 1 ? `${line}  ` : line));
}

export function hoverMarkdown(endpoint: Endpoint, context: HoverContext): string {
  const auth = authFacts(endpoint);
  const effects = ofKind(endpoint, 'mutation');
  const sections: string[][] = [summaryLines(endpoint, context, auth, effects)];

  // What a mounting route serves, worst first: each with its verdict and a link to where it is defined.
  if (context.served?.length) {
    const rank = (item: Endpoint) => (item.auth === 'missing' ? (item.findings.some((finding) => finding.ruleId === 'missing-auth') ? 0 : 1) : { unknown: 2, public: 3, protected: 4 }[item.auth]);
    const served = [...context.served].sort((a, b) => rank(a) - rank(b));
    const items = served.slice(0, MAX_CALLERS).map((item) => `- ${where(item, context)} — \`${item.name}\` — ${escapeMarkdown(authBadge(item) ?? findingTitle({ ruleId: 'missing-auth', severity: 'error' }))}`);
    if (served.length > MAX_CALLERS) items.push(`- … ${served.length - MAX_CALLERS} more`);
    sections.push([`**Serves** (${served.length}):`, ...items]);
  }

  if (endpoint.callers.length > 0) {
    const callers = endpoint.callers.slice(0, MAX_CALLERS).map((caller) => {
      const how = [CALLER_HOW[caller.how] ?? caller.how, caller.method].filter(Boolean).join(' ');
      return `- ${where(caller, context)} — ${escapeMarkdown(how)}`;
    });
    if (endpoint.callers.length > MAX_CALLERS) callers.push(`- … ${endpoint.callers.length - MAX_CALLERS} more`);
    sections.push([`**Callers** (${endpoint.callers.length}):`, ...callers]);
  }

  // The chains the summary shortened, whole (up to MAX_EVIDENCE, then the last).
  if (isCollapsed(auth.evidence)) sections.push([`**Auth evidence** (${auth.evidence.length}):`, ...evidenceLines(auth.evidence, context)]);
  if (isCollapsed(effects)) sections.push([`**Effects** (${effects.length}):`, ...evidenceLines(effects, context)]);

  const middleware = ofKind(endpoint, 'middleware');
  if (middleware.length > 0) sections.push(['**Middleware / proxy** (context only):', ...evidenceLines(middleware, context)]);
  else if (context.app?.middleware && context.app.middleware.matchers.length > 0 && !context.app.middleware.dynamicMatcher && endpoint.kind !== 'action') {
    const file = context.app.middleware;
    sections.push([`**Middleware / proxy:** ${where(file, context)} — its matchers do not cover this path`]);
  }

  if (endpoint.findings.length > 0) {
    sections.push(
      endpoint.findings.map(
        (finding) => `${SEVERITY_SYMBOL[finding.severity]} [${escapeMarkdown(ruleTitle(finding.ruleId))}](${ruleHelpUri(finding.ruleId)}) — ${inlineMarkdown(finding.message)}`,
      ),
    );
  }
  if (endpoint.suppressed.length > 0) {
    sections.push(endpoint.suppressed.map((finding) => `Ignored: ${escapeMarkdown(ruleTitle(finding.ruleId))} — ${inlineMarkdown(finding.reason)}`));
  }
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}
