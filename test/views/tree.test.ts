import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScanResult } from '../../src/analyzers/model';
import { type TreeNode, type TreeOptions, buildTree, endpointDescription, parentsOf } from '../../src/views/tree';
import { scanFixture } from '../helpers';
import { endpoint, finding, route } from './model';

/** The tree as indented lines: `label — description`. */
function outline(nodes: TreeNode[], depth = 0): string[] {
  return nodes.flatMap((node) => [`${'  '.repeat(depth)}${node.label}${node.description ? ` — ${node.description}` : ''}`, ...outline(node.children, depth + 1)]);
}

async function treeOf(fixture: string, options: TreeOptions, folder = `/ws/${fixture}`): Promise<TreeNode[]> {
  return buildTree(new Map([[folder, await scanFixture(fixture)]]), options);
}

void describe('Boundary tree from real scans', () => {
  void test('a monorepo: app → kind → URL → endpoint', async () => {
    assert.deepEqual(outline(await treeOf('routes-monorepo', { groupBy: 'url', findingsOnly: false })), [
      'admin — ⚠ 1 · apps/admin · 3 endpoints',
      '  Route Handlers — 3 · ⚠ 1',
      '    /api/search — ⚠ 1',
      '      GET — ⚠ missing auth · external',
      '    /api/users/[id]',
      '      DELETE — ✓ auth checked · external',
      '    /api/x',
      '      POST — read-only · external',
      'web — ⚠ 3 · apps/web · 4 endpoints',
      '  Server Actions — 1 · ⚠ 2',
      '    / — ⚠ 2',
      '      subscribe — no auth needed · ⚠ missing revalidation · ⚠ unvalidated action input · internal · 1 caller',
      '  Route Handlers — 3 · ⚠ 1',
      '    /api/profile — ⚠ 1',
      '      PATCH — ✓ auth checked · ⚠ route mutation without origin check · external',
      '    /api/search',
      '      GET — read-only · internal · 1 caller',
      '    /api/x',
      '      POST — read-only · internal · 1 caller',
    ]);
  });

  void test('a single app has no app level; grouped by file: the name, then its folder relative to the app', async () => {
    assert.deepEqual(outline(await treeOf('actions-inline', { groupBy: 'file', findingsOnly: false })), [
      'Server Actions — 4 · ⚠ 4',
      '  page.tsx — ⚠ 2 · app/notes/[id]',
      '    pinNote — ✓ auth checked · internal · 1 caller',
      '    shareNote — ⚠ missing auth · ⚠ missing revalidation · internal · 1 caller',
      '  page.tsx — ⚠ 2 · app/notes',
      '    addNote — ✓ auth checked · ⚠ unvalidated action input · internal · 1 caller',
      '    inline action — ⚠ missing auth · internal · 1 caller · line 32',
    ]);
  });

  void test('findings only keeps the endpoints with findings, and the groups holding them', async () => {
    assert.deepEqual(outline(await treeOf('actions-suppression', { groupBy: 'file', findingsOnly: true })), [
      'Server Actions — 2 · ⚠ 4',
      '  actions.ts — ⚠ 4 · app/guestbook',
      '    addGuestbookEntry — ✗ no auth (ignored) · ⚠ unvalidated action input · internal · 1 caller',
      '    hideGuestbookEntry — ⚠ missing auth · ⚠ suppression without reason · ⚠ unvalidated action input · internal · 1 caller',
    ]);
  });

  void test('grouped by URL, pages/api routes have their own category and actions their page segment', async () => {
    const labels = (await treeOf('routes-exports', { groupBy: 'url', findingsOnly: false })).map((node) => `${node.label} — ${node.description}`);
    assert.deepEqual(labels, ['Route Handlers — 23 · ⚠ 2', 'API Routes (pages/) — 3 · ⚠ 2']);
  });

  void test('procedures are grouped under the route handler that mounts their router, whichever file defines them', async () => {
    const lines = outline(await treeOf('routers-hono', { groupBy: 'file', findingsOnly: false }));
    const start = lines.indexOf('Router Procedures (tRPC, Hono) — 5 · ⚠ 3');
    assert.ok(start >= 0, lines.join('\n'));
    assert.deepEqual(lines.slice(start), [
      'Router Procedures (tRPC, Hono) — 5 · ⚠ 3',
      '  Hono app — ⚠ 3 · app/api/[[...route]]',
      '    DELETE /api/admin/users/:id — ✓ guarded by wrapper · external',
      '    POST /api/open — ⚠ missing auth · internal · 1 caller',
      '    GET /api/posts — read-only · external',
      '    POST /api/posts — ⚠ missing auth · internal · 1 caller',
      '    POST /api/v2/posts/purge — ⚠ missing auth · external',
    ]);
    const trpc = outline(await treeOf('routers-trpc', { groupBy: 'url', findingsOnly: true }));
    assert.ok(trpc.includes('  tRPC router — ⚠ 2 · app/api/trpc/[trpc]'), trpc.join('\n'));
    assert.ok(trpc.includes('    billing.subscriptionUpdated — ⚠ missing auth · external · mutation'), trpc.join('\n'));
  });

  void test('ids are unique and parents are known for every node (TreeView.reveal)', async () => {
    for (const fixture of ['routes-exports', 'routes-monorepo', 'actions-inline', 'routers-trpc', 'routers-monorepo']) {
      for (const groupBy of ['file', 'url'] as const) {
        const roots = await treeOf(fixture, { groupBy, findingsOnly: false });
        const all: TreeNode[] = [];
        const visit = (node: TreeNode) => {
          all.push(node);
          node.children.forEach(visit);
        };
        roots.forEach(visit);
        assert.equal(new Set(all.map((node) => node.id)).size, all.length, `${fixture} ${groupBy}`);
        const parents = parentsOf(roots);
        for (const node of all) assert.equal(parents.has(node.id), !roots.includes(node));
      }
    }
  });

  void test('several workspace folders: apps are told apart by folder', async () => {
    const folders = new Map<string, ScanResult>([
      ['/ws/one', await scanFixture('actions-inline')],
      ['/ws/two', await scanFixture('routes-classify')],
    ]);
    assert.deepEqual(
      buildTree(folders, { groupBy: 'file', findingsOnly: false }).map((node) => `${node.label} — ${node.description}`),
      ['actions-inline — ⚠ 4 · one · 4 endpoints', 'routes-classify — ⚠ 9 · two · 21 endpoints'],
    );
  });
});

