// Route Handlers, pages/api, monorepos and skipped files, asserted against the model in
// /work/notes/semantics.md. Fixtures: test/fixtures/routes-*/ (one small Next.js app each,
// a workspace for routes-monorepo). Lines are found with markers so the tables stay readable.
//
// Decisions where the semantics leave a case open (a demanding Next.js engineer's reading):
// - Inngest's `export const { GET, POST, PUT } = serve({...})` comes from a package the analyzer
//   does not model: auth `unknown` with an `unresolved` evidence item ("handler imported from outside
//   the workspace"), not `public` and not `protected` (Inngest does verify its signing key, but nothing
//   in the workspace shows it).
// - A hand-rolled OAuth callback (app/api/oauth/callback) is where sign-in completes: `public` by design,
//   exposure `external` (callback/oauth segment). Its `state` check is CSRF protection, not an identity
//   guard, so it does not make the route `protected`. Its token exchange is a POST to another service and
//   its user upsert is a write, so it `mutates`; being public by design it gets no `missing-auth`.
// - `export const POST = auth(async (req) => { if (!req.auth) return ... })` (next-auth v5): the wrapper
//   itself does not block, the test of `req.auth` does; the `guard` evidence sits on the `if (!req.auth)` line.
// - HMAC + timingSafeEqual: the `verification` evidence sits on the `if (... timingSafeEqual(...))` line,
//   the comparison whose failing branch stops.
// - A helper that verifies in another file (lib/verify.ts, svix `wh.verify`): `verification` at the helper's
//   call site in the route and at the `wh.verify(` line in the helper (same rule as guards).
// - A re-exported method (`export * from '../projects/route'`) is classified from the re-exported function
//   body, but keeps the re-exporting file's own urlPath, exposure and callers.
// - `route.mjs` is not a default page extension; routes-exports opts in through `pageExtensions` in
//   next.config.mjs, so app/api/version/route.mjs is a route there.
// - A `route.ts` inside a private folder (`app/_lib/`) is opted out of routing: not an endpoint.
// - A `route.ts` in a workspace package without a `next` dependency (packages/ui) is not an endpoint,
//   even under an `app/api/` folder.
// - `useSWR('/api/x', fetcher)` is a GET (`http-client`); `<a href="/api/x">` is a GET (`link`).
// - `NextApp.appDir` / `pagesDir` are, like every path in the model, relative to the scan root
//   (`apps/admin/src/app` in the monorepo).
// - Every `public` endpoint carries a `public` evidence item, every `unknown` one an `unresolved` item,
//   every mutating one a `mutation` item, and a non-mutating one none.
// - MiddlewareInfo.line is not asserted here (file, matchers and dynamicMatcher are).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import {
  analyzeWorkspace,
  type AuthStatus,
  type CallerHow,
  type Endpoint,
  type EndpointKind,
  type EvidenceKind,
  type Exposure,
  type NextApp,
  type ScanResult,
} from '../src/analyzers';
import { endpoint, fixturesDir, ruleIds, scanFixture } from './helpers';
import { lineOf } from './route-fixture-lines';

// ---------------------------------------------------------------------------------------------
// Expectation tables and the one checker they go through

/** A text that occurs on exactly one line of the file, or [text, nth occurrence]. */
type Marker = string | readonly [string, number];

interface ExpectedCaller {
  file: string;
  at: Marker;
  how: CallerHow;
  /** Omitted when the method cannot be known (the caller then counts for every method). */
  method?: string;
}

interface ExpectedEvidence {
  kind: EvidenceKind;
  file: string;
  /** Omitted when only the kind and the file are part of the contract. */
  at?: Marker;
}

interface Expected {
  file: string;
  name: string;
  /** Marker on the line the endpoint is reported at, in `file`. */
  at: Marker;
  kind?: EndpointKind; // default 'route'
  urlPath?: string; // checked for routes and pages-api
  app?: string; // default ''
  actionForm?: 'file' | 'inline';
  exposure: Exposure;
  auth: AuthStatus;
  mutates: boolean;
  revalidates?: boolean; // default false
  callers?: ExpectedCaller[]; // default: none
  /** Must all be present (other evidence may exist too). */
  evidence?: ExpectedEvidence[];
  /** Must not be present. */
  noEvidence?: EvidenceKind[];
  rules?: string[]; // default: none
}

function lineAt(fixture: string, file: string, marker: Marker): number {
  return typeof marker === 'string' ? lineOf(fixture, file, marker) : lineOf(fixture, file, marker[0], marker[1]);
}

function key(item: { file: string; name: string }): string {
  return `${item.file}#${item.name}`;
}

function describeEvidence(item: Endpoint): string {
  return item.evidence.map((ev) => `${ev.kind}@${ev.file}:${ev.line}`).join(', ') || '(none)';
}

