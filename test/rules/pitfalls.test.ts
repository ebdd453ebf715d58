/**
 * The pitfall rules on fixture apps: the facts come from the analyzer (the walk, the callers, the type checker, the
 * app's manifests), so these tests cover what the table in rules.test.ts takes as given.
 *
 * Each fixture lists, per endpoint, the exact pitfall findings and where they point; endpoints not listed have none.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScanResult } from '../../src/analyzers';
import { lineIn } from '../fixture-lines';
import { assertUpdateMatchesFreshScan, endpoint, scanFixture } from '../helpers';

const PITFALL_RULES = new Set([
  'webhook-as-action',
  'get-with-side-effects',
  'non-serializable-action-arg',
  'action-for-reads',
  'route-mutation-without-origin-check',
  'thrown-structured-error',
  'unvalidated-action-input',
  'large-upload-through-action',
  'route-only-called-internally',
]);

/** A finding expected at a line (found by a piece of its text) of a file of the fixture. */
interface At {
  rule: string;
  file: string;
  text: string;
}

type Expected = Record<string, At[]>;

function pitfallFindings(result: ScanResult): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const item of result.endpoints) {
    const findings = item.findings.filter((finding) => PITFALL_RULES.has(finding.ruleId)).map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`);
    if (findings.length) found[`${item.file}#${item.name}`] = findings.sort();
  }
  return found;
}

function expectedFindings(fixture: string, expected: Expected): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(expected)) out[key] = list.map((item) => `${item.rule} ${item.file}:${lineIn(fixture, item.file, item.text)}`).sort();
  return out;
}

function suite(fixture: string, title: string, expected: Expected, extra?: () => void): void {
  void describe(`${fixture}: ${title}`, () => {
    void test('exactly these pitfall findings, at these lines', async () => {
      const result = await scanFixture(fixture);
      assert.deepEqual(result.skipped, []);
      assert.deepEqual(pitfallFindings(result), expectedFindings(fixture, expected));
    });
    extra?.();
  });
}

const CART = 'app/cart/actions.ts';
const POSTS = 'app/posts/actions.ts';

