import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstLookTitle, lensLine, lensSlots, lensTitle } from '../../src/views/lens';
import { endpoint as endpointIn, scanFixture } from '../helpers';
import { endpoint, finding, route } from './model';

void describe('lens line on real scans (the lenses joined the way the editor shows them)', () => {
  const table: { fixture: string; file: string; name: string; line: string }[] = [
    // Procedures: what they are (a tRPC mutation by its path, a Hono route by method and path), on their own definition.
    { fixture: 'routers-trpc', file: 'server/api/routers/billing.ts', name: 'billing.subscriptionUpdated', line: '🔌 mutation billing.subscriptionUpdated · external | ⚠ missing auth' },
    { fixture: 'routers-trpc', file: 'server/api/routers/post.ts', name: 'post.create', line: '🔌 mutation post.create · internal · ✓ guarded by wrapper | 1 caller' },
    { fixture: 'routers-hono', file: 'app/api/[[...route]]/route.ts', name: 'POST /api/posts', line: '🔌 POST /api/posts · internal | 1 caller | ⚠ missing auth' },
    // The route handler that mounts them: the verdict of what it serves, its callers theirs, no finding of its own.
    { fixture: 'routers-trpc', file: 'app/api/trpc/[trpc]/route.ts', name: 'POST', line: '🌐 POST /api/trpc/[trpc] · internal · ✗ no auth check | 3 callers' },
    { fixture: 'routes-classify', file: 'app/api/webhooks/stripe/route.ts', name: 'POST', line: '🌐 POST /api/webhooks/stripe · external · ✓ signature verified' },
    {
      fixture: 'routes-classify',
      file: 'app/api/webhooks/shopify/route.ts',
      name: 'POST',
      line: '🌐 POST /api/webhooks/shopify · external | ⚠ missing auth | ⚠ webhook without verification',
    },
    { fixture: 'routes-classify', file: 'app/api/todos/route.ts', name: 'GET', line: '🌐 GET /api/todos · internal · read-only | 2 callers' },
    { fixture: 'routes-classify', file: 'app/api/todos/[id]/route.ts', name: 'PATCH', line: '🌐 PATCH /api/todos/[id] · external · ✓ guarded by wrapper' },
    { fixture: 'routes-classify', file: 'app/api/preferences/route.ts', name: 'PUT', line: '🌐 PUT /api/preferences · internal · ✓ auth checked | 1 caller | ℹ route only called internally' },
    { fixture: 'routes-exports', file: 'app/api/inngest/route.ts', name: 'GET', line: '🌐 GET /api/inngest · external · ? auth unknown' },
    { fixture: 'routes-exports', file: 'pages/api/users/[id].ts', name: 'default', line: '🌐 /api/users/[id] · external | ⚠ missing auth' },
    { fixture: 'actions-export-forms', file: 'app/todos/actions/mutations.ts', name: 'createTodo', line: '⚡ action · internal | 1 caller | ⚠ missing auth | ⚠ unvalidated action input' },
    { fixture: 'actions-export-forms', file: 'app/posts/actions.ts', name: 'listPosts', line: '⚡ action · unused · read-only | ℹ unused action' },
    { fixture: 'actions-inline', file: 'app/notes/page.tsx', name: 'inline@32', line: '⚡ inline action · internal | 1 caller | ⚠ missing auth' },
    { fixture: 'actions-inline', file: 'app/notes/page.tsx', name: 'addNote', line: '⚡ inline action · internal · ✓ auth checked | 1 caller | ⚠ unvalidated action input' },
    // Suppressed: the ignored finding gets no lens, the verdict says it was ignored.
    { fixture: 'actions-suppression', file: 'app/guestbook/actions.ts', name: 'addGuestbookEntry', line: '⚡ action · internal · ✗ no auth (ignored) | 1 caller | ⚠ unvalidated action input' },
    {
      fixture: 'actions-suppression',
      file: 'app/guestbook/actions.ts',
      name: 'hideGuestbookEntry',
      line: '⚡ action · internal | 1 caller | ⚠ missing auth | ⚠ suppression without reason | ⚠ unvalidated action input',
    },
  ];
  for (const row of table) {
    void test(`${row.fixture} ${row.file}#${row.name}`, async () => {
      assert.equal(lensLine(endpointIn(await scanFixture(row.fixture), row.file, row.name)), row.line);
    });
  }
});

