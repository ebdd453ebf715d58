import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoint, NextApp } from '../../src/analyzers/model';
import { type GuardRecipe, addAuthGuard, authGuardRecipes, libraryRecipes, projectRecipes, templateRecipe } from '../../src/fixes/add-auth-guard';
import { type ProjectIndex, indexProject } from '../../src/fixes/project';
import { endpoint, route } from '../model-builders';
import { assertFix, lineOf, lines } from './harness';

const TSCONFIG = '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }';

function appWith(authLibraries: string[], files: Record<string, string> = {}): ProjectIndex {
  const app: NextApp = { root: '', name: 'app', appDir: 'app', authLibraries };
  return indexProject(app, new Map(Object.entries({ 'tsconfig.json': TSCONFIG, ...files })));
}

function library(label: string, index: ProjectIndex, file = 'app/projects/actions.ts'): GuardRecipe {
  const recipe = libraryRecipes(file, index).find((item) => item.label === label);
  assert.ok(recipe, `no ${label} recipe`);
  return recipe;
}

const authJs = () => library('Auth.js', appWith(['next-auth'], { 'auth.ts': 'export const { handlers, auth, signIn, signOut } = NextAuth({ providers: [] });' }));

interface Case {
  name: string;
  file?: string;
  input: string;
  target: Partial<Endpoint>;
  recipe: () => GuardRecipe;
  expected: string;
}

