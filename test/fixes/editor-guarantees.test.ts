/**
 * What the editor side of the fixes guarantees, driven through a stubbed `vscode` (fake-vscode.ts) over a
 * real scan of a small app written to a temp folder: every quick fix and refactor is one WorkspaceEdit
 * applied once (one undo step), creations never overwrite, ambiguity is refused with a reason, and the
 * editor's unsaved texts (not the disk's) are what the fixes read.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type * as vscode from 'vscode';
import * as fixes from '../../src/fixes';
import { BoundaryService } from '../../src/service/boundary-service';
import { InProcessEngine } from '../../src/service/in-process-engine';
import { DIAGNOSTIC_SOURCE } from '../../src/views/diagnostics';
import { type CodeAction, CodeActionKind, type FakeDocument, Range, type WorkspaceEdit, document, fireFileEvent, install, state } from './fake-vscode';

install(join(__dirname, '..', '..', 'src', 'features', 'service.js'), { fixes });
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the fake vscode module is in place */
const quickFixes = require('../../src/features/quickFixes') as typeof import('../../src/features/quickFixes');
const refactors = require('../../src/features/refactors') as typeof import('../../src/features/refactors');
const convertCommand = require('../../src/features/convertToRouteHandler') as typeof import('../../src/features/convertToRouteHandler');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Provider {
  provideCodeActions(document: FakeDocument, range: Range, context: { diagnostics: unknown[]; only?: CodeActionKind }, token: { isCancellationRequested: boolean }): Promise<CodeAction[]> | CodeAction[];
  resolveCodeAction?(action: CodeAction, token: { isCancellationRequested: boolean }): CodeAction;
}

const ACTIONS = lines(
  "'use server';",
  '',
  "import { db } from '@/lib/db';",
  '',
  'export async function createPost(formData: FormData) {',
  "  await db.post.create({ data: { title: String(formData.get('title')) } });",
  '}',
  '',
);
const APP: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'guarantees-app', dependencies: { next: '15.1.0', 'next-auth': '5.0.0-beta.25' } }),
  'next.config.ts': 'export default {};\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true, "paths": { "@/*": ["./*"] } } }\n',
  'auth.ts': "import NextAuth from 'next-auth';\nexport const { handlers, auth } = NextAuth({ providers: [] });\n",
  'lib/db.ts': 'export const db = {} as any;\n',
  'app/layout.tsx': 'export default function Layout({ children }: { children: React.ReactNode }) {\n  return <html><body>{children}</body></html>;\n}\n',
  'app/posts/page.tsx': "import { createPost } from './actions';\n\nexport default function Page() {\n  return <form action={createPost}><input name=\"title\" /></form>;\n}\n",
  'app/posts/actions.ts': ACTIONS,
};

/** What the extraction appends to an existing lib file. */
const CREATE_POST_LIB = lines(
  'export interface CreatePostInput {',
  '  title: string;',
  '}',
  '',
  'export async function createPost({ title }: CreatePostInput) {',
  '  await db.post.create({ data: { title } });',
  '}',
  '',
);

function lines(...items: string[]): string {
  return items.join('\n');
}

const root = mkdtempSync(join(tmpdir(), 'nb-guarantees-')).replace(/\\/g, '/');
const at = (file: string) => `${root}/${file}`;
const actionsPath = at('app/posts/actions.ts');
const token = { isCancellationRequested: false };
const errors: unknown[] = [];
const log = { error: (...args: unknown[]) => errors.push(args), info: () => undefined } as unknown as vscode.LogOutputChannel;
const service = new BoundaryService([root], new InProcessEngine());
let cache: InstanceType<typeof quickFixes.AppFilesCache>;
const registrations: vscode.Disposable[] = [];

function writeFile(file: string, text: string): void {
  mkdirSync(dirname(at(file)), { recursive: true });
  writeFileSync(at(file), text);
}

/** Offsets are what the fixes speak; the fake editor's positions are line/character in `source`. */
function applyWorkspaceEdit(source: string, entries: WorkspaceEdit['entries']): string {
  const starts = [0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) starts.push(index + 1);
  const offset = (position: { line: number; character: number }) => starts[position.line] + position.character;
  const sorted = [...entries].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  return sorted.reduce((current, entry) => current.slice(0, offset(entry.range.start)) + entry.newText + current.slice(offset(entry.range.end)), source);
}

