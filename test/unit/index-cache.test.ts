/**
 * The analyzer's index across rounds: files added, deleted or renamed are taken in without a rescan, a rescan
 * re-reads and re-parses only what changed (size and time, then content hash), and an edit to a shared lib
 * module re-analyses only the endpoint files that depend on it.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { WorkspaceAnalyzer } from '../../src/analyzers/workspace-analyzer';
import { nodeFileHost, overlayHost } from '../../src/analyzers/host';
import type { ScanResult } from '../../src/analyzers/model';
import { fixturesDir } from '../helpers';

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function copyOf(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nb-index-')).replace(/\\/g, '/');
  temps.push(dir);
  cpSync(join(fixturesDir, fixture), dir, { recursive: true });
  return dir;
}

function write(root: string, file: string, text: string): string {
  const path = `${root}/${file}`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** The model without timings, for comparing an update with a fresh scan. */
function model(result: ScanResult): unknown {
  return { ...result, stats: { ...result.stats, durationMs: 0, filesParsed: 0, programFiles: 0, phases: undefined } };
}

function freshScan(root: string): ScanResult {
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    return analyzer.scan();
  } finally {
    analyzer.dispose();
  }
}

const NEW_ACTION = `'use server';
import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';

export async function wipeEverything() {
  await db.post.deleteMany({});
  revalidatePath('/');
}
`;

void test('a new action file and a new caller are taken in without a rescan, as a fresh scan sees them', () => {
  const root = copyOf('actions-callers');
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    const before = analyzer.scan();
    const actionFile = write(root, 'src/app/actions/danger.ts', NEW_ACTION);
    const callerFile = write(root, 'src/app/danger/button.tsx', `'use client';\nimport { wipeEverything } from '../actions/danger';\nexport function Wipe() {\n  return <form action={wipeEverything}><button>wipe</button></form>;\n}\n`);
    const updated = analyzer.update([{ path: actionFile }, { path: callerFile }]);
    assert.equal(analyzer.lastRound.kind, 'update');
    assert.equal(analyzer.lastRound.filesRead, 2, 'only the two new files are read');
    const added = updated.endpoints.find((item) => item.name === 'wipeEverything');
    assert.ok(added, 'the new action is in the model');
    assert.equal(added.auth, 'missing');
    assert.deepEqual(added.callers.map((caller) => caller.file), ['src/app/danger/button.tsx']);
    assert.equal(updated.endpoints.length, before.endpoints.length + 1);
    assert.deepEqual(model(updated), model(freshScan(root)));
  } finally {
    analyzer.dispose();
  }
});

void test('deleting a guard module re-analyses the actions that imported it, as a fresh scan does', () => {
  const root = copyOf('actions-auth-nextauth');
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    const before = analyzer.scan();
    const guard = `${root}/lib/auth/user.ts`;
    rmSync(guard);
    const updated = analyzer.update([{ path: guard }]);
    assert.equal(analyzer.lastRound.kind, 'update');
    assert.notDeepEqual(model(updated), model(before), 'the deletion is visible');
    assert.deepEqual(model(updated), model(freshScan(root)));
  } finally {
    analyzer.dispose();
  }
});

void test('a renamed route file (delete + create in one batch) moves its endpoints, as a fresh scan does', () => {
  const root = copyOf('routes-classify');
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    analyzer.scan();
    const from = `${root}/app/api/todos/route.ts`;
    const to = `${root}/app/api/tasks/route.ts`;
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
    const updated = analyzer.update([{ path: from }, { path: to }]);
    assert.equal(analyzer.lastRound.kind, 'update');
    assert.ok(!updated.endpoints.some((item) => item.file === 'app/api/todos/route.ts'));
    assert.ok(updated.endpoints.some((item) => item.file === 'app/api/tasks/route.ts' && item.urlPath === '/api/tasks'));
    assert.deepEqual(model(updated), model(freshScan(root)));
  } finally {
    analyzer.dispose();
  }
});

void test('a file under node_modules or .next is ignored without reading it; the first file of a new app/ folder rescans', () => {
  const root = copyOf('actions-callers');
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    const before = analyzer.scan();
    const ignored = write(root, 'node_modules/some-lib/actions.ts', NEW_ACTION);
    const built = write(root, '.next/server/app/page.js', NEW_ACTION);
    assert.deepEqual(model(analyzer.update([{ path: ignored }, { path: built }])), model(before));
    assert.equal(analyzer.lastRound.kind, 'update');
    assert.equal(analyzer.lastRound.filesRead, 0);
    // The fixture's router lives in src/app: a root app/ folder is a structural change.
    const other = write(root, 'app/page.tsx', 'export default function Page() { return null; }\n');
    analyzer.update([{ path: other }]);
    assert.equal(analyzer.lastRound.kind, 'scan');
  } finally {
    analyzer.dispose();
  }
});