type CallerShape = { file: string; line: number; how: string; method?: string };

function callerShape(caller: CallerShape): CallerShape {
  const shape: CallerShape = { file: caller.file, line: caller.line, how: caller.how };
  if (caller.method !== undefined) shape.method = caller.method;
  return shape;
}

function sortCallers(callers: CallerShape[]): CallerShape[] {
  const text = (c: CallerShape) => `${c.file}\u0000${String(c.line).padStart(6, '0')}\u0000${c.how}\u0000${c.method ?? ''}`;
  return [...callers].sort((a, b) => text(a).localeCompare(text(b)));
}

function checkEndpoint(result: ScanResult, fixture: string, exp: Expected): void {
  const ep = endpoint(result, exp.file, exp.name);
  const where = key(exp);
  const kind = exp.kind ?? 'route';

  assert.equal(ep.kind, kind, `${where}: kind`);
  assert.equal(ep.line, lineAt(fixture, exp.file, exp.at), `${where}: line`);
  if (kind !== 'action') assert.equal(ep.urlPath, exp.urlPath, `${where}: urlPath`);
  assert.equal(ep.app, exp.app ?? '', `${where}: app`);
  if (kind === 'action') assert.equal(ep.actionForm, exp.actionForm, `${where}: actionForm`);
  else assert.equal(ep.actionForm, undefined, `${where}: routes have no actionForm`);
  assert.equal(ep.exposure, exp.exposure, `${where}: exposure`);
  assert.equal(ep.auth, exp.auth, `${where}: auth (evidence: ${describeEvidence(ep)})`);
  assert.equal(ep.mutates, exp.mutates, `${where}: mutates (evidence: ${describeEvidence(ep)})`);
  assert.equal(ep.revalidates, exp.revalidates ?? false, `${where}: revalidates`);

  const expectedCallers = (exp.callers ?? []).map((c) =>
    callerShape({ file: c.file, line: lineAt(fixture, c.file, c.at), how: c.how, method: c.method }),
  );
  assert.deepEqual(sortCallers(ep.callers.map(callerShape)), sortCallers(expectedCallers), `${where}: callers`);

  for (const ev of exp.evidence ?? []) {
    const line = ev.at === undefined ? undefined : lineAt(fixture, ev.file, ev.at);
    const found = ep.evidence.some(
      (item) => item.kind === ev.kind && item.file === ev.file && (line === undefined || item.line === line),
    );
    assert.ok(
      found,
      `${where}: expected evidence ${ev.kind}@${ev.file}${line === undefined ? '' : `:${line}`}; has ${describeEvidence(ep)}`,
    );
  }
  for (const kindNot of exp.noEvidence ?? []) {
    assert.ok(
      !ep.evidence.some((item) => item.kind === kindNot),
      `${where}: unexpected ${kindNot} evidence; has ${describeEvidence(ep)}`,
    );
  }

  // Invariants of the model (semantics.md, "auth" and "mutates").
  const kinds = new Set(ep.evidence.map((item) => item.kind));
  if (ep.auth === 'public') assert.ok(kinds.has('public'), `${where}: a public endpoint says why (${describeEvidence(ep)})`);
  if (ep.auth === 'unknown') assert.ok(kinds.has('unresolved'), `${where}: unknown says what was unresolved`);
  if (ep.auth === 'protected') {
    assert.ok(
      kinds.has('guard') || kinds.has('wrapper-guard') || kinds.has('verification'),
      `${where}: protected needs guard/wrapper-guard/verification evidence (${describeEvidence(ep)})`,
    );
  }
  assert.equal(kinds.has('mutation'), ep.mutates, `${where}: mutation evidence iff mutates (${describeEvidence(ep)})`);

  assert.deepEqual(ruleIds(ep), [...(exp.rules ?? [])].sort(), `${where}: findings`);
  assert.deepEqual(ep.suppressed, [], `${where}: nothing suppressed`);
}

function assertEndpointSet(result: ScanResult, expected: readonly { file: string; name: string }[]): void {
  assert.deepEqual(result.endpoints.map(key).sort(), expected.map(key).sort());
}

type AppShape = Pick<NextApp, 'root' | 'name' | 'appDir' | 'pagesDir'> & {
  middleware?: { file: string; matchers: string[]; dynamicMatcher: boolean };
};

function appShape(app: NextApp): AppShape {
  const shape: AppShape = { root: app.root, name: app.name, appDir: app.appDir, pagesDir: app.pagesDir };
  if (app.middleware) {
    const { file, matchers, dynamicMatcher } = app.middleware;
    shape.middleware = { file, matchers, dynamicMatcher };
  }
  return shape;
}

function appsOf(result: ScanResult): AppShape[] {
  return result.apps.map(appShape).sort((a, b) => a.root.localeCompare(b.root));
}

