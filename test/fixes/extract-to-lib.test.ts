/**
 * "Extract to /lib": table-driven, with the full text of every file the refactor changes or creates. Every
 * result parses, and extracting again from the result is refused (the action already calls lib).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoint, NextApp } from '../../src/analyzers/model';
import { applyChanges, endpointSpan, extractToLib, refactorAvailability } from '../../src/fixes/extract-to-lib';
import { indexProject } from '../../src/fixes/project';
import { parseSource, syntaxErrors } from '../../src/fixes/source';
import { lines } from './harness';

const TSCONFIG = '{\n  // comments are allowed here\n  "compilerOptions": { "strict": true, "paths": { "@/*": ["./*"] } }\n}\n';

interface Case {
  name: string;
  /** The app's files; the first one is the endpoint's file. */
  files: Record<string, string>;
  endpoint: Partial<Endpoint> & { name: string };
  app?: Partial<NextApp>;
  /** Every changed or created file's text afterwards. */
  expected?: Record<string, string>;
  /** Or: the refusal. */
  refused?: RegExp;
}

function run(item: Case, files: Map<string, string>) {
  const [file] = Object.keys(item.files);
  const app: NextApp = { root: '', name: 'app', appDir: 'app', authLibraries: ['next-auth'], ...item.app };
  const index = indexProject(app, files);
  const endpoint = { kind: 'action' as const, file, line: 1, app: '', actionForm: 'file' as const, ...item.endpoint };
  return extractToLib({ text: files.get(endpoint.file)!, endpoint, index });
}

function filesOf(item: Case): Map<string, string> {
  return new Map(Object.entries({ 'tsconfig.json': TSCONFIG, ...item.files }));
}

