import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkspaceAnalyzer, scanSync } from '../../src/analyzers';
import { nodeFileHost, overlayHost } from '../../src/analyzers/host';
import { type FixtureEdit, assertUpdateMatchesFreshScan, fixturesDir, model } from '../helpers';

const edits: FixtureEdit[] = [
  { name: 'an action loses its guard', fixture: 'actions-auth-nextauth', file: 'app/posts/actions.ts', edit: (text) => text.replace(/await requirePermission\([^)]*\);/, '') },
  { name: 'a new action is added while typing', fixture: 'actions-callers', file: 'src/app/actions/posts.ts', edit: (text) => `${text}\nexport async function brandNew(id: string) {\n  await db.post.delete({ where: { id } });\n}\n` },
  { name: 'a guard helper two calls deep stops guarding', fixture: 'actions-auth-nextauth', file: 'lib/auth/user.ts', edit: (text) => text.replace(/redirect\('\/login'\)/g, "console.log('no user')") },
  { name: 'a caller stops using an action', fixture: 'actions-callers', file: 'src/app/posts/new/new-post-form.tsx', edit: (text) => text.replace(/formAction=\{[^}]*\}/g, '') },
  { name: 'a client component starts fetching a route', fixture: 'routes-classify', file: 'components/settings-form.tsx', edit: (text) => `${text}\nexport function Ping() {\n  void fetch('/api/health');\n  return null;\n}\n` },
  { name: 'a file becomes a use-server module', fixture: 'actions-mutations', file: 'lib/dal/projects.ts', edit: (text) => `'use server';\n${text}` },
  { name: 'an action is renamed (its callers no longer reach it)', fixture: 'actions-callers', file: 'src/app/actions/posts.ts', edit: (text) => text.replace('export async function publishPost(', 'export async function publishPostNow(') },
  { name: 'a barrel stops re-exporting an action', fixture: 'actions-export-forms', file: 'app/todos/actions/index.ts', edit: (text) => text.replace('createTodo, clearCompleted', 'createTodo') },
  { name: 'a route gains a method', fixture: 'routes-classify', file: 'app/api/todos/route.ts', edit: (text) => `${text}
export async function DELETE() {
  return new Response(null, { status: 204 });
}
` },
  { name: 'a module a guard lives in becomes binary (a NUL byte)', fixture: 'actions-auth-nextauth', file: 'lib/auth/user.ts', edit: (text) => `\u0000${text}` },
  { name: 'next.config.ts gets code that looks like an action (a config, never app code)', fixture: 'actions-auth-clerk', file: 'next.config.ts', edit: (text) => `${text}\nexport const serverActions = { bodySizeLimit: '20mb' };\n` },
  { name: 'a module loaded with import() stops reading the caller\'s cookies', fixture: 'actions-graphql', file: 'lib/auth/server.ts', edit: (text) => text.replace('const jar = await cookies();', 'const jar = new Map() as never;') },
  { name: 'a shared action hook stops refreshing on success (its callers\' actions now miss revalidation)', fixture: 'actions-client-refresh', file: 'src/hooks/use-safe-action.ts', edit: (text) => text.replace('router.refresh();', '') },
  { name: 'a route gets a syntax error', fixture: 'routes-classify', file: 'app/api/todos/route.ts', edit: (text) => text.replace('export async function POST', 'export async function POST(((') },
];

for (const item of edits) {
  void test(`update() after an edit gives what a fresh scan gives: ${item.name}`, () => assertUpdateMatchesFreshScan(item));
}

