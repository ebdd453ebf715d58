import { words } from '../words';
import type { Endpoint } from '../model';
import type { Rule } from './rule';

/** Verbs of actions that manage webhooks or callbacks from a dashboard (create, test, resend…): they serve the app's users. */
const MANAGING_VERBS = new Set([
  'create', 'update', 'delete', 'remove', 'add', 'edit', 'get', 'list', 'fetch', 'load', 'read', 'find', 'count', 'test', 'send', 'trigger',
  'retry', 'resend', 'replay', 'rotate', 'regenerate', 'generate', 'toggle', 'enable', 'disable', 'save', 'set', 'register', 'unregister',
  'subscribe', 'unsubscribe', 'duplicate', 'copy', 'reset', 'revoke', 'configure', 'upsert', 'patch', 'archive', 'restore', 'sync', 'fire',
  'dispatch', 'emit', 'deliver', 'queue', 'schedule', 'check', 'validate', 'change', 'rename', 'pause', 'resume', 'connect', 'disconnect', 'use',
]);
const ENDPOINT_FILE_RE = /(^|\/)route\.[cm]?[jt]sx?$|(^|\/)pages\/api\//;

/** `handleStripeWebhook`, `stripeWebhook`, `oauthCallback`: a name for something an outside service calls. */
function receiverName(endpoint: Endpoint): string | undefined {
  const nameWords = words(endpoint.name);
  const noun = nameWords.find((word) => /^(webhooks?|callbacks?)$/.test(word));
  if (!noun || MANAGING_VERBS.has(nameWords[0])) return undefined;
  // Called from the app's own UI, it is not waiting for an outside caller. A route handler passing an event on is.
  if (!endpoint.callers.every((caller) => ENDPOINT_FILE_RE.test(caller.file))) return undefined;
  return `it is named like a ${noun.replace(/s$/, '')} receiver and no page or component calls it`;
}

export const webhookAsAction: Rule = {
  id: 'webhook-as-action',
  description:
    'A Server Action that looks like it serves an outside caller (it reads a webhook signature header, verifies a provider payload, is named like a webhook or callback receiver that nothing in the app calls, or is named by a URL in the config). Outside services cannot call Server Actions; a Route Handler can read the raw request and verify it.',
  defaultSeverity: 'warning',
  check({ endpoint }) {
    if (endpoint.kind !== 'action') return [];
    const signals = endpoint.signals;
    const hint = signals?.signatureHeader ?? signals?.webhookVerifier ?? signals?.configUrl;
    const why = hint ? `${hint.message} (${hint.file}:${hint.line})` : receiverName(endpoint);
    if (!why) return [];
    return [
      {
        message: `This Server Action looks like it receives calls from outside the app: ${why}. A webhook provider cannot call a Server Action (it needs this build's action id), and an action cannot read the raw body and headers a signature is computed over. Move it to a Route Handler (app/api/…/route.ts) that verifies the signature: the "Convert to Route Handler" command does the move.`,
      },
    ];
  },
};