suite(
  'rules-actions',
  'Server Action pitfalls (Next.js 15, no bodySizeLimit)',
  {
    [`${CART}#saveCart`]: [{ rule: 'non-serializable-action-arg', file: CART, text: 'export async function saveCart(cart: Cart)' }],
    [`${CART}#saveWithOptions`]: [
      { rule: 'non-serializable-action-arg', file: CART, text: 'export async function saveWithOptions' },
      { rule: 'non-serializable-action-arg', file: 'app/cart/cart-view.tsx', text: 'saveWithOptions(cartId, { notify: true, onDone' },
    ],
    [`${CART}#loadCart`]: [{ rule: 'non-serializable-action-arg', file: CART, text: 'export async function loadCart(): Promise<Cart>' }],
    [`${CART}#addLine`]: [{ rule: 'non-serializable-action-arg', file: 'app/cart/cart-view.tsx', text: 'addLine(cartId, new CartLine())' }],
    [`${CART}#getCart`]: [{ rule: 'action-for-reads', file: CART, text: 'export async function getCart' }],
    [`${CART}#listTags`]: [{ rule: 'action-for-reads', file: CART, text: 'export async function listTags' }],
    [`${CART}#getStats`]: [{ rule: 'action-for-reads', file: CART, text: 'export async function getStats' }],
    [`${POSTS}#createPost`]: [{ rule: 'unvalidated-action-input', file: POSTS, text: 'export async function createPost(' }],
    [`${POSTS}#createPostViaHelper`]: [{ rule: 'unvalidated-action-input', file: POSTS, text: 'export async function createPostViaHelper' }],
    [`${POSTS}#uploadCover`]: [{ rule: 'large-upload-through-action', file: POSTS, text: 'export async function uploadCover' }],
    [`${POSTS}#publishPost`]: [{ rule: 'thrown-structured-error', file: POSTS, text: 'throw new Error(JSON.stringify(' }],
    [`${POSTS}#archivePost`]: [{ rule: 'thrown-structured-error', file: POSTS, text: 'throw new QuotaError(5)' }],
    ['app/webhooks/actions.ts#handleStripeWebhook']: [{ rule: 'webhook-as-action', file: 'app/webhooks/actions.ts', text: 'export async function handleStripeWebhook' }],
    ['app/webhooks/actions.ts#processGithubCallback']: [{ rule: 'webhook-as-action', file: 'app/webhooks/actions.ts', text: 'export async function processGithubCallback' }],
    ['app/jobs/actions.ts#syncInvoices']: [{ rule: 'webhook-as-action', file: 'app/jobs/actions.ts', text: 'export async function syncInvoices' }],
  },
  () => {
    void test('the app model carries the Next.js version; no bodySizeLimit means the 1 MB default', async () => {
      const result = await scanFixture('rules-actions');
      assert.equal(result.apps[0].nextVersion, '^15.1.0');
      assert.equal(result.apps[0].serverActionsBodySizeLimit, undefined);
    });

    void test('the type checker tells a class with methods, a callback field, a returned instance; Map, Set and Date pass on Next 15', async () => {
      const result = await scanFixture('rules-actions');
      const kinds = (name: string) => endpoint(result, CART, name).signals?.nonSerializable?.map((item) => `${item.position}:${item.kind}`);
      assert.deepEqual(kinds('saveCart'), ['parameter:class-instance']);
      assert.deepEqual(kinds('saveWithOptions'), ['parameter:object-with-methods']);
      assert.deepEqual(kinds('loadCart'), ['return:class-instance']);
      // Reported as facts (they matter before Next 14), judged by the rule with the app's version.
      assert.deepEqual(kinds('summarize'), ['parameter:map-or-set', 'parameter:map-or-set']);
      assert.deepEqual(kinds('addLine'), undefined, 'a plain object literal type');
      assert.deepEqual(
        endpoint(result, CART, 'summarize').findings.map((finding) => finding.ruleId),
        [],
      );
    });

    void test('callers say what runs them: an effect (through a local function), a query fetcher, a render', async () => {
      const result = await scanFixture('rules-actions');
      assert.deepEqual(endpoint(result, CART, 'getCart').callers.map((caller) => caller.runsIn), ['effect']);
      assert.deepEqual(endpoint(result, CART, 'listTags').callers.map((caller) => caller.runsIn), ['query']);
      assert.deepEqual(endpoint(result, CART, 'getStats').callers.map((caller) => caller.runsIn), ['render']);
      // Event handlers are not effects.
      assert.deepEqual(endpoint(result, POSTS, 'renamePost').callers.map((caller) => caller.runsIn), [undefined]);
      assert.equal(endpoint(result, POSTS, 'renamePost').callers[0].client, true);
    });

    void test('input checks that count: a schema parse, typeof/length checks, a presence check before the write', async () => {
      const result = await scanFixture('rules-actions');
      for (const name of ['createCheckedPost', 'renamePost', 'deleteDraft']) {
        assert.ok(endpoint(result, POSTS, name).signals?.inputValidation, `${name} validates`);
      }
      assert.equal(endpoint(result, POSTS, 'createCheckedPost').signals?.inputToDatabase, undefined, 'a parse result is not the raw input');
      assert.match(endpoint(result, POSTS, 'createPostViaHelper').signals?.inputToDatabase?.message ?? '', /insertPost\(\) is given the input/);
    });

    void test('a throw caught in the same function, and an action nothing calls from the browser, are not reported', async () => {
      const result = await scanFixture('rules-actions');
      assert.equal(endpoint(result, POSTS, 'deleteDraft').signals?.structuredThrow, undefined);
    });

    void test('a size check next to the file read, or none', async () => {
      const result = await scanFixture('rules-actions');
      assert.ok(endpoint(result, POSTS, 'uploadAvatar').signals?.fileSizeCheck);
      assert.ok(endpoint(result, POSTS, 'uploadCover').signals?.fileInput);
      assert.equal(endpoint(result, POSTS, 'uploadCover').signals?.fileSizeCheck, undefined);
    });

    void test('webhook-as-action says why: a signature header, a name nothing in the app calls, a cron path in vercel.json', async () => {
      const result = await scanFixture('rules-actions');
      const message = (file: string, name: string) => endpoint(result, file, name).findings.find((finding) => finding.ruleId === 'webhook-as-action')?.message ?? '';
      assert.match(message('app/webhooks/actions.ts', 'handleStripeWebhook'), /stripe-signature/);
      assert.match(message('app/webhooks/actions.ts', 'processGithubCallback'), /named like a callback receiver/);
      assert.match(message('app/jobs/actions.ts', 'syncInvoices'), /vercel\.json runs a cron on \/jobs\/sync-invoices/);
      assert.match(message('app/jobs/actions.ts', 'syncInvoices'), /Convert to Route Handler/);
    });
  },
);

const ROUTES = 'rules-routes';

