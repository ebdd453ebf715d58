import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoint, NextApp } from '../../src/analyzers/model';
import { addRevalidation, relevantTags, revalidateTargets, revalidationChoices, segmentTarget } from '../../src/fixes/add-revalidation';
import { indexProject } from '../../src/fixes/project';
import { endpoint } from '../model-builders';
import { assertFix, lineOf, lines } from './harness';

interface Case {
  name: string;
  file?: string;
  input: string;
  /** The endpoint: name (and kind/actionForm/line when they matter); `writes` are needles whose lines are the mutation evidence. */
  target: Partial<Endpoint> & { writes?: string[] };
  choice?: { call: 'revalidatePath' | 'revalidateTag'; args: string[] };
  expected: string;
}

function endpointFor(item: Case, file: string): Endpoint {
  const { writes = [], ...overrides } = item.target;
  return endpoint({
    file,
    revalidates: false,
    evidence: writes.map((needle) => ({ kind: 'mutation', file, line: lineOf(item.input, needle), message: `${needle} writes data` })),
    ...overrides,
  });
}

const cases: Case[] = [
  {
    name: "'use server' file with imports: before the final return, import after the others",
    input: lines(
      "'use server';",
      '',
      "import { db } from '@/lib/db';",
      '',
      'export async function renameProject(id: string, name: string) {',
      '  if (!name) return { error: "Name required" };',
      '  await db.project.update({ where: { id }, data: { name } });',
      '  return { ok: true };',
      '}',
      '',
    ),
    target: { name: 'renameProject', writes: ['db.project.update'] },
    expected: lines(
      "'use server';",
      '',
      "import { db } from '@/lib/db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export async function renameProject(id: string, name: string) {',
      '  if (!name) return { error: "Name required" };',
      '  await db.project.update({ where: { id }, data: { name } });',
      "  revalidatePath('/projects');",
      '  return { ok: true };',
      '}',
      '',
    ),
  },
  {
    name: "merged into an existing import from 'next/cache'",
    input: lines(
      "'use server';",
      "import { revalidateTag } from 'next/cache';",
      "import { db } from '@/lib/db';",
      '',
      'export async function createProject(name: string) {',
      '  await db.project.create({ data: { name } });',
      '}',
      '',
      'export async function other() {',
      "  revalidateTag('x');",
      '}',
      '',
    ),
    target: { name: 'createProject', writes: ['db.project.create'] },
    expected: lines(
      "'use server';",
      "import { revalidateTag, revalidatePath } from 'next/cache';",
      "import { db } from '@/lib/db';",
      '',
      'export async function createProject(name: string) {',
      '  await db.project.create({ data: { name } });',
      "  revalidatePath('/projects');",
      '}',
      '',
      'export async function other() {',
      "  revalidateTag('x');",
      '}',
      '',
    ),
  },
  {
    name: "only a 'use server' directive: the import goes after it",
    input: lines("'use server';", '', 'export default async function save(data: FormData) {', '  await fetch("https://api.example.com/save", { method: "POST", body: data });', '}', ''),
    target: { name: 'default', writes: ['await fetch'] },
    expected: lines(
      "'use server';",
      '',
      "import { revalidatePath } from 'next/cache';",
      '',
      'export default async function save(data: FormData) {',
      '  await fetch("https://api.example.com/save", { method: "POST", body: data });',
      "  revalidatePath('/projects');",
      '}',
      '',
    ),
  },
  {
    name: 'arrow export with a block body',
    input: lines("'use server';", "import { db } from './db';", '', 'export const archive = async (id: string) => {', '  await db.project.update({ where: { id }, data: { archived: true } });', '};', ''),
    target: { name: 'archive', writes: ['db.project.update'] },
    expected: lines(
      "'use server';",
      "import { db } from './db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export const archive = async (id: string) => {',
      '  await db.project.update({ where: { id }, data: { archived: true } });',
      "  revalidatePath('/projects');",
      '};',
      '',
    ),
  },
  {
    name: 'concise arrow: becomes a block that keeps the returned value',
    input: lines("'use server';", "import { db } from './db';", '', 'export const remove = async (id: string) => db.project.delete({ where: { id } });', ''),
    target: { name: 'remove', writes: ['db.project.delete'] },
    expected: lines(
      "'use server';",
      "import { db } from './db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export const remove = async (id: string) => {',
      '  const result = await db.project.delete({ where: { id } });',
      "  revalidatePath('/projects');",
      '  return result;',
      '};',
      '',
    ),
  },
  {
    name: 'returned write: split so the revalidation runs after it',
    input: lines("'use server';", "import { db } from './db';", '', 'export async function add(name: string) {', '  const result = name.trim();', '  return db.project.create({ data: { name: result } });', '}', ''),
    target: { name: 'add', writes: ['db.project.create'] },
    expected: lines(
      "'use server';",
      "import { db } from './db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export async function add(name: string) {',
      '  const result = name.trim();',
      '  const result2 = await db.project.create({ data: { name: result } });',
      "  revalidatePath('/projects');",
      '  return result2;',
      '}',
      '',
    ),
  },
  {
    name: 'action client wrapper: inside the inner function, at the end of its body',
    input: lines(
      "'use server';",
      "import { z } from 'zod';",
      "import { actionClient } from '@/lib/safe-action';",
      "import { db } from '@/lib/db';",
      '',
      'export const updateName = actionClient',
      '  .schema(z.object({ id: z.string(), name: z.string() }))',
      '  .action(async ({ parsedInput }) => {',
      '    await db.project.update({ where: { id: parsedInput.id }, data: { name: parsedInput.name } });',
      '  });',
      '',
    ),
    target: { name: 'updateName', writes: ['db.project.update'] },
    expected: lines(
      "'use server';",
      "import { z } from 'zod';",
      "import { actionClient } from '@/lib/safe-action';",
      "import { db } from '@/lib/db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export const updateName = actionClient',
      '  .schema(z.object({ id: z.string(), name: z.string() }))',
      '  .action(async ({ parsedInput }) => {',
      '    await db.project.update({ where: { id: parsedInput.id }, data: { name: parsedInput.name } });',
      "    revalidatePath('/projects');",
      '  });',
      '',
    ),
  },
  {
    name: "inline 'use server' function inside a component",
    file: 'app/todos/page.tsx',
    input: lines(
      "import { db } from '@/lib/db';",
      '',
      'export default function Page() {',
      '  async function addTodo(formData: FormData) {',
      "    'use server';",
      "    await db.todo.create({ data: { title: String(formData.get('title')) } });",
      '  }',
      '  return <form action={addTodo}><button>Add</button></form>;',
      '}',
      '',
    ),
    target: { name: 'addTodo', actionForm: 'inline', line: 4, writes: ['db.todo.create'] },
    choice: { call: 'revalidatePath', args: ['/todos'] },
    expected: lines(
      "import { db } from '@/lib/db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export default function Page() {',
      '  async function addTodo(formData: FormData) {',
      "    'use server';",
      "    await db.todo.create({ data: { title: String(formData.get('title')) } });",
      "    revalidatePath('/todos');",
      '  }',
      '  return <form action={addTodo}><button>Add</button></form>;',
      '}',
      '',
    ),
  },
  {
    name: 'write inside try whose both branches return: inside the try, before its return',
    input: lines(
      "'use server';",
      "import { db } from './db';",
      '',
      'export async function save(name: string) {',
      '  try {',
      '    await db.project.create({ data: { name } });',
      '    return { ok: true };',
      '  } catch {',
      "    return { error: 'Could not save' };",
      '  }',
      '}',
      '',
    ),
    target: { name: 'save', writes: ['db.project.create'] },
    expected: lines(
      "'use server';",
      "import { db } from './db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export async function save(name: string) {',
      '  try {',
      '    await db.project.create({ data: { name } });',
      "    revalidatePath('/projects');",
      '    return { ok: true };',
      '  } catch {',
      "    return { error: 'Could not save' };",
      '  }',
      '}',
      '',
    ),
  },
  {
    name: 'CRLF line endings are kept',
    input: ["'use server';", "import { db } from './db';", '', 'export async function save(name: string) {', '  await db.project.create({ data: { name } });', '  return { ok: true };', '}', ''].join('\r\n'),
    target: { name: 'save', writes: ['db.project.create'] },
    expected: [
      "'use server';",
      "import { db } from './db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export async function save(name: string) {',
      '  await db.project.create({ data: { name } });',
      "  revalidatePath('/projects');",
      '  return { ok: true };',
      '}',
      '',
    ].join('\r\n'),
  },
  {
    name: 'tab indentation, double quotes and no semicolons are kept',
    input: lines('"use server"', 'import { db } from "./db"', '', 'export async function save(name: string) {', '\tif (name) {', '\t\tawait db.project.create({ data: { name } })', '\t}', '}', ''),
    target: { name: 'save', writes: ['db.project.create'] },
    expected: lines(
      '"use server"',
      'import { db } from "./db"',
      'import { revalidatePath } from "next/cache"',
      '',
      'export async function save(name: string) {',
      '\tif (name) {',
      '\t\tawait db.project.create({ data: { name } })',
      '\t}',
      '\trevalidatePath("/projects")',
      '}',
      '',
    ),
  },
  {
    name: 'revalidateTag with the Next.js 16 profile, into a multi-line import',
    input: lines("'use server';", 'import {', '  unstable_cache,', "} from 'next/cache';", "import { db } from './db';", '', 'export async function save(name: string) {', '  await db.project.create({ data: { name } });', '}', ''),
    target: { name: 'save', writes: ['db.project.create'] },
    choice: { call: 'revalidateTag', args: ['projects', 'max'] },
    expected: lines(
      "'use server';",
      'import {',
      '  unstable_cache,',
      '  revalidateTag,',
      "} from 'next/cache';",
      "import { db } from './db';",
      '',
      'export async function save(name: string) {',
      '  await db.project.create({ data: { name } });',
      "  revalidateTag('projects', 'max');",
      '}',
      '',
    ),
  },
  {
    name: 'dynamic segment path with its type',
    input: lines("'use server';", "import { db } from './db';", '', 'export async function invite(email: string) {', '  await db.membership.create({ data: { email } });', '}', ''),
    target: { name: 'invite', writes: ['db.membership.create'] },
    choice: { call: 'revalidatePath', args: ['/projects/[id]', 'page'] },
    expected: lines(
      "'use server';",
      "import { db } from './db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export async function invite(email: string) {',
      '  await db.membership.create({ data: { email } });',
      "  revalidatePath('/projects/[id]', 'page');",
      '}',
      '',
    ),
  },
  // Found by the fuzz suite: on text the parser recovered from, the edit landed inside broken code and broke more.
  {
    name: 'a syntax error inside the function: no edits (where its statements end is a guess)',
    input: lines("'use server';", "import { db } from '@/lib/db';", '', 'export async function remove(id: string) {', '  await db.membership.delete({} where: { id } });', '}', ''),
    target: { name: 'remove', writes: ['db.membership.delete'] },
    expected: lines("'use server';", "import { db } from '@/lib/db';", '', 'export async function remove(id: string) {', '  await db.membership.delete({} where: { id } });', '}', ''),
  },
  {
    name: "a file cut off inside the function (its `}` missing at the end): no edits",
    input: lines("'use server';", "import { db } from '@/lib/db';", '', 'export async function save(id: string) {', '  await db.project.update({', ''),
    target: { name: 'save', writes: ['db.project.update'] },
    expected: lines("'use server';", "import { db } from '@/lib/db';", '', 'export async function save(id: string) {', '  await db.project.update({', ''),
  },
  {
    name: 'an import the parser cut short: no edits (the new import would land inside it)',
    input: lines("'use server';", "import { db }\uD800 from '@/lib/db';", '', 'export async function save(id: string) {', '  await db.project.delete({ where: { id } });', '}', ''),
    target: { name: 'save', writes: ['db.project.delete'] },
    expected: lines("'use server';", "import { db }\uD800 from '@/lib/db';", '', 'export async function save(id: string) {', '  await db.project.delete({ where: { id } });', '}', ''),
  },
  {
    name: 'a syntax error in another function: the fix still applies',
    input: lines("'use server';", "import { db } from '@/lib/db';", '', 'export async function save(id: string) {', '  await db.project.delete({ where: { id } });', '}', '', 'export async function draft() {', '  const x = ;', '}', ''),
    target: { name: 'save', writes: ['db.project.delete'] },
    expected: lines(
      "'use server';",
      "import { db } from '@/lib/db';",
      "import { revalidatePath } from 'next/cache';",
      '',
      'export async function save(id: string) {',
      '  await db.project.delete({ where: { id } });',
      "  revalidatePath('/projects');",
      '}',
      '',
      'export async function draft() {',
      '  const x = ;',
      '}',
      '',
    ),
  },
];

