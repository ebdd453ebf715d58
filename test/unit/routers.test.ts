/**
 * Routers behind one route handler (routers/): a tRPC router and a Hono app, each mounted by one route file, judged by
 * what they serve for each HTTP method. Edits to a router file reach the mounting route like any other import.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertUpdateMatchesFreshScan, endpoint, scanFixture } from '../helpers';

void describe('routers-trpc: a T3-shaped router (public and protected builders, routers in files, merged)', () => {
  const ROUTE = 'app/api/trpc/[trpc]/route.ts';

  void test('POST serves the mutations: one public mutation that writes shared data makes it missing auth', async () => {
    const post = endpoint(await scanFixture('routers-trpc'), ROUTE, 'POST');
    assert.equal(post.auth, 'missing');
    assert.equal(post.mutates, true);
    assert.ok(post.findings.some((finding) => finding.ruleId === 'missing-auth'));
    const named = post.evidence.find((item) => item.kind === 'identity-unchecked');
    assert.match(named?.message ?? '', /^billing\.subscriptionUpdated has no guard/);
    assert.equal(named?.file, 'server/api/routers/billing.ts');
    assert.match(post.evidence[0].message, /serves the tRPC router `appRouter`: 2 procedures for POST/);
  });

  void test('GET serves the queries: a public read of public data', async () => {
    const get = endpoint(await scanFixture('routers-trpc'), ROUTE, 'GET');
    assert.equal(get.auth, 'public');
    assert.equal(get.mutates, false);
  });

  void test('a timing middleware named like any other is no guard; the one that throws UNAUTHORIZED is', async () => {
    // post.create is guarded, so only billing is named; if `timing` counted as a guard, POST would be protected.
    const post = endpoint(await scanFixture('routers-trpc'), ROUTE, 'POST');
    assert.ok(!post.evidence.some((item) => /post\.create/.test(item.message)));
  });

  void test('an edit that guards the billing procedure updates the route like a fresh scan', () => {
    assertUpdateMatchesFreshScan({
      name: 'guard billing',
      fixture: 'routers-trpc',
      file: 'server/api/routers/billing.ts',
      edit: (text) => text.replace('createTRPCRouter, publicProcedure', 'createTRPCRouter, protectedProcedure').replace('publicProcedure.input', 'protectedProcedure.input'),
    });
  });
});

void describe('routers-hono: a catch-all Hono app with a guarded sub-app', () => {
  const ROUTE = 'app/api/[[...route]]/route.ts';

  void test('each method export is judged by the routes it serves', async () => {
    const result = await scanFixture('routers-hono');
    assert.deepEqual(
      ['GET', 'POST', 'DELETE'].map((method) => `${method} ${endpoint(result, ROUTE, method).auth}`),
      ['GET public', 'POST missing', 'DELETE protected'],
    );
  });

  void test('the unguarded route is named with its full path', async () => {
    const post = endpoint(await scanFixture('routers-hono'), ROUTE, 'POST');
    assert.ok(post.evidence.some((item) => item.message.startsWith('POST /api/posts has no guard')));
  });

  void test("the sub-app's bearerAuth (app.use above its routes) guards them", async () => {
    const del = endpoint(await scanFixture('routers-hono'), ROUTE, 'DELETE');
    assert.ok(del.evidence.some((item) => /bearerAuth\(\) from hono\/bearer-auth/.test(item.message)));
  });
});
