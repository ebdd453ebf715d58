/**
 * Routers behind one route handler (routers/): every tRPC procedure and Hono route a route file mounts is an endpoint
 * of its own (kind `procedure`), judged where it is defined, with the callers that reach it through the typed client;
 * the mounting route is judged by what it serves for each method and carries no findings of its own.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Endpoint, nodeFileHost, overlayHost, scanSync } from '../../src/analyzers';
import { ROUTER_FRAMEWORKS, type RouterFrameworkReader } from '../../src/analyzers/routers';
import { addSuppression } from '../../src/fixes/add-suppression';
import { applyEdits } from '../../src/fixes/edits';
import { assertUpdateMatchesFreshScan, endpoint, fixturesDir, ruleIds, scanFixture } from '../helpers';

const callersOf = (item: Endpoint) => item.callers.map((caller) => `${caller.file}:${caller.line} ${caller.how}`);

void describe('routers-trpc: a T3-shaped router (public and protected builders, routers in files, merged, a client with hooks)', () => {
  const ROUTE = 'app/api/trpc/[trpc]/route.ts';

  void test('each procedure is an endpoint where it is defined: its path, type, URL and mounting route', async () => {
    const result = await scanFixture('routers-trpc');
    const procedures = result.endpoints.filter((item) => item.kind === 'procedure').map((item) => `${item.name} ${item.type} ${item.file}:${item.line} ${item.urlPath} ← ${item.mountedAt}`);
    assert.deepEqual(procedures.sort(), [
      'billing.subscriptionUpdated mutation server/api/routers/billing.ts:7 /api/trpc/billing.subscriptionUpdated ← app/api/trpc/[trpc]/route.ts',
      'comment.list query server/api/routers/comment.ts:8 /api/trpc/comment.list ← app/api/trpc/[trpc]/route.ts',
      'comment.moderation.hide mutation server/api/routers/comment.ts:14 /api/trpc/comment.moderation.hide ← app/api/trpc/[trpc]/route.ts',
      'comment.moderation.resetDemo mutation server/api/routers/comment.ts:16 /api/trpc/comment.moderation.resetDemo ← app/api/trpc/[trpc]/route.ts',
      // Declared as a variable and listed by name in the router: judged where it is written.
      'comment.remove mutation server/api/routers/comment.ts:6 /api/trpc/comment.remove ← app/api/trpc/[trpc]/route.ts',
      'post.create mutation server/api/routers/post.ts:7 /api/trpc/post.create ← app/api/trpc/[trpc]/route.ts',
      'post.list query server/api/routers/post.ts:6 /api/trpc/post.list ← app/api/trpc/[trpc]/route.ts',
    ]);
    assert.ok(result.endpoints.every((item) => item.kind !== 'procedure' || item.router === 'trpc'));
  });

  void test('verdicts: a public mutation writing shared data is missing auth with the finding on its line; the guarded builder protects', async () => {
    const result = await scanFixture('routers-trpc');
    const billing = endpoint(result, 'server/api/routers/billing.ts', 'billing.subscriptionUpdated');
    assert.equal(billing.auth, 'missing');
    assert.deepEqual(ruleIds(billing), ['missing-auth']);
    assert.match(billing.findings[0].message, /^This tRPC mutation `billing\.subscriptionUpdated` writes shared data but checks no auth\. Build it on a procedure whose middleware throws UNAUTHORIZED/);
    assert.equal(billing.findings[0].line, 7);
    assert.equal(endpoint(result, 'server/api/routers/comment.ts', 'comment.remove').auth, 'missing');
    const create = endpoint(result, 'server/api/routers/post.ts', 'post.create');
    assert.equal(create.auth, 'protected');
    assert.ok(create.evidence.some((item) => item.kind === 'wrapper-guard' && /checks the caller before it runs/.test(item.message)), JSON.stringify(create.evidence));
    assert.equal(endpoint(result, 'server/api/routers/comment.ts', 'comment.moderation.hide').auth, 'protected');
    assert.equal(endpoint(result, 'server/api/routers/post.ts', 'post.list').auth, 'public');
  });

  void test('a timing middleware named like any other is no guard (publicProcedure uses one); createContext reading the session is none either', async () => {
    const result = await scanFixture('routers-trpc');
    // publicProcedure = t.procedure.use(timing), and the context calls auth(): still missing.
    assert.equal(endpoint(result, 'server/api/routers/billing.ts', 'billing.subscriptionUpdated').auth, 'missing');
  });

  void test('a suppression comment above a procedure silences its finding only', async () => {
    const result = await scanFixture('routers-trpc');
    const reset = endpoint(result, 'server/api/routers/comment.ts', 'comment.moderation.resetDemo');
    assert.deepEqual(ruleIds(reset), []);
    assert.deepEqual(reset.suppressed.map((item) => `${item.ruleId}: ${item.reason}`), ['missing-auth: demo data, reset every night']);
    assert.deepEqual(ruleIds(endpoint(result, 'server/api/routers/comment.ts', 'comment.remove')), ['missing-auth']);
  });

  void test('callers: the React hooks, utils.client, and a server-side createCaller; a query invalidation is no call', async () => {
    const result = await scanFixture('routers-trpc');
    assert.deepEqual(callersOf(endpoint(result, 'server/api/routers/post.ts', 'post.list')), ['app/posts/create-post.tsx:7 rpc-client', 'app/posts/page.tsx:7 server-call']);
    assert.deepEqual(callersOf(endpoint(result, 'server/api/routers/post.ts', 'post.create')), ['app/posts/create-post.tsx:8 rpc-client']);
    assert.deepEqual(callersOf(endpoint(result, 'server/api/routers/comment.ts', 'comment.moderation.hide')), ['app/posts/create-post.tsx:15 rpc-client']);
    assert.equal(endpoint(result, 'server/api/routers/post.ts', 'post.create').exposure, 'internal');
    // Nothing in the app calls the payment event: an outside caller is expected.
    const billing = endpoint(result, 'server/api/routers/billing.ts', 'billing.subscriptionUpdated');
    assert.equal(billing.exposure, 'external');
    assert.deepEqual(billing.callers, []);
    // `db.post.create()` inside the router is a database call, not a call of the post.create procedure.
    assert.ok(!callersOf(endpoint(result, 'server/api/routers/post.ts', 'post.create')).some((caller) => caller.startsWith('server/')));
  });

  void test('the mounting route: judged by what it serves per method, its callers those of what it serves over HTTP, no findings of its own', async () => {
    const result = await scanFixture('routers-trpc');
    const post = endpoint(result, ROUTE, 'POST');
    assert.equal(post.auth, 'missing');
    assert.deepEqual(post.mounts, { router: 'trpc', served: 5 });
    assert.deepEqual(post.findings, []);
    assert.match(post.evidence.find((item) => item.kind === 'mount')?.message ?? '', /serves the tRPC router `appRouter`: 5 procedures for POST/);
    const named = post.evidence.find((item) => item.kind === 'identity-unchecked');
    assert.match(named?.message ?? '', /has no guard/);
    assert.equal(post.exposure, 'internal');
    const get = endpoint(result, ROUTE, 'GET');
    assert.equal(get.auth, 'public');
    assert.deepEqual(get.mounts, { router: 'trpc', served: 2 });
    // The page's createCaller runs the procedure in-process: a caller of the procedure, never of the route.
    assert.deepEqual(callersOf(get), ['app/posts/create-post.tsx:7 rpc-client']);
  });

  void test('a route handler that calls a procedure through a server-side caller is judged by what the procedure writes', async () => {
    const result = await scanFixture('routers-trpc');
    const route = endpoint(result, 'app/api/comments/[id]/route.ts', 'DELETE');
    assert.equal(route.mutates, true);
    assert.equal(route.auth, 'missing');
    assert.ok(route.evidence.some((item) => item.kind === 'mutation' && item.file === 'server/api/routers/comment.ts' && /db\.comment\.delete\(\) writes data/.test(item.message)), JSON.stringify(route.evidence));
    // …and is one of the procedure's callers, on the server.
    assert.ok(callersOf(endpoint(result, 'server/api/routers/comment.ts', 'comment.remove')).includes('app/api/comments/[id]/route.ts:8 server-call'));
  });

  void test('pages/api: `export default createNextApiHandler({ router })` mounts the same router, for every method', async () => {
    const result = await scanFixture('routers-trpc');
    const legacy = endpoint(result, 'pages/api/trpc/[trpc].ts', 'default');
    assert.deepEqual(legacy.mounts, { router: 'trpc', served: 7 });
    assert.equal(legacy.auth, 'missing');
    assert.match(legacy.evidence.find((item) => item.kind === 'mount')?.message ?? '', /^createNextApiHandler\(\) serves the tRPC router `appRouter`: 7 procedures for every method$/);
    // Still one endpoint per procedure, kept for the first mount, the other one named.
    const billing = endpoint(result, 'server/api/routers/billing.ts', 'billing.subscriptionUpdated');
    assert.equal(billing.mountedAt, ROUTE);
    assert.deepEqual(billing.evidence.filter((item) => item.kind === 'mount').map((item) => item.file), ['pages/api/trpc/[trpc].ts']);
  });

  void test('a router file that cannot be read is a skip with its reason, and what it would serve makes the mount unknown', () => {
    const root = join(fixturesDir, 'routers-trpc');
    const file = join(root, 'server/api/routers/billing.ts').replace(/\\/g, '/');
    const huge = `${readFileSync(file, 'utf8')}\n// ${'x'.repeat(1100 * 1024)}\n`;
    const result = scanSync(root, { host: overlayHost(nodeFileHost, new Map([[file, huge]])) });
    assert.deepEqual(result.skipped.map((item) => `${item.file}: ${item.reason}`), ['server/api/routers/billing.ts: larger than 1 MB (1100 KB): not read, though endpoint code imports it']);
    const get = endpoint(result, ROUTE, 'GET');
    assert.equal(get.auth, 'unknown');
    assert.ok(get.evidence.some((item) => item.kind === 'unresolved' && item.message === 'the router `billingRouter` could not be read'), JSON.stringify(get.evidence));
    assert.ok(!result.endpoints.some((item) => item.name.startsWith('billing.')));
  });

  void test('a router file with a syntax error serves nothing judged from its recovered tree: the mount reads unknown', () => {
    const root = join(fixturesDir, 'routers-trpc');
    const file = join(root, 'server/api/routers/billing.ts').replace(/\\/g, '/');
    // Found by the fuzzer: the same file with a 'use server' directive is an endpoint file too, listed as skipped.
    const intact = endpoint(scanSync(root), ROUTE, 'POST');
    for (const prefix of ['', "'use server';\n"]) {
      const broken = `${prefix}${readFileSync(file, 'utf8').replace('createTRPCRouter({', 'createTRPCRouter({ ,,')}`;
      const result = scanSync(root, { host: overlayHost(nodeFileHost, new Map([[file, broken]])) });
      assert.ok(!result.endpoints.some((item) => item.name.startsWith('billing.')), prefix);
      // The route still serves the other routers' mutations (missing auth on two of them); billing's is not counted.
      const post = endpoint(result, ROUTE, 'POST');
      assert.equal(post.mounts?.served, (intact.mounts?.served ?? 0) - 1);
      assert.equal(post.auth, 'missing');
      assert.equal(result.skipped.some((item) => item.file === 'server/api/routers/billing.ts'), prefix !== '');
    }
  });

  void test('a syntax error in a router file, and its fix, update like a fresh scan', () => {
    assertUpdateMatchesFreshScan({ name: 'broken billing', fixture: 'routers-trpc', file: 'server/api/routers/billing.ts', edit: (text) => text.replace('createTRPCRouter({', 'createTRPCRouter({ ,,') });
  });

  void test('a router file growing past 1 MB, and back, updates like a fresh scan', () => {
    assertUpdateMatchesFreshScan({ name: 'huge billing', fixture: 'routers-trpc', file: 'server/api/routers/billing.ts', edit: (text) => `${text}\n// ${'x'.repeat(1100 * 1024)}\n` });
  });

  void test('an edit that guards the billing procedure updates it and the route like a fresh scan', () => {
    assertUpdateMatchesFreshScan({
      name: 'guard billing',
      fixture: 'routers-trpc',
      file: 'server/api/routers/billing.ts',
      edit: (text) => text.replace('createTRPCRouter, publicProcedure', 'createTRPCRouter, protectedProcedure').replace('publicProcedure.input', 'protectedProcedure.input'),
    });
  });

  void test('an edit in a client component adds its call like a fresh scan', () => {
    assertUpdateMatchesFreshScan({
      name: 'call billing',
      fixture: 'routers-trpc',
      file: 'app/posts/create-post.tsx',
      edit: (text) => text.replace('const remove = ', 'const billing = api.billing.subscriptionUpdated.useMutation();\n  const remove = '),
    });
  });
});

void describe('routers-hono: a catch-all Hono app with sub-apps, middleware in order, an RPC chain and a typed client', () => {
  const ROUTE = 'app/api/[[...route]]/route.ts';

  void test('each route the exported methods reach is an endpoint named by method and full path', async () => {
    const result = await scanFixture('routers-hono');
    const routes = result.endpoints.filter((item) => item.kind === 'procedure').map((item) => `${item.name} ${item.file}:${item.line} ${item.auth}`);
    assert.deepEqual(routes.sort(), [
      'DELETE /api/admin/users/:id server/admin.ts:8 protected',
      `GET /api/posts ${ROUTE}:9 public`,
      // Chained into the variable the client's type comes from: still registered on the app.
      `POST /api/open ${ROUTE}:19 missing`,
      `POST /api/posts ${ROUTE}:12 missing`,
      // Registered before the sub-app's `use`: the middleware runs after it has answered.
      'POST /api/v2/posts/purge server/v2.ts:8 missing',
      // PATCH /api/v2/posts/:id is left out: the route file exports no PATCH, so Next.js never hands it to Hono.
    ]);
  });

  void test('each method export is judged by the routes it serves, with no findings of its own', async () => {
    const result = await scanFixture('routers-hono');
    assert.deepEqual(
      ['GET', 'POST', 'DELETE'].map((method) => `${method} ${endpoint(result, ROUTE, method).auth} ${endpoint(result, ROUTE, method).findings.length}`),
      ['GET public 0', 'POST missing 0', 'DELETE protected 0'],
    );
    const post = endpoint(result, ROUTE, 'POST');
    assert.ok(post.evidence.some((item) => item.message.startsWith('POST /api/posts has no guard')));
  });

  void test("the sub-app's bearerAuth (app.use above its routes) guards them, and is a token: no cookie, no CSRF finding", async () => {
    const del = endpoint(await scanFixture('routers-hono'), 'server/admin.ts', 'DELETE /api/admin/users/:id');
    assert.ok(del.evidence.some((item) => /bearerAuth\(\) from hono\/bearer-auth/.test(item.message)));
    assert.deepEqual(ruleIds(del), []);
  });

  void test("callers: hc<AppType>() client calls and fetch() to the route's own path, not to the catch-all", async () => {
    const result = await scanFixture('routers-hono');
    assert.deepEqual(callersOf(endpoint(result, ROUTE, 'POST /api/posts')), ['app/posts/client.tsx:11 rpc-client']);
    assert.deepEqual(callersOf(endpoint(result, ROUTE, 'POST /api/open')), ['app/posts/client.tsx:12 fetch']);
    assert.equal(endpoint(result, ROUTE, 'GET /api/posts').exposure, 'external');
  });

  void test('an edit that registers the middleware before the purge route protects it like a fresh scan', () => {
    assertUpdateMatchesFreshScan({
      name: 'use before',
      fixture: 'routers-hono',
      file: 'server/v2.ts',
      edit: (text) => text.replace("v2.use('/posts/*', requireUser);\n", '').replace('const v2 = new Hono();\n', "const v2 = new Hono();\nv2.use('/posts/*', requireUser);\n"),
    });
  });
});

void describe('routers-monorepo: a tRPC router in a workspace package, mounted by two apps', () => {
  void test('one endpoint per procedure where it is defined, for the first mount, the other mount as evidence', async () => {
    const result = await scanFixture('routers-monorepo');
    const procedures = result.endpoints.filter((item) => item.kind === 'procedure');
    assert.deepEqual(procedures.map((item) => `${item.name} ${item.file}:${item.line} ${item.auth}`).sort(), [
      'post.all packages/api/src/router/post.ts:5 public',
      'post.create packages/api/src/router/post.ts:6 protected',
      'post.delete packages/api/src/router/post.ts:8 missing',
    ]);
    for (const item of procedures) {
      assert.equal(item.mountedAt, 'apps/admin/app/api/trpc/[trpc]/route.ts');
      assert.deepEqual(item.evidence.filter((evidence) => evidence.kind === 'mount').map((evidence) => evidence.file), ['apps/web/app/api/trpc/[trpc]/route.ts']);
    }
  });

  void test("callers from every app count: the web app's hook reaches the procedure, and its own mount's POST", async () => {
    const result = await scanFixture('routers-monorepo');
    const remove = endpoint(result, 'packages/api/src/router/post.ts', 'post.delete');
    assert.deepEqual(callersOf(remove), ['apps/web/app/posts/delete-post.tsx:6 rpc-client']);
    assert.deepEqual(ruleIds(remove), ['missing-auth']);
    assert.equal(endpoint(result, 'apps/web/app/api/trpc/[trpc]/route.ts', 'POST').exposure, 'internal');
    assert.equal(endpoint(result, 'apps/admin/app/api/trpc/[trpc]/route.ts', 'POST').exposure, 'external');
  });

  void test('each mount is judged by the same procedures the same way (a route in an admin app does not make a public read private)', async () => {
    const result = await scanFixture('routers-monorepo');
    for (const app of ['web', 'admin']) {
      const file = `apps/${app}/app/api/trpc/[trpc]/route.ts`;
      assert.deepEqual([endpoint(result, file, 'GET').auth, endpoint(result, file, 'POST').auth], ['public', 'missing'], app);
    }
  });
});

void test('"Mark as public with a reason" on a procedure writes the comment where the scan then reads it', async () => {
  const root = join(fixturesDir, 'routers-trpc');
  const file = 'server/api/routers/billing.ts';
  const absolute = join(root, file).replace(/\\/g, '/');
  const before = endpoint(await scanFixture('routers-trpc'), file, 'billing.subscriptionUpdated');
  const text = readFileSync(absolute, 'utf8');
  const found = addSuppression(text, file, before, 'missing-auth', 'the provider signs it upstream');
  assert.ok(found, 'an edit is offered');
  const edited = applyEdits(text, [found.edit]);
  const after = endpoint(scanSync(root, { host: overlayHost(nodeFileHost, new Map([[absolute, edited]])) }), file, 'billing.subscriptionUpdated');
  assert.deepEqual(ruleIds(after), []);
  assert.deepEqual(after.suppressed.map((item) => `${item.ruleId}: ${item.reason}`), ['missing-auth: the provider signs it upstream']);
  // Applied again with the model of the edited text: nothing more to do.
  assert.equal(addSuppression(edited, file, after, 'missing-auth', 'again'), undefined);
});

void test('the framework registry lists every framework module of src/analyzers/routers/ (one file each), and each its own', async () => {
  const dir = join(__dirname, '../../src/analyzers/routers');
  const modules = readdirSync(dir).filter((file) => file.endsWith('.ts') && file !== 'index.ts' && file !== 'callers.ts');
  const listed = new Set<unknown>(ROUTER_FRAMEWORKS);
  const found: string[] = [];
  for (const file of modules) {
    const exported = Object.values((await import(join(dir, file))) as Record<string, unknown>).filter((value) => listed.has(value)) as RouterFrameworkReader[];
    assert.equal(exported.length, 1, `${file} exports one registered framework reader`);
    found.push(exported[0].framework);
  }
  assert.deepEqual(found.sort(), ROUTER_FRAMEWORKS.map((item) => item.framework).sort());
});