void describe('addRevalidation', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const file = item.file ?? 'app/projects/actions.ts';
      const target = endpointFor(item, file);
      const choice = item.choice ?? { call: 'revalidatePath' as const, args: ['/projects'] };
      assertFix(item.input, file, (text) => addRevalidation(text, file, target, choice), item.expected);
    });
  }

  void test('an action that already revalidates gets no edits', () => {
    const input = lines("'use server';", "import { redirect } from 'next/navigation';", 'export async function save() {', '  await fetch("/x", { method: "POST" });', "  redirect('/done');", '}');
    assert.deepEqual(addRevalidation(input, 'app/actions.ts', endpoint({ name: 'save', file: 'app/actions.ts' }), { call: 'revalidatePath', args: ['/'] }), []);
  });

  void test('an endpoint the file does not hold gets no edits', () => {
    assert.deepEqual(addRevalidation("'use server';\nexport async function a() {}\n", 'app/actions.ts', endpoint({ name: 'b', file: 'app/actions.ts' }), { call: 'revalidatePath', args: ['/'] }), []);
  });
});

void describe('segmentTarget', () => {
  const table: [string, ReturnType<typeof segmentTarget>][] = [
    ['page.tsx', { path: '/' }],
    ['layout.tsx', { path: '/', type: 'layout' }],
    ['dashboard/page.tsx', { path: '/dashboard' }],
    ['(marketing)/pricing/page.tsx', { path: '/pricing' }],
    ['dashboard/@analytics/page.tsx', { path: '/dashboard' }],
    ['dashboard/_components/form.tsx', { path: '/dashboard' }],
    ['projects/[id]/invite-form.tsx', { path: '/projects/[id]', type: 'page' }],
    ['projects/[id]/layout.tsx', { path: '/projects/[id]', type: 'layout' }],
    ['docs/[...slug]/page.tsx', { path: '/docs/[...slug]', type: 'page' }],
    ['feed/@modal/(..)photo/[id]/page.tsx', { path: '/photo/[id]', type: 'page' }],
    ['feed/@modal/(.)photo/page.tsx', { path: '/feed/photo' }],
    ['a/b/(...)login/page.tsx', { path: '/login' }],
    ['api/projects/route.ts', undefined],
  ];
  for (const [file, expected] of table) {
    void test(file, () => assert.deepEqual(segmentTarget(file), expected));
  }
});

