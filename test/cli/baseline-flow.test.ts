/**
 * The baseline from a team's side, on a real scan of a small app: record today's findings, then edit the app the
 * ways code really changes and check which findings come back as new, stay recorded, or are gone.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type * as Sarif from 'sarif';
import type { JsonReport } from '../../src/cli/format-json';
import { runCli } from '../../src/cli/run';
import { writeTempTree } from '../helpers';

const GUARD = `import { auth } from '@/auth';\n`;
const ACTIONS = `'use server';
import { db } from '@/lib/db';
${GUARD}
export async function deletePost(id: string) {
  await db.post.delete({ where: { id } });
}

export async function renamePost(id: string, title: string) {
  const session = await auth();
  if (!session) throw new Error('Unauthorized');
  await db.post.update({ where: { id }, data: { title } });
}

export async function archivePost(id: string) {
  await db.post.update({ where: { id }, data: { archived: true } });
}
`;
const APP = {
  'package.json': JSON.stringify({ name: 'blog', dependencies: { next: '15.5.0', 'next-auth': '5.0.0-beta.30', '@prisma/client': '6.0.0' } }),
  'next.config.js': 'module.exports = {};\n',
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
  'auth.ts': `import NextAuth from 'next-auth';\nexport const { auth, handlers } = NextAuth({ providers: [] });\n`,
  'lib/db.ts': `import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();\n`,
  'app/posts/actions.ts': ACTIONS,
  'app/posts/page.tsx': `import { deletePost, renamePost, archivePost } from './actions';
export default function Page() {
  return <form action={deletePost.bind(null, '1')}><button formAction={renamePost.bind(null, '1', 'x')} /><button formAction={archivePost.bind(null, '1')} /></form>;
}
`,
};

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function app(): string {
  const root = writeTempTree('nb-baseline-', APP);
  roots.push(root);
  return root;
}

async function cli(root: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: {}, cwd: root });
  return { code, stdout, stderr };
}

async function scanJson(root: string, ...extra: string[]): Promise<{ code: number; report: JsonReport }> {
  const outcome = await cli(root, ['scan', '--format', 'json', '--baseline', 'next-boundary.baseline.json', ...extra]);
  assert.notEqual(outcome.code, 2, outcome.stderr);
  return { code: outcome.code, report: JSON.parse(outcome.stdout) as JsonReport };
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const path = join(root, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

const newFindings = (report: JsonReport) => report.endpoints.flatMap((endpoint) => endpoint.findings.map((finding) => `${endpoint.name}:${finding.ruleId}`)).sort();

void describe('baseline, on a real scan', () => {
  void test('records findings, and two runs write the same bytes', async () => {
    const root = app();
    assert.equal((await cli(root, ['baseline'])).code, 0);
    const first = readFileSync(join(root, 'next-boundary.baseline.json'), 'utf8');
    assert.equal((await cli(root, ['baseline', '.', '--output', 'again.json'])).code, 0);
    assert.equal(readFileSync(join(root, 'again.json'), 'utf8'), first);
    const entries = (JSON.parse(first) as { findings: { endpoint: string; rule: string }[] }).findings.map((entry) => `${entry.endpoint}:${entry.rule}`);
    assert.ok(entries.includes('deletePost:missing-auth'), entries.join(', '));
    assert.ok(entries.includes('archivePost:missing-auth'), entries.join(', '));
    assert.ok(!entries.some((entry) => entry.startsWith('renamePost:missing-auth')), entries.join(', '));

    const { code, report } = await scanJson(root, '--fail-on', 'any');
    assert.equal(code, 0);
    assert.deepEqual(newFindings(report), []);
    assert.equal(report.baseline?.unchanged, entries.length);
    assert.deepEqual(report.baseline?.absent, []);
  });

  void test('moving an endpoint within its file, or renaming another, makes nothing new', async () => {
    const root = app();
    await cli(root, ['baseline']);
    // deletePost moves below the others, twenty lines down; renamePost is renamed.
    edit(root, 'app/posts/actions.ts', (text) => {
      const start = text.indexOf('export async function deletePost');
      const end = text.indexOf('export async function renamePost');
      const moved = text.slice(start, end);
      return `${text.slice(0, start)}${'// a comment\n'.repeat(20)}${text.slice(end).replace(/renamePost/g, 'retitlePost')}\n${moved}`;
    });
    edit(root, 'app/posts/page.tsx', (text) => text.replace(/renamePost/g, 'retitlePost'));
    const { report } = await scanJson(root);
    // Only the renamed endpoint's own findings start over (under its new name); the moved one's stay recorded.
    assert.ok(newFindings(report).every((finding) => finding.startsWith('retitlePost:')), newFindings(report).join(', '));
    assert.ok(report.baseline!.absent.every((entry) => entry.endpoint === 'renamePost'), JSON.stringify(report.baseline!.absent));
    const moved = report.endpoints.find((endpoint) => endpoint.name === 'deletePost')!;
    assert.deepEqual(moved.findings, []);
    assert.ok(moved.baselined?.some((finding) => finding.ruleId === 'missing-auth'));
    assert.ok(moved.line > 20, `deletePost moved to line ${moved.line}`);
  });

  void test('fixing a finding makes its entry absent, in JSON and in SARIF', async () => {
    const root = app();
    await cli(root, ['baseline']);
    edit(root, 'app/posts/actions.ts', (text) =>
      text.replace('export async function deletePost(id: string) {\n', "export async function deletePost(id: string) {\n  const session = await auth();\n  if (!session) throw new Error('Unauthorized');\n"),
    );
    const { report } = await scanJson(root);
    assert.deepEqual(report.baseline?.absent.map((entry) => `${entry.endpoint}:${entry.rule}`), ['deletePost:missing-auth']);

    const sarif = await cli(root, ['scan', '--format', 'sarif', '--baseline', 'next-boundary.baseline.json']);
    const results = (JSON.parse(sarif.stdout) as Sarif.Log).runs[0].results ?? [];
    const absent = results.filter((result) => result.baselineState === 'absent');
    assert.deepEqual(absent.map((result) => [result.ruleId, result.locations?.[0].logicalLocations?.[0].name, result.kind]), [['missing-auth', 'deletePost', 'pass']]);
    assert.ok(results.every((result) => result.baselineState !== undefined));
    assert.ok(results.filter((result) => result.baselineState === 'unchanged').every((result) => result.suppressions?.[0].kind === 'external'));
  });

  void test('a new unguarded action is exactly one new finding, and --fail-on counts only it', async () => {
    const root = app();
    await cli(root, ['baseline']);
    edit(root, 'app/posts/actions.ts', (text) => `${text}\nexport async function banUser(id: string) {\n  await db.user.update({ where: { id }, data: { banned: true } });\n}\n`);
    edit(root, 'app/posts/page.tsx', (text) =>
      text.replace('archivePost } from', 'archivePost, banUser } from').replace('</form>', "<button formAction={banUser.bind(null, '1')} /></form>"),
    );
    const { code, report } = await scanJson(root, '--fail-on', 'missing-auth');
    assert.deepEqual(newFindings(report).filter((finding) => finding.endsWith(':missing-auth')), ['banUser:missing-auth']);
    assert.ok(newFindings(report).every((finding) => finding.startsWith('banUser:')), newFindings(report).join(', '));
    assert.equal(report.baseline?.new, newFindings(report).length);
    assert.equal(code, 1);
    const table = await cli(root, ['scan', '--format', 'table', '--baseline', 'next-boundary.baseline.json', '--fail-on', 'missing-auth']);
    assert.match(table.stderr, /^next-boundary: 1 new finding matched --fail-on missing-auth \(1 missing-auth\)$/m);
  });

  void test('a missing or broken baseline is exit 2 before any scan, never "everything is new"', async () => {
    const root = app();
    const cases: [string | undefined, RegExp][] = [
      [undefined, /baseline file not found: next-boundary\.baseline\.json \(write one with 'next-boundary baseline'\)/],
      ['{ not json', /is not a usable Next Boundary baseline: not valid JSON/],
      ['{"version":1,"findings":{}}', /is not a usable Next Boundary baseline: "findings" must be a list/],
      ['{"version":1,"findings":[{"rule":"missing-auth"}]}', /findings\[0\]\.kind must be a non-empty string/],
      ['{"version":7,"findings":[]}', /written for baseline version 7; this Next Boundary reads version 1/],
    ];
    for (const [text, message] of cases) {
      rmSync(join(root, 'next-boundary.baseline.json'), { force: true });
      if (text !== undefined) writeFileSync(join(root, 'next-boundary.baseline.json'), text);
      const outcome = await cli(root, ['scan', '--format', 'json', '--baseline', 'next-boundary.baseline.json', '--fail-on', 'any']);
      assert.equal(outcome.code, 2, outcome.stderr);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, message);
    }
  });
});