const cases: Case[] = [
  {
    name: "Auth.js in a 'use server' file: after the directive and imports, refusing with the action's { error } shape",
    input: lines(
      "'use server';",
      '',
      "import { db } from '@/lib/db';",
      '',
      'export async function renameProject(id: string, name: string) {',
      "  if (!name) return { error: 'Name required' };",
      '  await db.project.update({ where: { id }, data: { name } });',
      '  return { ok: true };',
      '}',
      '',
    ),
    target: { name: 'renameProject' },
    recipe: authJs,
    expected: lines(
      "'use server';",
      '',
      "import { db } from '@/lib/db';",
      "import { auth } from '@/auth';",
      '',
      'export async function renameProject(id: string, name: string) {',
      '  const session = await auth();',
      "  if (!session?.user) return { error: 'Unauthorized' };",
      "  if (!name) return { error: 'Name required' };",
      '  await db.project.update({ where: { id }, data: { name } });',
      '  return { ok: true };',
      '}',
      '',
    ),
  },
  {
    name: '{ ok: false, error } shape, export default',
    input: lines("'use server';", "import { db } from './db';", '', 'export default async function save(name: string) {', "  if (!name) return { ok: false, error: 'Missing name' };", '  await db.project.create({ data: { name } });', '  return { ok: true };', '}', ''),
    target: { name: 'default' },
    recipe: authJs,
    expected: lines(
      "'use server';",
      "import { db } from './db';",
      "import { auth } from '@/auth';",
      '',
      'export default async function save(name: string) {',
      '  const session = await auth();',
      "  if (!session?.user) return { ok: false, error: 'Unauthorized' };",
      "  if (!name) return { ok: false, error: 'Missing name' };",
      '  await db.project.create({ data: { name } });',
      '  return { ok: true };',
      '}',
      '',
    ),
  },
  {
    name: 'a concise arrow with a comment before its expression keeps the comment, above the return (fuzz seed 20260521)',
    input: lines("'use server';", "import { db } from './db';", '', 'export const remove = async (id: string) => // TODO: soft delete', '  db.project.delete({ where: { id } });', ''),
    target: { name: 'remove' },
    recipe: () => library('Clerk', appWith(['@clerk/nextjs'])),
    expected: lines(
      "'use server';",
      "import { db } from './db';",
      "import { auth } from '@clerk/nextjs/server';",
      '',
      'export const remove = async (id: string) => {',
      '  const { userId } = await auth();',
      "  if (!userId) throw new Error('Unauthorized');",
      '  // TODO: soft delete',
      '  return db.project.delete({ where: { id } });',
      '};',
      '',
    ),
  },
  {
    name: 'no error shape: throws; concise arrow becomes a block',
    input: lines("'use server';", "import { db } from './db';", '', 'export const remove = async (id: string) => db.project.delete({ where: { id } });', ''),
    target: { name: 'remove' },
    recipe: () => library('Clerk', appWith(['@clerk/nextjs'])),
    expected: lines(
      "'use server';",
      "import { db } from './db';",
      "import { auth } from '@clerk/nextjs/server';",
      '',
      'export const remove = async (id: string) => {',
      '  const { userId } = await auth();',
      "  if (!userId) throw new Error('Unauthorized');",
      '  return db.project.delete({ where: { id } });',
      '};',
      '',
    ),
  },
  {
    name: 'action client wrapper: inside the inner function',
    input: lines(
      "'use server';",
      "import { actionClient } from '@/lib/safe-action';",
      "import { db } from '@/lib/db';",
      '',
      'export const rename = actionClient.action(async ({ parsedInput }) => {',
      '  await db.project.update({ where: { id: parsedInput.id }, data: parsedInput });',
      '});',
      '',
    ),
    target: { name: 'rename' },
    recipe: () => library('Lucia', appWith(['lucia'], { 'lib/auth.ts': 'export const validateRequest = cache(async () => lucia.validateSession(id));' })),
    expected: lines(
      "'use server';",
      "import { actionClient } from '@/lib/safe-action';",
      "import { db } from '@/lib/db';",
      "import { validateRequest } from '@/lib/auth';",
      '',
      'export const rename = actionClient.action(async ({ parsedInput }) => {',
      '  const { user } = await validateRequest();',
      "  if (!user) throw new Error('Unauthorized');",
      '  await db.project.update({ where: { id: parsedInput.id }, data: parsedInput });',
      '});',
      '',
    ),
  },
  {
    name: "inline 'use server' function in a component: after its directive",
    file: 'app/todos/page.tsx',
    input: lines(
      "import { db } from '@/lib/db';",
      '',
      'export default async function Page() {',
      '  async function addTodo(formData: FormData) {',
      "    'use server';",
      "    await db.todo.create({ data: { title: String(formData.get('title')) } });",
      '  }',
      '  return <form action={addTodo} />;',
      '}',
      '',
    ),
    target: { name: 'addTodo', actionForm: 'inline', line: 4, file: 'app/todos/page.tsx' },
    recipe: authJs,
    expected: lines(
      "import { db } from '@/lib/db';",
      "import { auth } from '@/auth';",
      '',
      'export default async function Page() {',
      '  async function addTodo(formData: FormData) {',
      "    'use server';",
      '    const session = await auth();',
      "    if (!session?.user) throw new Error('Unauthorized');",
      "    await db.todo.create({ data: { title: String(formData.get('title')) } });",
      '  }',
      '  return <form action={addTodo} />;',
      '}',
      '',
    ),
  },
  {
    name: 'route handler using NextResponse: a 401 NextResponse',
    file: 'app/api/projects/route.ts',
    input: lines(
      "import { NextResponse } from 'next/server';",
      "import { db } from '@/lib/db';",
      '',
      'export async function POST(request: Request) {',
      '  const body = await request.json();',
      '  const project = await db.project.create({ data: body });',
      '  return NextResponse.json(project);',
      '}',
      '',
    ),
    target: { kind: 'route', name: 'POST', file: 'app/api/projects/route.ts' },
    recipe: () => library('better-auth', appWith(['better-auth'], { 'lib/auth.ts': 'export const auth = betterAuth({});' }), 'app/api/projects/route.ts'),
    expected: lines(
      "import { NextResponse } from 'next/server';",
      "import { db } from '@/lib/db';",
      "import { auth } from '@/lib/auth';",
      "import { headers } from 'next/headers';",
      '',
      'export async function POST(request: Request) {',
      '  const session = await auth.api.getSession({ headers: await headers() });',
      "  if (!session) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });",
      '  const body = await request.json();',
      '  const project = await db.project.create({ data: body });',
      '  return NextResponse.json(project);',
      '}',
      '',
    ),
  },
  {
    name: 'route handler using Response, not async yet: a 401 Response and async added; headers merged into its import',
    file: 'app/api/projects/route.ts',
    input: lines("import { cookies } from 'next/headers';", '', 'export function DELETE() {', "  cookies().delete('x');", "  return new Response(null, { status: 204 });", '}', ''),
    target: { kind: 'route', name: 'DELETE', file: 'app/api/projects/route.ts' },
    recipe: () => library('better-auth', appWith(['better-auth']), 'app/api/projects/route.ts'),
    expected: lines(
      "import { cookies, headers } from 'next/headers';",
      "import { auth } from '@/lib/auth';",
      '',
      'export async function DELETE() {',
      '  const session = await auth.api.getSession({ headers: await headers() });',
      "  if (!session) return new Response('Unauthorized', { status: 401 });",
      "  cookies().delete('x');",
      "  return new Response(null, { status: 204 });",
      '}',
      '',
    ),
  },
  {
    name: 'Supabase: the client the action already creates is reused, a clashing `user` is renamed',
    input: lines(
      "'use server';",
      "import { createClient } from '@/utils/supabase/server';",
      '',
      'export async function addTodo(title: string) {',
      '  const supabase = await createClient();',
      "  const user = { name: 'x' };",
      "  await supabase.from('todos').insert({ title, by: user.name });",
      '}',
      '',
    ),
    target: { name: 'addTodo' },
    recipe: () => library('Supabase', appWith(['@supabase/ssr'], { 'utils/supabase/server.ts': 'export async function createClient() { return createServerClient(url, key, {}); }' })),
    expected: lines(
      "'use server';",
      "import { createClient } from '@/utils/supabase/server';",
      '',
      'export async function addTodo(title: string) {',
      '  const supabase = await createClient();',
      '  const { data: { user: authUser } } = await supabase.auth.getUser();',
      "  if (!authUser) throw new Error('Unauthorized');",
      "  const user = { name: 'x' };",
      "  await supabase.from('todos').insert({ title, by: user.name });",
      '}',
      '',
    ),
  },
  {
    // Found by the fuzz suite: the getUser() line was reused, only createClient() added after it, and run again.
    name: "Supabase: a client from another factory is not the guard's; the whole guard is added, checking its own user",
    input: lines(
      "'use server';",
      "import { redirect } from 'next/navigation';",
      "import { renamed } from '@/utils/supabase/server';",
      '',
      'export async function addTodo(title: string) {',
      '  const supabase = await renamed();',
      '  const { data: { user } } = await supabase.auth.getUser();',
      "  if (!user) redirect('/login');",
      "  await supabase.from('todos').insert({ title, user_id: user.id });",
      '}',
      '',
    ),
    target: { name: 'addTodo' },
    recipe: () => library('Supabase', appWith(['@supabase/ssr'], { 'utils/supabase/server.ts': 'export async function createClient() { return createServerClient(url, key, {}); }' })),
    expected: lines(
      "'use server';",
      "import { redirect } from 'next/navigation';",
      "import { renamed, createClient } from '@/utils/supabase/server';",
      '',
      'export async function addTodo(title: string) {',
      '  const authSupabase = await createClient();',
      '  const { data: { user: authUser } } = await authSupabase.auth.getUser();',
      "  if (!authUser) throw new Error('Unauthorized');",
      '  const supabase = await renamed();',
      '  const { data: { user } } = await supabase.auth.getUser();',
      "  if (!user) redirect('/login');",
      "  await supabase.from('todos').insert({ title, user_id: user.id });",
      '}',
      '',
    ),
  },
  {
    name: 'an identity read the action never checks: only the check is added, after it',
    input: lines(
      "'use server';",
      "import { auth } from '@/auth';",
      "import { db } from '@/lib/db';",
      '',
      'export async function like(id: string) {',
      '  const session = await auth();',
      '  await db.like.create({ data: { id, by: session?.user?.id } });',
      '}',
      '',
    ),
    target: { name: 'like' },
    recipe: authJs,
    expected: lines(
      "'use server';",
      "import { auth } from '@/auth';",
      "import { db } from '@/lib/db';",
      '',
      'export async function like(id: string) {',
      '  const session = await auth();',
      "  if (!session?.user) throw new Error('Unauthorized');",
      '  await db.like.create({ data: { id, by: session?.user?.id } });',
      '}',
      '',
    ),
  },
  {
    name: 'the same read under other names: the check uses them',
    input: lines(
      "'use server';",
      "import { auth } from '@clerk/nextjs/server';",
      '',
      'export async function pin(id: string) {',
      '  const { userId: owner } = await auth();',
      '  await db.pin.create({ data: { id, owner } });',
      '}',
      '',
    ),
    target: { name: 'pin' },
    recipe: () => library('Clerk', appWith(['@clerk/nextjs'])),
    expected: lines(
      "'use server';",
      "import { auth } from '@clerk/nextjs/server';",
      '',
      'export async function pin(id: string) {',
      '  const { userId: owner } = await auth();',
      "  if (!owner) throw new Error('Unauthorized');",
      '  await db.pin.create({ data: { id, owner } });',
      '}',
      '',
    ),
  },
  {
    name: 'an identity read after the write is not the guard: a new one at the top, renamed',
    input: lines(
      "'use server';",
      "import { auth } from '@/auth';",
      '',
      'export async function log(id: string) {',
      '  await db.log.create({ data: { id } });',
      '  const session = await auth();',
      '  console.log(session);',
      '}',
      '',
    ),
    target: { name: 'log', evidence: [{ kind: 'mutation', file: 'app/projects/actions.ts', line: 5, message: 'db.log.create() writes data' }] },
    recipe: authJs,
    expected: lines(
      "'use server';",
      "import { auth } from '@/auth';",
      '',
      'export async function log(id: string) {',
      '  const authSession = await auth();',
      "  if (!authSession?.user) throw new Error('Unauthorized');",
      '  await db.log.create({ data: { id } });',
      '  const session = await auth();',
      '  console.log(session);',
      '}',
      '',
    ),
  },
  {
    name: 'next-auth v4: getServerSession with the authOptions the app exports',
    input: lines("'use server';", "import { prisma } from '@/lib/prisma';", '', 'export async function vote(id: string) {', '  await prisma.vote.create({ data: { id } });', '}', ''),
    target: { name: 'vote' },
    recipe: () => library('next-auth', appWith(['next-auth'], { 'package.json': '{ "dependencies": { "next-auth": "^4.24.7" } }', 'lib/auth-options.ts': 'export const authOptions: NextAuthOptions = { providers: [] };' })),
    expected: lines(
      "'use server';",
      "import { prisma } from '@/lib/prisma';",
      "import { getServerSession } from 'next-auth';",
      "import { authOptions } from '@/lib/auth-options';",
      '',
      'export async function vote(id: string) {',
      '  const session = await getServerSession(authOptions);',
      "  if (!session) throw new Error('Unauthorized');",
      '  await prisma.vote.create({ data: { id } });',
      '}',
      '',
    ),
  },
  {
    name: 'CRLF and tabs are kept; no imports yet and no directive: the import goes at the top',
    file: 'app/api/x/route.ts',
    input: ['export async function POST() {', '\tawait fetch("https://example.com/hook", { method: "POST" })', '\treturn Response.json({ ok: true })', '}', ''].join('\r\n'),
    target: { kind: 'route', name: 'POST', file: 'app/api/x/route.ts' },
    recipe: () => library('Clerk', appWith(['@clerk/nextjs']), 'app/api/x/route.ts'),
    expected: [
      'import { auth } from "@clerk/nextjs/server"',
      '',
      'export async function POST() {',
      '\tconst { userId } = await auth()',
      '\tif (!userId) return Response.json({ error: "Unauthorized" }, { status: 401 })',
      '\tawait fetch("https://example.com/hook", { method: "POST" })',
      '\treturn Response.json({ ok: true })',
      '}',
      '',
    ].join('\r\n'),
  },
  {
    name: 'a template: imports merged, {{unauthorized}} expanded, common indentation removed',
    input: lines("'use server';", "import { db } from '@/lib/db';", '', 'export async function save(name: string) {', '  await db.project.create({ data: { name } });', "  return { error: null as string | null };", '}', ''),
    target: { name: 'save' },
    recipe: () => templateRecipe("import { getCurrentUser } from '@/lib/session'\n  const user = await getCurrentUser()\n  if (!user) {{unauthorized}};\n")!,
    expected: lines(
      "'use server';",
      "import { db } from '@/lib/db';",
      "import { getCurrentUser } from '@/lib/session';",
      '',
      'export async function save(name: string) {',
      '  const user = await getCurrentUser()',
      "  if (!user) return { error: 'Unauthorized' };",
      '  await db.project.create({ data: { name } });',
      '  return { error: null as string | null };',
      '}',
      '',
    ),
  },
];

