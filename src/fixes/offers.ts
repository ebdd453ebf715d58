/**
 * Which quick fixes an endpoint gets, and their titles. A diagnostic of a fixable rule asks for its fix;
 * the cursor on the export's name asks for every fix the endpoint's state calls for, so the fixes stay
 * reachable when the rule is silenced or set to `off`.
 */
import type { Endpoint } from '../analyzers/model';
import type { GuardRecipe } from './add-auth-guard';
import { type EndpointRef, endpointAmbiguity, parseSource } from './source';

export const REVALIDATION_RULE = 'missing-revalidation';
export const AUTH_RULE = 'missing-auth';
export const FIXABLE_RULES: readonly string[] = [REVALIDATION_RULE, AUTH_RULE];

/**
 * The findings a `next-boundary-ignore` comment may answer from the quick-fix menu: the auth-ish rules, where
 * "nothing to fix, and here is why" is a legitimate answer (the analyzer honours a reasoned comment for every
 * rule but suppression-without-reason). Each has its title and the reason the user types over; the reason
 * is a question so an unanswered one reads as a TODO in review, yet it is a reason, so the comment silences.
 */
export const SUPPRESSION_OFFERS: Readonly<Record<string, { title: string; reason: string }>> = {
  [AUTH_RULE]: { title: 'Mark as public with a reason', reason: 'TODO: why is this public?' },
  'missing-ownership-check': { title: 'Mark as open to every signed-in user with a reason', reason: 'TODO: why may any signed-in user change any record?' },
  'webhook-without-verification': { title: 'Mark as verified another way with a reason', reason: 'TODO: how is the sender verified?' },
  'route-mutation-without-origin-check': { title: 'Mark as safe from cross-site requests with a reason', reason: 'TODO: why is a cross-site request harmless?' },
};

export interface WantedFixes {
  revalidation: boolean;
  auth: boolean;
  /** Rules to offer a reasoned suppression comment for (keys of SUPPRESSION_OFFERS), in that order. */
  suppress: string[];
}

export function wantedFixes(
  endpoint: Pick<Endpoint, 'kind' | 'auth' | 'mutates' | 'revalidates'> & Partial<Pick<Endpoint, 'findings'>>,
  diagnosticRules: ReadonlySet<string>,
  onName: boolean,
): WantedFixes {
  const reported = new Set((endpoint.findings ?? []).map((finding) => finding.ruleId));
  return {
    revalidation: diagnosticRules.has(REVALIDATION_RULE) || (onName && endpoint.kind === 'action' && endpoint.mutates && !endpoint.revalidates),
    // A procedure is guarded by its builder's middleware: a guard pasted into its body is not how routers are written.
    auth: endpoint.kind !== 'pages-api' && endpoint.kind !== 'procedure' && (diagnosticRules.has(AUTH_RULE) || (onName && endpoint.auth === 'missing')),
    // Only for a finding the analyzer reports now: silencing a rule that is off, or already silenced, is noise.
    suppress: Object.keys(SUPPRESSION_OFFERS).filter((rule) => reported.has(rule) && (diagnosticRules.has(rule) || onName)),
  };
}

/** The title of the action that sets the guard template up (it runs a command: nothing changes until the user answers). */
export const SET_UP_GUARD_TITLE = 'Set up an auth guard template…';

/**
 * What the menu says when no "Add auth guard" can be offered: why (a disabled "Add auth guard" carries it,
 * for menus that list disabled actions), and the title of the set-up action, which carries the short form
 * (VS Code's quick-fix menu, as the CodeLens and Ctrl+. open it, leaves disabled actions out).
 */
export function noGuardOffer(configuredTemplate: string | undefined): { reason: string; title: string } {
  if (configuredTemplate?.trim()) {
    return {
      reason: 'The auth guard template (nextBoundary.fixes.authGuard, or fixes.authGuard in next-boundary.config.json) does not parse: an import line is not an import, or no statement is left. Fix it to add a guard.',
      title: `${SET_UP_GUARD_TITLE} (the current one does not parse)`,
    };
  }
  return {
    reason: 'No auth library or guard call was found in this app to copy. Set up a template (nextBoundary.fixes.authGuard) to add one.',
    title: `${SET_UP_GUARD_TITLE} (no auth library or guard found in this app)`,
  };
}

export function authGuardTitle(recipe: Pick<GuardRecipe, 'label'>): string {
  return `Add auth guard (${recipe.label})`;
}

/** Why no quick fix may edit this endpoint in `text` (its function cannot be told apart); undefined when they may. */
export function quickFixBlocker(text: string, file: string, endpoint: EndpointRef): string | undefined {
  return endpointAmbiguity(parseSource(text, file), endpoint);
}
