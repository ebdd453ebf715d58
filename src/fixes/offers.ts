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

export interface WantedFixes {
  revalidation: boolean;
  auth: boolean;
}

export function wantedFixes(endpoint: Pick<Endpoint, 'kind' | 'auth' | 'mutates' | 'revalidates'>, diagnosticRules: ReadonlySet<string>, onName: boolean): WantedFixes {
  return {
    revalidation: diagnosticRules.has(REVALIDATION_RULE) || (onName && endpoint.kind === 'action' && endpoint.mutates && !endpoint.revalidates),
    auth: endpoint.kind !== 'pages-api' && (diagnosticRules.has(AUTH_RULE) || (onName && endpoint.auth === 'missing')),
  };
}

export function authGuardTitle(recipe: Pick<GuardRecipe, 'label'>): string {
  return `Add auth guard (${recipe.label})`;
}

/** Why no quick fix may edit this endpoint in `text` (its function cannot be told apart); undefined when they may. */
export function quickFixBlocker(text: string, file: string, endpoint: EndpointRef): string | undefined {
  return endpointAmbiguity(parseSource(text, file), endpoint);
}