void describe('Boundary tree from small models', () => {
  const result = (endpoints: ScanResult['endpoints']): Pick<ScanResult, 'apps' | 'endpoints'> => ({
    apps: [{ root: '', name: 'shop', appDir: 'src/app', authLibraries: [] }],
    endpoints,
  });

  void test('an action outside the app dir stays grouped by its file in URL mode', () => {
    const tree = buildTree(new Map([['/ws', result([endpoint({ file: 'src/lib/actions.ts' }), endpoint({ name: 'b', file: 'src/app/(shop)/cart/actions.ts' })])]]), {
      groupBy: 'url',
      findingsOnly: false,
    });
    assert.deepEqual(outline(tree), ['Server Actions — 2', '  /cart', '    b — ✓ protected · internal', '  actions.ts — src/lib', '    createPost — ✓ protected · internal']);
  });

  void test('the worst severity rises to the groups and categories', () => {
    const warn = endpoint({ name: 'a', findings: [finding({ file: 'x', line: 1 }, 'missing-revalidation', 'warning')] });
    const error = route({ findings: [finding({ file: 'x', line: 1 }, 'missing-auth', 'error')], auth: 'missing' });
    const tree = buildTree(new Map([['/ws', result([warn, error])]]), { groupBy: 'file', findingsOnly: false });
    assert.deepEqual(
      tree.map((node) => [node.label, node.severity, node.findings]),
      [
        ['Server Actions', 'warning', 1],
        ['Route Handlers', 'error', 1],
      ],
    );
  });

  void test('an empty scan is an empty tree, whatever the filter', () => {
    for (const findingsOnly of [false, true]) assert.deepEqual(buildTree(new Map([['/ws', result([])]]), { groupBy: 'file', findingsOnly }), []);
    assert.deepEqual(buildTree(new Map(), { groupBy: 'file', findingsOnly: false }), []);
  });

  void test('endpoint description: the auth verdict first, then the findings, exposure, callers and line', () => {
    assert.equal(endpointDescription(route({ auth: 'public', exposure: 'external' })), 'no auth needed · external');
    const caller = { file: 'app/x/page.tsx', line: 3, how: 'form-action' as const };
    const missing = endpoint({
      name: 'inline@12',
      line: 12,
      auth: 'missing',
      callers: [caller, { ...caller, line: 9 }],
      // The rules' order puts another finding before missing-auth: the auth verdict still comes first.
      findings: [finding({ file: 'x', line: 1 }, 'missing-revalidation', 'warning'), finding({ file: 'x', line: 1 }, 'missing-auth')],
    });
    assert.equal(endpointDescription(missing), '⚠ missing auth · ⚠ missing revalidation · internal · 2 callers · line 12');
    assert.equal(endpointDescription(endpoint({ auth: 'missing' })), '✗ no auth check · internal');
    assert.equal(endpointDescription(endpoint({ auth: 'unknown', exposure: 'unused' })), '? auth unknown · unused');
  });

  void test('every description starts with its key word: the verdict or the finding count, never a path or a count of callers', async () => {
    for (const fixture of ['routes-monorepo', 'actions-inline', 'actions-suppression', 'routes-classify', 'actions-wrappers']) {
      for (const groupBy of ['file', 'url'] as const) {
        const visit = (node: TreeNode): void => {
          if (node.kind === 'endpoint') assert.match(node.description ?? '', /^(✓ |✗ |\? |⚠ |ℹ |read-only|no auth needed|auth flow)/, `${fixture} ${node.label}: ${node.description}`);
          if ((node.kind === 'group' || node.kind === 'app') && node.findings > 0) assert.match(node.description ?? '', /^⚠ \d+( · |$)/, `${fixture} ${node.label}: ${node.description}`);
          node.children.forEach(visit);
        };
        (await treeOf(fixture, { groupBy, findingsOnly: false })).forEach(visit);
      }
    }
  });
});