suite(
  ROUTES,
  'Route Handler pitfalls (a session cookie of its own, no auth library)',
  {
    'app/api/posts/[id]/route.ts#DELETE': [
      { rule: 'route-mutation-without-origin-check', file: 'app/api/posts/[id]/route.ts', text: 'export async function DELETE' },
      { rule: 'route-only-called-internally', file: 'app/api/posts/[id]/route.ts', text: 'export async function DELETE' },
    ],
    'app/api/upload/route.ts#POST': [{ rule: 'route-mutation-without-origin-check', file: 'app/api/upload/route.ts', text: 'export async function POST' }],
    'app/api/settings/route.ts#PUT': [{ rule: 'route-only-called-internally', file: 'app/api/settings/route.ts', text: 'export async function PUT' }],
    'app/api/visits/route.ts#GET': [{ rule: 'get-with-side-effects', file: 'app/api/visits/route.ts', text: 'export async function GET' }],
  },
  () => {
    void test('what stops the origin finding: an Origin compare in the handler, a bearer token, a SameSite comment, middleware covering the path', async () => {
      const result = await scanFixture(ROUTES);
      assert.ok(endpoint(result, 'app/api/comments/route.ts', 'POST').signals?.originCheck);
      assert.ok(endpoint(result, 'app/api/keys/route.ts', 'POST').signals?.tokenAuth);
      assert.ok(endpoint(result, 'app/api/settings/route.ts', 'PUT').signals?.sameSiteNote);
      assert.deepEqual(result.apps[0].middleware?.originCheck, { file: 'middleware.ts', line: lineIn(ROUTES, 'middleware.ts', "request.headers.get('origin')") });
      assert.ok(endpoint(result, 'app/api/posts/[id]/route.ts', 'DELETE').signals?.sessionCookie, 'the session is read from a cookie in lib/session.ts');
    });

    void test('GETs that write only a cache, set a cookie in an OAuth callback, or run as a secret-checked cron are left alone', async () => {
      const result = await scanFixture(ROUTES);
      assert.deepEqual(endpoint(result, 'app/api/stats/route.ts', 'GET').signals?.writes?.map((write) => write.write), ['kv']);
      assert.equal(endpoint(result, 'app/api/auth/callback/route.ts', 'GET').auth, 'public');
      assert.ok(endpoint(result, 'app/api/cron/cleanup/route.ts', 'GET').evidence.some((item) => item.kind === 'verification'));
    });

    void test('routes an action cannot replace well: a stream, an upload', async () => {
      const result = await scanFixture(ROUTES);
      assert.ok(endpoint(result, 'app/api/chat/route.ts', 'POST').signals?.streams);
      assert.ok(endpoint(result, 'app/api/upload/route.ts', 'POST').signals?.fileInput);
    });
  },
);

suite(
  'rules-legacy-next',
  'Next.js 13.4: Map and Set arrive as arrays; a raised body limit',
  {
    'app/tags/actions.ts#tagPosts': [
      { rule: 'non-serializable-action-arg', file: 'app/tags/actions.ts', text: 'export async function tagPosts' },
      { rule: 'non-serializable-action-arg', file: 'app/tags/tag-picker.tsx', text: 'tagPosts(new Set(' },
    ],
  },
  () => {
    void test('serverActionsBodySizeLimit (the 13.4 key) counts as raising the limit', async () => {
      const result = await scanFixture('rules-legacy-next');
      assert.equal(result.apps[0].serverActionsBodySizeLimit, '4mb');
      assert.ok(endpoint(result, 'app/tags/actions.ts', 'importImage').signals?.fileInput);
    });
  },
);

void describe('pitfall facts after an edit are what a fresh scan gives', () => {
  const edits = [
    { name: 'a client component starts passing a class instance', fixture: 'rules-actions', file: 'app/cart/cart-view.tsx', edit: (text: string) => text.replace("saveWithOptions(cartId, { notify: true, onDone: () => setCart(null) })", 'saveWithOptions(cartId, { notify: true })') },
    { name: 'an action loses its schema parse', fixture: 'rules-actions', file: POSTS, edit: (text: string) => text.replace('postSchema.safeParse(Object.fromEntries(formData))', '{ success: true as const, data: { title: String(formData.get("title")) }, error: { flatten: () => ({}) } }') },
    { name: 'a parameter type in another file loses its method', fixture: 'rules-actions', file: 'lib/cart.ts', edit: (text: string) => text.replace(/\n  add\(item: string\) \{\n    this\.items\.push\(item\);\n  \}\n/, '') },
  ];
  for (const item of edits) void test(item.name, () => assertUpdateMatchesFreshScan(item));
});