const SEGMENT_CONFIG = ['dynamic', 'dynamicParams', 'revalidate', 'fetchCache', 'runtime', 'preferredRegion', 'maxDuration'];

// ---------------------------------------------------------------------------------------------
// 1, 2, 4. routes-exports: every export form, URL paths, file extensions, pages/api

const EXPORTS = 'routes-exports';
const NEWSLETTER = 'app/(marketing)/api/newsletter/route.ts';
const MEMBER = 'app/(dashboard)/@team/api/members/[id]/route.ts';

const exportsTable: Expected[] = [
  // app/route.ts is the site root.
  { file: 'app/route.ts', name: 'GET', at: 'export async function GET', urlPath: '/', exposure: 'external', auth: 'public', mutates: false },
  // A folder named like a file keeps its dot; segment config beside it is not an endpoint.
  { file: 'app/feed.xml/route.ts', name: 'GET', at: 'export async function GET', urlPath: '/feed.xml', exposure: 'external', auth: 'public', mutates: false },
  // Destructured from a package call: every name is a method, reported at the statement's line.
  ...(['GET', 'POST', 'PUT'] as const).map(
    (name): Expected => ({
      file: 'app/api/inngest/route.ts',
      name,
      at: 'export const { GET, POST, PUT } = serve(',
      urlPath: '/api/inngest',
      exposure: 'external',
      auth: 'unknown',
      mutates: false,
      evidence: [{ kind: 'unresolved', file: 'app/api/inngest/route.ts' }],
    }),
  ),
  // `export const PUT = PATCH`: both methods, both classified from PATCH's body.
  {
    file: 'app/api/items/route.ts',
    name: 'PATCH',
    at: 'export async function PATCH',
    urlPath: '/api/items',
    exposure: 'external',
    auth: 'missing',
    mutates: true,
    evidence: [{ kind: 'mutation', file: 'app/api/items/route.ts', at: 'await db.item.update' }],
    rules: ['missing-auth'],
  },
  {
    file: 'app/api/items/route.ts',
    name: 'PUT',
    at: 'export const PUT = PATCH',
    urlPath: '/api/items',
    exposure: 'external',
    auth: 'missing',
    mutates: true,
    evidence: [{ kind: 'mutation', file: 'app/api/items/route.ts', at: 'await db.item.update' }],
    rules: ['missing-auth'],
  },
  // `export { handler as GET, handler as POST }` split over lines: each at its own specifier.
  { file: 'app/api/echo/route.ts', name: 'GET', at: 'handler as GET', urlPath: '/api/echo', exposure: 'external', auth: 'public', mutates: false },
  { file: 'app/api/echo/route.ts', name: 'POST', at: 'handler as POST', urlPath: '/api/echo', exposure: 'external', auth: 'public', mutates: false },
  // Imported, then exported: reported at the `export { GET }` specifier of the route file.
  { file: 'app/api/stats/route.ts', name: 'GET', at: 'export { GET };', urlPath: '/api/stats', exposure: 'external', auth: 'public', mutates: false },
  // GET is fetched by components/project-list.tsx; HEAD and OPTIONS have no caller of their method.
  {
    file: 'app/api/projects/route.ts',
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/projects',
    exposure: 'internal',
    auth: 'public',
    mutates: false,
    callers: [{ file: 'components/project-list.tsx', at: "fetch('/api/projects')", how: 'fetch', method: 'GET' }],
  },
  { file: 'app/api/projects/route.ts', name: 'HEAD', at: 'export async function HEAD', urlPath: '/api/projects', exposure: 'external', auth: 'public', mutates: false },
  { file: 'app/api/projects/route.ts', name: 'OPTIONS', at: 'export async function OPTIONS', urlPath: '/api/projects', exposure: 'external', auth: 'public', mutates: false },
  // `export * from '../projects/route'`: projects' methods, at the `export *` line, with /api/boards
  // and no callers of their own (nothing fetches /api/boards).
  ...(['GET', 'HEAD', 'OPTIONS'] as const).map(
    (name): Expected => ({
      file: 'app/api/boards/route.ts',
      name,
      at: "export * from '../projects/route'",
      urlPath: '/api/boards',
      exposure: 'external',
      auth: 'public',
      mutates: false,
    }),
  ),
  // route.js, route.tsx (OG image, public by design), route.mjs (opted in by pageExtensions).
  {
    file: 'app/api/ping/route.js',
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/ping',
    exposure: 'external',
    auth: 'public',
    mutates: false,
  },
  { file: 'app/og/route.tsx', name: 'GET', at: 'export async function GET', urlPath: '/og', exposure: 'external', auth: 'public', mutates: false },
  { file: 'app/api/version/route.mjs', name: 'GET', at: 'export function GET', urlPath: '/api/version', exposure: 'external', auth: 'public', mutates: false },
  // Route group removed; a newsletter sign-up is public by design even though it POSTs to another service.
  {
    file: NEWSLETTER,
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/newsletter',
    exposure: 'external',
    auth: 'public',
    mutates: true,
    evidence: [
      { kind: 'public', file: NEWSLETTER },
      { kind: 'mutation', file: NEWSLETTER, at: "await fetch('https://api.buttondown.email/v1/subscribers'" },
    ],
  },
  // Route group and parallel slot removed, dynamic segments kept as written.
  { file: MEMBER, name: 'GET', at: 'export async function GET', urlPath: '/api/members/[id]', exposure: 'external', auth: 'public', mutates: false },
  {
    file: 'app/api/docs/[...slug]/route.ts',
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/docs/[...slug]',
    exposure: 'external',
    auth: 'public',
    mutates: false,
  },
  {
    file: 'app/api/files/[[...path]]/route.ts',
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/files/[[...path]]',
    exposure: 'external',
    auth: 'public',
    mutates: false,
  },
  // pages/api: the default export, always external.
  {
    file: 'pages/api/legacy.ts',
    name: 'default',
    kind: 'pages-api',
    at: 'export default function handler',
    urlPath: '/api/legacy',
    exposure: 'external',
    auth: 'public',
    mutates: false,
  },
  {
    file: 'pages/api/users/[id].ts',
    name: 'default',
    kind: 'pages-api',
    at: 'export default async function handler',
    urlPath: '/api/users/[id]',
    exposure: 'external',
    auth: 'missing',
    mutates: true,
    evidence: [{ kind: 'mutation', file: 'pages/api/users/[id].ts', at: 'await db.user.delete' }],
    rules: ['missing-auth'],
  },
  // Read-only, but it returns rows of `report` (people's private records) with no identity check: missing
  // (auth-semantics.md, "returns private data … with no identity check").
  {
    file: 'pages/api/reports/index.ts',
    name: 'default',
    kind: 'pages-api',
    at: 'export default handler;',
    urlPath: '/api/reports',
    exposure: 'external',
    auth: 'missing',
    mutates: false,
    rules: ['missing-auth'],
  },
];

