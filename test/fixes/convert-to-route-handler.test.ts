/**
 * "Convert to Route Handler": table-driven, with the full text of every file the conversion changes or
 * creates (the action, the lib file, the new route). Every result parses; converting again is refused
 * because the route exists; an existing route or page at the URL is never overwritten. The last cases run
 * over a real scan of test/fixtures/convert-app, where the guard comes from the analyzer's evidence.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import type { Endpoint, NextApp } from '../../src/analyzers/model';
import { convertToRouteHandler } from '../../src/fixes/convert-to-route-handler';
import { applyChanges } from '../../src/fixes/extract-to-lib';
import { indexProject } from '../../src/fixes/project';
import { parseSource, syntaxErrors } from '../../src/fixes/source';
import { endpoint as endpointIn, fixturesDir, scanFixture } from '../helpers';
import { endpoint as makeEndpoint, route as makeRoute } from '../model-builders';
import { lensLine, lensSlots, lensTitle } from '../../src/views/lens';
import { lines } from './harness';

const TSCONFIG = '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }';
const AUTH_TS = lines("import NextAuth from 'next-auth';", 'export const { handlers, auth, signIn, signOut } = NextAuth({ providers: [] });', '');

interface Case {
  name: string;
  /** The app's files; the first one is the action's file. */
  files: Record<string, string>;
  endpoint: Partial<Endpoint> & { name: string };
  app?: Partial<NextApp>;
  /** Every changed or created file's text afterwards. */
  expected?: Record<string, string>;
  refused?: RegExp;
}

function convert(item: Case, files: Map<string, string>) {
  const [file] = Object.keys(item.files);
  const app: NextApp = { root: '', name: 'app', appDir: 'app', authLibraries: ['next-auth'], ...item.app };
  const endpoint = makeEndpoint({ file, evidence: [], ...item.endpoint });
  return convertToRouteHandler({ text: files.get(file)!, endpoint, endpoints: [endpoint], index: indexProject(app, files) });
}

function assertParses(after: Map<string, string>): void {
  for (const [file, text] of after) {
    const errors = syntaxErrors(parseSource(text, file)).map((diagnostic) => diagnostic.messageText);
    assert.deepEqual(errors, [], `${file} parses`);
  }
}

