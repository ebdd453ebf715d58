/**
 * The hover over an action or route name, as Markdown: what it is, its URL, who calls it (file:line
 * links), the guard found or why none was, middleware/proxy coverage (context only), writes, and
 * findings. `link` turns a model location into a URL the editor opens at that line.
 * Pure: no `vscode` import.
 */
import type { Endpoint, Evidence, Location, NextApp } from '../analyzers/model';
import { ruleHelpUri } from '../analyzers/rules/rule';
import { KIND_SYMBOL, SEVERITY_SYMBOL, endpointLabel, kindNoun, plural, ruleTitle } from './labels';

export interface HoverContext {
  app?: NextApp;
  link: (location: Location) => string;
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

function evidenceLines(items: readonly Evidence[], context: HoverContext): string[] {
  const lines = items.slice(0, MAX_EVIDENCE).map((item) => `- ${inlineMarkdown(item.message)} — ${where(item, context)}`);
  if (items.length > MAX_EVIDENCE) lines.push(`- … ${items.length - MAX_EVIDENCE} more`);
  return lines;
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

function authSection(endpoint: Endpoint, context: HoverContext): string[] {
  switch (endpoint.auth) {
    case 'protected': {
      const guards = ofKind(endpoint, 'guard', 'wrapper-guard', 'verification', 'config');
      return ['**Auth:** protected', ...evidenceLines(guards, context)];
    }
    case 'public': {
      const reasons = ofKind(endpoint, 'public', 'config');
      return ['**Auth:** public', ...evidenceLines(reasons, context)];
    }
    case 'unknown': {
      const reasons = ofKind(endpoint, 'unresolved');
      return ['**Auth:** unknown — something that could hold a guard could not be read', ...evidenceLines(reasons, context)];
    }
    case 'missing': {
      const near = ofKind(endpoint, 'identity-unchecked', 'wrapper-no-guard');
      const why = near.length
        ? 'no guard stops the request before the first write:'
        : 'no session check, guard call, guarding wrapper or signature check runs before the first write';
      return [`**Auth:** missing — ${why}`, ...evidenceLines(near, context)];
    }
  }
}

export function hoverMarkdown(endpoint: Endpoint, context: HoverContext): string {
  const sections: string[][] = [];
  const name = endpoint.kind === 'route' ? endpoint.name : endpoint.kind === 'action' ? endpointLabel(endpoint) : undefined;
  sections.push([`${KIND_SYMBOL[endpoint.kind]} **${kindNoun(endpoint.kind)}**${name ? ` \`${name}\`` : ''}`]);

  const facts: string[] = [];
  if (endpoint.urlPath) facts.push(`**URL:** \`${endpoint.urlPath}\``);
  else if (endpoint.kind === 'action') facts.push('**URL:** none of its own — a POST to the page that renders it');
  facts.push(`**Exposure:** ${exposureText(endpoint)}`);
  sections.push(facts.map((line, index) => (index < facts.length - 1 ? `${line}  ` : line)));

  if (endpoint.callers.length > 0) {
    const callers = endpoint.callers.slice(0, MAX_CALLERS).map((caller) => {
      const how = [CALLER_HOW[caller.how] ?? caller.how, caller.method].filter(Boolean).join(' ');
      return `- ${where(caller, context)} — ${escapeMarkdown(how)}`;
    });
    if (endpoint.callers.length > MAX_CALLERS) callers.push(`- … ${endpoint.callers.length - MAX_CALLERS} more`);
    sections.push([`**Callers** (${endpoint.callers.length}):`, ...callers]);
  }

  sections.push(authSection(endpoint, context));

  const writes = ofKind(endpoint, 'mutation');
  // Writes, money spent, URLs fetched for the caller, uploads signed: each line says which, and whose.
  if (writes.length > 0) sections.push(['**Effects:**', ...evidenceLines(writes, context)]);
  if (endpoint.mutates && endpoint.kind === 'action') {
    const revalidation = ofKind(endpoint, 'revalidation')[0];
    sections.push([endpoint.revalidates ? `**Revalidates:** yes${revalidation ? ` — ${where(revalidation, context)}` : ''}` : '**Revalidates:** no']);
  }

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
