import { matchersCovering } from '../middleware';
import type { Endpoint, NextApp } from '../model';
import { type Rule, httpMethod } from './rule';

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Auth libraries whose session cookie is SameSite=Lax unless the app changes it (per each library's cookie defaults):
 * a cross-site POST does not carry it, which is the CSRF protection a cookie-authenticated route needs.
 */
export const LAX_SESSION_LIBRARIES = new Set([
  'next-auth',
  '@auth/core',
  '@clerk/nextjs',
  '@supabase/ssr',
  '@supabase/auth-helpers-nextjs',
  'better-auth',
  'lucia',
  'iron-session',
  '@auth0/nextjs-auth0',
  '@workos-inc/authkit-nextjs',
  '@kinde-oss/kinde-auth-nextjs',
]);

function middlewareChecksOrigin(app: NextApp, endpoint: Endpoint): boolean {
  const middleware = app.middleware;
  return !!middleware?.originCheck && matchersCovering(middleware, endpoint.urlPath ?? '/').length > 0;
}

export const routeMutationWithoutOriginCheck: Rule = {
  id: 'route-mutation-without-origin-check',
  description:
    "A mutating (POST/PUT/PATCH/DELETE) route handler authenticated by a session cookie alone, with no CSRF token, no Origin/Host check and no SameSite note. Route Handlers do not get the Origin check Next.js gives Server Actions.",
  defaultSeverity: 'warning',
  check({ endpoint, app }) {
    // tRPC sends mutations as JSON, which a cross-site form cannot do without a CORS preflight the app would have to allow.
    if (endpoint.kind === 'action' || (endpoint.kind === 'procedure' && endpoint.router === 'trpc')) return [];
    const method = httpMethod(endpoint);
    if (method !== undefined && method !== '*' && !MUTATING_METHODS.has(method)) return [];
    const signals = endpoint.signals;
    if (endpoint.auth !== 'protected' || !signals?.writes?.some((write) => write.write !== 'cache')) return [];
    // Signatures and shared secrets: not a browser session. Bearer tokens and API keys are never attached by a browser.
    if (endpoint.evidence.some((item) => item.kind === 'verification')) return [];
    if (signals.tokenAuth || signals.originCheck || signals.sameSiteNote || middlewareChecksOrigin(app, endpoint)) return [];
    if (app.authLibraries.some((library) => LAX_SESSION_LIBRARIES.has(library))) return [];
    // A Hono route is mostly guarded by middleware (bearer, JWT, an API key) whose credential is not seen here: only a
    // session cookie its own code reads says a browser's cookie is what lets the caller in.
    if (endpoint.kind === 'procedure' && !signals.sessionCookie) return [];
    const cookie = signals.sessionCookie ? ` (it ${signals.sessionCookie.message}, ${signals.sessionCookie.file}:${signals.sessionCookie.line})` : '';
    return [
      {
        message: `This ${endpoint.kind === 'route' ? `${endpoint.name} handler` : endpoint.kind === 'procedure' ? `${endpoint.name} route` : 'API handler'} writes and knows the caller only by the session cookie${cookie}, and nothing checks where the request comes from. Route Handlers do not get the Origin check Next.js gives Server Actions, so another site can submit to it with the user's cookie. Compare the Origin header with the Host (or use a CSRF token) and return 403 when they differ, set the session cookie SameSite=Lax or Strict and say so in a comment here, or make it a Server Action.`,
      },
    ];
  },
};
