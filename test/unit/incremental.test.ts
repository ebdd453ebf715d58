import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type FileHost, type ScanResult, WorkspaceAnalyzer, nodeFileHost, overlayHost, scanSync } from '../../src/analyzers';
import { fixturesDir } from '../helpers';

/** The model without timings: what must be identical between an update and a fresh scan. */
function model(result: ScanResult): unknown {
  return { ...result, stats: undefined };
}

interface Edit {
  name: string;
  fixture: string;
  file: string;
  edit: (text: string) => string;
}

const edits: Edit[] = [
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
  { name: 'a route gets a syntax error', fixture: 'routes-classify', file: 'app/api/todos/route.ts', edit: (text) => text.replace('export async function POST', 'export async function POST(((') },
];

for (const item of edits) {
  void test(`update() after an edit gives what a fresh scan gives: ${item.name}`, () => {
    const root = join(fixturesDir, item.fixture);
    const absolute = join(root, item.file).replace(/\\/g, '/');
    const original = readFileSync(absolute, 'utf8');
    const edited = item.edit(original);
    assert.notEqual(edited, original, 'the edit changes the file');
    const host: FileHost = overlayHost(nodeFileHost, new Map([[absolute, edited]]));

    const analyzer = new WorkspaceAnalyzer(root);
    try {
      const before = analyzer.scan();
      analyzer.setOptions({ host });
      const updated = analyzer.update([{ path: absolute, text: edited }]);
      const fresh = scanSync(root, { host });
      assert.deepEqual(model(updated), model(fresh));
      assert.notDeepEqual(model(updated), model(before), 'the edit is visible in the model');
      // And back again.
      analyzer.setOptions({});
      assert.deepEqual(model(analyzer.update([{ path: absolute, text: original }])), model(before));
    } finally {
      analyzer.dispose();
    }
  });
}
