/**
 * Valid/invalid cases for the pitfall rules (webhook-as-action … route-only-called-internally), in the shape of the
 * table in rules.test.ts. Endpoints are hand-built: each case sets exactly the signals, callers and app fields the rule
 * reads, so a case says which fact makes the difference.
 */
import type { Caller, Endpoint, EndpointSignals, Evidence, NextApp, Signal, WriteSignal } from '../../src/analyzers/model';
import { endpoint, route } from '../model-builders';

export interface PitfallCase {
  name: string;
  endpoint: Endpoint;
  app?: Partial<NextApp>;
}

const at = (line: number, message: string, file = 'app/posts/actions.ts'): Signal => ({ file, line, message });
const write = (kind: WriteSignal['write'], depth = 0, message = 'db.post.create() writes data'): WriteSignal => ({ ...at(9, message), write: kind, depth });
const action = (signals: EndpointSignals, overrides: Partial<Endpoint> = {}) => endpoint({ signals, ...overrides });
const caller = (overrides: Partial<Caller>): Caller => ({ file: 'components/post-list.tsx', line: 12, how: 'call', client: true, ...overrides });
const verification: Evidence = { kind: 'verification', file: 'app/api/cron/route.ts', line: 4, message: 'CRON_SECRET compared' };

export const pitfallTable: Record<string, { valid: PitfallCase[]; invalid: PitfallCase[] }> = {
  'webhook-as-action': {
    valid: [
      { name: 'an ordinary action', endpoint: action({ writes: [write('database')] }) },
      { name: 'a dashboard action that manages webhooks', endpoint: endpoint({ name: 'createWebhook', exposure: 'unused' }) },
      { name: 'a receiver-like name the UI calls', endpoint: endpoint({ name: 'handleStripeWebhook', callers: [caller({ how: 'form-action' })] }) },
      { name: 'routes are what webhooks should be', endpoint: route({ signals: { signatureHeader: at(5, 'reads the stripe-signature header', 'app/api/stripe/route.ts') } }) },
    ],
    invalid: [
      { name: 'reads a signature header', endpoint: action({ signatureHeader: at(6, 'reads the stripe-signature header') }) },
      { name: 'verifies a provider payload', endpoint: action({ webhookVerifier: at(7, 'stripe.webhooks.constructEvent() verifies a webhook payload') }) },
      { name: 'a URL in vercel.json names it', endpoint: action({ configUrl: at(3, 'vercel.json names /billing/sync', 'vercel.json') }, { exposure: 'unused' }) },
      { name: 'named like a receiver, nothing calls it', endpoint: endpoint({ name: 'handleStripeWebhook', exposure: 'unused' }) },
      { name: 'a callback that only a route hands events to', endpoint: endpoint({ name: 'oauthCallback', callers: [{ file: 'app/api/oauth/route.ts', line: 8, how: 'call' }] }) },
    ],
  },
  'get-with-side-effects': {
    valid: [
      { name: 'a read-only GET', endpoint: route({ name: 'GET', mutates: false }) },
      { name: 'a POST that writes', endpoint: route({ signals: { writes: [write('database')] } }) },
      { name: 'a GET that only revalidates', endpoint: route({ name: 'GET', signals: { writes: [write('cache', 0, 'revalidatePath() refreshes cached data')] } }) },
      { name: 'a GET that fills a cache in Redis', endpoint: route({ name: 'GET', signals: { writes: [write('kv', 0, 'redis.set() writes data')] } }) },
      { name: 'a GET whose write is deep in a helper (a refreshed token saved)', endpoint: route({ name: 'GET', signals: { writes: [write('database', 3)] } }) },
      { name: 'an OAuth callback, public by design', endpoint: route({ name: 'GET', urlPath: '/api/auth/callback', auth: 'public', signals: { writes: [write('cookie')] } }) },
      { name: 'a cron job checked with its secret', endpoint: route({ name: 'GET', urlPath: '/api/cron/cleanup', evidence: [verification], signals: { writes: [write('database')] } }) },
      { name: 'a Stripe checkout return URL', endpoint: route({ name: 'GET', urlPath: '/api/stripe/checkout', signals: { writes: [write('database')] } }) },
      { name: 'an auth-url route setting its OAuth state cookie', endpoint: route({ name: 'GET', urlPath: '/api/google/auth-url', signals: { writes: [write('cookie')] } }) },
      {
        name: 'a Hono route a vercel.json cron calls (guarded by middleware, not a verification)',
        endpoint: route({ kind: 'procedure', router: 'hono', name: 'GET /api/house-keeping/purge', urlPath: '/api/house-keeping/purge', signals: { writes: [write('database')], configUrl: at(3, 'vercel.json runs a cron on /api/house-keeping/purge: the scheduler calls it', 'vercel.json') } }),
      },
    ],
    invalid: [
      { name: 'a GET that deletes', endpoint: route({ name: 'GET', urlPath: '/api/posts/[id]/delete', signals: { writes: [write('database', 0, 'db.post.delete() writes data')] } }) },
      { name: 'a HEAD that sets a cookie', endpoint: route({ name: 'HEAD', signals: { writes: [write('cookie', 1, 'cookies().set() writes data')] } }) },
      { name: 'a Hono GET route that writes', endpoint: route({ kind: 'procedure', router: 'hono', name: 'GET /api/desktop/plan', urlPath: '/api/desktop/plan', signals: { writes: [write('database')] } }) },
      { name: 'a tRPC query that writes (sent as GET)', endpoint: route({ kind: 'procedure', router: 'trpc', type: 'query', name: 'plan.sync', urlPath: '/api/trpc/plan.sync', signals: { writes: [write('database')] } }) },
    ],
  },
  'non-serializable-action-arg': {
    valid: [
      { name: 'nothing the checker objects to', endpoint: endpoint({}) },
      { name: 'a Map parameter on Next 15', endpoint: action({ nonSerializable: [{ ...at(3, 'parameter `tags`: a Map'), kind: 'map-or-set', text: 'a Map', position: 'parameter', name: 'tags' }] }), app: { nextVersion: '^15.1.0' } },
      { name: 'a Set parameter when the Next version cannot be read', endpoint: action({ nonSerializable: [{ ...at(3, 'parameter `ids`: a Set'), kind: 'map-or-set', text: 'a Set', position: 'parameter', name: 'ids' }] }), app: { nextVersion: 'workspace:*' } },
      { name: 'new Map() at a call site on Next 14', endpoint: endpoint({ callers: [caller({ nonSerializableArgument: { kind: 'map-or-set', text: 'new Map()' } })] }), app: { nextVersion: '14.2.5' } },
      { name: 'a function passed by server code (an ordinary call)', endpoint: endpoint({ callers: [caller({ client: undefined, file: 'app/page.tsx', nonSerializableArgument: { kind: 'function', text: 'an inline function' } })] }) },
    ],
    invalid: [
      { name: 'a class instance parameter', endpoint: action({ nonSerializable: [{ ...at(3, 'parameter `cart`: a Cart instance (a class with methods, e.g. add())'), kind: 'class-instance', text: 'a Cart instance', position: 'parameter', name: 'cart' }] }) },
      { name: 'a returned function', endpoint: action({ nonSerializable: [{ ...at(3, 'returns a function (only Server Actions cross)'), kind: 'function', text: 'a function', position: 'return' }] }) },
      { name: 'a Set parameter on Next 13', endpoint: action({ nonSerializable: [{ ...at(3, 'parameter `ids`: a Set'), kind: 'map-or-set', text: 'a Set', position: 'parameter', name: 'ids' }] }), app: { nextVersion: '13.4.19' } },
      { name: 'an inline function passed by a client component', endpoint: endpoint({ callers: [caller({ nonSerializableArgument: { kind: 'function', text: 'an inline function' } })] }) },
    ],
  },
  'action-for-reads': {
    valid: [
      { name: 'a read called from a button', endpoint: endpoint({ mutates: false, callers: [caller({})] }) },
      { name: 'a write called from an effect', endpoint: endpoint({ callers: [caller({ runsIn: 'effect' })] }) },
      { name: 'an effect that revalidates', endpoint: endpoint({ mutates: false, revalidates: true, callers: [caller({ runsIn: 'effect' })] }) },
      { name: 'code that could not be read', endpoint: endpoint({ mutates: false, auth: 'unknown', callers: [caller({ runsIn: 'effect' })] }) },
      { name: 'a name that says it writes (the write may be out of sight)', endpoint: endpoint({ name: 'markAsSeen', mutates: false, callers: [caller({ runsIn: 'effect' })] }) },
    ],
    invalid: [
      { name: 'a read loaded in useEffect', endpoint: endpoint({ name: 'getPosts', mutates: false, revalidates: false, auth: 'public', callers: [caller({ runsIn: 'effect' })] }) },
      { name: "a read used as useQuery's queryFn", endpoint: endpoint({ name: 'listTags', mutates: false, revalidates: false, callers: [caller({ runsIn: 'query' })] }) },
      { name: 'a read called while rendering', endpoint: endpoint({ name: 'getStats', mutates: false, revalidates: false, callers: [caller({ runsIn: 'render' })] }) },
    ],
  },
  'route-mutation-without-origin-check': {
    valid: [
      { name: 'a read-only POST', endpoint: route({ mutates: false }) },
      { name: 'a GET', endpoint: route({ name: 'GET', signals: { writes: [write('database')] } }) },
      { name: 'an unauthenticated route (missing-auth says so)', endpoint: route({ auth: 'missing', signals: { writes: [write('database')] } }) },
      { name: 'a bearer token', endpoint: route({ signals: { writes: [write('database')], tokenAuth: at(4, 'reads the authorization header', 'app/api/x/route.ts') } }) },
      { name: 'an Origin check', endpoint: route({ signals: { writes: [write('database')], originCheck: at(5, '`if (origin !== host)` checks where the request comes from', 'app/api/x/route.ts') } }) },
      { name: 'a SameSite note', endpoint: route({ signals: { writes: [write('database')], sameSiteNote: at(1, 'the file says how its cookies are SameSite', 'app/api/x/route.ts') } }) },
      { name: 'a signature or shared secret', endpoint: route({ evidence: [verification], signals: { writes: [write('database')] } }) },
      { name: 'an auth library whose session cookie is SameSite=Lax', endpoint: route({ signals: { writes: [write('database')] } }), app: { authLibraries: ['next-auth'] } },
      {
        name: 'middleware that checks the Origin for this path',
        endpoint: route({ signals: { writes: [write('database')] } }),
        app: { middleware: { file: 'middleware.ts', line: 3, matchers: ['/api/:path*'], dynamicMatcher: false, originCheck: { file: 'middleware.ts', line: 8 } } },
      },
    ],
    invalid: [
      { name: 'a cookie session of its own, nothing checked', endpoint: route({ signals: { writes: [write('database')], sessionCookie: at(6, 'reads the session cookie', 'lib/session.ts') } }) },
      { name: 'a DELETE with no auth library', endpoint: route({ name: 'DELETE', signals: { writes: [write('database')] } }) },
      {
        name: 'middleware that checks the Origin elsewhere',
        endpoint: route({ signals: { writes: [write('database')] } }),
        app: { middleware: { file: 'middleware.ts', line: 3, matchers: ['/admin/:path*'], dynamicMatcher: false, originCheck: { file: 'middleware.ts', line: 8 } } },
      },
    ],
  },
  'thrown-structured-error': {
    valid: [
      { name: 'nothing thrown with data', endpoint: endpoint({ callers: [caller({})] }) },
      { name: 'called only by server code', endpoint: action({ structuredThrow: at(8, 'puts JSON in the error message') }, { callers: [{ file: 'app/api/x/route.ts', line: 3, how: 'call' }] }) },
    ],
    invalid: [
      { name: 'JSON in the message, called from a client component', endpoint: action({ structuredThrow: at(8, 'puts JSON in the error message') }, { callers: [caller({})] }) },
      { name: 'a custom error class, used by a form', endpoint: action({ structuredThrow: at(8, 'throws `QuotaError`, a custom error class') }, { callers: [{ file: 'app/page.tsx', line: 4, how: 'form-action' }] }) },
    ],
  },
  'unvalidated-action-input': {
    valid: [
      { name: 'no input reaches a write', endpoint: action({ writes: [write('database')] }) },
      { name: 'a schema parse', endpoint: action({ inputToDatabase: at(9, 'db.post.create() writes what the caller sent'), inputValidation: at(6, 'schema.safeParse() validates the input') }) },
      { name: 'routes are not asked', endpoint: route({ signals: { inputToDatabase: at(9, 'db.post.create() writes what the caller sent', 'app/api/x/route.ts') } }) },
    ],
    invalid: [{ name: 'formData straight into a write', endpoint: action({ inputToDatabase: at(9, 'db.post.create() writes what the caller sent') }) }],
  },
  'large-upload-through-action': {
    valid: [
      { name: 'no file', endpoint: endpoint({}) },
      { name: 'a size check', endpoint: action({ fileInput: at(5, '`formData.get("file") as File` reads a file from the input'), fileSizeCheck: at(6, '`file.size > MAX` checks the file size') }) },
      { name: 'a raised bodySizeLimit', endpoint: action({ fileInput: at(5, '`formData.get("file") as File` reads a file from the input') }), app: { serverActionsBodySizeLimit: '10mb' } },
    ],
    invalid: [{ name: 'a file, no check, the 1 MB default', endpoint: action({ fileInput: at(5, '`formData.get("file") as File` reads a file from the input') }) }],
  },
  'route-only-called-internally': {
    valid: [
      { name: 'a GET fetched by the app (reads stay routes)', endpoint: route({ name: 'GET', exposure: 'internal', callers: [caller({ how: 'fetch', method: 'GET' })] }) },
      { name: 'no caller in the app', endpoint: route({ exposure: 'external' }) },
      { name: 'linked from an <img>', endpoint: route({ exposure: 'internal', callers: [caller({ how: 'link' })] }) },
      { name: 'a streamed response', endpoint: route({ exposure: 'internal', callers: [caller({ how: 'fetch', method: 'POST' })], signals: { streams: at(20, 'streams its response (streamText)', 'app/api/x/route.ts') } }) },
      { name: 'an upload', endpoint: route({ exposure: 'internal', callers: [caller({ how: 'fetch', method: 'POST' })], signals: { fileInput: at(7, 'reads a file from the input', 'app/api/x/route.ts') } }) },
      { name: 'CORS headers for other origins', endpoint: route({ exposure: 'internal', callers: [caller({ how: 'fetch', method: 'POST' })], signals: { cors: at(2, 'the response allows other origins', 'app/api/x/route.ts') } }) },
      { name: 'an API key', endpoint: route({ exposure: 'internal', callers: [caller({ how: 'fetch', method: 'POST' })], signals: { tokenAuth: at(4, 'reads the authorization header', 'app/api/x/route.ts') } }) },
      { name: 'tests call it over HTTP', endpoint: route({ exposure: 'internal', callers: [caller({ how: 'fetch', method: 'POST', file: 'tests/api/x.test.ts' })] }) },
    ],
    invalid: [
      { name: 'a POST only the app fetches', endpoint: route({ exposure: 'internal', callers: [caller({ how: 'fetch', method: 'POST' })] }) },
      { name: 'a DELETE called with axios', endpoint: route({ name: 'DELETE', exposure: 'internal', callers: [caller({ how: 'http-client', method: 'DELETE' })] }) },
    ],
  },
};