void test('a rescan with nothing changed reads and parses nothing again; a touched file is re-read but not re-parsed', () => {
  const root = copyOf('actions-auth-nextauth');
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    const first = analyzer.scan();
    assert.ok(analyzer.lastRound.filesRead > 5 && analyzer.lastRound.filesParsed > 5, 'the first scan reads and parses');
    const again = analyzer.scan();
    assert.equal(analyzer.lastRound.kind, 'scan');
    assert.equal(analyzer.lastRound.filesRead, 0, 'same size and time: the text held is reused');
    assert.equal(analyzer.lastRound.filesParsed, 0, 'same content hash: the parsed file is reused');
    assert.deepEqual(model(again), model(first));

    const touched = `${root}/app/posts/actions.ts`;
    const later = new Date(Date.now() + 5000);
    utimesSync(touched, later, later);
    analyzer.scan();
    assert.equal(analyzer.lastRound.filesRead, 1, 'the touched file is read again');
    assert.equal(analyzer.lastRound.filesParsed, 0, 'its text is the same: not parsed again');

    writeFileSync(touched, `${NEW_ACTION}`);
    const changed = analyzer.scan();
    assert.equal(analyzer.lastRound.filesRead, 1);
    assert.equal(analyzer.lastRound.filesParsed, 1, 'only the changed file is parsed');
    assert.ok(changed.endpoints.some((item) => item.name === 'wipeEverything'));
    assert.deepEqual(model(changed), model(freshScan(root)));
  } finally {
    analyzer.dispose();
  }
});

/** An app where lib/guard.ts is used by three action files directly and by a route through lib/session.ts. */
function appWithSharedGuard(): string {
  const root = mkdtempSync(join(tmpdir(), 'nb-guard-')).replace(/\\/g, '/');
  temps.push(root);
  write(root, 'package.json', JSON.stringify({ name: 'guarded', dependencies: { next: '15.5.4' } }));
  write(root, 'tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }));
  write(root, 'lib/guard.ts', "import { redirect } from 'next/navigation';\nexport async function requireUser() {\n  const user = await getUser();\n  if (!user) redirect('/login');\n  return user;\n}\ndeclare function getUser(): Promise<{ id: string } | null>;\n");
  write(root, 'lib/session.ts', "import { requireUser } from './guard';\nexport async function sessionOrThrow() {\n  return requireUser();\n}\n");
  for (const name of ['a', 'b', 'c']) {
    write(root, `app/${name}/actions.ts`, `'use server';\nimport { requireUser } from '@/lib/guard';\nexport async function save${name.toUpperCase()}(id: string) {\n  await requireUser();\n  await db.item.delete({ where: { id } });\n}\nexport async function keep${name.toUpperCase()}() {\n  await requireUser();\n  await db.item.create({ data: {} });\n}\ndeclare const db: any;\n`);
  }
  for (const name of ['d', 'e']) {
    write(root, `app/${name}/actions.ts`, `'use server';\nexport async function open${name.toUpperCase()}(id: string) {\n  await db.item.delete({ where: { id } });\n}\ndeclare const db: any;\n`);
  }
  write(root, 'app/api/items/route.ts', "import { sessionOrThrow } from '@/lib/session';\nexport async function POST() {\n  await sessionOrThrow();\n  return Response.json({ ok: true });\n}\n");
  return root;
}

void test('an edit to a shared guard module re-analyses and re-classifies only the endpoints that depend on it', () => {
  const root = appWithSharedGuard();
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    const before = analyzer.scan();
    assert.equal(before.endpoints.length, 9);
    const guard = `${root}/lib/guard.ts`;
    const edited = analyzer.update([{ path: guard, text: "export async function requireUser() {\n  return { id: 'anyone' };\n}\n" }]);
    assert.equal(analyzer.lastRound.kind, 'update');
    assert.equal(analyzer.lastRound.filesParsed, 1, 'only the guard is parsed again');
    assert.equal(analyzer.lastRound.endpointFilesAnalysed, 4, 'three action files and the route (through lib/session.ts)');
    assert.equal(analyzer.lastRound.endpointsClassified, 7, 'their 7 endpoints; the 2 in files that do not import it are reused');
    const unrelated = (result: ScanResult) => result.endpoints.filter((item) => item.file.startsWith('app/d/') || item.file.startsWith('app/e/'));
    assert.deepEqual(unrelated(edited), unrelated(before));
    for (const [index, item] of unrelated(edited).entries()) assert.equal(item, unrelated(before)[index], 'the very same object: not classified again');
    assert.notEqual(edited.endpoints.find((item) => item.name === 'saveA')!.auth, before.endpoints.find((item) => item.name === 'saveA')!.auth, 'the guard no longer guards');
  } finally {
    analyzer.dispose();
  }
});

void test('a file left out (minified) that changes again keeps update() equal to a fresh scan (found by the fuzz suite)', () => {
  const root = copyOf('routes-classify');
  const file = `${root}/app/api/todos/route.ts`;
  const original = nodeFileHost.readFile(file)!;
  // Its importer: what it re-exports depends on whether the file is read at all.
  write(root, 'app/api/boards/route.ts', "export * from '../todos/route';\n");
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    analyzer.scan();
    const minified = (head: string) => `${head}${original.replace(/\n\s*/g, ' ')}/*${'x'.repeat(400_000)}*/`;
    const steps = [minified(''), minified('// changed while left out\n'), original];
    for (const text of steps) {
      const host = overlayHost(nodeFileHost, new Map([[file, text]]));
      analyzer.setOptions({ host });
      const updated = analyzer.update([{ path: file, text }]);
      const fresh = new WorkspaceAnalyzer(root, { host });
      try {
        assert.deepEqual(model(updated), model(fresh.scan()));
      } finally {
        fresh.dispose();
      }
    }
  } finally {
    analyzer.dispose();
  }
});