const cases: Case[] = [
  {
    name: 'an action with its logic inline: extracted to lib first, the route guards with the same session and answers 201',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        '',
        "import { revalidatePath } from 'next/cache';",
        "import { auth } from '@/auth';",
        "import { db } from '@/lib/db';",
        '',
        'export async function createPost(formData: FormData) {',
        '  const session = await auth();',
        "  if (!session?.user) throw new Error('Unauthorized');",
        '  const post = await db.post.create({',
        "    data: { title: formData.get('title') as string, pinned: formData.get('pinned') === 'on', authorId: session.user.id },",
        '  });',
        "  revalidatePath('/posts');",
        '  return { id: post.id };',
        '}',
        '',
      ),
    },
    endpoint: { name: 'createPost' },
    expected: {
      'app/posts/actions.ts': lines(
        "'use server';",
        '',
        "import { revalidatePath } from 'next/cache';",
        "import { auth } from '@/auth';",
        "import * as posts from '@/lib/posts';",
        '',
        'export async function createPost(formData: FormData) {',
        '  const session = await auth();',
        "  if (!session?.user) throw new Error('Unauthorized');",
        '  const post = await posts.createPost(',
        "    { title: formData.get('title') as string, pinned: formData.get('pinned') },",
        '    session.user.id,',
        '  );',
        "  revalidatePath('/posts');",
        '  return { id: post.id };',
        '}',
        '',
      ),
      'lib/posts.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface CreatePostInput {',
        '  title: string;',
        '  pinned: FormDataEntryValue | null;',
        '}',
        '',
        'export async function createPost({ title, pinned }: CreatePostInput, userId: string) {',
        '  const post = await db.post.create({',
        "    data: { title, pinned: pinned === 'on', authorId: userId },",
        '  });',
        '  return post;',
        '}',
        '',
      ),
      'app/api/create-post/route.ts': lines(
        "import { auth } from '@/auth';",
        "import { revalidatePath } from 'next/cache';",
        "import { createPost } from '@/lib/posts';",
        '',
        '/** createPost for callers outside the app: same logic as the Server Action (createPost in lib/posts.ts). */',
        'export async function POST(request: Request) {',
        '  const session = await auth();',
        '  if (!session?.user || !session.user.id) {',
        "    return Response.json({ error: 'Unauthorized' }, { status: 401 });",
        '  }',
        '',
        '  const body = await readBody(request);',
        '  if (!body) {',
        "    return badRequest('Expected a JSON object or form data');",
        '  }',
        '  const title = body.title;',
        "  if (typeof title !== 'string') {",
        "    return badRequest('title must be a string');",
        '  }',
        '  const pinned = body.pinned ?? null;',
        "  if (pinned !== null && typeof pinned !== 'string' && !(pinned instanceof File)) {",
        "    return badRequest('pinned must be a string or a file');",
        '  }',
        '',
        '  const post = await createPost({ title, pinned }, session.user.id);',
        "  revalidatePath('/posts');",
        '  return Response.json(post, { status: 201 });',
        '}',
        '',
        '/** The body as an object: JSON, or form fields (a repeated field becomes a list); undefined when it is neither. */',
        'async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {',
        "  const contentType = request.headers.get('content-type') ?? '';",
        '  try {',
        "    if (contentType.includes('multipart/form-data') || contentType.includes('application/x-www-form-urlencoded')) {",
        '      const form = await request.formData();',
        '      const body: Record<string, unknown> = {};',
        '      form.forEach((value, key) => {',
        '        const previous = body[key];',
        '        body[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];',
        '      });',
        '      return body;',
        '    }',
        '    const json: unknown = await request.json();',
        "    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;",
        '  } catch {',
        '    return undefined;',
        '  }',
        '}',
        '',
        'function badRequest(message: string): Response {',
        '  return Response.json({ error: message }, { status: 400 });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'an action that already calls lib: only the route is created, from the lib signature',
    files: {
      'app/settings/actions.ts': lines(
        "'use server';",
        "import { auth } from '@/auth';",
        "import * as settings from '@/lib/settings';",
        '',
        'export async function updateSettings(theme: string, digest: boolean) {',
        '  const session = await auth();',
        "  if (!session?.user) throw new Error('Unauthorized');",
        '  await settings.updateSettings({ theme, digest }, session.user.id);',
        '}',
        '',
      ),
      'lib/settings.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface UpdateSettingsInput {',
        "  theme: 'light' | 'dark';",
        '  digest: boolean;',
        '  weeklyAt?: number;',
        '}',
        '',
        'export async function updateSettings({ theme, digest, weeklyAt }: UpdateSettingsInput, userId: string) {',
        '  await db.settings.update({ where: { userId }, data: { theme, digest, weeklyAt } });',
        '}',
        '',
      ),
    },
    endpoint: { name: 'updateSettings' },
    expected: {
      'app/api/update-settings/route.ts': lines(
        "import { auth } from '@/auth';",
        "import { updateSettings } from '@/lib/settings';",
        '',
        '/** updateSettings for callers outside the app: same logic as the Server Action (updateSettings in lib/settings.ts). */',
        'export async function POST(request: Request) {',
        '  const session = await auth();',
        '  if (!session?.user || !session.user.id) {',
        "    return Response.json({ error: 'Unauthorized' }, { status: 401 });",
        '  }',
        '',
        '  const body = await readBody(request);',
        '  if (!body) {',
        "    return badRequest('Expected a JSON object or form data');",
        '  }',
        '  const theme = body.theme;',
        "  if (theme !== 'light' && theme !== 'dark') {",
        "    return badRequest('theme must be one of light, dark');",
        '  }',
        '  const digest = toBoolean(body.digest);',
        '  const weeklyAt = body.weeklyAt === undefined ? undefined : toNumber(body.weeklyAt);',
        '  if (body.weeklyAt !== undefined && weeklyAt === undefined) {',
        "    return badRequest('weeklyAt must be a number');",
        '  }',
        '',
        '  await updateSettings({ theme, digest, weeklyAt }, session.user.id);',
        '  return Response.json({ ok: true });',
        '}',
        '',
        '/** The body as an object: JSON, or form fields (a repeated field becomes a list); undefined when it is neither. */',
        'async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {',
        "  const contentType = request.headers.get('content-type') ?? '';",
        '  try {',
        "    if (contentType.includes('multipart/form-data') || contentType.includes('application/x-www-form-urlencoded')) {",
        '      const form = await request.formData();',
        '      const body: Record<string, unknown> = {};',
        '      form.forEach((value, key) => {',
        '        const previous = body[key];',
        '        body[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];',
        '      });',
        '      return body;',
        '    }',
        '    const json: unknown = await request.json();',
        "    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;",
        '  } catch {',
        '    return undefined;',
        '  }',
        '}',
        '',
        'function badRequest(message: string): Response {',
        '  return Response.json({ error: message }, { status: 400 });',
        '}',
        '',
        "/** A finite number, from JSON or from a form field's text. */",
        'function toNumber(value: unknown): number | undefined {',
        "  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;",
        "  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;",
        '}',
        '',
        '/** JSON true, or a checked checkbox (`on`) or `true` from a form. */',
        'function toBoolean(value: unknown): boolean {',
        "  return value === true || value === 'true' || value === 'on';",
        '}',
        '',
      ),
    },
  },
  {
    name: 'no session in the action and no auth library: an API token guard (Bearer, constant-time)',
    files: {
      'app/newsletter/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        '',
        'export async function addSubscriber(formData: FormData) {',
        "  await db.subscriber.create({ data: { email: String(formData.get('email')), tags: formData.getAll('tags') as string[] } });",
        '}',
        '',
      ),
    },
    endpoint: { name: 'addSubscriber', auth: 'public' },
    app: { authLibraries: [] },
    expected: {
      'app/newsletter/actions.ts': lines(
        "'use server';",
        "import * as newsletter from '@/lib/newsletter';",
        '',
        'export async function addSubscriber(formData: FormData) {',
        '  await newsletter.addSubscriber({',
        "    email: String(formData.get('email')),",
        "    tags: formData.getAll('tags') as string[],",
        '  });',
        '}',
        '',
      ),
      'lib/newsletter.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface AddSubscriberInput {',
        '  email: string;',
        '  tags: string[];',
        '}',
        '',
        'export async function addSubscriber({ email, tags }: AddSubscriberInput) {',
        '  await db.subscriber.create({ data: { email, tags } });',
        '}',
        '',
      ),
      'app/api/add-subscriber/route.ts': lines(
        "import { timingSafeEqual } from 'node:crypto';",
        "import { addSubscriber } from '@/lib/newsletter';",
        '',
        '/** addSubscriber for callers outside the app: same logic as the Server Action (addSubscriber in lib/newsletter.ts). */',
        'export async function POST(request: Request) {',
        '  if (!hasApiToken(request)) {',
        "    return Response.json({ error: 'Unauthorized' }, { status: 401 });",
        '  }',
        '',
        '  const body = await readBody(request);',
        '  if (!body) {',
        "    return badRequest('Expected a JSON object or form data');",
        '  }',
        '  const email = body.email;',
        "  if (typeof email !== 'string') {",
        "    return badRequest('email must be a string');",
        '  }',
        '  const tags = toList(body.tags);',
        "  if (!tags.every((item): item is string => typeof item === 'string')) {",
        "    return badRequest('tags must be a list of strings');",
        '  }',
        '',
        '  await addSubscriber({ email, tags });',
        '  return Response.json({ ok: true }, { status: 201 });',
        '}',
        '',
        '/** True when the request carries `Authorization: Bearer <API_TOKEN>` (compared in constant time); false when API_TOKEN is unset. */',
        'function hasApiToken(request: Request): boolean {',
        '  const expected = process.env.API_TOKEN;',
        "  const token = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];",
        '  if (!expected || !token) return false;',
        '  const given = Buffer.from(token);',
        '  const wanted = Buffer.from(expected);',
        '  return given.length === wanted.length && timingSafeEqual(given, wanted);',
        '}',
        '',
        '/** The body as an object: JSON, or form fields (a repeated field becomes a list); undefined when it is neither. */',
        'async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {',
        "  const contentType = request.headers.get('content-type') ?? '';",
        '  try {',
        "    if (contentType.includes('multipart/form-data') || contentType.includes('application/x-www-form-urlencoded')) {",
        '      const form = await request.formData();',
        '      const body: Record<string, unknown> = {};',
        '      form.forEach((value, key) => {',
        '        const previous = body[key];',
        '        body[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];',
        '      });',
        '      return body;',
        '    }',
        '    const json: unknown = await request.json();',
        "    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;",
        '  } catch {',
        '    return undefined;',
        '  }',
        '}',
        '',
        'function badRequest(message: string): Response {',
        '  return Response.json({ error: message }, { status: 400 });',
        '}',
        '',
        '/** A list from JSON, or the values of a form field sent once or several times. */',
        'function toList(value: unknown): unknown[] {',
        '  return value === undefined ? [] : Array.isArray(value) ? value : [value];',
        '}',
        '',
      ),
    },
  },
  {
    name: 'a next-safe-action client: the schema validates the body, Clerk authenticates',
    files: {
      'app/teams/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        "import { authActionClient } from '@/lib/safe-action';",
        "import { teamSchema } from '@/lib/validations';",
        '',
        'export const renameTeam = authActionClient.inputSchema(teamSchema).action(async ({ parsedInput, ctx }) => {',
        '  return db.team.update({ where: { id: parsedInput.id, ownerId: ctx.userId }, data: { name: parsedInput.name } });',
        '});',
        '',
      ),
    },
    endpoint: { name: 'renameTeam' },
    app: { authLibraries: ['@clerk/nextjs'] },
    expected: {
      'app/teams/actions.ts': lines(
        "'use server';",
        "import { authActionClient } from '@/lib/safe-action';",
        "import { teamSchema } from '@/lib/validations';",
        "import * as teams from '@/lib/teams';",
        '',
        'export const renameTeam = authActionClient.inputSchema(teamSchema).action(async ({ parsedInput, ctx }) => {',
        '  return teams.renameTeam(parsedInput, ctx.userId);',
        '});',
        '',
      ),
      'lib/teams.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        "import type { teamSchema } from '@/lib/validations';",
        "import type { z } from 'zod';",
        '',
        'export type RenameTeamInput = z.infer<typeof teamSchema>;',
        '',
        'export async function renameTeam(input: RenameTeamInput, userId: string) {',
        '  return db.team.update({ where: { id: input.id, ownerId: userId }, data: { name: input.name } });',
        '}',
        '',
      ),
      'app/api/rename-team/route.ts': lines(
        "import { auth } from '@clerk/nextjs/server';",
        "import { teamSchema } from '@/lib/validations';",
        "import { renameTeam } from '@/lib/teams';",
        '',
        '/** renameTeam for callers outside the app: same logic as the Server Action (renameTeam in lib/teams.ts). */',
        'export async function POST(request: Request) {',
        '  const { userId } = await auth();',
        '  if (!userId) {',
        "    return Response.json({ error: 'Unauthorized' }, { status: 401 });",
        '  }',
        '',
        '  const body = await readBody(request);',
        '  if (!body) {',
        "    return badRequest('Expected a JSON object or form data');",
        '  }',
        '  const parsedInput = teamSchema.safeParse(body);',
        '  if (!parsedInput.success) {',
        "    return badRequest(parsedInput.error.issues[0]?.message ?? 'input is not valid');",
        '  }',
        '  const input = parsedInput.data;',
        '',
        '  const result = await renameTeam(input, userId);',
        '  return Response.json(result);',
        '}',
        '',
        '/** The body as an object: JSON, or form fields (a repeated field becomes a list); undefined when it is neither. */',
        'async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {',
        "  const contentType = request.headers.get('content-type') ?? '';",
        '  try {',
        "    if (contentType.includes('multipart/form-data') || contentType.includes('application/x-www-form-urlencoded')) {",
        '      const form = await request.formData();',
        '      const body: Record<string, unknown> = {};',
        '      form.forEach((value, key) => {',
        '        const previous = body[key];',
        '        body[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];',
        '      });',
        '      return body;',
        '    }',
        '    const json: unknown = await request.json();',
        "    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;",
        '  } catch {',
        '    return undefined;',
        '  }',
        '}',
        '',
        'function badRequest(message: string): Response {',
        '  return Response.json({ error: message }, { status: 400 });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'a JavaScript action under src/: src/app/api/…/route.js without types',
    files: {
      'src/app/notes/actions.js': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        "import { getSession } from '@/lib/session';",
        '',
        'export async function archiveNote(id) {',
        '  const session = await getSession();',
        "  if (!session) throw new Error('Unauthorized');",
        '  await db.note.update({ where: { id, userId: session.userId }, data: { archived: true } });',
        '}',
        '',
      ),
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
    },
    endpoint: { name: 'archiveNote', evidence: [{ kind: 'guard', file: 'src/app/notes/actions.js', line: 7, message: 'throws when there is no session' }] },
    app: { appDir: 'src/app', authLibraries: [] },
    expected: {
      'src/app/notes/actions.js': lines(
        "'use server';",
        "import { getSession } from '@/lib/session';",
        "import * as notes from '@/lib/notes';",
        '',
        'export async function archiveNote(id) {',
        '  const session = await getSession();',
        "  if (!session) throw new Error('Unauthorized');",
        '  await notes.archiveNote({ id }, session.userId);',
        '}',
        '',
      ),
      'src/lib/notes.js': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export async function archiveNote({ id }, userId) {',
        '  await db.note.update({ where: { id, userId }, data: { archived: true } });',
        '}',
        '',
      ),
      'src/app/api/archive-note/route.js': lines(
        "import { getSession } from '@/lib/session';",
        "import { archiveNote } from '@/lib/notes';",
        '',
        '/** archiveNote for callers outside the app: same logic as the Server Action (archiveNote in src/lib/notes.js). */',
        'export async function POST(request) {',
        '  const session = await getSession();',
        '  if (!session) {',
        "    return Response.json({ error: 'Unauthorized' }, { status: 401 });",
        '  }',
        '',
        '  const body = await readBody(request);',
        '  if (!body) {',
        "    return badRequest('Expected a JSON object or form data');",
        '  }',
        '  if (body.id === undefined) {',
        "    return badRequest('id is required');",
        '  }',
        '  const id = body.id;',
        '',
        '  await archiveNote({ id }, session.userId);',
        '  return Response.json({ ok: true });',
        '}',
        '',
        '/** The body as an object: JSON, or form fields (a repeated field becomes a list); undefined when it is neither. */',
        'async function readBody(request) {',
        "  const contentType = request.headers.get('content-type') ?? '';",
        '  try {',
        "    if (contentType.includes('multipart/form-data') || contentType.includes('application/x-www-form-urlencoded')) {",
        '      const form = await request.formData();',
        '      const body = {};',
        '      form.forEach((value, key) => {',
        '        const previous = body[key];',
        '        body[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];',
        '      });',
        '      return body;',
        '    }',
        '    const json = await request.json();',
        "    return typeof json === 'object' && json !== null && !Array.isArray(json) ? json : undefined;",
        '  } catch {',
        '    return undefined;',
        '  }',
        '}',
        '',
        'function badRequest(message) {',
        '  return Response.json({ error: message }, { status: 400 });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'refused: the route file exists',
    files: {
      'app/posts/actions.ts': lines("'use server';", "import { db } from '@/lib/db';", 'export async function createPost(title: string) {', '  await db.post.create({ data: { title } });', '}'),
      'app/api/create-post/route.ts': 'export async function GET() {\n  return Response.json([]);\n}\n',
    },
    endpoint: { name: 'createPost' },
    refused: /^app\/api\/create-post\/route\.ts already exists; Next Boundary never overwrites a route/,
  },
  {
    name: 'refused: the lib function needs the user, and nothing in the app can authenticate one',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        "import { currentUser } from '@/lib/current-user';",
        'export async function starPost(id: string) {',
        '  const user = await currentUser();',
        "  if (!user) throw new Error('Unauthorized');",
        '  await db.star.create({ data: { postId: id, userId: user.id } });',
        '}',
      ),
    },
    endpoint: { name: 'starPost' },
    app: { authLibraries: [] },
    refused: /needs the signed-in user's id, and no session guard was found for a route handler \(auth libraries: none\)/,
  },
  {
    name: 'refused: a route handler is already one',
    files: { 'app/api/posts/route.ts': 'export async function GET() {\n  return Response.json([]);\n}\n' },
    endpoint: { kind: 'route', name: 'GET', urlPath: '/api/posts', actionForm: undefined },
    refused: /already a route handler/,
  },
];

