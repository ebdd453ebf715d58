import { type Rule, httpMethod } from './rule';

/**
 * Routes whose GET is dictated by the caller: Vercel Cron, webhook pings, sign-in and OAuth flows (the browser is sent
 * there), and the pages a provider or an e-mail link redirects to (checkout success, e-mail verification, unsubscribe).
 */
const GET_BY_CONTRACT_SEGMENT_RE =
  /^(cron|crons|jobs?|webhooks?|hooks?|callbacks?|inngest|qstash|trigger|success|cancel|return|complete|finish|confirm|verify|accept|unsubscribe|magic-link|checkout|portal|billing-portal|reconnect|redirect)$|(^|-)(auth|oauth2?|sso|saml|oidc|login|signin|signup|signout|logout|connect|authorize|consent)(-|$)/i;

/** Writes a crawler's visit should not cause. Caches and counters (`kv`), analytics and job triggers (`other`), and calls to other services (often reads: GraphQL, search, AI) are left out. */
const SIDE_EFFECTS = new Set(['database', 'cookie', 'file', 'email']);

export const getWithSideEffects: Rule = {
  id: 'get-with-side-effects',
  description:
    'A GET (or HEAD) route handler that writes: a database write, a cookie set, a file, an e-mail. Link prefetchers, crawlers, e-mail link scanners and <img src> call GETs without anyone meaning to, and cross-site GETs carry SameSite=Lax cookies.',
  defaultSeverity: 'warning',
  check({ endpoint }) {
    const method = httpMethod(endpoint);
    if (method !== 'GET' && method !== 'HEAD') return [];
    // The handler's own writes and those of the helpers it calls; deeper ones are mostly bookkeeping (a refreshed token saved).
    const write = endpoint.signals?.writes?.find((item) => SIDE_EFFECTS.has(item.write) && item.depth <= 1);
    if (!write) return [];
    // Public by design (sign-in callbacks, magic links, unsubscribe links): the link in the e-mail or the provider's redirect is a GET.
    if (endpoint.auth === 'public') return [];
    // A shared secret or signature (Vercel Cron's CRON_SECRET): only the scheduler can trigger it.
    if (endpoint.evidence.some((item) => item.kind === 'verification')) return [];
    // A URL the app's config schedules (vercel.json crons): the scheduler sends a GET, whatever the handler does.
    if (endpoint.signals?.configUrl) return [];
    if ((endpoint.urlPath ?? '').split('/').some((segment) => GET_BY_CONTRACT_SEGMENT_RE.test(segment))) return [];
    return [
      {
        message: `This ${endpoint.kind === 'procedure' ? (endpoint.router === 'trpc' ? 'tRPC query (sent as GET)' : `${method} route`) : `${method} handler`} writes (${write.message}, ${write.file}:${write.line}). Prefetchers, crawlers, e-mail link scanners and <img src> call GET URLs without the user meaning to, and a cross-site link carries the session cookie. Keep GET read-only: move the write to a POST/PUT/DELETE handler or a Server Action.`,
      },
    ];
  },
};