void test('routes-exports: export forms, URL paths and pages/api', async (t) => {
  const result = await scanFixture(EXPORTS);

  await t.test('finds exactly the expected endpoints', () => {
    assertEndpointSet(result, exportsTable);
  });

  await t.test('one app at the scan root with app/ and pages/', () => {
    assert.deepEqual(appsOf(result), [{ root: '', name: 'routes-exports', appDir: 'app', pagesDir: 'pages' }]);
    assert.deepEqual(result.skipped, []);
  });

  await t.test('segment config, private folders and pages are not endpoints', () => {
    const names = new Set(result.endpoints.map((item) => item.name));
    for (const name of SEGMENT_CONFIG) assert.ok(!names.has(name), `segment config ${name} reported as an endpoint`);
    const files = new Set(result.endpoints.map((item) => item.file));
    assert.ok(!files.has('app/_lib/route.ts'), 'a route.ts in a private folder is not routable');
    for (const file of ['pages/_app.tsx', 'pages/about.tsx', 'app/layout.tsx', 'app/docs/page.tsx', 'lib/handlers.ts']) {
      assert.ok(!files.has(file), `${file} is not an endpoint file`);
    }
  });

  for (const exp of exportsTable) {
    await t.test(`${key(exp)} ${exp.urlPath ?? ''}`, () => checkEndpoint(result, EXPORTS, exp));
  }
});

// ---------------------------------------------------------------------------------------------
// 3. routes-classify: exposure, callers, auth, mutates, findings, middleware

const CLASSIFY = 'routes-classify';
const TODO_LIST = 'components/todo-list.tsx';
const SETTINGS = 'components/settings-form.tsx';
const STRIPE = 'app/api/webhooks/stripe/route.ts';
const CLERK = 'app/api/webhooks/clerk/route.ts';
const SHOPIFY = 'app/api/webhooks/shopify/route.ts';
const GITHUB = 'app/api/webhooks/github/route.ts';
const CRON = 'app/api/cron/cleanup/route.ts';
const OAUTH = 'app/api/oauth/callback/route.ts';
const NEXTAUTH = 'app/api/auth/[...nextauth]/route.ts';
const TODO_ID = 'app/api/todos/[id]/route.ts';
const PREFS = 'app/api/preferences/route.ts';

const preferencesCaller: ExpectedCaller = { file: SETTINGS, at: "await fetch('/api/preferences'", how: 'fetch' };

