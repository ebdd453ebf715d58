/**
 * How a procedure builder's middleware (tRPC) and a route's middleware (Hono) are judged: by what their bodies do,
 * never by their names. Each row is a small app written to a temporary folder: one mutation that writes shared data,
 * behind the middleware under test; the procedure is `protected` only when that middleware stops an anonymous caller.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { scanSync } from '../../src/analyzers';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function writeApp(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'nb-router-mw-')).replace(/\\/g, '/');
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const DB = "import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();\n";
const AUTH = "export async function auth(): Promise<{ user: { id: string; role: string } } | null> {\n  return null;\n}\n";

interface Row {
  name: string;
  /** The middleware: `t.middleware(…)` for tRPC, the handler given to `app.use` / the route for Hono. */
  middleware: string;
  auth: 'protected' | 'missing';
}

const trpcRows: Row[] = [
  {
    name: 'throws UNAUTHORIZED when the session is missing',
    middleware: "t.middleware(({ ctx, next }) => {\n  if (!ctx.session?.user) throw new TRPCError({ code: 'UNAUTHORIZED' });\n  return next({ ctx: { user: ctx.session.user } });\n})",
    auth: 'protected',
  },
  {
    name: 'reads the session itself and throws FORBIDDEN without one',
    middleware: "t.middleware(async ({ next }) => {\n  const session = await auth();\n  if (!session) throw new TRPCError({ code: 'FORBIDDEN' });\n  return next();\n})",
    auth: 'protected',
  },
  {
    name: 'checks a role (an anonymous caller has none)',
    middleware: "t.middleware(({ ctx, next }) => {\n  if (ctx.session?.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN' });\n  return next();\n})",
    auth: 'protected',
  },
  {
    name: 'named like a guard, but only times the call',
    middleware: 't.middleware(async ({ next }) => {\n  const start = Date.now();\n  const result = await next();\n  console.info(Date.now() - start);\n  return result;\n})',
    auth: 'missing',
  },
  {
    name: 'reads the session and passes it on without stopping anyone',
    middleware: 't.middleware(({ ctx, next }) => next({ ctx: { user: ctx.session?.user ?? null } }))',
    auth: 'missing',
  },
  {
    name: 'logs the caller and goes on',
    middleware: "t.middleware(({ ctx, path, next }) => {\n  console.log(path, ctx.session?.user?.id ?? 'anonymous');\n  return next();\n})",
    auth: 'missing',
  },
];

function trpcApp(middleware: string): string {
  return writeApp({
    'package.json': JSON.stringify({ name: 'trpc-app', dependencies: { next: '15.5.4', '@trpc/server': '11.0.0', '@prisma/client': '6.16.2' } }),
    'lib/db.ts': DB,
    'lib/auth.ts': AUTH,
    'server/trpc.ts': [
      "import { TRPCError, initTRPC } from '@trpc/server';",
      "import { auth } from '../lib/auth';",
      '',
      'export const createContext = async () => ({ session: await auth() });',
      'const t = initTRPC.context<typeof createContext>().create();',
      '',
      `const requireUser = ${middleware};`,
      '',
      'export const router = t.router;',
      'export const guardedProcedure = t.procedure.use(requireUser);',
      '',
    ].join('\n'),
    'server/root.ts': [
      "import { db } from '../lib/db';",
      "import { guardedProcedure, router } from './trpc';",
      '',
      'export const appRouter = router({',
      "  wipe: guardedProcedure.mutation(() => db.post.deleteMany({})),",
      '});',
      '',
    ].join('\n'),
    'app/api/trpc/[trpc]/route.ts': [
      "import { fetchRequestHandler } from '@trpc/server/adapters/fetch';",
      "import { appRouter } from '../../../../server/root';",
      "import { createContext } from '../../../../server/trpc';",
      '',
      "const handler = (req: Request) => fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext });",
      'export { handler as GET, handler as POST };',
      '',
    ].join('\n'),
  });
}

void describe('tRPC: a procedure builder is judged by the middleware it .use()s', () => {
  for (const row of trpcRows) {
    void test(`${row.auth}: ${row.name}`, () => {
      const result = scanSync(trpcApp(row.middleware));
      const wipe = result.endpoints.find((item) => item.kind === 'procedure' && item.name === 'wipe');
      assert.ok(wipe, `no procedure: ${JSON.stringify(result.endpoints.map((item) => item.name))}`);
      assert.equal(wipe.auth, row.auth, JSON.stringify(wipe.evidence, null, 1));
      assert.equal(endpointOf(result, 'POST').auth, row.auth, 'the mounting POST says the same');
    });
  }
});

