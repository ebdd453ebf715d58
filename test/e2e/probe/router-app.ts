/**
 * A nested Next.js app with a tRPC router behind one route file, written at run time for the real-editor check of
 * issue 16 (every procedure is an endpoint where it is defined) and removed after, like no-auth-app.ts.
 * No `vscode` import: the browser-driven runner may read it too.
 */
export const ROUTER_FILE = 'api-app/server/routers/post.ts';
export const MOUNT_FILE = 'api-app/app/api/trpc/[trpc]/route.ts';
export const CLIENT_FILE = 'api-app/app/posts/delete-post.tsx';

export const ROUTER_APP: Record<string, string> = {
  'api-app/lib/db.ts': "import { PrismaClient } from '@prisma/client';\n\nexport const db = new PrismaClient();\n",
  'api-app/server/trpc.ts': [
    "import { TRPCError, initTRPC } from '@trpc/server';",
    '',
    'export const createContext = async (opts: { headers: Headers }) => ({ userId: opts.headers.get(\'x-user\') });',
    'const t = initTRPC.context<typeof createContext>().create();',
    '',
    'export const router = t.router;',
    'export const publicProcedure = t.procedure;',
    'export const protectedProcedure = t.procedure.use(({ ctx, next }) => {',
    "  if (!ctx.userId) throw new TRPCError({ code: 'UNAUTHORIZED' });",
    '  return next({ ctx: { userId: ctx.userId } });',
    '});',
    '',
  ].join('\n'),
  [ROUTER_FILE]: [
    "import { z } from 'zod';",
    "import { db } from '../../lib/db';",
    "import { protectedProcedure, publicProcedure, router } from '../trpc';",
    '',
    'export const postRouter = router({',
    '  all: publicProcedure.query(() => db.post.findMany({ where: { published: true } })),',
    '  create: protectedProcedure.input(z.string()).mutation(({ ctx, input }) => db.post.create({ data: { title: input, authorId: ctx.userId } })),',
    '  delete: publicProcedure.input(z.string()).mutation(({ input }) => db.post.delete({ where: { id: input } })),',
    '});',
    '',
  ].join('\n'),
  'api-app/server/root.ts': "import { postRouter } from './routers/post';\nimport { router } from './trpc';\n\nexport const appRouter = router({ post: postRouter });\nexport type AppRouter = typeof appRouter;\n",
  [MOUNT_FILE]: [
    "import { fetchRequestHandler } from '@trpc/server/adapters/fetch';",
    "import { appRouter } from '../../../../server/root';",
    "import { createContext } from '../../../../server/trpc';",
    '',
    "const handler = (req: Request) => fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => createContext({ headers: req.headers }) });",
    '',
    'export { handler as GET, handler as POST };',
    '',
  ].join('\n'),
  'api-app/trpc/react.tsx': "'use client';\n\nimport { createTRPCReact } from '@trpc/react-query';\nimport type { AppRouter } from '../server/root';\n\nexport const api = createTRPCReact<AppRouter>();\n",
  [CLIENT_FILE]: [
    "'use client';",
    '',
    "import { api } from '../../trpc/react';",
    '',
    'export function DeletePost({ id }: { id: string }) {',
    '  const remove = api.post.delete.useMutation();',
    '  return <button onClick={() => remove.mutate(id)}>Delete</button>;',
    '}',
    '',
  ].join('\n'),
  // The app's manifest last: once it is there the extension scans the new app, with its files already written.
  'api-app/package.json':
    JSON.stringify({ name: 'api-app', private: true, dependencies: { '@prisma/client': '^6.19.0', '@trpc/server': '^11.0.0', '@trpc/react-query': '^11.0.0', next: '15.5.29', react: '^19.2.0', zod: '^3.25.0' } }, null, 2) + '\n',
  'api-app/next.config.mjs': 'export default {};\n',
};
