import type { Rule } from './rule';

export const missingAuth: Rule = {
  id: 'missing-auth',
  description:
    'A Server Action or Route Handler that changes shared data or spends the app\'s money with no auth guard: anyone can POST to it, whatever the page or middleware checks.',
  defaultSeverity: 'error',
  check({ endpoint }) {
    if (endpoint.auth !== 'missing') return [];
    const what =
      endpoint.kind === 'action'
        ? 'Server Action'
        : endpoint.kind === 'route'
          ? `${endpoint.name} handler`
          : endpoint.kind === 'procedure'
            ? endpoint.router === 'trpc'
              ? `tRPC ${endpoint.type ?? 'procedure'} \`${endpoint.name}\``
              : `Hono route \`${endpoint.name}\``
            : 'API route';
    const how =
      endpoint.kind === 'action'
        ? 'Check the session inside the action (e.g. `const session = await auth(); if (!session) throw …`) before the first write'
        : endpoint.kind === 'procedure' && endpoint.router === 'trpc'
          ? 'Build it on a procedure whose middleware throws UNAUTHORIZED without a session (a `protectedProcedure`), or check the session in it before the first write'
          : endpoint.kind === 'procedure'
            ? 'Add auth middleware to the route (or an `app.use` for its path registered before it), or check the session in the handler and return 401'
            : 'Check the session, an API key or a signature at the top of the handler and return 401 when it fails';
    const middleware = endpoint.evidence.some((item) => item.kind === 'middleware')
      ? ' Middleware/proxy matching this path does not count: actions, route handlers and the procedures they serve are their own entry points.'
      : '';
    const shared = endpoint.effects?.find((effect) => effect.scope === 'shared');
    const does = shared?.kind === 'spend' ? "spends the app's money" : endpoint.mutates ? 'writes shared data' : 'returns data';
    return [{ message: `This ${what} ${does} but checks no auth. ${how}.${middleware}` }];
  },
};