const honoRows: (Row & { use: 'app.use' | 'route' })[] = [
  {
    name: 'createMiddleware that answers 401 without a session (app.use above the route)',
    use: 'app.use',
    middleware: "createMiddleware(async (c, next) => {\n  const session = await auth();\n  if (!session) return c.json({ error: 'unauthorized' }, 401);\n  await next();\n})",
    auth: 'protected',
  },
  {
    name: 'the same middleware given in the route itself',
    use: 'route',
    middleware: "createMiddleware(async (c, next) => {\n  const session = await auth();\n  if (!session) return c.json({ error: 'unauthorized' }, 401);\n  await next();\n})",
    auth: 'protected',
  },
  { name: "Hono's own bearerAuth", use: 'app.use', middleware: 'bearerAuth({ token: process.env.API_TOKEN! })', auth: 'protected' },
  { name: "Hono's own jwt", use: 'route', middleware: 'jwt({ secret: process.env.JWT_SECRET! })', auth: 'protected' },
  { name: "Hono's logger", use: 'app.use', middleware: 'logger()', auth: 'missing' },
  { name: 'CORS', use: 'app.use', middleware: "cors({ origin: 'https://example.com' })", auth: 'missing' },
  {
    name: 'a middleware named requireAuth that only times the request',
    use: 'app.use',
    middleware: 'createMiddleware(async (c, next) => {\n  const start = Date.now();\n  await next();\n  c.header(\'x-time\', String(Date.now() - start));\n})',
    auth: 'missing',
  },
];

function honoApp(row: (typeof honoRows)[number]): string {
  return writeApp({
    'package.json': JSON.stringify({ name: 'hono-app', dependencies: { next: '15.5.4', hono: '4.7.0', '@prisma/client': '6.16.2' } }),
    'lib/db.ts': DB,
    'lib/auth.ts': AUTH,
    'app/api/[[...route]]/route.ts': [
      "import { Hono } from 'hono';",
      "import { bearerAuth } from 'hono/bearer-auth';",
      "import { cors } from 'hono/cors';",
      "import { createMiddleware } from 'hono/factory';",
      "import { jwt } from 'hono/jwt';",
      "import { logger } from 'hono/logger';",
      "import { handle } from 'hono/vercel';",
      "import { auth } from '../../../lib/auth';",
      "import { db } from '../../../lib/db';",
      '',
      `const requireAuth = ${row.middleware};`,
      "const app = new Hono().basePath('/api');",
      row.use === 'app.use' ? "app.use('/posts/*', requireAuth);" : '',
      `app.delete('/posts/:id', ${row.use === 'route' ? 'requireAuth, ' : ''}async (c) => {`,
      "  await db.post.delete({ where: { id: c.req.param('id') } });",
      '  return c.json({ ok: true });',
      '});',
      '',
      'export const DELETE = handle(app);',
      '',
    ].join('\n'),
  });
}

void describe('Hono: a route is judged by the middleware in its chain or an app.use registered before it', () => {
  for (const row of honoRows) {
    void test(`${row.auth}: ${row.name}`, () => {
      const result = scanSync(honoApp(row));
      const route = result.endpoints.find((item) => item.kind === 'procedure' && item.name === 'DELETE /api/posts/:id');
      assert.ok(route, `no route: ${JSON.stringify(result.endpoints.map((item) => item.name))}`);
      assert.equal(route.auth, row.auth, JSON.stringify(route.evidence, null, 1));
    });
  }
});

function endpointOf(result: ReturnType<typeof scanSync>, method: string) {
  const found = result.endpoints.find((item) => item.kind === 'route' && item.name === method);
  assert.ok(found, `no ${method} route`);
  return found;
}

void test('a Hono GET route that writes: get-with-side-effects, unless a vercel.json cron calls its URL', () => {
  const files = (crons: boolean): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'cron-app', dependencies: { next: '15.5.4', hono: '4.7.0', '@prisma/client': '6.16.2' } }),
    'lib/db.ts': DB,
    'app/api/[[...route]]/route.ts': [
      "import { Hono } from 'hono';",
      "import { bearerAuth } from 'hono/bearer-auth';",
      "import { handle } from 'hono/vercel';",
      "import { db } from '../../../lib/db';",
      '',
      "const app = new Hono().basePath('/api');",
      "app.use('*', bearerAuth({ token: process.env.CRON_SECRET! }));",
      "app.get('/house-keeping/purge', async (c) => {",
      '  await db.poll.deleteMany({ where: { deleted: true } });',
      '  return c.json({ ok: true });',
      '});',
      '',
      'export const GET = handle(app);',
      '',
    ].join('\n'),
    ...(crons && { 'vercel.json': JSON.stringify({ crons: [{ path: '/api/house-keeping/purge', schedule: '0 6 * * *' }] }, null, 2) }),
  });
  const findingsOf = (crons: boolean) => {
    const route = scanSync(writeApp(files(crons))).endpoints.find((item) => item.name === 'GET /api/house-keeping/purge');
    assert.ok(route);
    return route.findings.map((finding) => finding.ruleId);
  };
  assert.deepEqual(findingsOf(false), ['get-with-side-effects']);
  assert.deepEqual(findingsOf(true), []);
});