void describe('convert to route handler', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const files = new Map(Object.entries({ 'tsconfig.json': TSCONFIG, 'auth.ts': AUTH_TS, ...item.files }));
      const result = convert(item, files);
      if (item.refused) {
        assert.equal(result.ok, false, 'refused');
        assert.match(result.ok ? '' : result.reason, item.refused);
        return;
      }
      assert.ok(result.ok, result.ok ? '' : result.reason);
      const after = applyChanges(result.changes);
      assert.deepEqual(Object.fromEntries(after), item.expected);
      assertParses(after);
      assert.equal(result.open, [...after.keys()].find((file) => file.endsWith('/route.ts') || file.endsWith('/route.js')), 'the new route is opened');
      // Nothing is overwritten: every created file was absent, and converting again is refused.
      for (const change of result.changes) if (change.kind === 'create') assert.equal(files.get(change.file), undefined, `${change.file} did not exist`);
      const again = new Map(files);
      for (const [file, text] of after) again.set(file, text);
      const second = convert(item, again);
      assert.equal(second.ok, false, 'a second conversion is refused');
      assert.match(second.ok ? '' : second.reason, /already exists; Next Boundary never overwrites/);
    });
  }
});

function readTree(root: string, dir = root, files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) readTree(root, path, files);
    else files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

