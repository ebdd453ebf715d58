/**
 * --changed-since on real git checkouts: which endpoints a branch's changes touch (their own file, code they
 * import, a new untracked file), from the root or from an app inside a monorepo, and the ways it must refuse.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { JsonReport } from '../../src/cli/format-json';
import { changedFilesSince, ChangedSinceError, endpointsTouched } from '../../src/cli/changed-since';
import { runCli } from '../../src/cli/run';
import { endpoint } from './builder';
import { writeTempTree } from '../helpers';

const APP = {
  'package.json': JSON.stringify({ name: 'web', dependencies: { next: '15.5.0' } }),
  'next.config.js': 'module.exports = {};\n',
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
  'lib/session.ts': `import { cookies } from 'next/headers';\nexport async function requireUser() {\n  const id = (await cookies()).get('uid')?.value;\n  if (!id) throw new Error('Unauthorized');\n  return id;\n}\n`,
  'lib/db.ts': `export const db = { post: { delete: async (id: string) => id } };\n`,
  'app/posts/actions.ts': `'use server';\nimport { db } from '@/lib/db';\nimport { requireUser } from '@/lib/session';\nexport async function deletePost(id: string) {\n  await requireUser();\n  await db.post.delete(id);\n}\n`,
  'app/api/health/route.ts': `export function GET() {\n  return Response.json({ ok: true });\n}\n`,
  'app/api/export/route.ts': `import { requireUser } from '@/lib/session';\nexport async function GET() {\n  await requireUser();\n  return Response.json([]);\n}\n`,
};

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

/** A checkout with the app at `prefix` committed on main, and a branch `feature` checked out. */
function checkout(prefix = ''): { top: string; app: string } {
  const files = Object.fromEntries(Object.entries(APP).map(([file, text]) => [`${prefix}${file}`, text]));
  const top = writeTempTree('nb-changed-', { ...files, 'README.md': '# repo\n' });
  roots.push(top);
  git(top, 'init', '-q');
  git(top, 'add', '-A');
  git(top, 'commit', '-qm', 'base');
  git(top, 'checkout', '-qb', 'feature');
  return { top, app: prefix === '' ? top : join(top, prefix) };
}

async function scan(cwd: string, ...argv: string[]): Promise<{ code: number; stderr: string; report?: JsonReport }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['scan', '--format', 'json', ...argv], { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: {}, cwd });
  return { code, stderr, ...(code !== 2 && { report: JSON.parse(stdout) as JsonReport }) };
}

const shown = (report: JsonReport | undefined) => (report?.endpoints ?? []).map((item) => `${item.name} ${item.file}`).sort();