/** A first look (the editor's open file before the first scan) leaves nothing behind: the scan after it is a fresh scan. */
const firstLooks: { fixture: string; file: string; names: string[] }[] = [
  { fixture: 'actions-client-refresh', file: 'src/app/items/actions.ts', names: ['createItem', 'renameItem'] },
  { fixture: 'actions-auth-nextauth', file: 'app/posts/actions.ts', names: [] },
  { fixture: 'routes-classify', file: 'app/api/todos/route.ts', names: ['GET', 'POST'] },
];
for (const item of firstLooks) {
  void test(`firstLook(${item.fixture}/${item.file}): that file's endpoints with the scan's verdicts, no outside callers; the scan after it equals a fresh one`, () => {
    const root = join(fixturesDir, item.fixture);
    const file = join(root, item.file).replace(/\\/g, '/');
    const fresh = scanSync(root);
    const analyzer = new WorkspaceAnalyzer(root);
    try {
      const first = analyzer.firstLook([file]);
      assert.ok(first?.partial, 'a first look is marked partial');
      assert.ok(first.endpoints.length > 0 && first.endpoints.every((endpoint) => endpoint.file === item.file), JSON.stringify(first.endpoints.map((endpoint) => endpoint.file)));
      for (const name of item.names) assert.ok(first.endpoints.some((endpoint) => endpoint.name === name), `${name} is in the first look`);
      for (const endpoint of first.endpoints) {
        const scanned = fresh.endpoints.find((other) => other.file === endpoint.file && other.name === endpoint.name && other.kind === endpoint.kind);
        assert.equal(endpoint.auth, scanned?.auth, `${endpoint.name}: the first look's auth verdict is the scan's`);
        assert.equal(endpoint.mutates, scanned?.mutates, `${endpoint.name}: writes`);
        assert.ok(endpoint.callers.every((caller) => caller.file === endpoint.file), `${endpoint.name}: no caller from another file yet`);
      }
      assert.deepEqual(model(analyzer.scan()), model(fresh));
      assert.equal(analyzer.firstLook([join(root, 'package.json')]), undefined, 'no endpoint in the file: no first look');
    } finally {
      analyzer.dispose();
    }
  });
}

void test('a module endpoint code imports stays over 1 MB through a second edit: still reported as not read, as a fresh scan reports it', () => {
  const root = join(fixturesDir, 'actions-auth-clerk');
  const file = join(root, 'lib/db/schema.ts').replace(/\\/g, '/');
  const original = readFileSync(file, 'utf8');
  const big = (prefix: string) => `${prefix}${original}\n// ${'€'.repeat(400_000)}\n`;
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    analyzer.scan();
    for (const prefix of ['', '{']) {
      const text = big(prefix);
      analyzer.setOptions({ host: overlayHost(nodeFileHost, new Map([[file, text]])) });
      const updated = analyzer.update([{ path: file, text }]);
      const fresh = scanSync(root, { host: overlayHost(nodeFileHost, new Map([[file, text]])) });
      assert.deepEqual(model(updated), model(fresh));
      assert.ok(updated.skipped.some((item) => item.file === 'lib/db/schema.ts' && /not read, though endpoint code imports it/.test(item.reason)));
    }
  } finally {
    analyzer.dispose();
  }
});

void test("an edit walks the edited file's functions again, not the helpers they call; an edit to a helper walks it and its callers", () => {
  const root = join(fixturesDir, 'actions-auth-nextauth');
  const actions = join(root, 'app/posts/actions.ts').replace(/\\/g, '/');
  const helper = join(root, 'lib/auth/permissions.ts').replace(/\\/g, '/');
  const edited = (file: string, n: number) => `${readFileSync(file, 'utf8')}\n// edit ${n}\n`;
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    analyzer.scan();
    const scanWalks = analyzer.lastRound.functionsWalked;
    analyzer.update([{ path: actions, text: edited(actions, 1) }]);
    const actionEdit = analyzer.lastRound.functionsWalked;
    analyzer.update([{ path: helper, text: edited(helper, 1) }]);
    const helperEdit = analyzer.lastRound.functionsWalked;
    // With nothing to take over (settings changed), the same action edit walks every helper again.
    analyzer.setOptions({ config: { guards: [], wrappers: [], publicPaths: [], exclude: ['never-matches/**'] } });
    analyzer.update([{ path: actions, text: edited(actions, 2) }]);
    const fromScratch = analyzer.lastRound.functionsWalked;
    assert.ok(actionEdit >= 1 && actionEdit < fromScratch, `action edit walked ${actionEdit}, from scratch ${fromScratch}`);
    assert.ok(helperEdit > 0 && helperEdit < scanWalks, `helper edit walked ${helperEdit} of the scan's ${scanWalks}`);
  } finally {
    analyzer.dispose();
  }
});
