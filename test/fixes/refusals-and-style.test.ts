/**
 * The pure fixes' guarantees beyond their happy paths: a target that cannot be told apart, or a file that
 * would be overwritten, is refused with a reason the editor shows; every edited and every new file keeps
 * the line endings and indentation of the file the code came from (or of the file it goes into).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoint, NextApp } from '../../src/analyzers/model';
import { type GuardRecipe, addAuthGuard } from '../../src/fixes/add-auth-guard';
import { addRevalidation } from '../../src/fixes/add-revalidation';
import { convertToRouteHandler } from '../../src/fixes/convert-to-route-handler';
import { applyEdits } from '../../src/fixes/edits';
import { type FileChange, applyChanges, extractToLib, refactorAvailability } from '../../src/fixes/extract-to-lib';
import { quickFixBlocker } from '../../src/fixes/offers';
import { indexProject } from '../../src/fixes/project';
import { parseSource, syntaxErrors } from '../../src/fixes/source';
import { endpoint as makeEndpoint } from '../model-builders';
import { assertFix, lineOf, lines } from './harness';

const TSCONFIG = '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }';
const AUTH_TS = lines("import NextAuth from 'next-auth';", 'export const { handlers, auth } = NextAuth({ providers: [] });', '');
const ACTIONS_FILE = 'app/posts/actions.ts';
const GUARD: GuardRecipe = { label: 'Auth.js', source: 'library', imports: [{ from: '@/auth', names: ['auth'] }], setup: ['const session = await auth()'], deny: '!session?.user' };
const REVALIDATE = { call: 'revalidatePath' as const, args: ['/posts'] };

/** An action with its logic in it, as a 'use server' file writes one. */
function createPostFile(eol: string, unit: string): string {
  return [
    "'use server';",
    '',
    "import { revalidatePath } from 'next/cache';",
    "import { auth } from '@/auth';",
    "import { db } from '@/lib/db';",
    '',
    'export async function createPost(formData: FormData) {',
    `${unit}const session = await auth();`,
    `${unit}if (!session?.user) throw new Error('Unauthorized');`,
    `${unit}await db.post.create({`,
    `${unit}${unit}data: { title: String(formData.get('title')), authorId: session.user.id },`,
    `${unit}});`,
    `${unit}revalidatePath('/posts');`,
    '}',
    '',
  ].join(eol);
}

function appOf(overrides: Partial<NextApp> = {}): NextApp {
  return { root: '', name: 'app', appDir: 'app', authLibraries: ['next-auth'], ...overrides };
}

function filesOf(files: Record<string, string>): Map<string, string> {
  return new Map(Object.entries({ 'tsconfig.json': TSCONFIG, 'auth.ts': AUTH_TS, 'lib/db.ts': 'export const db = {} as any;\n', ...files }));
}

function extract(files: Map<string, string>, endpoint: Partial<Endpoint> & { name: string }, app = appOf()) {
  const full = makeEndpoint({ file: ACTIONS_FILE, ...endpoint });
  return extractToLib({ text: files.get(full.file)!, endpoint: full, index: indexProject(app, files) });
}

function convert(files: Map<string, string>, endpoint: Partial<Endpoint> & { name: string }, options: { app?: NextApp; apps?: NextApp[] } = {}) {
  const full = makeEndpoint({ file: ACTIONS_FILE, evidence: [], ...endpoint });
  const app = options.app ?? appOf();
  return convertToRouteHandler({ text: files.get(full.file)!, endpoint: full, endpoints: [full], index: indexProject(app, files), ...(options.apps && { apps: options.apps }) });
}

function refusal(result: { ok: true } | { ok: false; reason: string }): string {
  assert.equal(result.ok, false, 'refused');
  return result.ok ? '' : result.reason;
}

/** Every line break is `eol`, and every indentation is whole units of `unit` (a few indented lines at least). */
function assertStyle(file: string, text: string, eol: '\n' | '\r\n', unit: string): void {
  if (eol === '\r\n') assert.doesNotMatch(text, /(^|[^\r])\n/, `${file}: a LF line break in a CRLF file`);
  else assert.doesNotMatch(text, /\r/, `${file}: a CR in a LF file`);
  const indents = text.split(/\r?\n/).map((line) => /^[ \t]*/.exec(line)![0]).filter(Boolean);
  assert.ok(indents.length >= 2, `${file}: indented lines to check`);
  for (const indent of indents) assert.equal(indent, unit.repeat(indent.length / unit.length), `${file}: indentation ${JSON.stringify(indent)} is not in units of ${JSON.stringify(unit)}`);
  assert.deepEqual(syntaxErrors(parseSource(text, file)).map((diagnostic) => diagnostic.messageText), [], `${file} parses`);
}

