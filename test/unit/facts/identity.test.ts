/**
 * identity.ts: who the caller is. Each row is a small function and what the walk concludes about it: a guard (and of
 * what kind), no guard, or a guard that is only a claim.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { factsOf, type Files } from './harness';

type Verdict = 'guard' | 'verification' | 'none';

interface Row {
  name: string;
  files: Files;
  verdict: Verdict;
  /** Also expected: a claimed user id, a weak check, an untrusted identity returned. */
  also?: ('claimedIdentity' | 'weakCheck' | 'returnsUntrusted' | 'readsIdentity')[];
}

const session = `export async function auth(): Promise<{ user: { id: string } } | null> { return null; }`;

const rows: Row[] = [
  {
    name: 'a session read whose empty case throws is a guard',
    files: { 'lib/auth.ts': session, 'a.ts': `import { auth } from '@/lib/auth';\nexport async function f() { const s = await auth(); if (!s) throw new Error('Unauthorized'); }` },
    verdict: 'guard',
    also: ['readsIdentity'],
  },
  {
    name: 'a session read that is only displayed is no guard',
    files: { 'lib/auth.ts': session, 'a.ts': `import { auth } from '@/lib/auth';\nexport async function f() { const s = await auth(); console.log(s?.user.id); }` },
    verdict: 'none',
  },
  {
    name: 'a substring test on the request URL is a weak check, not a guard',
    files: { 'a.ts': `export async function f(req: Request) { if (!req.url.includes('https://app.example')) return new Response('Unauthorized', { status: 401 }); }` },
    verdict: 'none',
    also: ['weakCheck'],
  },
  {
    name: 'a header compared with a secret from any env settings object verifies',
    files: { 'env.ts': `export const serverEnv = { CRON_SECRET: '' };`, 'a.ts': `import { serverEnv } from '@/env';\nexport async function f(req: Request) { if (req.headers.get('Authorization') !== \`Bearer \${serverEnv.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 }); }` },
    verdict: 'verification',
  },
  {
    name: 'the app\'s own verifier that returns a verdict guards where the caller stops on it',
    files: {
      'hmac.ts': `import { createHmac } from 'crypto';\nexport function compareHmac({ body, hmac, secret }: { body: string; hmac: string; secret: string }) { const hash = createHmac('sha256', secret).update(body).digest('base64'); return hmac === hash; }`,
      'a.ts': `import { compareHmac } from '@/hmac';\nexport async function f(req: Request) { const raw = await req.text(); if (!compareHmac({ body: raw, hmac: req.headers.get('x-hmac') ?? '', secret: process.env.SECRET ?? '' })) return new Response('no', { status: 401 }); }`,
    },
    verdict: 'verification',
  },
  {
    name: 'a check that runs only when the body asks for it is no guard',
    files: { 'lib/auth.ts': `export async function requireUser() { throw new Error('Unauthorized'); }`, 'a.ts': `import { requireUser } from '@/lib/auth';\nexport async function f(req: Request) { const { strict } = await req.json(); if (strict) { await requireUser(); } }` },
    verdict: 'none',
  },
  {
    name: 'an owner comparison with a user id the caller sends is a claim, not a guard',
    files: { 'a.ts': `export async function f(chatId: string, userId: string) { const chat = { userId: '' }; if (chat.userId !== userId) return { error: 'Unauthorized' }; }` },
    verdict: 'guard',
  },
  {
    name: 'a session read that is not revalidated stays untrusted through a helper',
    files: { 'lib/s.ts': `import { createClient } from '@supabase/ssr';\nexport async function getSession() { const supabase: any = createClient(); return supabase.auth.getSession(); }`, 'a.ts': `import { getSession } from '@/lib/s';\nexport async function f() { return getSession(); }` },
    verdict: 'none',
  },
  {
    name: 'a helper that catches its token check and returns a plain verdict stops nothing for its caller',
    files: {
      'lib/token.ts': `import jwt from 'jsonwebtoken';\nexport function verifyInvite(t: string) { const p = jwt.verify(t, 'k') as { id: string }; return p; }\nexport async function match(t?: string) { if (!t) return 'missing'; try { const { id } = verifyInvite(t); return id ? 'valid' : 'invalid'; } catch (e) { console.warn(e); return 'verification_error'; } }`,
      'lib/db.ts': `export const db: any = {};`,
      'a.ts': `import { match } from '@/lib/token';\nimport { db } from '@/lib/db';\nexport async function f(input: { token?: string; email: string }) { const m = await match(input.token); await db.user.create({ data: { email: input.email, invited: m === 'valid' } }); }`,
    },
    verdict: 'none',
  },
  {
    name: 'a check whose failure is only logged, with the work after the try, is no guard',
    files: { 'lib/auth.ts': `${session}\nexport async function requireUser() { const s = await auth(); if (!s) throw new Error('Unauthorized'); return s.user; }`, 'lib/db.ts': `export const db: any = {};`, 'a.ts': `import { requireUser } from '@/lib/auth';\nimport { db } from '@/lib/db';\nexport async function f() { try { await requireUser(); } catch (e) { console.error(e); }\n  await db.item.deleteMany(); }` },
    verdict: 'none',
  },
  {
    name: 'a check inside a try that ends the function, its failure only logged, stops the work after it in the try',
    files: { 'lib/auth.ts': `${session}\nexport async function requireUser() { const s = await auth(); if (!s) throw new Error('Unauthorized'); return s.user; }`, 'lib/db.ts': `export const db: any = {};`, 'a.ts': `import { requireUser } from '@/lib/auth';\nimport { db } from '@/lib/db';\nexport async function f() { try { await requireUser(); await db.item.deleteMany(); } catch (e) { console.error(e); } }` },
    verdict: 'guard',
  },
  {
    name: "a number made of the caller's own record, checked and thrown on, is a guard",
    files: {
      'lib/auth.ts': `export async function currentUser(): Promise<{ privateMetadata: { storeId?: string } } | null> { return null; }`,
      'lib/store.ts': `import { currentUser } from '@/lib/auth';\nexport async function getStoreId() { const user = await currentUser(); return user?.privateMetadata.storeId; }`,
      'a.ts': `import { getStoreId } from '@/lib/store';\nexport async function f() { const storeId = Number(await getStoreId()); if (isNaN(storeId)) throw new Error('Store ID not found'); return storeId; }`,
    },
    verdict: 'guard',
    also: ['readsIdentity'],
  },
  {
    name: 'a check whose failure ends the handler with a response is a guard',
    files: { 'lib/auth.ts': `${session}\nexport async function requireUser() { const s = await auth(); if (!s) throw new Error('Unauthorized'); return s.user; }`, 'a.ts': `import { requireUser } from '@/lib/auth';\nexport async function f() { try { await requireUser(); } catch { return new Response('Unauthorized', { status: 401 }); } }` },
    verdict: 'guard',
  },
  {
    name: 'another service refusing this server (the fetched response\'s 403) is no check of the caller',
    files: { 'a.ts': `export async function f(url: string) { const response = await fetch(url); if (response.status === 403) throw new Error('Unauthorized'); return response.json(); }` },
    verdict: 'none',
  },
];