void describe('convert to route handler over a scanned app (test/fixtures/convert-app)', async () => {
  const result = await scanFixture('convert-app');
  const files = readTree(join(fixturesDir, 'convert-app'));
  const index = indexProject(result.apps[0], files);
  const ACTIONS = 'app/projects/actions.ts';

  void test('createProject: its own guard (from the evidence), its schema, its revalidation; the action calls the same lib function', () => {
    const create = endpointIn(result, ACTIONS, 'createProject');
    assert.equal(create.auth, 'protected');
    const converted = convertToRouteHandler({ text: files.get(ACTIONS)!, endpoint: create, endpoints: result.endpoints, index });
    assert.ok(converted.ok, converted.ok ? '' : converted.reason);
    const after = applyChanges(converted.changes);
    assert.deepEqual(Object.fromEntries(after), {
      'app/projects/actions.ts': lines(
        "'use server';",
        '',
        "import { revalidatePath } from 'next/cache';",
        "import { auth } from '@/auth';",
        "import { db } from '@/lib/db';",
        "import { projectSchema } from '@/lib/validations';",
        "import * as projects from '@/lib/projects';",
        '',
        'export async function createProject(formData: FormData) {',
        '  const session = await auth();',
        "  if (!session?.user) throw new Error('Unauthorized');",
        '',
        "  const parsed = projectSchema.safeParse({ name: formData.get('name'), description: formData.get('description') ?? undefined });",
        "  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Invalid project' };",
        '',
        '  const project = await projects.createProject({ data: parsed.data }, session.user.id);',
        '',
        "  revalidatePath('/projects');",
        '  return { ok: true, id: project.id };',
        '}',
        '',
        'export async function exportProjects() {',
        '  const session = await auth();',
        "  if (!session?.user) throw new Error('Unauthorized');",
        '  return db.project.findMany({ where: { ownerId: session.user.id } });',
        '}',
        '',
      ),
      'lib/projects.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        "import type { projectSchema } from '@/lib/validations';",
        "import type { z } from 'zod';",
        '',
        'export interface CreateProjectInput {',
        '  data: z.infer<typeof projectSchema>;',
        '}',
        '',
        'export async function createProject({ data }: CreateProjectInput, userId: string) {',
        '  const project = await db.project.create({ data: { ...data, ownerId: userId } });',
        '  return project;',
        '}',
        '',
      ),
      'app/api/create-project/route.ts': lines(
        "import { auth } from '@/auth';",
        "import { projectSchema } from '@/lib/validations';",
        "import { revalidatePath } from 'next/cache';",
        "import { createProject } from '@/lib/projects';",
        '',
        '/** createProject for callers outside the app: same logic as the Server Action (createProject in lib/projects.ts). */',
        'export async function POST(request: Request) {',
        '  const session = await auth();',
        '  if (!session?.user || !session.user.id) {',
        "    return Response.json({ error: 'Unauthorized' }, { status: 401 });",
        '  }',
        '',
        '  const body = await readBody(request);',
        '  if (!body) {',
        "    return badRequest('Expected a JSON object or form data');",
        '  }',
        '  const parsedData = projectSchema.safeParse(body);',
        '  if (!parsedData.success) {',
        "    return badRequest(parsedData.error.issues[0]?.message ?? 'data is not valid');",
        '  }',
        '  const data = parsedData.data;',
        '',
        '  const project = await createProject({ data }, session.user.id);',
        "  revalidatePath('/projects');",
        '  return Response.json(project, { status: 201 });',
        '}',
        '',
        '/** The body as an object: JSON, or form fields (a repeated field becomes a list); undefined when it is neither. */',
        'async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {',
        "  const contentType = request.headers.get('content-type') ?? '';",
        '  try {',
        "    if (contentType.includes('multipart/form-data') || contentType.includes('application/x-www-form-urlencoded')) {",
        '      const form = await request.formData();',
        '      const body: Record<string, unknown> = {};',
        '      form.forEach((value, key) => {',
        '        const previous = body[key];',
        '        body[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];',
        '      });',
        '      return body;',
        '    }',
        '    const json: unknown = await request.json();',
        "    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;",
        '  } catch {',
        '    return undefined;',
        '  }',
        '}',
        '',
        'function badRequest(message: string): Response {',
        '  return Response.json({ error: message }, { status: 400 });',
        '}',
        '',
      ),
    });
    assertParses(after);
  });

  void test('exportProjects: a page at app/api/export-projects is never replaced', () => {
    const exporter = endpointIn(result, ACTIONS, 'exportProjects');
    const converted = convertToRouteHandler({ text: files.get(ACTIONS)!, endpoint: exporter, endpoints: result.endpoints, index });
    assert.equal(converted.ok, false);
    assert.match(converted.ok ? '' : converted.reason, /^app\/api\/export-projects\/page\.tsx already exists; Next Boundary never overwrites a route/);
  });
});