void describe('revalidateTargets', () => {
  const app: NextApp = { root: '', name: 'app', appDir: 'app', authLibraries: [] };

  void test('one target per caller segment, in caller order, without duplicates; route callers give none', () => {
    const callers = ['app/(app)/projects/[id]/page.tsx', 'app/(app)/projects/page.tsx', 'app/(app)/projects/new-form.tsx', 'app/api/x/route.ts'].map((file) => ({ file, line: 1, how: 'form-action' as const }));
    assert.deepEqual(revalidateTargets({ file: 'app/actions.ts', callers }, app), [{ path: '/projects/[id]', type: 'page' }, { path: '/projects' }]);
  });

  void test('a caller outside the app dir counts through the app-dir files that import it', () => {
    const files = new Map([
      ['components/member-list.tsx', "import { removeMember } from '@/app/actions';"],
      ['app/team/page.tsx', "import { MemberList } from '@/components/member-list';"],
      ['app/settings/page.tsx', "import { MemberList } from '../../components/member-list';"],
      ['app/other/page.tsx', "import { X } from '@/components/other';"],
      ['tsconfig.json', '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }'],
    ]);
    const index = indexProject(app, files);
    const targets = revalidateTargets({ file: 'lib/actions.ts', callers: [{ file: 'components/member-list.tsx', line: 3, how: 'call' }] }, app, index);
    assert.deepEqual(targets, [{ path: '/settings' }, { path: '/team' }]);
  });

  void test("falls back to the action file's own segment, then to the root layout", () => {
    const outside = [{ file: 'components/x.tsx', line: 1, how: 'call' as const }];
    assert.deepEqual(revalidateTargets({ file: 'app/(app)/billing/actions.ts', callers: outside }, app), [{ path: '/billing' }]);
    assert.deepEqual(revalidateTargets({ file: 'lib/actions.ts', callers: outside }, app), [{ path: '/', type: 'layout' }]);
  });
});