function assertChangesStyle(changes: readonly FileChange[], eol: '\n' | '\r\n', unit: string, files = changes.map((change) => change.file)): void {
  const after = applyChanges(changes);
  for (const file of files) assertStyle(file, after.get(file)!, eol, unit);
}

void describe('ambiguous targets are refused, with the reason', () => {
  const duplicated = lines(
    "'use server';",
    "import { db } from '@/lib/db';",
    'export async function createPost(title: string) {',
    '  await db.post.create({ data: { title } });',
    '}',
    'export const createPostAgain = createPost;',
    'export { createPost as createPostAgain2, createPost };',
    '',
  );

  void test('the name exported twice: no quick fix edits it, the refactors refuse', () => {
    const reason = 'app/posts/actions.ts exports createPost more than once; rename or remove one first';
    const endpoint = makeEndpoint({ file: ACTIONS_FILE, name: 'createPost', line: 3 });
    assert.equal(quickFixBlocker(duplicated, ACTIONS_FILE, endpoint), reason);
    assert.deepEqual(addAuthGuard(duplicated, ACTIONS_FILE, endpoint, GUARD), []);
    assert.deepEqual(addRevalidation(duplicated, ACTIONS_FILE, endpoint, REVALIDATE), []);
    assert.deepEqual(refactorAvailability(duplicated, endpoint), { extract: reason, convert: reason });
    const files = filesOf({ [ACTIONS_FILE]: duplicated });
    assert.equal(refusal(extract(files, { name: 'createPost' })), reason);
    assert.equal(refusal(convert(files, { name: 'createPost' })), reason);
  });

  void test('the exported local declared twice (a duplicate implementation)', () => {
    const text = lines("'use server';", 'async function save(id: string) {', '  await fetch(id);', '}', 'async function save(id: number) {', '  await fetch(String(id));', '}', 'export { save };', '');
    const endpoint = makeEndpoint({ file: ACTIONS_FILE, name: 'save', line: 8 });
    assert.equal(quickFixBlocker(text, ACTIONS_FILE, endpoint), 'app/posts/actions.ts declares save more than once; rename or remove one first');
    assert.deepEqual(addAuthGuard(text, ACTIONS_FILE, endpoint, GUARD), []);
  });

  void test('two default exports', () => {
    const text = lines("'use server';", 'async function a() {', '  await fetch("/a");', '}', 'export default async function b() {', '  await fetch("/b");', '}', 'export { a as default };', '');
    const endpoint = makeEndpoint({ file: ACTIONS_FILE, name: 'default', line: 5 });
    assert.equal(quickFixBlocker(text, ACTIONS_FILE, endpoint), 'app/posts/actions.ts has more than one default export; keep one first');
    assert.deepEqual(addRevalidation(text, ACTIONS_FILE, endpoint, REVALIDATE), []);
  });

  void test('two inline actions of the name: the one on the endpoint line is clear, none on it is not', () => {
    const text = lines(
      'export default function Page() {',
      '  async function save() {',
      "    'use server';",
      "    await fetch('/a');",
      '  }',
      '  function Inner() {',
      '    async function save() {',
      "      'use server';",
      "      await fetch('/b');",
      '    }',
      '    return <form action={save} />;',
      '  }',
      '  return <form action={save}><Inner /></form>;',
      '}',
      '',
    );
    const file = 'app/page.tsx';
    const onLine = makeEndpoint({ file, name: 'save', line: 7, actionForm: 'inline' });
    assert.equal(quickFixBlocker(text, file, onLine), undefined);
    assert.match(applyEdits(text, addRevalidation(text, file, { ...onLine, evidence: [] }, REVALIDATE)), /await fetch\('\/b'\);\n {6}revalidatePath\('\/posts'\);/);
    const elsewhere = makeEndpoint({ file, name: 'save', line: 40, actionForm: 'inline' });
    assert.equal(quickFixBlocker(text, file, elsewhere), 'app/page.tsx has 2 inline Server Actions named save; rename all but one first');
    assert.deepEqual(addRevalidation(text, file, { ...elsewhere, evidence: [] }, REVALIDATE), []);
  });

  void test('overloads: the quick fixes edit the one implementation, the refactors refuse (a lib function would drop the signatures)', () => {
    const text = lines(
      "'use server';",
      "import { db } from '@/lib/db';",
      'export async function archive(id: string): Promise<void>;',
      'export async function archive(ids: string[]): Promise<void>;',
      'export async function archive(input: string | string[]) {',
      '  await db.post.updateMany({ where: { id: { in: ([] as string[]).concat(input) } }, data: { archived: true } });',
      '}',
      '',
    );
    const endpoint = makeEndpoint({ file: ACTIONS_FILE, name: 'archive', line: 3, evidence: [] });
    assert.equal(quickFixBlocker(text, ACTIONS_FILE, endpoint), undefined);
    assertFix(text, ACTIONS_FILE, (current) => addAuthGuard(current, ACTIONS_FILE, endpoint, GUARD), text.replace(
      'export async function archive(input: string | string[]) {\n',
      "export async function archive(input: string | string[]) {\n  const session = await auth();\n  if (!session?.user) throw new Error('Unauthorized');\n",
    ).replace("import { db } from '@/lib/db';\n", "import { db } from '@/lib/db';\nimport { auth } from '@/auth';\n"));
    const reason = 'archive has overload signatures, which a lib function cannot carry over; keep one signature first';
    assert.deepEqual(refactorAvailability(text, endpoint), { extract: reason, convert: reason });
    const files = filesOf({ [ACTIONS_FILE]: text });
    assert.equal(refusal(extract(files, { name: 'archive' })), reason);
    assert.equal(refusal(convert(files, { name: 'archive' })), reason);
  });

  void test('an anonymous default export: the refactors refuse (no name for the lib function or the route); a named one is fine', () => {
    const anonymous = lines("'use server';", "import { db } from '@/lib/db';", 'export default async (title: string) => {', '  await db.post.create({ data: { title } });', '};', '');
    const reason = 'the default export is an anonymous function, so its lib function would get a made-up name; name it first (`export default async function saveFeedback(…)`)';
    const endpoint = makeEndpoint({ file: ACTIONS_FILE, name: 'default', line: 3 });
    assert.deepEqual(refactorAvailability(anonymous, endpoint), { extract: reason, convert: reason });
    assert.equal(refusal(extract(filesOf({ [ACTIONS_FILE]: anonymous }), { name: 'default' })), reason);
    assert.equal(refusal(convert(filesOf({ [ACTIONS_FILE]: anonymous }), { name: 'default' })), reason);
    // The quick fixes have no name to invent: the one default export is clear.
    assert.equal(quickFixBlocker(anonymous, ACTIONS_FILE, endpoint), undefined);

    const named = lines("'use server';", "import { db } from '@/lib/db';", 'const publishPost = async (title: string) => {', '  await db.post.create({ data: { title } });', '};', 'export default publishPost;', '');
    const result = extract(filesOf({ [ACTIONS_FILE]: named }), { name: 'default' });
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.match(applyChanges(result.changes).get('lib/posts.ts')!, /export async function publishPost\(/);
  });

  void test('an action other apps of the monorepo call: no one app to serve its route', () => {
    const web = appOf({ root: 'apps/web', name: 'web', appDir: 'apps/web/app' });
    const admin = appOf({ root: 'apps/admin', name: 'admin', appDir: 'apps/admin/app' });
    const file = 'apps/web/app/posts/actions.ts';
    const files = new Map([
      ['apps/web/tsconfig.json', TSCONFIG],
      ['apps/web/auth.ts', AUTH_TS],
      [file, createPostFile('\n', '  ')],
    ]);
    const caller = (path: string) => ({ file: path, line: 3, how: 'form-action' as const });
    const own = convert(files, { name: 'createPost', file, app: 'apps/web', callers: [caller('apps/web/app/posts/page.tsx')] }, { app: web, apps: [web, admin] });
    assert.ok(own.ok, own.ok ? '' : own.reason);
    assert.ok(own.changes.some((change) => change.kind === 'create' && change.file === 'apps/web/app/api/create-post/route.ts'));
    const shared = convert(files, { name: 'createPost', file, app: 'apps/web', callers: [caller('apps/web/app/posts/page.tsx'), caller('apps/admin/app/page.tsx')] }, { app: web, apps: [web, admin] });
    assert.equal(refusal(shared), 'createPost is called from more than one app (apps/web, apps/admin); a route belongs to one app, so which one should serve it is ambiguous');
  });

  void test('both app/ and src/app/: where new files go is ambiguous', () => {
    const files = filesOf({ [ACTIONS_FILE]: createPostFile('\n', '  '), 'src/app/page.tsx': 'export default function Page() {\n  return null;\n}\n' });
    const reason = 'the app has both app/ and src/app/ (Next.js serves app/ and ignores src/app/), so where new files go is ambiguous; remove one first';
    assert.equal(refusal(extract(files, { name: 'createPost' })), reason);
    assert.equal(refusal(convert(files, { name: 'createPost' })), reason);
  });

  void test('a route that another segment serves already: through a route group, or a route handler with a dynamic segment', () => {
    const action = createPostFile('\n', '  ');
    const table: [Record<string, string>, string][] = [
      [{ 'app/(v1)/api/create-post/route.ts': 'export async function GET() {}\n' }, 'app/(v1)/api/create-post/route.ts already serves /api/create-post; a second route there fails the build. Rename or remove it first'],
      [{ 'app/api/[action]/route.ts': 'export async function POST() {}\n' }, 'app/api/[action]/route.ts serves /api/create-post now (through its dynamic segment), and a new route there would take that URL over; convert under another name or move that route first'],
      [{ 'app/api/[...path]/route.ts': 'export async function POST() {}\n' }, 'app/api/[...path]/route.ts serves /api/create-post now (through its dynamic segment), and a new route there would take that URL over; convert under another name or move that route first'],
      [{ 'app/[[...slug]]/route.ts': 'export async function GET() {}\n' }, 'app/[[...slug]]/route.ts serves /api/create-post now (through its dynamic segment), and a new route there would take that URL over; convert under another name or move that route first'],
    ];
    for (const [extra, reason] of table) assert.equal(refusal(convert(filesOf({ [ACTIONS_FILE]: action, ...extra }), { name: 'createPost' })), reason);
    // A page behind a dynamic segment, a private folder, an intercepting route: nothing a POST route takes.
    const fine = convert(
      filesOf({ [ACTIONS_FILE]: action, 'app/api/[slug]/page.tsx': 'export default function P() { return null; }\n', 'app/_api/create-post/route.ts': 'export async function POST() {}\n', 'app/(.)api/[x]/route.ts': 'export async function POST() {}\n' }),
      { name: 'createPost' },
    );
    assert.ok(fine.ok, fine.ok ? '' : fine.reason);
  });

  void test('the lib file exports the name already (another function): refused rather than a numbered twin', () => {
    const files = filesOf({ [ACTIONS_FILE]: createPostFile('\n', '  '), 'lib/posts.ts': 'export async function createPost(title: string) {\n  return title;\n}\n' });
    const reason = 'lib/posts.ts already exports `createPost`; rename it (or the action) first, or call it from the endpoint yourself';
    assert.equal(refusal(extract(files, { name: 'createPost' })), reason);
    assert.equal(refusal(convert(files, { name: 'createPost' })), reason);
  });
});

void describe('a file is never created over another', () => {
  void test('the lib or route file present in the files (an unsaved or untitled document counts): appended to, or refused', () => {
    const action = createPostFile('\n', '  ');
    assert.equal(refusal(convert(filesOf({ [ACTIONS_FILE]: action, 'app/api/create-post/route.ts': '' }), { name: 'createPost' })), 'app/api/create-post/route.ts already exists; Next Boundary never overwrites a route. Rename or remove it first');
    const appended = extract(filesOf({ [ACTIONS_FILE]: action, 'lib/posts.ts': '' }), { name: 'createPost' });
    assert.ok(appended.ok);
    assert.deepEqual(appended.changes.map((change) => [change.kind, change.file]), [['edit', ACTIONS_FILE], ['edit', 'lib/posts.ts']]);
  });

  void test('a file whose path differs only in letter case: refused on every system', () => {
    const action = createPostFile('\n', '  ');
    assert.equal(
      refusal(extract(filesOf({ [ACTIONS_FILE]: action, 'lib/Posts.ts': 'export const x = 1;\n' }), { name: 'createPost' })),
      'lib/Posts.ts exists and lib/posts.ts differs from it only in letter case (one file on macOS and Windows); rename it first',
    );
    assert.equal(
      refusal(convert(filesOf({ [ACTIONS_FILE]: action, 'app/API/Create-Post/route.ts': 'export async function GET() {}\n' }), { name: 'createPost' })),
      'app/API/Create-Post/route.ts exists and app/api/create-post/route.ts differs from it only in letter case (one file on macOS and Windows); rename it first',
    );
  });
});

void describe('line endings and indentation are kept, in edited and in new files', () => {
  const writeLine = (text: string) => lineOf(text, 'await db.post.create');

  for (const [label, eol, unit] of [['CRLF + tabs', '\r\n', '\t'], ['LF + 4 spaces', '\n', '    '], ['CRLF + 2 spaces', '\r\n', '  ']] as const) {
    void test(`quick fixes (${label})`, () => {
      const text = createPostFile(eol, unit).replace(`${unit}const session = await auth();${eol}${unit}if (!session?.user) throw new Error('Unauthorized');${eol}`, '').replace(`${unit}revalidatePath('/posts');${eol}`, '').replace(', authorId: session.user.id', '');
      const endpoint = makeEndpoint({ file: ACTIONS_FILE, name: 'createPost', line: 7, evidence: [{ kind: 'mutation', file: ACTIONS_FILE, line: writeLine(text), message: 'writes' }] });
      const guarded = applyEdits(text, addAuthGuard(text, ACTIONS_FILE, endpoint, GUARD));
      assert.ok(guarded.includes(`${unit}const session = await auth();${eol}${unit}if (!session?.user) throw new Error('Unauthorized');${eol}${unit}await db.post.create`), guarded);
      assertStyle(ACTIONS_FILE, guarded, eol, unit);
      const revalidated = applyEdits(text, addRevalidation(text, ACTIONS_FILE, endpoint, REVALIDATE));
      assert.ok(revalidated.includes(`${unit}});${eol}${unit}revalidatePath('/posts');${eol}}`), revalidated);
      assertStyle(ACTIONS_FILE, revalidated, eol, unit);
    });

    void test(`Extract to /lib: the action and the new lib file (${label})`, () => {
      const result = extract(filesOf({ [ACTIONS_FILE]: createPostFile(eol, unit) }), { name: 'createPost' });
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.deepEqual(result.changes.map((change) => [change.kind, change.file]), [['edit', ACTIONS_FILE], ['create', 'lib/posts.ts']]);
      assertChangesStyle(result.changes, eol, unit);
    });

    void test(`Convert to Route Handler: the action, the new lib and the new route (${label})`, () => {
      const result = convert(filesOf({ [ACTIONS_FILE]: createPostFile(eol, unit) }), { name: 'createPost' });
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.deepEqual(result.changes.map((change) => [change.kind, change.file]), [['edit', ACTIONS_FILE], ['create', 'lib/posts.ts'], ['create', 'app/api/create-post/route.ts']]);
      assertChangesStyle(result.changes, eol, unit);
    });
  }

  void test("appending to an existing lib file: the lib's own style (CRLF + tabs), the action's own (LF + 2 spaces)", () => {
    const lib = ['// Posts.', "import { db } from '@/lib/db';", '', 'export async function listPosts() {', '\treturn db.post.findMany({', '\t\torderBy: { id: "desc" },', '\t});', '}', ''].join('\r\n');
    const result = extract(filesOf({ [ACTIONS_FILE]: createPostFile('\n', '  '), 'lib/posts.ts': lib }), { name: 'createPost' });
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.deepEqual(result.changes.map((change) => [change.kind, change.file]), [['edit', ACTIONS_FILE], ['edit', 'lib/posts.ts']]);
    assertChangesStyle(result.changes, '\n', '  ', [ACTIONS_FILE]);
    assertChangesStyle(result.changes, '\r\n', '\t', ['lib/posts.ts']);
    assert.ok(applyChanges(result.changes).get('lib/posts.ts')!.startsWith(`// Posts.\r\nimport 'server-only';\r\nimport { db } from '@/lib/db';\r\n`));
  });
});