void describe('addAuthGuard', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const file = item.file ?? 'app/projects/actions.ts';
      const target = item.target.kind === 'route' ? route({ file, ...item.target }) : endpoint({ file, auth: 'missing', ...item.target });
      const recipe = item.recipe();
      assertFix(item.input, file, (text) => addAuthGuard(text, file, target, recipe), item.expected);
    });
  }
});

void describe('templateRecipe', () => {
  void test('an import line that does not parse gives no recipe, nor does a template with no body', () => {
    assert.equal(templateRecipe('import { from x\nawait requireUser()'), undefined);
    assert.equal(templateRecipe("import { a } from 'a'\n\n"), undefined);
  });
  void test('the label is the first imported name', () => {
    assert.equal(templateRecipe("import { requireUser } from '@/lib/auth'\nawait requireUser()")?.label, 'requireUser');
  });
});

void describe('authGuardRecipes', () => {
  const actions = lines(
    "'use server';",
    "import { requireUser } from '../../../lib/session';",
    "import { getCurrentUser } from '@/lib/current-user';",
    "import { db } from '@/lib/db';",
    '',
    'export async function a() {',
    '  await requireUser();',
    '  await db.x.create({});',
    '}',
    '',
    'export async function b() {',
    '  const user = await requireUser();',
    '  await db.x.create({ data: user.id });',
    '}',
    '',
    'export async function c() {',
    '  const viewer = await getCurrentUser();',
    "  if (!viewer) redirect('/login');",
    '  await db.x.create({});',
    '}',
    '',
  );
  const protectedAt = (name: string, needle: string): Endpoint =>
    endpoint({ name, file: 'app/(app)/projects/actions.ts', evidence: [{ kind: 'guard', file: 'app/(app)/projects/actions.ts', line: lineOf(actions, needle), message: 'guards' }] });
  const others = [protectedAt('a', 'await requireUser();'), protectedAt('b', 'const user = await requireUser()'), protectedAt('c', 'if (!viewer)')];
  const target = endpoint({ name: 'd', file: 'app/settings/actions.ts', auth: 'missing' });
  const index = appWith(['next-auth'], { 'app/(app)/projects/actions.ts': actions, 'package.json': '{ "dependencies": { "next-auth": "5.0.0-beta.29" } }' });

  void test("the app's own guards come first, most used first, with imports re-written for the target file", () => {
    const recipes = projectRecipes(target, others, index);
    assert.deepEqual(
      recipes.map((recipe) => ({ label: recipe.label, imports: recipe.imports, setup: recipe.setup, deny: recipe.deny })),
      [
        { label: 'requireUser', imports: [{ from: '@/lib/session', names: ['requireUser'] }], setup: ['await requireUser()'], deny: undefined },
        { label: 'getCurrentUser', imports: [{ from: '@/lib/current-user', names: ['getCurrentUser'] }], setup: ['const viewer = await getCurrentUser()'], deny: '!viewer' },
      ],
    );
  });

  void test('then the library pattern; a template replaces them all (the setting over the config file)', () => {
    assert.deepEqual(authGuardRecipes(target, others, index).map((recipe) => recipe.label), ['requireUser', 'getCurrentUser', 'Auth.js']);
    const configured = appWith(['next-auth'], { 'next-boundary.config.json': JSON.stringify({ fixes: { authGuard: "import { gate } from '@/lib/gate'\nawait gate()" } }) });
    assert.deepEqual(authGuardRecipes(target, others, configured).map((recipe) => recipe.label), ['gate']);
    assert.deepEqual(authGuardRecipes(target, others, configured, "import { fromSetting } from '@/x'\nawait fromSetting()").map((recipe) => recipe.label), ['fromSetting']);
  });

  void test("the app's guard that is a library's documented one is titled by the library, and not offered twice", () => {
    const guarded = lines("'use server';", "import { auth } from '@/auth';", 'export async function e() {', '  const session = await auth();', "  if (!session?.user) throw new Error('no');", '  await db.x.create({});', '}');
    const other = endpoint({ name: 'e', file: 'app/e/actions.ts', evidence: [{ kind: 'guard', file: 'app/e/actions.ts', line: 5, message: 'guards' }] });
    const withAuthFile = appWith(['next-auth'], { 'app/e/actions.ts': guarded, 'auth.ts': 'export const { auth, handlers } = NextAuth({});' });
    assert.deepEqual(
      authGuardRecipes(target, [other], withAuthFile).map((recipe) => [recipe.label, recipe.source]),
      [['Auth.js', 'project']],
    );
  });

  void test('a project guard applied to another file', () => {
    const input = lines("'use server';", "import { db } from '@/lib/db';", '', 'export async function d() {', '  await db.x.delete({});', '}', '');
    const [requireUser] = projectRecipes(target, others, index);
    assertFix(
      input,
      target.file,
      (text) => addAuthGuard(text, target.file, target, requireUser),
      lines("'use server';", "import { db } from '@/lib/db';", "import { requireUser } from '@/lib/session';", '', 'export async function d() {', '  await requireUser();', '  await db.x.delete({});', '}', ''),
    );
  });

  void test('a check that calls its helper in the condition is portable on its own', () => {
    const guarded = lines("'use server';", "import { isSignedIn } from '@/lib/session';", 'export async function f() {', "  if (!(await isSignedIn())) return { error: 'no' };", '  await db.x.create({});', '}');
    const other = endpoint({ name: 'f', file: 'app/f/actions.ts', evidence: [{ kind: 'guard', file: 'app/f/actions.ts', line: 4, message: 'guards' }] });
    const [recipe] = projectRecipes(target, [other], appWith([], { 'app/f/actions.ts': guarded }));
    assert.deepEqual({ label: recipe.label, imports: recipe.imports, setup: recipe.setup, deny: recipe.deny }, { label: 'isSignedIn', imports: [{ from: '@/lib/session', names: ['isSignedIn'] }], setup: [], deny: '!(await isSignedIn())' });
  });

  void test('a guard in a function with a syntax error is not copied (found by the fuzz suite: it was, broken)', () => {
    const broken = lines("'use server';", "import { auth } from '@clerk/nextjs/server';", 'export async function h() {', '  const { userId  = await auth();', "  if (!userId) throw new Error('no');", '  await db.x.create({});', '}');
    const other = endpoint({ name: 'h', file: 'app/h/actions.ts', evidence: [{ kind: 'guard', file: 'app/h/actions.ts', line: 5, message: 'guards' }] });
    assert.deepEqual(projectRecipes(target, [other], appWith([], { 'app/h/actions.ts': broken })), []);
    const fixed = broken.replace('{ userId  =', '{ userId } =');
    assert.deepEqual(projectRecipes(target, [other], appWith([], { 'app/h/actions.ts': fixed })).map((recipe) => recipe.deny), ['!userId']);
  });

  void test('a guard that reads a binding before it is declared (`… = await user.auth…`, `user()` then `{ user }`) is not copied (found by the fuzz suite: it was added again on every run)', () => {
    const broken = lines("'use server';", 'export async function k() {', '  const user = await createClient();', '  const { data: { user } } = await user.auth.getUser();', "  if (!user) throw new Error('no');", '  await db.x.create({});', '}');
    const other = endpoint({ name: 'k', file: 'app/k/actions.ts', evidence: [{ kind: 'guard', file: 'app/k/actions.ts', line: 5, message: 'guards' }] });
    assert.deepEqual(projectRecipes(target, [other], appWith([], { 'app/k/actions.ts': broken })), []);
    const readBeforeDeclared = lines("'use server';", "import { user } from '@/utils/supabase/server';", 'export async function k() {', '  const supabase = await user();', '  const { data: { user } } = await supabase.auth.getUser();', "  if (!user) throw new Error('no');", '  await db.x.create({});', '}');
    assert.deepEqual(projectRecipes(target, [other], appWith([], { 'app/k/actions.ts': readBeforeDeclared })), []);
  });

  void test('a check of a value the function was given is not portable', () => {
    const guarded = lines("'use server';", 'export async function g(session: { user?: string }) {', "  if (!session.user) throw new Error('no');", '  await db.x.create({});', '}');
    const other = endpoint({ name: 'g', file: 'app/g/actions.ts', evidence: [{ kind: 'guard', file: 'app/g/actions.ts', line: 3, message: 'guards' }] });
    assert.deepEqual(projectRecipes(target, [other], appWith([], { 'app/g/actions.ts': guarded })), []);
  });

  void test('a guard that reads a parameter is not portable', () => {
    const handler = lines("import { verify } from '@/lib/jwt';", 'export async function POST(request: Request) {', "  const claims = await verify(request.headers.get('authorization'));", '  if (!claims) return new Response(null, { status: 401 });', '}');
    const other = route({ name: 'POST', file: 'app/api/a/route.ts', evidence: [{ kind: 'guard', file: 'app/api/a/route.ts', line: 4, message: 'guards' }] });
    assert.deepEqual(projectRecipes(target, [other], appWith([], { 'app/api/a/route.ts': handler })), []);
  });

  void test('pages/api endpoints get no guard fix', () => {
    assert.deepEqual(authGuardRecipes(endpoint({ kind: 'pages-api', name: 'default', file: 'pages/api/x.ts' }), others, index), []);
  });
});
