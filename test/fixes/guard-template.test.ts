/**
 * "Set up an auth guard template…" (src/fixes/guard-template.ts): the template written from the two answers,
 * the input checks, the suggestion from the app's helpers, and the menu's words when no guard can be
 * inferred (src/fixes/offers.ts). A saved template must give "Add auth guard (…)" through the existing path.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addAuthGuard, authGuardRecipes } from '../../src/fixes/add-auth-guard';
import { applyEdits } from '../../src/fixes/edits';
import { guardTemplate, identityCallProblem, importSpecifierProblem, suggestIdentityCall } from '../../src/fixes/guard-template';
import { SET_UP_GUARD_TITLE, authGuardTitle, noGuardOffer } from '../../src/fixes/offers';
import { indexProject } from '../../src/fixes/project';
import type { NextApp } from '../../src/analyzers/model';
import { endpoint } from '../model-builders';
import { lines } from './harness';

const app: NextApp = { root: '', name: 'app', authLibraries: [] };

void describe('guardTemplate', () => {
  const cases: { name: string; call: string; from: string; expected: string | undefined }[] = [
    { name: 'an identity read: kept and checked', call: 'getCurrentUser()', from: '@/lib/session', expected: lines("import { getCurrentUser } from '@/lib/session'", 'const user = await getCurrentUser()', 'if (!user) {{unauthorized}}') },
    { name: 'parentheses may be left out; a leading await is not doubled', call: 'await getCurrentUser', from: '@/lib/session', expected: lines("import { getCurrentUser } from '@/lib/session'", 'const user = await getCurrentUser()', 'if (!user) {{unauthorized}}') },
    { name: 'a session read is called session', call: 'getSession()', from: './lib/auth', expected: lines("import { getSession } from './lib/auth'", 'const session = await getSession()', 'if (!session) {{unauthorized}}') },
    { name: 'a self-guarding call is awaited alone', call: 'requireUser()', from: '@/lib/auth', expected: lines("import { requireUser } from '@/lib/auth'", 'await requireUser()') },
    { name: 'arguments and member calls are kept; the root is imported', call: 'sessions.get(cookies())', from: '@/lib/sessions', expected: lines("import { sessions } from '@/lib/sessions'", 'const session = await sessions.get(cookies())', 'if (!session) {{unauthorized}}') },
    { name: 'no module: no import line', call: 'getCurrentUser()', from: '  ', expected: lines('const user = await getCurrentUser()', 'if (!user) {{unauthorized}}') },
    { name: 'a call named like the variable does not shadow itself', call: 'user()', from: '@/lib/user', expected: lines("import { user } from '@/lib/user'", 'const currentUser = await user()', 'if (!currentUser) {{unauthorized}}') },
    { name: 'not a call: nothing', call: 'if (x) y', from: '@/lib/session', expected: undefined },
    { name: 'a quoted module: nothing', call: 'getCurrentUser()', from: "'@/lib/session'", expected: undefined },
  ];
  for (const item of cases) void test(item.name, () => assert.equal(guardTemplate({ call: item.call, from: item.from }), item.expected));

  void test('the input checks say what is wrong, and accept what the template takes', () => {
    assert.match(identityCallProblem('') ?? '', /getCurrentUser\(\)/);
    assert.match(identityCallProblem('getUser();') ?? '', /without a semicolon/);
    assert.equal(identityCallProblem('  auth()  '), undefined);
    assert.match(importSpecifierProblem('"x"') ?? '', /without quotes/);
    assert.equal(importSpecifierProblem(''), undefined);
    assert.equal(importSpecifierProblem('@/lib/session'), undefined);
  });

  void test('a saved template is what "Add auth guard (…)" then offers and inserts', () => {
    const template = guardTemplate({ call: 'getCurrentUser()', from: '@/lib/session' })!;
    const file = 'app/notes/actions.ts';
    const text = lines("'use server';", '', 'export async function deleteNote(id: string) {', '  await db.note.delete({ where: { id } });', '}', '');
    const index = indexProject(app, new Map([[file, text]]));
    const target = endpoint({ name: 'deleteNote', file, line: 3, auth: 'missing' });
    assert.deepEqual(authGuardRecipes(target, [target], index), [], 'no guard without the template');
    const recipes = authGuardRecipes(target, [target], index, template);
    assert.deepEqual(recipes.map(authGuardTitle), ['Add auth guard (getCurrentUser)']);
    assert.equal(
      applyEdits(text, addAuthGuard(text, file, target, recipes[0])),
      lines("'use server';", '', "import { getCurrentUser } from '@/lib/session';", '', 'export async function deleteNote(id: string) {', '  const user = await getCurrentUser()', "  if (!user) throw new Error('Unauthorized')", '  await db.note.delete({ where: { id } });', '}', ''),
    );
  });
});

void describe('suggestIdentityCall', () => {
  const tsconfig = JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } });
  const cases: { name: string; files: Record<string, string>; expected: ReturnType<typeof suggestIdentityCall> }[] = [
    {
      name: "the app's identity helper, through the @/ alias",
      files: { 'tsconfig.json': tsconfig, 'lib/session.ts': 'export async function getCurrentUser() {}\nexport function formatName() {}', 'app/x/actions.ts': '' },
      expected: { call: 'getCurrentUser()', from: '@/lib/session' },
    },
    {
      name: 'a self-guard counts; the shortest path wins',
      files: { 'tsconfig.json': tsconfig, 'lib/auth.ts': 'export const requireUser = async () => {}', 'lib/deep/more/session.ts': 'export function getSession() {}', 'app/x/actions.ts': '' },
      expected: { call: 'requireUser()', from: '@/lib/auth' },
    },
    {
      name: "Auth.js's own `auth` export and pages are not suggested; nothing else: none",
      files: { 'auth.ts': 'export const { auth } = NextAuth({})\nexport const auth2 = 1', 'app/page.tsx': 'export async function getUser() {}', 'app/x/actions.ts': '' },
      expected: undefined,
    },
  ];
  for (const item of cases) {
    void test(item.name, () => assert.deepEqual(suggestIdentityCall(indexProject(app, new Map(Object.entries(item.files))), 'app/x/actions.ts'), item.expected));
  }
});

void describe('noGuardOffer', () => {
  void test('why no guard: no library or guard, or a template that does not parse; the set-up title carries it', () => {
    const none = noGuardOffer(undefined);
    assert.match(none.reason, /No auth library or guard call was found/);
    assert.equal(none.title, `${SET_UP_GUARD_TITLE} (no auth library or guard found in this app)`);
    const broken = noGuardOffer('import nope\nawait x()');
    assert.match(broken.reason, /does not parse/);
    assert.equal(broken.title, `${SET_UP_GUARD_TITLE} (the current one does not parse)`);
    assert.deepEqual(noGuardOffer('   '), none);
  });
});