void describe('revalidationChoices', () => {
  const app: NextApp = { root: '', name: 'app', appDir: 'app', authLibraries: [] };
  const files = new Map([
    ['lib/data.ts', "export const getProjects = () => fetch('/api/projects', { next: { tags: ['projects', `all`] } });\nexport const getUsers = unstable_cache(load, ['users'], { tags: ['users'] });"],
    ['app/team/page.tsx', "'use cache';\ncacheTag('team-members');\ncacheTag(`x-${id}`);"],
    ['package.json', '{ "dependencies": { "next": "^16.0.1" } }'],
  ]);
  const index = indexProject(app, files);

  void test('the app reads with fetch tags, unstable_cache tags and cacheTag (literals only)', () => {
    assert.deepEqual([...index.tags].sort(), ['all', 'projects', 'team-members', 'users']);
    assert.equal(index.nextMajor, 16);
  });

  void test('a tag that names what the action writes is preferred, with the Next 16 profile', () => {
    const archive = endpoint({ name: 'archiveProject', file: 'app/projects/actions.ts', callers: [{ file: 'app/projects/page.tsx', line: 1, how: 'form-action' }] });
    const choices = revalidationChoices(archive, app, index);
    assert.deepEqual(
      choices.map((choice) => [choice.title, choice.preferred]),
      [
        ["Add revalidateTag('projects', 'max')", true],
        ["Add revalidatePath('/projects')", false],
      ],
    );
  });

  void test('without a fitting tag the first path is preferred and unrelated tags are not offered', () => {
    const invite = endpoint({ name: 'sendInvoice', file: 'app/billing/actions.ts', callers: [{ file: 'app/billing/[id]/page.tsx', line: 1, how: 'form-action' }] });
    assert.deepEqual(
      revalidationChoices(invite, app, index).map((choice) => [choice.title, choice.preferred]),
      [["Add revalidatePath('/billing/[id]', 'page')", true]],
    );
  });

  void test('mutation evidence names the data too', () => {
    const evidence = [{ kind: 'mutation' as const, file: 'app/a.ts', line: 2, message: 'db.teamMember.delete() writes data' }];
    assert.deepEqual(relevantTags(endpoint({ name: 'kick', file: 'app/a.ts', evidence }), index.tags), { tags: ['team-members'], matched: true });
  });
});
