/**
 * The built binary, end to end: dist/cli.js is rebuilt from the current sources, then run with child_process.
 * The scan test writes a tiny Next.js app to a temp folder and scans it for real.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const repo = join(__dirname, '..', '..');
const cliPath = join(repo, 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'next-boundary-dist-'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runBuilt(args: string[], env: Record<string, string> = {}): Run {
  const child = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
}

before(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, encoding: 'utf8' });
  assert.equal(build.status, 0, `build failed: ${build.stderr}`);
});
after(() => rmSync(work, { recursive: true, force: true }));

void describe('dist/cli.js', () => {
  void test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(runBuilt(['--version']), { status: 0, stdout: `${version}\n`, stderr: '' });
  });

  void test('--help exits 0 and documents scan', () => {
    const result = runBuilt(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Next Boundary /);
    assert.match(result.stdout, /next-boundary scan \[DIR\]/);
  });

  void test('usage errors exit 2 with two lines on stderr and no stack trace', () => {
    for (const args of [['scan', '--fail-on', 'nope'], ['scan', 'missing-dir'], ['frobnicate'], []]) {
      const result = runBuilt(args);
      assert.equal(result.status, 2, JSON.stringify(args));
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^next-boundary: .+\nRun 'next-boundary --help' for usage\.\n$/);
    }
  });

  void test('scans a Next.js app: json on a pipe, no progress, --fail-on exit codes', () => {
    const app = join(work, 'app-under-test');
    writeFiles(app, {
      'package.json': JSON.stringify({ name: 'app-under-test', private: true, dependencies: { next: '15.5.4', react: '19.1.1', '@prisma/client': '6.16.0' } }),
      'next.config.js': 'module.exports = {};\n',
      'lib/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();\n",
      'app/layout.tsx': 'export default function Layout({ children }: { children: React.ReactNode }) {\n  return <html><body>{children}</body></html>;\n}\n',
      'app/actions.ts': "'use server';\nimport { db } from '../lib/db';\n\nexport async function createPost(formData: FormData) {\n  await db.post.create({ data: { title: String(formData.get('title')) } });\n}\n",
      'app/page.tsx': "import { createPost } from './actions';\n\nexport default function Page() {\n  return <form action={createPost}><button>Add</button></form>;\n}\n",
    });

    const json = runBuilt(['scan', app]);
    assert.equal(json.status, 0, json.stderr);
    assert.equal(json.stderr, '', 'no progress line on a non-TTY stderr');
    const report = JSON.parse(json.stdout) as {
      schemaVersion: number;
      root: string;
      endpoints: { kind: string; name: string; file: string; findings: { ruleId: string }[] }[];
      skipped: unknown[];
    };
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.root, app);
    assert.ok(!('stats' in report));
    const action = report.endpoints.find((item) => item.name === 'createPost');
    assert.equal(action?.kind, 'action');
    assert.equal(action?.file, 'app/actions.ts');
    assert.ok(action?.findings.some((finding) => finding.ruleId === 'missing-auth'), JSON.stringify(action));

    const failing = runBuilt(['scan', app, '--fail-on', 'missing-auth']);
    assert.equal(failing.status, 1);
    assert.equal(failing.stdout, json.stdout);
    assert.match(failing.stderr, /matched --fail-on missing-auth/);

    const sarif = runBuilt(['scan', app, '--format', 'sarif']);
    assert.equal(sarif.status, 0);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(log.runs[0].results.some((result) => result.ruleId === 'missing-auth'));

    const table = runBuilt(['scan', app, '--format', 'table'], { NO_COLOR: '1' });
    assert.equal(table.status, 0);
    assert.match(table.stdout, /^KIND +ENDPOINT +LOCATION +EXPOSURE +AUTH +FINDINGS\n/);
    assert.match(table.stdout, /action +createPost +app\/actions\.ts:4 /);
  });

  void test('bad files are listed with their reasons under "Skipped" in the table and in json, the rest is scanned', () => {
    const app = join(work, 'bad-files');
    writeFiles(app, {
      'package.json': JSON.stringify({ name: 'bad-files', private: true, dependencies: { next: '15.5.4' } }),
      'tsconfig.json': '{ "extends": "./missing-base.json" }\n',
      'app/api/ok/route.ts': 'export async function GET() {\n  return Response.json({ ok: true });\n}\n',
      'app/vendor.min.js': '!function(){var a=1}();\n',
    });
    mkdirSync(join(app, 'app/api/bin'), { recursive: true });
    writeFileSync(join(app, 'app/api/bin/route.ts'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]));

    const table = runBuilt(['scan', app, '--format', 'table'], { NO_COLOR: '1' });
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /route +GET \/api\/ok +app\/api\/ok\/route\.ts:1 /);
    const skippedSection = table.stdout.slice(table.stdout.indexOf('Skipped 3 files:'));
    assert.deepEqual(skippedSection.trimEnd().split('\n'), [
      'Skipped 3 files:',
      '  app/api/bin/route.ts — binary file: not analysed',
      '  app/vendor.min.js — minified bundle (*.min.js): not read',
      `  tsconfig.json — tsconfig.json not used: "extends" not followed: Cannot read file 'missing-base.json'; imports resolve with Next's default @/* alias`,
    ]);

    const json = runBuilt(['scan', app, '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { skipped: { file: string; reason: string }[]; endpoints: { file: string }[] };
    assert.deepEqual(
      report.skipped.map((item) => item.file),
      ['app/api/bin/route.ts', 'app/vendor.min.js', 'tsconfig.json'],
    );
    assert.deepEqual(report.endpoints.map((item) => item.file), ['app/api/ok/route.ts']);
  });

  void test('a folder with no Next.js app says so and exits 0; json keeps stdout clean and notes it on stderr', () => {
    const empty = join(work, 'no-app');
    writeFiles(empty, { 'package.json': JSON.stringify({ name: 'just-a-library', dependencies: { react: '19.1.1' } }) });
    const notice = `No Next.js app found in ${empty} (looked for a next.config.* file, or an app/ or pages/ folder beside a package.json that depends on "next").`;

    const table = runBuilt(['scan', empty, '--format', 'table'], { NO_COLOR: '1' });
    assert.deepEqual(table, { status: 0, stdout: `${notice}\n\nno endpoints · no findings\n`, stderr: '' });

    const json = runBuilt(['scan', empty, '--format', 'json']);
    assert.equal(json.status, 0);
    assert.deepEqual((JSON.parse(json.stdout) as { apps: unknown[] }).apps, []);
    assert.equal(json.stderr, `next-boundary: ${notice}\n`);
  });

  void test('a file or a missing folder as DIR is a usage error naming it', () => {
    const file = join(work, 'not-a-folder.txt');
    writeFileSync(file, 'hello');
    assert.deepEqual(runBuilt(['scan', file]), { status: 2, stdout: '', stderr: `next-boundary: not a directory: ${file}\nRun 'next-boundary --help' for usage.\n` });
    const missing = join(work, 'nowhere');
    assert.deepEqual(runBuilt(['scan', missing]), { status: 2, stdout: '', stderr: `next-boundary: directory not found: ${missing}\nRun 'next-boundary --help' for usage.\n` });
  });
});
