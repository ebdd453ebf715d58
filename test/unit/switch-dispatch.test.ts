/**
 * A route that dispatches with a `switch` (`case 'azure': return azureHandler(req)`): a guard inside one case stops
 * only that case. A default case that writes with no check leaves the route open; when every case checks, it is not.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpoint, scanTempApp } from '../helpers';

const LIB = `export const db = { job: { create: async (data: unknown) => data } };
export async function requireUser(req: Request) {
  const token = req.headers.get('authorization');
  if (!token) throw new Error('Unauthorized');
  return token;
}`;

const GUARDED = `import { db, requireUser } from '@/lib/db';
export async function guardedHandler(req: Request) {
  await requireUser(req);
  return Response.json(await db.job.create(await req.json()));
}`;

const OPEN = `import { db } from '@/lib/db';
export async function openHandler(req: Request) {
  return Response.json(await db.job.create(await req.json()));
}`;

function dispatcher(cases: string): string {
  return `import { guardedHandler } from '@/lib/guarded';
import { openHandler } from '@/lib/open';
import { requireUser, db } from '@/lib/db';
export async function POST(req: Request, { params }: { params: { provider: string } }) {
  switch (params.provider) {
${cases}
  }
}`;
}

const cases: { name: string; cases: string; auth: string }[] = [
  {
    name: 'a guarded first case does not cover an unguarded default that writes',
    cases: "    case 'a':\n      return guardedHandler(req);\n    default:\n      return openHandler(req);",
    auth: 'missing',
  },
  {
    name: 'every case guarded: protected',
    cases: "    case 'a':\n      return guardedHandler(req);\n    default:\n      return guardedHandler(req);",
    auth: 'protected',
  },
  {
    name: 'a guard called inside a case covers the write after it in that case',
    cases: "    case 'a': {\n      await requireUser(req);\n      return Response.json(await db.job.create(await req.json()));\n    }\n    default:\n      return new Response(null, { status: 404 });",
    auth: 'protected',
  },
  {
    name: 'a guard in one case does not cover a write in the next',
    cases: "    case 'a':\n      await requireUser(req);\n      return new Response(null);\n    default:\n      return Response.json(await db.job.create(await req.json()));",
    auth: 'missing',
  },
];

void describe('a switch that dispatches to handlers', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const result = scanTempApp({
        'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
        'lib/db.ts': LIB,
        'lib/guarded.ts': GUARDED,
        'lib/open.ts': OPEN,
        'app/api/[provider]/route.ts': dispatcher(item.cases),
      });
      const route = endpoint(result, 'app/api/[provider]/route.ts', 'POST');
      assert.equal(route.auth, item.auth, JSON.stringify(route.evidence));
    });
  }
});