const cases: Case[] = [
  {
    name: "'use server' action: FormData reads become typed fields, the session's id a parameter; auth and revalidation stay",
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
        '',
        '  // Drafts stay private until published.',
        '  await db.post.create({',
        '    data: {',
        "      title: formData.get('title') as string,",
        "      published: formData.get('published') === 'on',",
        '      authorId: session.user.id,',
        '    },',
        '  });',
        '',
        "  revalidatePath('/posts');",
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
        '',
        '  await posts.createPost(',
        "    { title: formData.get('title') as string, published: formData.get('published') },",
        '    session.user.id,',
        '  );',
        '',
        "  revalidatePath('/posts');",
        '}',
        '',
      ),
      'lib/posts.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface CreatePostInput {',
        '  title: string;',
        '  published: FormDataEntryValue | null;',
        '}',
        '',
        'export async function createPost({ title, published }: CreatePostInput, userId: string) {',
        '  // Drafts stay private until published.',
        '  await db.post.create({',
        '    data: {',
        '      title,',
        "      published: published === 'on',",
        '      authorId: userId,',
        '    },',
        '  });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'prefix variables and validation stay; a result the redirect needs comes back',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        '',
        "import { redirect } from 'next/navigation';",
        "import { auth } from '@/auth';",
        "import { db } from '@/lib/db';",
        "import { slugify } from '@/lib/slug';",
        '',
        'export async function publishPost(_state: unknown, formData: FormData) {',
        '  const session = await auth();',
        "  if (!session?.user?.id) return { error: 'Sign in first' };",
        "  const title = String(formData.get('title') ?? '').trim();",
        "  const views = Number(formData.get('views'));",
        "  if (!title) return { error: 'Title is required' };",
        '',
        '  const post = await db.post.create({ data: { title, slug: slugify(title), views, authorId: session.user.id } });',
        '  await db.activity.create({ data: { postId: post.id } });',
        '',
        '  redirect(`/posts/${post.slug}`);',
        '}',
        '',
      ),
    },
    endpoint: { name: 'publishPost' },
    expected: {
      'app/posts/actions.ts': lines(
        "'use server';",
        '',
        "import { redirect } from 'next/navigation';",
        "import { auth } from '@/auth';",
        "import * as posts from '@/lib/posts';",
        '',
        'export async function publishPost(_state: unknown, formData: FormData) {',
        '  const session = await auth();',
        "  if (!session?.user?.id) return { error: 'Sign in first' };",
        "  const title = String(formData.get('title') ?? '').trim();",
        "  const views = Number(formData.get('views'));",
        "  if (!title) return { error: 'Title is required' };",
        '',
        '  const post = await posts.publishPost({ title, views }, session.user.id);',
        '',
        '  redirect(`/posts/${post.slug}`);',
        '}',
        '',
      ),
      'lib/posts.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        "import { slugify } from '@/lib/slug';",
        '',
        'export interface PublishPostInput {',
        '  title: string;',
        '  views: number;',
        '}',
        '',
        'export async function publishPost({ title, views }: PublishPostInput, userId: string) {',
        '  const post = await db.post.create({ data: { title, slug: slugify(title), views, authorId: userId } });',
        '  await db.activity.create({ data: { postId: post.id } });',
        '  return post;',
        '}',
        '',
      ),
    },
  },
  {
    name: "next-safe-action client: the inner function's body moves, parsedInput is the typed input, ctx.user.id the user",
    files: {
      'app/account/actions.ts': lines(
        "'use server';",
        '',
        "import { revalidatePath } from 'next/cache';",
        "import { db } from '@/lib/db';",
        "import { authActionClient } from '@/lib/safe-action';",
        "import { profileSchema } from '@/lib/validations';",
        '',
        'export const updateProfile = authActionClient.inputSchema(profileSchema).action(async ({ parsedInput, ctx }) => {',
        '  await db.user.update({ where: { id: ctx.user.id }, data: parsedInput });',
        "  revalidatePath('/account');",
        '  return { ok: true };',
        '});',
        '',
      ),
    },
    endpoint: { name: 'updateProfile' },
    expected: {
      'app/account/actions.ts': lines(
        "'use server';",
        '',
        "import { revalidatePath } from 'next/cache';",
        "import { authActionClient } from '@/lib/safe-action';",
        "import { profileSchema } from '@/lib/validations';",
        "import * as account from '@/lib/account';",
        '',
        'export const updateProfile = authActionClient.inputSchema(profileSchema).action(async ({ parsedInput, ctx }) => {',
        '  await account.updateProfile(parsedInput, ctx.user.id);',
        "  revalidatePath('/account');",
        '  return { ok: true };',
        '});',
        '',
      ),
      'lib/account.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        "import type { profileSchema } from '@/lib/validations';",
        "import type { z } from 'zod';",
        '',
        'export type UpdateProfileInput = z.infer<typeof profileSchema>;',
        '',
        'export async function updateProfile(input: UpdateProfileInput, userId: string) {',
        '  await db.user.update({ where: { id: userId }, data: input });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'route handler: the JSON body becomes the input, the response stays',
    files: {
      'app/api/projects/route.ts': lines(
        "import { NextResponse } from 'next/server';",
        "import { z } from 'zod';",
        "import { auth } from '@/auth';",
        "import { db } from '@/lib/db';",
        '',
        'const projectSchema = z.object({ name: z.string().min(1), color: z.enum([\'red\', \'blue\']).optional() });',
        '',
        'export async function POST(request: Request) {',
        '  const session = await auth();',
        '  if (!session?.user) {',
        "    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });",
        '  }',
        '  const { name, color } = projectSchema.parse(await request.json());',
        '  const project = await db.project.create({ data: { name, color, ownerId: session.user.id } });',
        '  return NextResponse.json(project, { status: 201 });',
        '}',
        '',
      ),
    },
    endpoint: { kind: 'route', name: 'POST', urlPath: '/api/projects', actionForm: undefined },
    expected: {
      'app/api/projects/route.ts': lines(
        "import { NextResponse } from 'next/server';",
        "import { z } from 'zod';",
        "import { auth } from '@/auth';",
        "import * as projects from '@/lib/projects';",
        '',
        "const projectSchema = z.object({ name: z.string().min(1), color: z.enum(['red', 'blue']).optional() });",
        '',
        'export async function POST(request: Request) {',
        '  const session = await auth();',
        '  if (!session?.user) {',
        "    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });",
        '  }',
        '  const { name, color } = projectSchema.parse(await request.json());',
        '  const project = await projects.createProject({ name, color }, session.user.id);',
        '  return NextResponse.json(project, { status: 201 });',
        '}',
        '',
      ),
      'lib/projects.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface CreateProjectInput {',
        '  name: string;',
        "  color?: 'red' | 'blue';",
        '}',
        '',
        'export async function createProject({ name, color }: CreateProjectInput, userId: string) {',
        '  const project = await db.project.create({ data: { name, color, ownerId: userId } });',
        '  return project;',
        '}',
        '',
      ),
    },
  },
  {
    name: 'route handler with params: the awaited id is a field; a read returned in the response is lifted out of it',
    files: {
      'app/api/projects/[id]/route.ts': lines(
        "import { auth } from '@/auth';",
        "import { db } from '@/lib/db';",
        '',
        'export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {',
        '  const session = await auth();',
        "  if (!session?.user) return new Response('Unauthorized', { status: 401 });",
        '  const { id } = await params;',
        '  return Response.json(await db.project.findFirst({ where: { id, ownerId: session.user.id } }));',
        '}',
        '',
      ),
    },
    endpoint: { kind: 'route', name: 'GET', urlPath: '/api/projects/[id]', actionForm: undefined },
    expected: {
      'app/api/projects/[id]/route.ts': lines(
        "import { auth } from '@/auth';",
        "import * as projects from '@/lib/projects';",
        '',
        'export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {',
        '  const session = await auth();',
        "  if (!session?.user) return new Response('Unauthorized', { status: 401 });",
        '  const { id } = await params;',
        '  return Response.json(await projects.getProject({ id }, session.user.id));',
        '}',
        '',
      ),
      'lib/projects.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface GetProjectInput {',
        '  id: string;',
        '}',
        '',
        'export async function getProject({ id }: GetProjectInput, userId: string) {',
        '  return await db.project.findFirst({ where: { id, ownerId: userId } });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'export default async function: named after the function',
    files: {
      'app/feedback/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        'export default async function sendFeedback(formData: FormData) {',
        "  await db.feedback.create({ data: { message: formData.get('message') as string } });",
        '}',
        '',
      ),
    },
    endpoint: { name: 'default' },
    expected: {
      'app/feedback/actions.ts': lines(
        "'use server';",
        "import * as feedback from '@/lib/feedback';",
        'export default async function sendFeedback(formData: FormData) {',
        "  await feedback.sendFeedback({ message: formData.get('message') as string });",
        '}',
        '',
      ),
      'lib/feedback.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface SendFeedbackInput {',
        '  message: string;',
        '}',
        '',
        'export async function sendFeedback({ message }: SendFeedbackInput) {',
        '  await db.feedback.create({ data: { message } });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'arrow export with a plain parameter, and an arrow with an expression body',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        "import { requireUser } from '@/lib/auth';",
        '',
        'export const deletePostAction = async (postId: string) => {',
        '  const user = await requireUser();',
        '  await db.post.delete({ where: { id: postId, authorId: user.id } });',
        '};',
        '',
        'export const countPosts = async (authorId: string) => db.post.count({ where: { authorId } });',
        '',
      ),
    },
    endpoint: { name: 'deletePostAction' },
    expected: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        "import { requireUser } from '@/lib/auth';",
        "import * as posts from '@/lib/posts';",
        '',
        'export const deletePostAction = async (postId: string) => {',
        '  const user = await requireUser();',
        '  await posts.deletePost({ postId }, user.id);',
        '};',
        '',
        'export const countPosts = async (authorId: string) => db.post.count({ where: { authorId } });',
        '',
      ),
      'lib/posts.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface DeletePostInput {',
        '  postId: string;',
        '}',
        '',
        'export async function deletePost({ postId }: DeletePostInput, userId: string) {',
        '  await db.post.delete({ where: { id: postId, authorId: userId } });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'an expression-bodied arrow: the body becomes the call',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        '',
        'export const countPosts = async (authorId: string) => db.post.count({ where: { authorId } });',
        '',
      ),
    },
    endpoint: { name: 'countPosts' },
    expected: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import * as posts from '@/lib/posts';",
        '',
        'export const countPosts = async (authorId: string) => posts.countPosts({ authorId });',
        '',
      ),
      'lib/posts.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface CountPostsInput {',
        '  authorId: string;',
        '}',
        '',
        'export async function countPosts({ authorId }: CountPostsInput) {',
        '  return db.post.count({ where: { authorId } });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'CRLF line endings and tab indentation are kept in both files',
    files: {
      'app/todos/actions.ts': [
        "'use server';",
        "import { revalidatePath } from 'next/cache';",
        "import { auth } from '@clerk/nextjs/server';",
        "import { db } from '@/lib/db';",
        '',
        'export async function addTodo(formData: FormData) {',
        '\tconst { userId } = await auth();',
        "\tif (!userId) throw new Error('Unauthorized');",
        '\tawait db.todo.create({',
        "\t\tdata: { text: String(formData.get('text')), userId },",
        '\t});',
        "\trevalidatePath('/todos');",
        '}',
        '',
      ].join('\r\n'),
    },
    endpoint: { name: 'addTodo' },
    app: { authLibraries: ['@clerk/nextjs'] },
    expected: {
      'app/todos/actions.ts': [
        "'use server';",
        "import { revalidatePath } from 'next/cache';",
        "import { auth } from '@clerk/nextjs/server';",
        "import * as todos from '@/lib/todos';",
        '',
        'export async function addTodo(formData: FormData) {',
        '\tconst { userId } = await auth();',
        "\tif (!userId) throw new Error('Unauthorized');",
        "\tawait todos.addTodo({ text: String(formData.get('text')) }, userId);",
        "\trevalidatePath('/todos');",
        '}',
        '',
      ].join('\r\n'),
      'lib/todos.ts': [
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface AddTodoInput {',
        '\ttext: string;',
        '}',
        '',
        'export async function addTodo({ text }: AddTodoInput, userId: string) {',
        '\tawait db.todo.create({',
        '\t\tdata: { text, userId },',
        '\t});',
        '}',
        '',
      ].join('\r\n'),
    },
  },
  {
    name: 'logic inside try/catch: the try keeps its catch, the logic moves',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { revalidateTag } from 'next/cache';",
        "import { db } from '@/lib/db';",
        "import { getCurrentUser } from '@/lib/session';",
        '',
        'export async function archivePost(id: string) {',
        '  const user = await getCurrentUser();',
        "  if (!user) return { ok: false, error: 'Unauthorized' };",
        '  try {',
        '    await db.post.update({ where: { id, authorId: user.id }, data: { archived: true } });',
        "    revalidateTag('posts');",
        '  } catch {',
        "    return { ok: false, error: 'Could not archive' };",
        '  }',
        '  return { ok: true };',
        '}',
        '',
      ),
    },
    endpoint: { name: 'archivePost' },
    expected: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { revalidateTag } from 'next/cache';",
        "import { getCurrentUser } from '@/lib/session';",
        "import * as posts from '@/lib/posts';",
        '',
        'export async function archivePost(id: string) {',
        '  const user = await getCurrentUser();',
        "  if (!user) return { ok: false, error: 'Unauthorized' };",
        '  try {',
        '    await posts.archivePost({ id }, user.id);',
        "    revalidateTag('posts');",
        '  } catch {',
        "    return { ok: false, error: 'Could not archive' };",
        '  }',
        '  return { ok: true };',
        '}',
        '',
      ),
      'lib/posts.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface ArchivePostInput {',
        '  id: string;',
        '}',
        '',
        'export async function archivePost({ id }: ArchivePostInput, userId: string) {',
        '  await db.post.update({ where: { id, authorId: userId }, data: { archived: true } });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'Supabase: the client the guard uses is created again in lib',
    files: {
      'app/notes/actions.ts': lines(
        "'use server';",
        "import { revalidatePath } from 'next/cache';",
        "import { createClient } from '@/utils/supabase/server';",
        '',
        'export async function addNote(formData: FormData) {',
        '  const supabase = await createClient();',
        '  const {',
        '    data: { user },',
        '  } = await supabase.auth.getUser();',
        "  if (!user) throw new Error('Unauthorized');",
        "  const { error } = await supabase.from('notes').insert({ body: formData.get('body') as string, user_id: user.id });",
        '  if (error) throw error;',
        "  revalidatePath('/notes');",
        '}',
        '',
      ),
    },
    endpoint: { name: 'addNote' },
    app: { authLibraries: ['@supabase/ssr'] },
    expected: {
      'app/notes/actions.ts': lines(
        "'use server';",
        "import { revalidatePath } from 'next/cache';",
        "import { createClient } from '@/utils/supabase/server';",
        "import * as notes from '@/lib/notes';",
        '',
        'export async function addNote(formData: FormData) {',
        '  const supabase = await createClient();',
        '  const {',
        '    data: { user },',
        '  } = await supabase.auth.getUser();',
        "  if (!user) throw new Error('Unauthorized');",
        "  await notes.addNote({ body: formData.get('body') as string }, user.id);",
        "  revalidatePath('/notes');",
        '}',
        '',
      ),
      'lib/notes.ts': lines(
        "import 'server-only';",
        "import { createClient } from '@/utils/supabase/server';",
        '',
        'export interface AddNoteInput {',
        '  body: string;',
        '}',
        '',
        'export async function addNote({ body }: AddNoteInput, userId: string) {',
        '  const supabase = await createClient();',
        "  const { error } = await supabase.from('notes').insert({ body, user_id: userId });",
        '  if (error) throw error;',
        '}',
        '',
      ),
    },
  },
  {
    name: 'an existing lib file is appended to: its imports merged, server-only added, a name a local takes numbered',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        "import { notify } from '@/lib/notify';",
        '',
        'export async function createPost(title: string) {',
        '  const post = await db.post.create({ data: { title } });',
        '  await notify(post.id);',
        '}',
        '',
      ),
      'lib/posts.ts': lines(
        '// Post queries shared by pages and actions.',
        "import { db } from '@/lib/db';",
        '',
        'async function createPost(title: string) {',
        '  return db.post.create({ data: { title } });',
        '}',
      ),
    },
    endpoint: { name: 'createPost' },
    expected: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import * as posts from '@/lib/posts';",
        '',
        'export async function createPost(title: string) {',
        '  await posts.createPost2({ title });',
        '}',
        '',
      ),
      'lib/posts.ts': lines(
        '// Post queries shared by pages and actions.',
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        "import { notify } from '@/lib/notify';",
        '',
        'async function createPost(title: string) {',
        '  return db.post.create({ data: { title } });',
        '}',
        '',
        'export interface CreatePost2Input {',
        '  title: string;',
        '}',
        '',
        'export async function createPost2({ title }: CreatePost2Input) {',
        '  const post = await db.post.create({ data: { title } });',
        '  await notify(post.id);',
        '}',
        '',
      ),
    },
  },
  {
    name: 'an app under src/: src/lib, imported through its alias',
    files: {
      'src/app/(shop)/orders/[id]/actions.ts': lines(
        "'use server';",
        "import { db } from '@/server/db';",
        '',
        'export async function cancelOrder(orderId: string, reason?: string) {',
        "  await db.order.update({ where: { id: orderId }, data: { status: 'cancelled', reason } });",
        '}',
        '',
      ),
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
    },
    endpoint: { name: 'cancelOrder' },
    app: { appDir: 'src/app' },
    expected: {
      'src/app/(shop)/orders/[id]/actions.ts': lines(
        "'use server';",
        "import * as orders from '@/lib/orders';",
        '',
        'export async function cancelOrder(orderId: string, reason?: string) {',
        '  await orders.cancelOrder({ orderId, reason });',
        '}',
        '',
      ),
      'src/lib/orders.ts': lines(
        "import 'server-only';",
        "import { db } from '@/server/db';",
        '',
        'export interface CancelOrderInput {',
        '  orderId: string;',
        '  reason?: string;',
        '}',
        '',
        'export async function cancelOrder({ orderId, reason }: CancelOrderInput) {',
        "  await db.order.update({ where: { id: orderId }, data: { status: 'cancelled', reason } });",
        '}',
        '',
      ),
    },
  },
  {
    name: 'no alias: relative imports, re-pointed from the new file',
    files: {
      'app/actions.js': lines(
        "'use server';",
        "import { db } from '../db/client';",
        '',
        'export async function subscribe(formData) {',
        "  await db.subscriber.create({ data: { email: formData.get('email') } });",
        '}',
        '',
      ),
      'tsconfig.json': '{}',
    },
    endpoint: { name: 'subscribe' },
    expected: {
      'app/actions.js': lines(
        "'use server';",
        "import * as data from '../lib/data';",
        '',
        'export async function subscribe(formData) {',
        "  await data.subscribe({ email: formData.get('email') });",
        '}',
        '',
      ),
      'lib/data.js': lines(
        "import 'server-only';",
        "import { db } from '../db/client';",
        '',
        'export async function subscribe({ email }) {',
        '  await db.subscriber.create({ data: { email } });',
        '}',
        '',
      ),
    },
  },
  {
    name: "a route's query: searchParams.get('q') becomes a field like a form read",
    files: {
      'app/api/search/route.ts': lines(
        "import type { NextRequest } from 'next/server';",
        "import { db } from '@/lib/db';",
        '',
        'export async function GET(request: NextRequest) {',
        '  const { searchParams } = new URL(request.url);',
        "  const items = await db.item.findMany({ where: { name: { contains: searchParams.get('q') ?? '' } }, take: Number(searchParams.get('limit') ?? 20) });",
        '  return Response.json(items);',
        '}',
        '',
      ),
    },
    endpoint: { kind: 'route', name: 'GET', urlPath: '/api/search', actionForm: undefined },
    expected: {
      'app/api/search/route.ts': lines(
        "import type { NextRequest } from 'next/server';",
        "import * as search from '@/lib/search';",
        '',
        'export async function GET(request: NextRequest) {',
        '  const { searchParams } = new URL(request.url);',
        "  const items = await search.getSearch({ q: searchParams.get('q'), limit: searchParams.get('limit') });",
        '  return Response.json(items);',
        '}',
        '',
      ),
      'lib/search.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface GetSearchInput {',
        '  q: string | null;',
        '  limit: string | null;',
        '}',
        '',
        'export async function getSearch({ q, limit }: GetSearchInput) {',
        "  const items = await db.item.findMany({ where: { name: { contains: q ?? '' } }, take: Number(limit ?? 20) });",
        '  return items;',
        '}',
        '',
      ),
    },
  },
  {
    name: 'a local function exported under another name (`export { remove as deletePost }`)',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        '',
        'async function remove({ id }: { id: string }) {',
        '  await db.post.delete({ where: { id } });',
        '}',
        '',
        'export { remove as deletePost };',
        '',
      ),
    },
    endpoint: { name: 'deletePost' },
    expected: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import * as posts from '@/lib/posts';",
        '',
        'async function remove({ id }: { id: string }) {',
        '  await posts.deletePost({ id });',
        '}',
        '',
        'export { remove as deletePost };',
        '',
      ),
      'lib/posts.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface DeletePostInput {',
        '  id: string;',
        '}',
        '',
        'export async function deletePost({ id }: DeletePostInput) {',
        '  await db.post.delete({ where: { id } });',
        '}',
        '',
      ),
    },
  },
  {
    // Found by the fuzz suite: the whole line went, and the next/cache import with it.
    name: 'an import the logic took along shares its line with another: only it is removed',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db'; import { revalidatePath } from 'next/cache';",
        '',
        'export async function pinPost(id: string) {',
        '  await db.post.update({ where: { id }, data: { pinned: true } });',
        "  revalidatePath('/posts');",
        '}',
        '',
      ),
    },
    endpoint: { name: 'pinPost' },
    expected: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { revalidatePath } from 'next/cache';",
        "import * as posts from '@/lib/posts';",
        '',
        'export async function pinPost(id: string) {',
        '  await posts.pinPost({ id });',
        "  revalidatePath('/posts');",
        '}',
        '',
      ),
      'lib/posts.ts': lines(
        "import 'server-only';",
        "import { db } from '@/lib/db';",
        '',
        'export interface PinPostInput {',
        '  id: string;',
        '}',
        '',
        'export async function pinPost({ id }: PinPostInput) {',
        '  await db.post.update({ where: { id }, data: { pinned: true } });',
        '}',
        '',
      ),
    },
  },
  {
    name: 'refused: the logic returns early',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        'export async function likePost(id: string) {',
        '  const post = await db.post.findUnique({ where: { id } });',
        "  if (!post) return { error: 'Not found' };",
        '  await db.like.create({ data: { postId: id } });',
        '}',
      ),
    },
    endpoint: { name: 'likePost' },
    refused: /returns early \(line 5\)/,
  },
  {
    name: 'refused: a helper declared in the action file',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { db } from '@/lib/db';",
        'const normalize = (title: string) => title.trim();',
        'export async function renamePost(id: string, title: string) {',
        '  await db.post.update({ where: { id }, data: { title: normalize(title) } });',
        '}',
      ),
    },
    endpoint: { name: 'renamePost' },
    refused: /`normalize`, declared in this file \(line 3\)/,
  },
  {
    name: "refused: the lib file is a 'use server' module",
    files: {
      'app/posts/actions.ts': lines("'use server';", "import { db } from '@/lib/db';", 'export async function hidePost(id: string) {', '  await db.post.update({ where: { id }, data: { hidden: true } });', '}'),
      'lib/posts.ts': lines("'use server';", 'export async function other() {}'),
    },
    endpoint: { name: 'hidePost' },
    refused: /lib\/posts\.ts is a 'use server' module/,
  },
  {
    name: 'refused: nothing but auth and revalidation',
    files: {
      'app/posts/actions.ts': lines(
        "'use server';",
        "import { revalidatePath } from 'next/cache';",
        "import { auth } from '@/auth';",
        'export async function refreshPosts() {',
        '  const session = await auth();',
        "  if (!session) throw new Error('Unauthorized');",
        "  revalidatePath('/posts');",
        '}',
      ),
    },
    endpoint: { name: 'refreshPosts' },
    refused: /no logic to extract/,
  },
  {
    name: 'refused: a route whose logic reads the request itself',
    files: {
      'app/api/upload/route.ts': lines(
        "import { storage } from '@/lib/storage';",
        'export async function POST(request: Request) {',
        "  await storage.put('upload', await request.arrayBuffer());",
        "  return Response.json({ ok: true });",
        '}',
      ),
    },
    endpoint: { kind: 'route', name: 'POST', urlPath: '/api/upload', actionForm: undefined },
    refused: /reads `request` itself \(line 3\)/,
  },
  {
    // Found by the fuzz suite: lib/og.ts was created holding the JSX, and did not parse.
    name: 'refused: a route whose logic renders JSX (a lib .ts file cannot hold it)',
    files: {
      'app/og/route.tsx': lines(
        "import { ImageResponse } from 'next/og';",
        'export async function GET(request: Request) {',
        "  const title = new URL(request.url).searchParams.get('title') ?? 'Projects';",
        '  return new ImageResponse(<div style={{ fontSize: 64 }}>{title}</div>, { width: 1200, height: 630 });',
        '}',
      ),
    },
    endpoint: { kind: 'route', name: 'GET', urlPath: '/og', actionForm: undefined },
    refused: /renders JSX/,
  },
  {
    name: 'refused: an inline action',
    files: { 'app/page.tsx': lines('export default function Page() {', '  async function save() {', "    'use server';", '  }', '  return <form action={save} />;', '}') },
    endpoint: { name: 'save', actionForm: 'inline', line: 2 },
    refused: /inline Server Actions/,
  },
  {
    name: 'refused: lib/posts.js exists beside the lib/posts.ts it would create',
    files: {
      'app/posts/actions.ts': lines("'use server';", "import { db } from '@/lib/db';", 'export async function pinPost(id: string) {', '  await db.post.update({ where: { id }, data: { pinned: true } });', '}'),
      'lib/posts.js': 'export const x = 1;\n',
    },
    endpoint: { name: 'pinPost' },
    refused: /lib\/posts\.js exists/,
  },
];