void describe('--changed-since', () => {
  void test('nothing changed: no endpoint is reported, and the report says how many were left out', async () => {
    const { app } = checkout();
    const { code, report } = await scan(app, '--changed-since', 'main');
    assert.equal(code, 0);
    assert.deepEqual(shown(report), []);
    assert.equal(report?.changedSince?.endpointsTotal, 3);
    assert.equal(report?.changedSince?.changedFiles, 0);
  });

  void test('a helper two files away reaches every endpoint whose code imports it', async () => {
    const { app } = checkout();
    appendFileSync(join(app, 'lib/session.ts'), '// weaker now\n');
    const { report } = await scan(app, '--changed-since', 'main');
    assert.deepEqual(shown(report), ['GET app/api/export/route.ts', 'deletePost app/posts/actions.ts']);
  });

  void test('committed, staged and untracked changes all count', async () => {
    const { app } = checkout();
    appendFileSync(join(app, 'app/api/health/route.ts'), '// committed\n');
    git(app, 'commit', '-qam', 'touch health');
    mkdirSync(join(app, 'app/api/ping'));
    writeFileSync(join(app, 'app/api/ping/route.ts'), 'export function POST() {\n  return new Response(null);\n}\n');
    const { report } = await scan(app, '--changed-since', 'main');
    assert.deepEqual(shown(report), ['GET app/api/health/route.ts', 'POST app/api/ping/route.ts']);
  });

  void test('from an app inside a monorepo, with the checkout above it', async () => {
    const { top, app } = checkout('apps/web/');
    appendFileSync(join(app, 'app/posts/actions.ts'), '// edit\n');
    appendFileSync(join(top, 'README.md'), 'more\n');
    const fromApp = await scan(app, '--changed-since', 'main');
    assert.deepEqual(shown(fromApp.report), ['deletePost app/posts/actions.ts']);
    const fromTop = await scan(top, '--changed-since', 'main');
    assert.deepEqual(shown(fromTop.report), ['deletePost apps/web/app/posts/actions.ts']);
  });

  void test('compares with the merge base: what main did after the branch left it is not this branch\'s change', async () => {
    const { app } = checkout();
    git(app, 'checkout', '-q', 'main');
    appendFileSync(join(app, 'app/api/health/route.ts'), '// on main\n');
    git(app, 'commit', '-qam', 'main moves on');
    git(app, 'checkout', '-q', 'feature');
    const { report } = await scan(app, '--changed-since', 'main');
    assert.deepEqual(shown(report), []);
  });

  void test('a ref with no common history falls back to the ref itself, and says so', async () => {
    const { app } = checkout();
    git(app, 'checkout', '-q', '--orphan', 'elsewhere');
    git(app, 'rm', '-rfq', '.');
    writeFileSync(join(app, 'README.md'), '# another history\n');
    git(app, 'add', 'README.md');
    git(app, 'commit', '-qm', 'unrelated history');
    git(app, 'checkout', '-q', 'feature');
    const { code, stderr, report } = await scan(app, '--changed-since', 'elsewhere');
    assert.equal(code, 0);
    assert.match(stderr, /share no history here/);
    // Against that commit every app file is new: all endpoints are reported, none lost.
    assert.deepEqual(shown(report), ['GET app/api/export/route.ts', 'GET app/api/health/route.ts', 'deletePost app/posts/actions.ts']);
  });

  void test('outside a git checkout, or with an unknown ref: exit 2 with the reason, before scanning', async () => {
    const plain = writeTempTree('nb-nogit-', APP);
    roots.push(plain);
    const outside = await scan(plain, '--changed-since', 'main');
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /--changed-since needs a git checkout, and .* is not inside one/);

    const { app } = checkout();
    const unknown = await scan(app, '--changed-since', 'no-such-branch');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown git ref 'no-such-branch' for --changed-since/);
    const option = await scan(app, '--changed-since', '--output=x');
    assert.equal(option.code, 2);
  });

  void test('no git on PATH is said as such', async () => {
    const missing = Object.assign(new Error('git was not found on PATH'), { notFound: true });
    await assert.rejects(changedFilesSince('/anywhere', 'main', () => Promise.reject(missing)), (error: unknown) => error instanceof ChangedSinceError && /needs git: git was not found/.test(error.message));
  });
});

void describe('endpointsTouched', () => {
  void test('an endpoint is touched through its file, the route that mounts it, or a file its evidence names', () => {
    const own = endpoint({ file: 'app/a.ts', name: 'a' });
    const mounted = endpoint({ kind: 'procedure', file: 'server/router.ts', name: 'post.create', mountedAt: 'app/api/trpc/[trpc]/route.ts' });
    const guarded = endpoint({ file: 'app/b.ts', name: 'b', evidence: [{ kind: 'auth', file: 'lib/guard.ts', line: 3, message: 'guard' }] as never });
    const untouched = endpoint({ file: 'app/c.ts', name: 'c' });
    const touched = endpointsTouched([own, mounted, guarded, untouched], ['app/a.ts', 'app/api/trpc/[trpc]/route.ts', 'lib/guard.ts']);
    assert.deepEqual(touched.map((item) => item.name), ['a', 'post.create', 'b']);
  });
});
