import type { Rule } from './rule';

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Tests calling a route over HTTP make it a contract, not an implementation detail. */
const TEST_FILE_RE = /(^|\/)(tests?|__tests__|e2e|playwright|cypress)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

export const routeOnlyCalledInternally: Rule = {
  id: 'route-only-called-internally',
  description:
    "A mutating route handler that only this app's own fetch calls reach, with no sign of an outside caller (webhooks, cron, OAuth, public API paths, CORS, API keys, tests over HTTP) and nothing an action does badly (streaming, uploads, file downloads): a Server Action would do.",
  defaultSeverity: 'info',
  check({ endpoint }) {
    // GETs stay: reads belong in GET routes or Server Components, not in actions (see action-for-reads).
    // A POST that only reads would become an action that only reads (see action-for-reads): left alone.
    if (endpoint.kind !== 'route' || !MUTATING_METHODS.has(endpoint.name) || endpoint.exposure !== 'internal' || !endpoint.mutates) return [];
    if (!endpoint.callers.length || !endpoint.callers.every((caller) => (caller.how === 'fetch' || caller.how === 'http-client') && !TEST_FILE_RE.test(caller.file))) return [];
    const signals = endpoint.signals;
    // Outside callers (CORS, API keys, signatures), and what an action is bad at: streams, uploads past its body limit, file downloads.
    if (signals?.streams || signals?.cors || signals?.tokenAuth || signals?.signatureHeader || signals?.webhookVerifier || signals?.fileInput || signals?.fileResponse) return [];
    if (endpoint.evidence.some((item) => item.kind === 'external-hint' || item.kind === 'verification')) return [];
    const first = endpoint.callers[0];
    const count = endpoint.callers.length;
    return [
      {
        message: `Only this app calls this ${endpoint.name} handler (${count} ${count === 1 ? 'call' : 'calls'}, e.g. ${first.file}:${first.line}): a Server Action would do, with typed arguments instead of JSON, no URL to keep in sync, Next.js's built-in Origin check, and revalidation in the same round trip. Keep the route if other clients (a mobile app, a CLI, another service) call it.`,
      },
    ];
  },
};