void describe('extract to /lib', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const files = filesOf(item);
      const result = run(item, files);
      if (item.refused) {
        assert.equal(result.ok, false, 'refused');
        assert.match(result.ok ? '' : result.reason, item.refused);
        return;
      }
      assert.ok(result.ok, result.ok ? '' : result.reason);
      const after = applyChanges(result.changes);
      assert.deepEqual(Object.fromEntries(after), item.expected);
      for (const [file, text] of after) {
        const errors = syntaxErrors(parseSource(text, file)).map((diagnostic) => diagnostic.messageText);
        assert.deepEqual(errors, [], `${file} parses`);
      }
      // Once more on the result: the action now only calls lib.
      const again = new Map(files);
      for (const [file, text] of after) again.set(file, text);
      const second = run(item, again);
      assert.equal(second.ok, false, 'a second extraction is refused');
      assert.match(second.ok ? '' : second.reason, /already holds the logic|no logic to extract/);
    });
  }
});


void describe('which refactors the editor offers (one parse of the file, no project read)', () => {
  const actions = lines(
    "'use server';",
    "import { db } from '@/lib/db';",
    "import * as posts from '@/lib/posts';",
    'export async function createPost(title: string) {',
    '  await db.post.create({ data: { title } });',
    '}',
    'export async function publishPost(id: string) {',
    '  await posts.publishPost({ id });',
    '}',
    'export async function broken(id: string) {',
    '  const post = await db.post.findUnique({ where: { id } });',
    "  if (!post) return { error: 'Not found' };",
    '  await db.post.delete({ where: { id } });',
    '}',
    '',
  );
  const action = (name: string) => ({ kind: 'action' as const, name, file: 'app/posts/actions.ts', line: 1, actionForm: 'file' as const });

  const table: { name: string; endpoint: Parameters<typeof refactorAvailability>[1]; text?: string; extract?: RegExp; convert?: RegExp }[] = [
    { name: 'an action with its logic: both', endpoint: action('createPost') },
    { name: 'an action that already calls lib: convert only', endpoint: action('publishPost'), extract: /publishPost\(\) from '@\/lib\/posts' already holds the logic/ },
    { name: 'logic that returns early: neither, with the reason', endpoint: action('broken'), extract: /returns early \(line 12\)/, convert: /returns early/ },
    { name: 'a route handler: extract only', endpoint: { kind: 'route', name: 'GET', file: 'app/api/posts/route.ts', line: 1 }, text: "import { db } from '@/lib/db';\nexport async function GET() {\n  return Response.json(await db.post.findMany());\n}\n", convert: /already a route handler/ },
    { name: 'an inline action: neither', endpoint: { ...action('inline@2'), actionForm: 'inline' }, extract: /inline Server Actions/, convert: /inline Server Actions/ },
    { name: 'a file with syntax errors: neither', endpoint: action('createPost'), text: 'export async function createPost( {', extract: /syntax errors/, convert: /syntax errors/ },
  ];
  for (const row of table) {
    void test(row.name, () => {
      const availability = refactorAvailability(row.text ?? actions, row.endpoint);
      if (row.extract) assert.match(availability.extract ?? '', row.extract);
      else assert.equal(availability.extract, undefined);
      if (row.convert) assert.match(availability.convert ?? '', row.convert);
      else assert.equal(availability.convert, undefined);
    });
  }

  void test('the span of an endpoint: its whole export statement (for "the action under the cursor")', () => {
    const span = endpointSpan(actions, action('publishPost'))!;
    assert.equal(actions.slice(span.start, span.end), 'export async function publishPost(id: string) {\n  await posts.publishPost({ id });\n}');
  });
});