const relative = (uri: { fsPath: string }) => uri.fsPath.slice(root.length + 1);
const editedFiles = (edit: WorkspaceEdit) => [...new Set([...edit.entries, ...edit.snippets].map((entry) => relative(entry.uri)))].sort();
const entriesFor = (edit: WorkspaceEdit, file: string) => edit.entries.filter((entry) => relative(entry.uri) === file);
const createdFiles = (edit: WorkspaceEdit) => edit.creations.map((creation) => relative(creation.uri)).sort();
const createdText = (edit: WorkspaceEdit, file: string) => new TextDecoder().decode(edit.creations.find((creation) => relative(creation.uri) === file)?.options.contents);
const warnings = () => state.messages.filter((item) => item.kind === 'warning').map((item) => item.text);

function runCommand(id: string, file: string, name: string): Promise<unknown> {
  const command = state.commands.get(id);
  assert.ok(command, `${id} is registered`);
  return Promise.resolve(command({ fsPath: at(file), scheme: 'file', toString: () => `file://${at(file)}` }, name));
}
const extract = () => runCommand(refactors.EXTRACT_TO_LIB_COMMAND, 'app/posts/actions.ts', 'createPost');
const convert = () => runCommand(convertCommand.CONVERT_TO_ROUTE_HANDLER_COMMAND, 'app/posts/actions.ts', 'createPost');

const quickFixProvider = () => state.registered[0].provider as Provider;
const refactorProvider = () => state.registered[1].provider as Provider;
const nameLine = ACTIONS.split('\n').findIndex((line) => line.includes('export async function createPost'));
const nameColumn = ACTIONS.split('\n')[nameLine].indexOf('createPost');
const onName = new Range(nameLine, nameColumn, nameLine, nameColumn);
const authDiagnostic = { source: DIAGNOSTIC_SOURCE, code: { value: 'missing-auth' }, range: new Range(nameLine, nameColumn, nameLine, nameColumn + 'createPost'.length), message: 'no guard' };

before(async () => {
  for (const [file, text] of Object.entries(APP)) writeFile(file, text);
  await service.rescanAll();
  cache = new quickFixes.AppFilesCache();
  registrations.push(quickFixes.register(service, log, cache), refactors.register(service, log, cache), convertCommand.register(service, log, cache));
});

beforeEach(() => {
  state.documents = [];
  state.applied = [];
  state.messages = [];
  state.shown = [];
  errors.length = 0;
  // Whatever a test wrote beside the app goes, and the cache hears of it as the editor's watcher would.
  for (const file of ['lib/posts.ts', 'lib/Posts.ts']) {
    try {
      unlinkSync(at(file));
      fireFileEvent('delete', at(file));
    } catch {
      // not there
    }
  }
});

after(() => {
  for (const registration of registrations) registration.dispose();
  cache.dispose();
  service.dispose();
  rmSync(root, { recursive: true, force: true });
});