const classifyTable: Expected[] = [
  // next-auth v5: `export const { GET, POST } = handlers` from '@/auth' (NextAuth(...)): public by design.
  ...(['GET', 'POST'] as const).map(
    (name): Expected => ({
      file: NEXTAUTH,
      name,
      at: 'export const { GET, POST } = handlers',
      urlPath: '/api/auth/[...nextauth]',
      exposure: 'external',
      auth: 'public',
      // Sign-in, callbacks and sign-out change the caller's sign-in state (../shared/auth-semantics.md).
      mutates: true,
      evidence: [
        { kind: 'public', file: NEXTAUTH },
        { kind: 'mutation', file: NEXTAUTH },
        { kind: 'external-hint', file: NEXTAUTH },
      ],
    }),
  ),
  // Fetched by the app's own client code: internal, one caller per reference, method from the call.
  {
    file: 'app/api/todos/route.ts',
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/todos',
    exposure: 'internal',
    auth: 'public',
    mutates: false,
    callers: [
      { file: TODO_LIST, at: "useSWR('/api/todos', fetcher)", how: 'http-client', method: 'GET' },
      { file: TODO_LIST, at: "await fetch('/api/todos');", how: 'fetch', method: 'GET' },
    ],
  },
  {
    file: 'app/api/todos/route.ts',
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/todos',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    callers: [{ file: TODO_LIST, at: "await fetch('/api/todos', {", how: 'fetch', method: 'POST' }],
    evidence: [
      { kind: 'guard', file: 'app/api/todos/route.ts', at: 'const session = await auth();' },
      { kind: 'mutation', file: 'app/api/todos/route.ts', at: 'await db.todo.create' },
    ],
    // Only the app's own fetch calls it, and it writes: a Server Action would do.
    rules: ['route-only-called-internally'],
  },
  // Template literal `/api/todos/${id}` matches app/api/todos/[id]; DELETE writes with no guard.
  {
    file: TODO_ID,
    name: 'DELETE',
    at: 'export async function DELETE',
    urlPath: '/api/todos/[id]',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    callers: [{ file: TODO_LIST, at: 'await fetch(`/api/todos/${id}`', how: 'fetch', method: 'DELETE' }],
    evidence: [{ kind: 'mutation', file: TODO_ID, at: 'await db.todo.delete' }],
    rules: ['missing-auth', 'route-only-called-internally'],
  },
  // withAuth(handler) defined in lib/with-auth.ts guards; no caller uses PATCH, so external.
  {
    file: TODO_ID,
    name: 'PATCH',
    at: 'export const PATCH = withAuth',
    urlPath: '/api/todos/[id]',
    exposure: 'external',
    auth: 'protected',
    mutates: true,
    evidence: [
      { kind: 'wrapper-guard', file: TODO_ID, at: 'export const PATCH = withAuth' },
      { kind: 'wrapper-guard', file: 'lib/with-auth.ts', at: 'const session = await auth();' },
      { kind: 'mutation', file: TODO_ID, at: 'await db.todo.update' },
    ],
  },
  // A caller whose method is a runtime value counts for every method of the route, without `method`.
  {
    file: PREFS,
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/preferences',
    exposure: 'internal',
    auth: 'protected',
    mutates: false,
    callers: [preferencesCaller],
    evidence: [{ kind: 'guard', file: PREFS, at: ['const session = await auth();', 1] }],
  },
  {
    file: PREFS,
    name: 'PUT',
    at: 'export async function PUT',
    urlPath: '/api/preferences',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    callers: [preferencesCaller],
    evidence: [
      { kind: 'guard', file: PREFS, at: ['const session = await auth();', 2] },
      { kind: 'mutation', file: PREFS, at: 'await db.preference.upsert' },
    ],
    rules: ['route-only-called-internally'],
  },
  // <a href="/api/export"> in a page.
  {
    file: 'app/api/export/route.ts',
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/export',
    exposure: 'internal',
    auth: 'public',
    mutates: false,
    callers: [{ file: 'app/todos/page.tsx', at: '<a href="/api/export"', how: 'link', method: 'GET' }],
  },
  // No in-app caller: external; reads only: public.
  { file: 'app/api/stats/route.ts', name: 'GET', at: 'export async function GET', urlPath: '/api/stats', exposure: 'external', auth: 'public', mutates: false },
  {
    file: 'app/api/health/route.ts',
    name: 'GET',
    at: 'export function GET',
    urlPath: '/api/health',
    exposure: 'external',
    auth: 'public',
    mutates: false,
    evidence: [{ kind: 'public', file: 'app/api/health/route.ts' }],
  },
  // Stripe: raw body + constructEvent in a try/catch that returns 400.
  {
    file: STRIPE,
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/webhooks/stripe',
    exposure: 'external',
    auth: 'protected',
    mutates: true,
    evidence: [
      { kind: 'verification', file: STRIPE, at: 'stripe.webhooks.constructEvent(' },
      { kind: 'mutation', file: STRIPE, at: 'await db.subscription.upsert' },
      { kind: 'external-hint', file: STRIPE },
    ],
    noEvidence: ['middleware'],
  },
  // svix verification inside lib/verify.ts, called by the route.
  {
    file: CLERK,
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/webhooks/clerk',
    exposure: 'external',
    auth: 'protected',
    mutates: true,
    evidence: [
      { kind: 'verification', file: CLERK, at: 'evt = verifyClerkWebhook(' },
      { kind: 'verification', file: 'lib/verify.ts', at: 'return wh.verify(' },
      { kind: 'mutation', file: CLERK, at: 'await db.user.create' },
      { kind: 'external-hint', file: CLERK },
    ],
  },
  // Parses the payload and writes, verifies nothing.
  {
    file: SHOPIFY,
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/webhooks/shopify',
    exposure: 'external',
    auth: 'missing',
    mutates: true,
    evidence: [
      { kind: 'mutation', file: SHOPIFY, at: 'await db.order.create' },
      { kind: 'external-hint', file: SHOPIFY },
    ],
    rules: ['missing-auth', 'webhook-without-verification'],
  },
  // GitHub-style HMAC compared with timingSafeEqual.
  {
    file: GITHUB,
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/webhooks/github',
    exposure: 'external',
    auth: 'protected',
    mutates: true,
    evidence: [
      { kind: 'verification', file: GITHUB, at: 'timingSafeEqual(signature, expected)' },
      { kind: 'mutation', file: GITHUB, at: 'await db.repoEvent.create' },
    ],
  },
  // Vercel cron: Authorization header compared with CRON_SECRET, 401 otherwise.
  {
    file: CRON,
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/cron/cleanup',
    exposure: 'external',
    auth: 'protected',
    mutates: true,
    evidence: [
      { kind: 'verification', file: CRON, at: "if (request.headers.get('authorization') !==" },
      { kind: 'mutation', file: CRON, at: 'await db.session.deleteMany' },
      { kind: 'external-hint', file: CRON },
    ],
  },
  // OAuth callback: sign-in completes here, public by design (see the decisions at the top).
  {
    file: OAUTH,
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/oauth/callback',
    exposure: 'external',
    auth: 'public',
    mutates: true,
    evidence: [
      { kind: 'public', file: OAUTH },
      { kind: 'external-hint', file: OAUTH },
      { kind: 'mutation', file: OAUTH },
    ],
    noEvidence: ['guard', 'verification'],
  },
  // `export const POST = async (req: NextRequest) => ...` writing with no guard.
  {
    file: 'app/api/comments/route.ts',
    name: 'POST',
    at: 'export const POST = async (req: NextRequest)',
    urlPath: '/api/comments',
    exposure: 'external',
    auth: 'missing',
    mutates: true,
    evidence: [{ kind: 'mutation', file: 'app/api/comments/route.ts', at: 'await db.comment.create' }],
    noEvidence: ['middleware'],
    rules: ['missing-auth'],
  },
  // next-auth v5 `auth(handler)` whose body tests req.auth.
  {
    file: 'app/api/profile/route.ts',
    name: 'POST',
    at: 'export const POST = auth(',
    urlPath: '/api/profile',
    exposure: 'external',
    auth: 'protected',
    mutates: true,
    evidence: [
      { kind: 'guard', file: 'app/api/profile/route.ts', at: 'if (!req.auth)' },
      { kind: 'mutation', file: 'app/api/profile/route.ts', at: 'await db.user.update' },
    ],
  },
  // Session read only to fill a column: not a guard.
  {
    file: 'app/api/bookmarks/route.ts',
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/bookmarks',
    exposure: 'external',
    auth: 'missing',
    mutates: true,
    evidence: [
      { kind: 'identity-unchecked', file: 'app/api/bookmarks/route.ts', at: 'const session = await auth();' },
      { kind: 'mutation', file: 'app/api/bookmarks/route.ts', at: 'await db.bookmark.create' },
    ],
    noEvidence: ['guard'],
    rules: ['missing-auth'],
  },
  // Covered by the middleware matcher, unguarded, mutating: still missing, plus a middleware item.
  {
    file: 'app/api/admin/reset/route.ts',
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/admin/reset',
    exposure: 'external',
    auth: 'missing',
    mutates: true,
    evidence: [
      { kind: 'middleware', file: 'middleware.ts' },
      { kind: 'mutation', file: 'app/api/admin/reset/route.ts', at: 'await db.todo.deleteMany' },
    ],
    rules: ['missing-auth'],
  },
];

