/**
 * effects.ts and origins.ts: what a call does, and whose it is. Each row is a small action; the expected list is every
 * effect it has as `kind/scope` (../shared/auth-semantics.md, "Effects: kind and scope").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { effectScopes, factsOf, type Files } from './harness';

interface Row {
  name: string;
  files: Files;
  expected: string[];
}

const db = `export const db: any = {};`;

const rows: Row[] = [
  {
    name: 'a preference cookie is the caller-browser only',
    files: { 'a.ts': `import { cookies } from 'next/headers';\nexport async function f(v: string) { (await cookies()).set('theme', v); }` },
    expected: ['cookie/caller-browser'],
  },
  {
    name: 'a write keyed by the id in the caller\'s own cookie is caller-keyed (through a helper in another file)',
    files: {
      'lib/cart.ts': `import { cookies } from 'next/headers';\nexport async function getCartId() { return (await cookies()).get('cartId')?.value; }`,
      'lib/db.ts': db,
      'a.ts': `import { getCartId } from '@/lib/cart';\nimport { db } from '@/lib/db';\nexport async function f(line: string) { const id = await getCartId(); await db.cart.update({ where: { id }, data: { line } }); }`,
    },
    expected: ['database/caller-keyed'],
  },
  {
    name: 'a preference cookie\'s value is no key: a write that only mentions it is shared',
    files: {
      'lib/db.ts': db,
      'a.ts': `import { cookies } from 'next/headers';\nimport { db } from '@/lib/db';\nexport async function f(title: string) { const locale = (await cookies()).get('locale')?.value; await db.post.create({ data: { title, locale } }); }`,
    },
    expected: ['database/shared'],
  },
  {
    name: 'an SDK call forwarding a bearer token from the caller\'s cookie is delegated',
    files: {
      'lib/auth.ts': `import { cookies } from 'next/headers';\nexport async function authHeaders() { const t = (await cookies()).get('_jwt')?.value; if (!t) return {}; return { authorization: \`Bearer \${t}\` }; }`,
      'a.ts': `import { authHeaders } from '@/lib/auth';\nimport { sdk } from '@/lib/sdk';\nexport async function f(data: unknown) { const headers = { ...(await authHeaders()) }; await sdk.store.customer.update(data, {}, headers); }`,
      'lib/sdk.ts': `export const sdk: any = {};`,
    },
    expected: ['database/delegated'],
  },
  {
    name: 'a record opened by a token from the request is token-keyed',
    files: { 'lib/db.ts': db, 'a.ts': `import { db } from '@/lib/db';\nexport async function f(token: string) { await db.subscription.delete({ where: { token } }); }` },
    expected: ['database/token-keyed'],
  },
  {
    name: 'a model call spends the app\'s money, nothing written',
    files: { 'a.ts': `import { generateText } from 'ai';\nexport async function f(prompt: string) { return generateText({ model: 'x', prompt }); }` },
    expected: ['spend/shared'],
  },
  {
    name: 'a method of a paid API\'s client spends; naming a model does not',
    files: { 'a.ts': `import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport async function f(q: string) { const m = openai.getModel?.(); return openai.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: q }] }); }` },
    expected: ['spend/shared'],
  },
  {
    name: 'a fetch of the URL the caller sends is a probe; a fixed host with the caller\'s query is not',
    files: { 'a.ts': `export async function f(url: string, family: string) { await fetch(url); await fetch(\`https://fonts.googleapis.com/css2?family=\${family}\`); }` },
    expected: ['probe/shared'],
  },
  {
    name: 'sign-in changes only the caller\'s sign-in state',
    files: { 'a.ts': `import { signIn } from '@/auth';\nexport async function f(data: FormData) { await signIn('credentials', data); }`, 'auth.ts': `import NextAuth from 'next-auth';\nexport const { auth, signIn, signOut } = NextAuth({ providers: [] });` },
    expected: ['auth-state/caller-browser'],
  },
  {
    name: 'a command-pattern SDK: Get reads, Put writes',
    files: { 'a.ts': `import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nexport async function f(key: string, body: string) { await s3.send(new GetObjectCommand({ Key: key })); const put = new PutObjectCommand({ Key: key, Body: body }); await s3.send(put); }` },
    expected: ['file/shared'],
  },
  {
    name: 'a write verb on a client\'s member chain writes (deleteLineItem), a package namespace\'s builder does not',
    files: { 'a.ts': `import * as ics from 'ics';\nimport { sdk } from '@/lib/sdk';\nexport async function f(id: string) { ics.createEvent({ title: id }); await sdk.store.cart.deleteLineItem(id); }`, 'lib/sdk.ts': `export const sdk: any = {};` },
    expected: ['database/shared'],
  },
  {
    name: 'a bare verb on a client\'s resource writes (documents.delete, paymentMethods.detach, trashThread); a Map\'s delete and a header bag\'s set do not',
    files: { 'a.ts': `import { client } from '@/lib/client';\nexport async function f(id: string, req: Request) { const seen = new Map(); seen.delete(id); req.headers.set('x', id); await client.documents.delete(id); await client.paymentMethods.detach(id); await client.mail.trashThread(id); }`, 'lib/client.ts': `export const client: any = {};` },
    expected: ['database/shared', 'database/shared', 'database/shared'],
  },
  {
    name: 'a state verb on a two-name receiver is not read as a resource\'s (emitter.disable, list.reset)',
    files: { 'a.ts': `import { emitter } from '@/lib/emitter';\nexport async function f() { emitter.disable(); emitter.reset(); }`, 'lib/emitter.ts': `export const emitter: any = {};` },
    expected: [],
  },
  {
    name: 'a helper\'s mode picked by a literal (through a field and a parameter): only that branch\'s effect, here the caller\'s own credential',
    files: { 'lib/auth.ts': `import { cookies } from 'next/headers';\nimport { createAuthClient } from '@acme/auth-sdk';\nfunction storage(jar: any) { return { getItem: (key: string) => jar.get(key)?.value }; }\nexport async function getClient() { const jar = await cookies(); return createAuthClient({ tokens: storage(jar) }); }`, 'lib/gql.ts': `type Mode = 'session' | 'app';\nexport async function send(init: RequestInit, mode: Mode) {\n  if (mode === 'session') {\n    const { getClient } = await import('@/lib/auth');\n    return (await getClient()).fetchWithAuth(process.env.API!, init);\n  }\n  return fetch(process.env.API!, init);\n}\nexport async function run(query: string, options: { mode: Mode }) {\n  const { mode } = options;\n  return send({ method: 'POST', body: JSON.stringify({ query }) }, mode);\n}`, 'a.ts': `import { run } from '@/lib/gql';\nexport async function f(name: string) { return run('mutation Rename { rename { id } }', { mode: 'session' }); }` },
    expected: ['http/delegated'],
  },
  {
    name: 'the other mode: only the app\'s own request, on shared data',
    files: { 'lib/auth.ts': `import { cookies } from 'next/headers';\nimport { createAuthClient } from '@acme/auth-sdk';\nfunction storage(jar: any) { return { getItem: (key: string) => jar.get(key)?.value }; }\nexport async function getClient() { const jar = await cookies(); return createAuthClient({ tokens: storage(jar) }); }`, 'lib/gql.ts': `type Mode = 'session' | 'app';\nexport async function send(init: RequestInit, mode: Mode) {\n  if (mode === 'session') {\n    const { getClient } = await import('@/lib/auth');\n    return (await getClient()).fetchWithAuth(process.env.API!, init);\n  }\n  return fetch(process.env.API!, init);\n}\nexport async function run(query: string, options: { mode: Mode }) {\n  const { mode } = options;\n  return send({ method: 'POST', body: JSON.stringify({ query }) }, mode);\n}`, 'a.ts': `import { run } from '@/lib/gql';\nexport async function f(name: string) { return run('mutation Rename { rename { id } }', { ...{ mode: 'session' as const }, mode: 'app' }); }` },
    expected: ['http/shared'],
  },
  {
    name: 'a mode the call does not decide keeps both branches',
    files: { 'lib/auth.ts': `import { cookies } from 'next/headers';\nimport { createAuthClient } from '@acme/auth-sdk';\nfunction storage(jar: any) { return { getItem: (key: string) => jar.get(key)?.value }; }\nexport async function getClient() { const jar = await cookies(); return createAuthClient({ tokens: storage(jar) }); }`, 'lib/gql.ts': `type Mode = 'session' | 'app';\nexport async function send(init: RequestInit, mode: Mode) {\n  if (mode === 'session') {\n    const { getClient } = await import('@/lib/auth');\n    return (await getClient()).fetchWithAuth(process.env.API!, init);\n  }\n  return fetch(process.env.API!, init);\n}\nexport async function run(query: string, options: { mode: Mode }) {\n  const { mode } = options;\n  return send({ method: 'POST', body: JSON.stringify({ query }) }, mode);\n}`, 'a.ts': `import { run } from '@/lib/gql';\ndeclare const mode: 'session' | 'app';\nexport async function f(name: string) { return run('mutation Rename { rename { id } }', { mode }); }` },
    expected: ['http/delegated', 'http/shared'],
  },
  {
    name: 'a function handed to a call inside its options object runs as its work (Effect.tryPromise({ try })); a hook one level deeper does not',
    files: {
      'lib/db.ts': db,
      'a.ts': `import { Effect } from 'effect';\nimport { createServerClient } from '@supabase/ssr';\nimport { db } from '@/lib/db';\nexport async function f(name: string) {\n  createServerClient('u', 'k', { cookies: { setAll(all: unknown[]) { db.audit.create({ data: all }); } } });\n  return Effect.runPromise(Effect.tryPromise({ try: async () => db.item.create({ data: { name } }), catch: (e) => e }));\n}`,
    },
    expected: ['database/shared'],
  },
  {
    name: 'Redis commands that change a key write it, in either spelling (getdel, hSet, zincrby); a read does not',
    files: { 'lib/redis.ts': `export const redis: any = {};`, 'a.ts': `import { redis } from '@/lib/redis';\nexport async function f(name: string) { await redis.get(name); await redis.getdel(name); await redis.hSet("h", name, 1); await redis.zincrby("z", 1, name); }` },
    expected: ['kv/shared', 'kv/shared', 'kv/shared'],
  },
  {
    name: 'an app function handed by name to a package\'s call runs as its work; handed the caller\'s Authorization header too, the package checks it first (delegated)',
    files: {
      'lib/db.ts': db,
      'a.ts': `import { sync } from '@acme/scim';\nimport { db } from '@/lib/db';\nasync function onEvent(event: { id: string }) { await db.member.delete({ where: { id: event.id } }); }\nexport async function f(req: Request) { const secret = req.headers.get('authorization')?.split(' ')[1]; return sync.requests.handle({ body: await req.json(), secret }, onEvent); }`,
    },
    expected: ['database/delegated'],
  },
  {
    name: 'the same callback handed with no credential changes shared data',
    files: {
      'lib/db.ts': db,
      'a.ts': `import { sync } from '@acme/scim';\nimport { db } from '@/lib/db';\nasync function onEvent(event: { id: string }) { await db.member.delete({ where: { id: event.id } }); }\nexport async function f(req: Request) { return sync.requests.handle({ body: await req.json() }, onEvent); }`,
    },
    expected: ['database/shared'],
  },
  {
    name: 'functions a factory is handed are hooks it keeps (EmailProvider({ sendVerificationRequest }), createClient({ fetch }))',
    files: {
      'lib/db.ts': db,
      'a.ts': `import EmailProvider from 'next-auth/providers/email';\nimport { createClient } from '@acme/sdk';\nimport { db } from '@/lib/db';\nexport async function f() { EmailProvider({ sendVerificationRequest: async () => { await db.mail.create({ data: {} }); } }); createClient({ fetch: async () => db.log.create({ data: {} }) }); }`,
    },
    expected: [],
  },
  {
    name: 'a record found by a secret column the caller sends (licenseKey) is opened by a capability; one found by a plain id is shared',
    files: {
      'lib/db.ts': db,
      'a.ts': `import { db } from '@/lib/db';\nexport async function f(input: { key: string; id: string }) {\n  const license = await db.license.findUnique({ where: { licenseKey: input.key } });\n  await db.validation.create({ data: { licenseId: license.id } });\n  const team = await db.team.findUnique({ where: { id: input.id } });\n  await db.audit.create({ data: { teamId: team.id } });\n}`,
    },
    expected: ['database/token-keyed', 'database/shared'],
  },
  {
    name: 'opening a stream or a reader on a store reads it (createAssetReadStream)',
    files: { 'lib/store.ts': `export const assetStore: any = {};`, 'a.ts': `import { assetStore } from '@/lib/store';\nexport async function f(id: string) { return assetStore.createAssetReadStream(id); }` },
    expected: [],
  },
  {
    name: 'error reporting and analytics are no effects',
    files: { 'a.ts': `import * as Sentry from '@sentry/nextjs';\nimport { posthog } from '@/lib/posthog';\nexport async function f(e: Error) { Sentry.captureException(e); posthog.capture({ event: 'x' }); }`, 'lib/posthog.ts': `export const posthog: any = {};` },
    expected: [],
  },
  {
    name: 'a GraphQL helper posts a query (a read) or a mutation (a write) as it is handed',
    files: {
      'lib/gql.ts': `export async function gqlFetch({ query, variables }: { query: string; variables?: unknown }) { return fetch('https://shop/api', { method: 'POST', body: JSON.stringify({ query, variables }) }); }`,
      'a.ts': `import { gqlFetch } from '@/lib/gql';\nconst getCart = \`query getCart { cart { id } }\`;\nconst addLine = \`mutation addLine { cartLinesAdd { cart { id } } }\`;\nexport async function f() { await gqlFetch({ query: getCart }); await gqlFetch({ query: addLine }); }`,
    },
    expected: ['http/shared'],
  },
  {
    name: 'a new cart whose id goes into the caller\'s own cookie is caller-keyed',
    files: {
      'lib/sdk.ts': `export const sdk: any = {};`,
      'a.ts': `import { cookies } from 'next/headers';\nimport { sdk } from '@/lib/sdk';\nexport async function f() { const cart = await sdk.store.cart.create({}); (await cookies()).set('cartId', cart.id); }`,
    },
    expected: ['database/caller-keyed', 'cookie/caller-browser'],
  },
  {
    name: 'a URL read from the request\'s own query string and handed to a helper that fetches it is a probe',
    files: {
      'lib/probe.ts': `export const isFramable = async ({ url, origin }: { url: string; origin: string }) => { const res = await fetch(url); return res.headers.get('x-frame-options') !== origin; };`,
      'a.ts': `import { isFramable } from '@/lib/probe';\nexport async function f(req: Request) { const url = new URL(req.url).searchParams.get('url'); return isFramable({ url: url ?? '', origin: 'x' }); }`,
    },
    expected: ['probe/shared'],
  },
  {
    name: 'a helper handed a fixed field next to the caller\'s URL fetches only what the app chose',
    files: {
      'lib/probe.ts': `export const isFramable = async ({ url, origin }: { url: string; origin: string }) => { const res = await fetch(url); return res.headers.get('x-frame-options') !== origin; };`,
      'a.ts': `import { isFramable } from '@/lib/probe';\nexport async function f(req: Request) { const origin = new URL(req.url).searchParams.get('origin') ?? ''; return isFramable({ url: 'https://example.com', origin }); }`,
    },
    expected: [],
  },
  {
    name: 'a presigned PUT URL grants an upload (no write yet, still the app\'s bucket); a presigned GET grants nothing',
    files: {
      'a.ts': `import { getSignedUrl } from '@aws-sdk/s3-request-presigner';\nimport { PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';\ndeclare const s3: any;\nexport async function f(key: string) { const put = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'b', Key: key })); const get = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'b', Key: key })); return { put, get }; }`,
    },
    expected: ['upload-grant/shared'],
  },
  {
    name: 'a tRPC client mutation is a call that changes another service; its query is a read',
    files: {
      'lib/trpc.ts': `export async function getClient(): Promise<any> { return {}; }`,
      'a.ts': `import { getClient } from '@/lib/trpc';\nexport async function f(id: string) { const trpc = await getClient(); await trpc.banking.connection.query({ id }); await trpc.banking.reconnect.mutate({ id }); }`,
    },
    expected: ['http/shared'],
  },
];

void describe('effects and their scopes', () => {
  for (const row of rows) {
    void test(row.name, () => {
      assert.deepEqual(effectScopes(factsOf(row.files, 'a.ts', 'f')), row.expected);
    });
  }

  void test('what a helper writes only after its own check stays behind that check, even when the caller swallows the failure', () => {
    const facts = factsOf({
      'lib/db.ts': db,
      'lib/keys.ts': `import { db } from '@/lib/db';\nexport async function authenticateKey(key: string) { const row = await db.query.keys.findFirst({ where: { key } }); if (!row) throw new Error('Invalid API key'); await db.update({ lastUsedAt: new Date() }); return row.user; }`,
      'a.ts': `import { authenticateKey } from '@/lib/keys';\nexport async function f(req: Request) { try { return await authenticateKey(req.headers.get('authorization') ?? ''); } catch { /* fall back to cookies */ } return null; }`,
    }, 'a.ts', 'f');
    const stamp = (facts.effects ?? []).find((effect) => effect.kind === 'database');
    assert.ok(stamp, 'the helper\'s write is seen');
    assert.match(stamp.guardedBy?.message ?? '', /authenticateKey\(\) checks the caller before this/);
  });

  void test('a function that builds a client or caller is no write, even unread', () => {
    const facts = factsOf({ 'a.ts': `declare function createCallerFactory(r: unknown): (ctx: unknown) => unknown;\nconst createCaller = createCallerFactory({});\nexport async function f() { createCaller({}); }` }, 'a.ts', 'f');
    assert.equal(facts.mutation, undefined);
    assert.deepEqual(effectScopes(facts), []);
  });
});