void describe('one undo step: one WorkspaceEdit, applied once', () => {
  void test('a quick fix resolves to one WorkspaceEdit and no command; the provider applies nothing itself', async () => {
    state.documents = [document(actionsPath, ACTIONS)];
    const actions = await quickFixProvider().provideCodeActions(state.documents[0], onName, { diagnostics: [authDiagnostic] }, token);
    const titles = actions.map((action) => action.title);
    assert.ok(titles.some((title) => title.startsWith('Add auth guard')) && titles.some((title) => title.startsWith('Add revalidate')), JSON.stringify(titles));
    for (const action of actions) {
      const resolved = quickFixProvider().resolveCodeAction!(action, token);
      assert.ok(resolved.edit, `${action.title} has an edit`);
      assert.equal(resolved.command, undefined, `${action.title} runs no command after its edit`);
      assert.deepEqual(editedFiles(resolved.edit), ['app/posts/actions.ts'], `${action.title} edits only the action's file`);
      assert.deepEqual(resolved.edit.creations, []);
    }
    assert.equal(state.applied.length, 0, 'the editor applies the edit (once); the provider never calls applyEdit');
  });

  void test('Extract to /lib: one applyEdit holding the action edit and the lib file creation', async () => {
    await extract();
    assert.deepEqual(warnings(), []);
    assert.equal(state.applied.length, 1);
    const [edit] = state.applied;
    assert.deepEqual(editedFiles(edit), ['app/posts/actions.ts']);
    assert.deepEqual(createdFiles(edit), ['lib/posts.ts']);
    assert.match(applyWorkspaceEdit(ACTIONS, edit.entries), /await posts\.createPost\(\{ title: String\(formData\.get\('title'\)\) \}\);/);
    assert.match(createdText(edit, 'lib/posts.ts'), /^import 'server-only';\nimport \{ db \} from '@\/lib\/db';\n/);
  });

  void test('Convert to Route Handler: one applyEdit with the lib and the route created and the action edited; the route opens after', async () => {
    await convert();
    assert.deepEqual(warnings(), []);
    assert.equal(state.applied.length, 1);
    const [edit] = state.applied;
    assert.deepEqual(editedFiles(edit), ['app/posts/actions.ts']);
    assert.deepEqual(createdFiles(edit), ['app/api/create-post/route.ts', 'lib/posts.ts']);
    assert.match(createdText(edit, 'app/api/create-post/route.ts'), /export async function POST\(request: Request\) \{/);
    assert.deepEqual(state.shown.map(relative), ['app/api/create-post/route.ts']);
  });
});

void describe('creations never overwrite', () => {
  void test('every creation says overwrite: false, ignoreIfExists: false', async () => {
    await convert();
    const [edit] = state.applied;
    assert.equal(edit.creations.length, 2);
    for (const creation of edit.creations) assert.deepEqual({ overwrite: creation.options.overwrite, ignoreIfExists: creation.options.ignoreIfExists }, { overwrite: false, ignoreIfExists: false });
  });

  void test('an untitled document that will be saved as the lib file: refused, nothing applied', async () => {
    state.documents = [document(at('lib/posts.ts'), 'export const draft = 1;\n', { scheme: 'untitled' })];
    await extract();
    assert.equal(state.applied.length, 0);
    assert.deepEqual(warnings(), ['Next Boundary: cannot extract createPost: lib/posts.ts is open as an unsaved new file; save or close it first.']);
  });

  void test('an untitled document at the route path: refused, nothing applied', async () => {
    state.documents = [document(at('app/api/create-post/route.ts'), '// a draft\n', { scheme: 'untitled' })];
    await convert();
    assert.equal(state.applied.length, 0);
    assert.deepEqual(warnings(), ['Next Boundary: cannot convert createPost: app/api/create-post/route.ts already exists; Next Boundary never overwrites a route. Rename or remove it first.']);
  });

  void test('a lib file differing only in letter case, created after the app was read: refused once the disk is read again', async () => {
    await cache.index(fixes, root, service.snapshot.folders.get(root)!.apps[0]);
    // No watcher event: the cache still believes lib/ holds db.ts alone.
    writeFile('lib/Posts.ts', 'export const x = 1;\n');
    await extract();
    assert.equal(state.applied.length, 0);
    assert.deepEqual(warnings(), ['Next Boundary: cannot extract createPost: lib/Posts.ts exists and lib/posts.ts differs from it only in letter case (one file on macOS and Windows); rename it first.']);
  });
});

void describe('ambiguity is refused with the reason', () => {
  const twice = ACTIONS + lines('', 'export { createPost as createPost };', '');

  void test('two exports of the name: the quick fixes are listed disabled with the reason, and edit nothing', async () => {
    state.documents = [document(actionsPath, twice, { isDirty: true })];
    const actions = await quickFixProvider().provideCodeActions(state.documents[0], onName, { diagnostics: [authDiagnostic] }, token);
    assert.deepEqual(
      actions.map((action) => [action.title, action.disabled?.reason, action.diagnostics?.length ?? 0]),
      [
        ['Add revalidation', `${'app/posts/actions.ts'} exports createPost more than once; rename or remove one first`, 0],
        ['Add auth guard', `${'app/posts/actions.ts'} exports createPost more than once; rename or remove one first`, 1],
      ],
    );
    for (const action of actions) assert.equal(quickFixProvider().resolveCodeAction!(action, token).edit, undefined);
  });

  void test('two exports of the name: the refactors are listed disabled with the reason; the command warns and applies nothing', async () => {
    state.documents = [document(actionsPath, twice, { isDirty: true })];
    const actions = await refactorProvider().provideCodeActions(state.documents[0], onName, { diagnostics: [] }, token);
    const reason = 'app/posts/actions.ts exports createPost more than once; rename or remove one first';
    assert.deepEqual(
      actions.map((action) => [action.title, action.disabled?.reason, action.command]),
      [
        ['Extract to /lib', reason, undefined],
        ['Convert to Route Handler', reason, undefined],
      ],
    );
    await convert();
    assert.equal(state.applied.length, 0);
    assert.deepEqual(warnings(), [`Next Boundary: cannot convert createPost: ${reason}.`]);
  });
});

void describe("the editor's unsaved text is what the fixes read", () => {
  const edited = ACTIONS.replace("  await db.post.create(", '  // Titles are trimmed by the form.\n  await db.post.create(');

  void test('a quick fix: its edit is made against the unsaved text of the document', async () => {
    state.documents = [document(actionsPath, edited, { isDirty: true })];
    const [first] = await quickFixProvider().provideCodeActions(state.documents[0], onName, { diagnostics: [authDiagnostic] }, token);
    const resolved = quickFixProvider().resolveCodeAction!(first, token);
    const after = applyWorkspaceEdit(edited, resolved.edit!.entries);
    assert.match(after, /\/\/ Titles are trimmed by the form\./);
    assert.notEqual(after, edited);
  });

  void test('a refactor: the unsaved action text is planned from, and the edit must still match it when applied', async () => {
    state.documents = [document(actionsPath, edited, { isDirty: true })];
    await extract();
    assert.equal(state.applied.length, 1);
    assert.match(createdText(state.applied[0], 'lib/posts.ts'), /\/\/ Titles are trimmed by the form\./);
    assert.equal(applyWorkspaceEdit(edited, entriesFor(state.applied[0], 'app/posts/actions.ts')).includes('db.post.create'), false);
  });

  void test('a dirty lib document (its disk copy older) is what the extraction appends to', async () => {
    writeFile('lib/posts.ts', '// on disk\n');
    fireFileEvent('create', at('lib/posts.ts'));
    const unsaved = "// unsaved\nexport const PAGE_SIZE = 10;\n";
    state.documents = [document(at('lib/posts.ts'), unsaved, { isDirty: true })];
    await extract();
    assert.equal(state.applied.length, 1);
    const [edit] = state.applied;
    assert.deepEqual(createdFiles(edit), []);
    assert.deepEqual(editedFiles(edit), ['app/posts/actions.ts', 'lib/posts.ts']);
    const lib = applyWorkspaceEdit(unsaved, entriesFor(edit, 'lib/posts.ts'));
    assert.equal(lib, `// unsaved\nimport 'server-only';\nimport { db } from '@/lib/db';\n\nexport const PAGE_SIZE = 10;\n\n${CREATE_POST_LIB}`);
  });

  void test('a lib file created on disk after the app was read, with no watcher event yet: appended to after a fresh read, not overwritten', async () => {
    await cache.index(fixes, root, service.snapshot.folders.get(root)!.apps[0]);
    const onDisk = 'export const PAGE_SIZE = 10;\n';
    writeFile('lib/posts.ts', onDisk);
    await extract();
    assert.deepEqual(warnings(), []);
    assert.equal(state.applied.length, 1);
    const [edit] = state.applied;
    assert.deepEqual(createdFiles(edit), []);
    assert.equal(applyWorkspaceEdit(onDisk, entriesFor(edit, 'lib/posts.ts')), `import 'server-only';\nimport { db } from '@/lib/db';\n\nexport const PAGE_SIZE = 10;\n\n${CREATE_POST_LIB}`);
  });

  void test('a lib file changed on disk after the app was read: the edit is made against the new text', async () => {
    writeFile('lib/posts.ts', 'export const PAGE_SIZE = 10;\n');
    fireFileEvent('create', at('lib/posts.ts'));
    await cache.index(fixes, root, service.snapshot.folders.get(root)!.apps[0]);
    const changed = '// Posts.\nexport const PAGE_SIZE = 20;\nexport const MAX_TITLE = 80;\n';
    writeFile('lib/posts.ts', changed);
    await extract();
    assert.deepEqual(warnings(), []);
    const lib = applyWorkspaceEdit(changed, entriesFor(state.applied[0], 'lib/posts.ts'));
    assert.equal(lib, `// Posts.\nimport 'server-only';\nimport { db } from '@/lib/db';\n\nexport const PAGE_SIZE = 20;\nexport const MAX_TITLE = 80;\n\n${CREATE_POST_LIB}`);
  });

  void test("the cache: a watcher event makes a new file seen; a dirty document's text overrides the disk's", async () => {
    const app = service.snapshot.folders.get(root)!.apps[0];
    assert.equal((await cache.index(fixes, root, app)).files.get('lib/posts.ts'), undefined);
    writeFile('lib/posts.ts', 'export const PAGE_SIZE = 10;\n');
    fireFileEvent('create', at('lib/posts.ts'));
    assert.equal((await cache.index(fixes, root, app)).files.get('lib/posts.ts'), 'export const PAGE_SIZE = 10;\n');
    state.documents = [document(at('lib/posts.ts'), 'export const PAGE_SIZE = 30;\n', { isDirty: true }), document(at('lib/draft.ts'), 'export const draft = true;\n', { scheme: 'untitled' })];
    const index = await cache.index(fixes, root, app);
    assert.equal(index.files.get('lib/posts.ts'), 'export const PAGE_SIZE = 30;\n');
    assert.equal(index.files.get('lib/draft.ts'), 'export const draft = true;\n', 'an untitled document with a path counts as that file');
  });
});