void describe('identity and guards', () => {
  for (const row of rows) {
    void test(row.name, () => {
      const facts = factsOf(row.files, 'a.ts', 'f');
      const verdict: Verdict = facts.verification ? 'verification' : facts.guard ? 'guard' : 'none';
      assert.equal(verdict, row.verdict);
      for (const key of row.also ?? []) assert.ok(facts[key], `expected ${key}`);
    });
  }

  void test('a rate limiter named for the IP, or handed the request, says the endpoint is built for anonymous callers; one named for something else does not', () => {
    const limiter = `export async function applyIPRateLimit(config: unknown) {}\nexport async function shipRateLimit(config: unknown) {}`;
    const byIp = factsOf({ 'lib/limit.ts': limiter, 'a.ts': `import { applyIPRateLimit } from '@/lib/limit';\nexport async function f() { await applyIPRateLimit({ max: 5 }); }` }, 'a.ts', 'f');
    assert.match(byIp.ipRateLimit?.message ?? '', /rate-limited by the caller's IP/);
    const other = factsOf({ 'lib/limit.ts': limiter, 'a.ts': `import { shipRateLimit } from '@/lib/limit';\nexport async function f() { await shipRateLimit({ max: 5 }); }` }, 'a.ts', 'f');
    assert.equal(other.ipRateLimit, undefined);
    const byRequest = factsOf({ 'a.ts': `import { checkRateLimit } from '@vercel/firewall';\nexport async function f(request: Request) { await checkRateLimit('rl_form', { request }); }` }, 'a.ts', 'f');
    assert.match(byRequest.ipRateLimit?.message ?? '', /rate-limited by the caller's IP/);
    const byName = factsOf({ 'lib/rate.ts': `export const limiter: any = {};\nexport function clientKey(request: Request) { return request.headers.get('x-forwarded-for') ?? 'anon'; }`, 'a.ts': `import { limiter, clientKey } from '@/lib/rate';\nexport async function f(request: Request) { const id = clientKey(request); await limiter.limit(id); }` }, 'a.ts', 'f');
    assert.match(byName.ipRateLimit?.message ?? '', /rate-limited by the caller's IP/);
  });

  void test('a guard on a claimed user id is marked as such', () => {
    const facts = factsOf({ 'lib/db.ts': `export const db: any = {};`, 'a.ts': `import { db } from '@/lib/db';\nexport async function f(chatId: string, userId: string) { const chat = await db.chat.findFirst({ where: { id: chatId, userId } }); if (chat.userId !== userId) return { error: 'Unauthorized' }; await db.chat.delete({ where: { id: chatId } }); }` }, 'a.ts', 'f');
    assert.ok(facts.guardOnClaimedIdentity);
    assert.match(facts.claimedIdentity?.message ?? '', /a user id the caller sends/);
    assert.ok(!facts.readsIdentity);
  });

  void test('an inline action sees the identity names of the page it closes over', () => {
    const facts = factsOf({ 'lib/auth.ts': session, 'a.tsx': `import { auth } from '@/lib/auth';\nexport default async function Page() { const session = await auth(); async function save() { 'use server'; if (!session) return; } return null; }` }, 'a.tsx', 'save');
    assert.ok(facts.guard, 'the closure\'s session check is a guard');
  });
});