void describe('the "→ Route Handler" lens', () => {
  void test('a Server Action advised to move (it looks like a webhook) gets it when the lens provider asks for refactors, after its other lenses', () => {
    const webhook = { ruleId: 'webhook-as-action', severity: 'warning' as const, message: 'This Server Action looks like a webhook.', file: 'app/actions.ts', line: 3 };
    const action = makeEndpoint({ callers: [{ file: 'app/page.tsx', line: 3, how: 'form-action' }], findings: [webhook] });
    assert.deepEqual(lensSlots(action, { refactors: true }), [{ part: 'summary' }, { part: 'callers' }, { part: 'finding', ruleId: 'webhook-as-action' }, { part: 'convert' }]);
    assert.equal(lensTitle(action, { part: 'convert' }), '→ Route Handler');
    // The joined line (tests, output log) stays the endpoint's own lenses.
    assert.ok(!lensLine(action).includes('Route Handler'), lensLine(action));
  });

  void test('never on a route, an inline action, or without the refactors option', () => {
    assert.deepEqual(lensSlots(makeRoute(), { refactors: true }), [{ part: 'summary' }]);
    assert.deepEqual(lensSlots(makeEndpoint({ actionForm: 'inline', name: 'inline@12' }), { refactors: true }), [{ part: 'summary' }]);
    assert.deepEqual(lensSlots(makeEndpoint()), [{ part: 'summary' }]);
    // Nor on an action nothing advises moving: the command stays in its code-action menu.
    assert.deepEqual(lensSlots(makeEndpoint(), { refactors: true }), [{ part: 'summary' }]);
    assert.equal(lensTitle(makeRoute(), { part: 'convert' }), undefined);
  });
});
