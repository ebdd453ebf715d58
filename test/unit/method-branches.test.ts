/**
 * One handler exported under several methods (`export { handle as GET, handle as POST, handle as OPTIONS }`) that
 * branches on `req.method`: each route is classified by what runs under its own method. A CORS preflight branch that
 * returns at once neither writes nor needs auth; a write after `if (req.method !== 'POST') return` is POST's alone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpoint, scanTempApp } from '../helpers';

const DB = "export const db = { post: { create: async (data: unknown) => data, delete: async (id: string) => id } };";

function shared(body: string, methods: string[]): string {
  return `import { db } from '@/lib/db';
async function handle(req: Request) {
${body}
  return Response.json({ ok: true });
}
export { ${methods.map((method) => `handle as ${method}`).join(', ')} };`;
}

const cases: { name: string; body: string; methods: string[]; expect: Record<string, { mutates: boolean; auth?: string }> }[] = [
  {
    name: 'a preflight branch that returns: OPTIONS is public and writes nothing, the others write',
    body: "  if (req.method === 'OPTIONS') return new Response('ok');\n  await db.post.create(await req.json());",
    methods: ['GET', 'POST', 'OPTIONS'],
    expect: { OPTIONS: { mutates: false, auth: 'public' }, POST: { mutates: true, auth: 'missing' }, GET: { mutates: true } },
  },
  {
    name: "a write after `if (req.method !== 'POST') return` is POST's alone",
    body: "  if (req.method !== 'POST') return new Response(null, { status: 405 });\n  await db.post.create(await req.json());",
    methods: ['GET', 'POST'],
    expect: { GET: { mutates: false }, POST: { mutates: true } },
  },
  {
    name: "a write inside `if (req.method === 'DELETE') { … }` is DELETE's alone",
    body: "  if (req.method === 'DELETE') {\n    await db.post.delete(new URL(req.url).searchParams.get('id') ?? '');\n  }",
    methods: ['GET', 'DELETE'],
    expect: { GET: { mutates: false }, DELETE: { mutates: true } },
  },
  {
    name: 'a branch on another field of the request decides nothing',
    body: "  if (req.mode === 'cors') return new Response('ok');\n  await db.post.create(await req.json());",
    methods: ['GET', 'POST'],
    expect: { GET: { mutates: true }, POST: { mutates: true } },
  },
];

void describe('a handler shared by several methods, branching on req.method', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const result = scanTempApp({
        'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
        'lib/db.ts': DB,
        'app/api/posts/route.ts': shared(item.body, item.methods),
      });
      for (const [method, expected] of Object.entries(item.expect)) {
        const route = endpoint(result, 'app/api/posts/route.ts', method);
        assert.equal(route.mutates, expected.mutates, `${method} mutates`);
        if (expected.auth) assert.equal(route.auth, expected.auth, `${method} auth`);
      }
    });
  }
});