void test('routes-classify: exposure, callers, auth and findings of Route Handlers', async (t) => {
  const result = await scanFixture(CLASSIFY);

  await t.test('finds exactly the expected endpoints', () => {
    assertEndpointSet(result, classifyTable);
  });

  await t.test('one app with its middleware matcher', () => {
    assert.deepEqual(appsOf(result), [
      {
        root: '',
        name: 'routes-classify',
        appDir: 'app',
        pagesDir: undefined,
        middleware: { file: 'middleware.ts', matchers: ['/api/admin/:path*', '/dashboard/:path*'], dynamicMatcher: false },
      },
    ]);
    assert.deepEqual(result.skipped, []);
  });

  await t.test('only endpoints under the matcher get middleware evidence', () => {
    const covered = result.endpoints.filter((item) => item.evidence.some((ev) => ev.kind === 'middleware')).map(key);
    assert.deepEqual(covered, ['app/api/admin/reset/route.ts#POST']);
  });

  for (const exp of classifyTable) {
    await t.test(`${key(exp)} ${exp.auth}/${exp.exposure}`, () => checkEndpoint(result, CLASSIFY, exp));
  }
});

// ---------------------------------------------------------------------------------------------
// 5. routes-monorepo: two Next apps, one non-Next package

const MONOREPO = 'routes-monorepo';
const SEARCH_BOX = 'apps/web/components/search-box.tsx';
const ADMIN_USER = 'apps/admin/src/app/api/users/[id]/route.ts';