void describe('lens slots and titles on small models', () => {
  void test('a caller lens only when there are callers; one finding lens per rule, the most severe', () => {
    const item = endpoint({
      callers: [],
      findings: [finding({ file: 'a', line: 1 }, 'missing-auth', 'warning'), finding({ file: 'a', line: 1 }, 'missing-auth', 'error')],
    });
    assert.deepEqual(lensSlots(item), [{ part: 'summary' }, { part: 'finding', ruleId: 'missing-auth' }]);
    assert.equal(lensTitle(item, { part: 'finding', ruleId: 'missing-auth' }), '⚠ missing auth');
  });

  void test('plural callers', () => {
    const caller = { file: 'app/page.tsx', line: 3, how: 'form-action' as const };
    assert.equal(lensTitle(endpoint({ callers: [caller] }), { part: 'callers' }), '1 caller');
    assert.equal(lensTitle(endpoint({ callers: [caller, caller, caller] }), { part: 'callers' }), '3 callers');
  });

  void test('"→ Route Handler" only where converting is advised (a webhook as an action), not on every action', () => {
    const plain = endpoint();
    const webhook = endpoint({ findings: [finding({ file: 'a', line: 1 }, 'webhook-as-action', 'warning')] });
    assert.ok(!lensSlots(plain, { refactors: true }).some((slot) => slot.part === 'convert'));
    assert.ok(lensSlots(webhook, { refactors: true }).some((slot) => slot.part === 'convert'));
    assert.equal(lensTitle(webhook, { part: 'convert' }), '→ Route Handler');
    assert.equal(lensTitle(plain, { part: 'convert' }), undefined);
  });

  void test('a slot that no longer applies (the model changed since the lens was placed) resolves to nothing', () => {
    assert.equal(lensTitle(endpoint(), { part: 'callers' }), undefined);
    assert.equal(lensTitle(endpoint(), { part: 'finding', ruleId: 'missing-auth' }), undefined);
  });

  const verdicts: { name: string; item: Parameters<typeof lensLine>[0]; line: string }[] = [
    { name: 'missing auth without its finding (rule turned off)', item: endpoint({ auth: 'missing' }), line: '⚡ action · internal · ✗ no auth check' },
    { name: 'a guard', item: endpoint({ evidence: [{ kind: 'guard', file: 'a', line: 1, message: 'x' }] }), line: '⚡ action · internal · ✓ auth checked' },
    { name: 'protected by config alone', item: endpoint({ evidence: [{ kind: 'config', file: 'a', line: 1, message: 'x' }] }), line: '⚡ action · internal · ✓ protected' },
    { name: 'info finding symbol', item: endpoint({ exposure: 'unused', auth: 'public', findings: [finding({ file: 'a', line: 1 }, 'unused-action', 'info')] }), line: '⚡ action · unused · no auth needed | ℹ unused action' },
    { name: 'a route without a URL', item: route({ urlPath: undefined, auth: 'public' }), line: '🌐 POST · external · no auth needed' },
    { name: 'public and writing nothing reads as read-only, not as a contradiction of internal', item: endpoint({ auth: 'public', mutates: false }), line: '⚡ action · internal · read-only' },
    {
      name: 'a sign-in flow says so',
      item: route({ auth: 'public', urlPath: '/api/auth/callback', evidence: [{ kind: 'public', file: 'a', line: 1, message: '/auth is a sign-in flow, public by design' }] }),
      line: '🌐 POST /api/auth/callback · external · auth flow',
    },
    {
      name: 'a change of the caller\'s own sign-in state is an auth flow',
      item: endpoint({ auth: 'public', effects: [{ kind: 'auth-state', scope: 'caller-browser', file: 'a', line: 1, message: 'signIn() changes the caller\'s sign-in state' }] }),
      line: '⚡ action · internal · auth flow',
    },
  ];
  for (const row of verdicts) void test(row.name, () => assert.equal(lensLine(row.item), row.line));

  void test('a first look (before the workspace scan is in) shows what and the auth verdict, never an exposure it cannot know yet', () => {
    assert.equal(firstLookTitle(endpoint({ evidence: [{ kind: 'guard', file: 'a', line: 1, message: 'x' }] })), '⚡ action · ✓ auth checked · counting callers…');
    assert.equal(firstLookTitle(endpoint({ auth: 'missing', findings: [finding({ file: 'a', line: 1 }, 'missing-auth', 'error')] })), '⚡ action · ⚠ missing auth · counting callers…');
    assert.equal(firstLookTitle(route({ auth: 'public', mutates: false })), '🌐 POST /api/x · read-only · counting callers…');
    assert.equal(lensTitle(endpoint(), { part: 'first-look' }), firstLookTitle(endpoint()));
  });
});