const monorepoTable: Expected[] = [
  {
    file: 'apps/web/app/api/search/route.ts',
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/search',
    app: 'apps/web',
    exposure: 'internal',
    auth: 'public',
    mutates: false,
    // The query string does not stop the template literal from matching /api/search.
    callers: [{ file: SEARCH_BOX, at: 'await fetch(`/api/search?q=', how: 'fetch', method: 'GET' }],
  },
  {
    file: 'apps/web/app/api/x/route.ts',
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/x',
    app: 'apps/web',
    exposure: 'internal',
    auth: 'public',
    mutates: false,
    callers: [{ file: SEARCH_BOX, at: "await fetch('/api/x'", how: 'fetch', method: 'POST' }],
  },
  {
    file: 'apps/web/app/actions.ts',
    name: 'subscribe',
    kind: 'action',
    actionForm: 'file',
    at: 'export async function subscribe',
    app: 'apps/web',
    exposure: 'internal',
    auth: 'public', // newsletter subscription: public by design
    mutates: true,
    callers: [{ file: 'apps/web/app/page.tsx', at: '<form action={subscribe}>', how: 'form-action' }],
    evidence: [{ kind: 'mutation', file: 'apps/web/app/actions.ts', at: 'await db.subscriber.create' }],
    rules: ['missing-revalidation', 'unvalidated-action-input'],
  },
  // Same URLs in the other app: apps/web's fetches do not reach them.
  {
    // Read-only, but an admin app's user search (emails) answered to anyone: private data with no identity check.
    file: 'apps/admin/src/app/api/search/route.ts',
    name: 'GET',
    at: 'export async function GET',
    urlPath: '/api/search',
    app: 'apps/admin',
    exposure: 'external',
    auth: 'missing',
    mutates: false,
    rules: ['missing-auth'],
  },
  {
    file: 'apps/admin/src/app/api/x/route.ts',
    name: 'POST',
    at: 'export async function POST',
    urlPath: '/api/x',
    app: 'apps/admin',
    exposure: 'external',
    auth: 'public',
    mutates: false,
  },
  // Guard in a workspace package built to dist/ (not in the repo): imported by a subpath its `exports` maps to source.
  {
    file: 'apps/web/app/api/profile/route.ts',
    name: 'PATCH',
    at: 'export async function PATCH',
    urlPath: '/api/profile',
    app: 'apps/web',
    exposure: 'external',
    auth: 'protected',
    mutates: true,
    evidence: [
      { kind: 'guard', file: 'apps/web/app/api/profile/route.ts', at: 'await requireUser();' },
      { kind: 'guard', file: 'packages/auth/src/guards/require-user.ts', at: 'if (!userId)' },
      { kind: 'mutation', file: 'apps/web/app/api/profile/route.ts', at: 'await db.profile.update' },
    ],
    rules: ['route-mutation-without-origin-check'],
  },
  // Guard in a local helper of the admin app (paths alias '@/*' → './src/*').
  {
    file: ADMIN_USER,
    name: 'DELETE',
    at: 'export async function DELETE',
    urlPath: '/api/users/[id]',
    app: 'apps/admin',
    exposure: 'external',
    auth: 'protected',
    mutates: true,
    evidence: [
      { kind: 'guard', file: ADMIN_USER, at: 'await requireAdmin();' },
      { kind: 'guard', file: 'apps/admin/src/lib/auth.ts', at: 'await auth();' },
      { kind: 'mutation', file: ADMIN_USER, at: 'await db.user.delete' },
    ],
  },
];

void test('routes-monorepo: apps, app-relative URLs, root-relative files', async (t) => {
  const result = await scanFixture(MONOREPO);

  await t.test('lists both Next apps and not the ui package or the workspace root', () => {
    assert.deepEqual(appsOf(result), [
      { root: 'apps/admin', name: 'admin', appDir: 'apps/admin/src/app', pagesDir: undefined },
      { root: 'apps/web', name: 'web', appDir: 'apps/web/app', pagesDir: undefined },
    ]);
    assert.deepEqual(result.skipped, []);
  });

  await t.test('finds exactly the expected endpoints (nothing from packages/ui)', () => {
    assertEndpointSet(result, monorepoTable);
    assert.ok(!result.endpoints.some((item) => item.file.startsWith('packages/')));
  });

  await t.test('every endpoint belongs to the app whose folder holds it', () => {
    for (const item of result.endpoints) {
      assert.ok(item.file.startsWith(`${item.app}/`), `${key(item)} has app ${JSON.stringify(item.app)}`);
    }
  });

  for (const exp of monorepoTable) {
    await t.test(`${key(exp)}`, () => checkEndpoint(result, MONOREPO, exp));
  }
});

void test('routes-monorepo opened at one app: a sibling workspace package still resolves to its source', async () => {
  const result = await analyzeWorkspace(join(fixturesDir, MONOREPO, 'apps/web'));
  const profile = endpoint(result, 'app/api/profile/route.ts', 'PATCH');
  assert.equal(profile.auth, 'protected');
  assert.ok(profile.evidence.some((item) => item.kind === 'guard' && item.file === '../../packages/auth/src/guards/require-user.ts'), JSON.stringify(profile.evidence));
});

// ---------------------------------------------------------------------------------------------
// 6. Skips: syntax error, binary file, no tsconfig.json; a >1 MB minified route built at test time

void test('routes-skips: broken and binary route files are skipped, the rest is scanned', async (t) => {
  const result = await scanFixture('routes-skips');

  await t.test('an app without tsconfig.json under src/app is found', () => {
    assert.deepEqual(appsOf(result), [{ root: '', name: 'routes-skips', appDir: 'src/app', pagesDir: undefined }]);
  });

  await t.test('skipped lists the syntax error and the binary file, with reasons', () => {
    const skipped = [...result.skipped].sort((a, b) => a.file.localeCompare(b.file));
    assert.deepEqual(
      skipped.map((item) => item.file),
      ['src/app/api/blob/route.ts', 'src/app/api/broken/route.ts'],
    );
    const [blob, broken] = skipped;
    assert.match(broken.reason, /^syntax error/);
    assert.ok(blob.reason.trim().length > 0, 'the binary file has a reason');
  });

  await t.test('only the healthy route is an endpoint', () => {
    assertEndpointSet(result, [{ file: 'src/app/api/ok/route.ts', name: 'GET' }]);
    checkEndpoint(result, 'routes-skips', {
      file: 'src/app/api/ok/route.ts',
      name: 'GET',
      at: 'export async function GET',
      urlPath: '/api/ok',
      exposure: 'external',
      auth: 'public',
      mutates: false,
    });
  });
});

void test('a minified route file larger than 1 MB is skipped, the app still scans', async () => {
  const root = mkdtempSync(join(tmpdir(), 'next-boundary-routes-'));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  try {
    write('package.json', JSON.stringify({ name: 'big-app', private: true, dependencies: { next: '15.5.4' } }, null, 2));
    write('app/api/small/route.ts', 'export async function GET() {\n  return Response.json({ ok: true });\n}\n');
    // One line, ~1.2 MB: what a bundler emits, not something to analyse.
    const rows = Array.from({ length: 24_000 }, (_, i) => ({ id: i, slug: `item-${i}`, tags: ['alpha', 'beta', 'gamma'] }));
    const big = `export async function GET(){return Response.json(${JSON.stringify(rows)})}export async function POST(r){const b=await r.json();return Response.json(b)}`;
    assert.ok(big.length > 1.1 * 1024 * 1024, `generated file is ${big.length} bytes`);
    write('app/api/big/route.js', big);

    const result = await analyzeWorkspace(root);

    assert.deepEqual(
      result.skipped.map((item) => item.file),
      ['app/api/big/route.js'],
    );
    assert.ok(result.skipped[0].reason.trim().length > 0, 'the large file has a reason');
    assert.deepEqual(result.endpoints.map(key), ['app/api/small/route.ts#GET']);
    const small = endpoint(result, 'app/api/small/route.ts', 'GET');
    assert.equal(small.line, 1);
    assert.equal(small.urlPath, '/api/small');
    assert.equal(small.app, '');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
