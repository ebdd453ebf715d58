import type { Rule } from './rule';

export const missingRevalidation: Rule = {
  id: 'missing-revalidation',
  description:
    'A mutating Server Action that revalidates nothing: pages that show the changed data stay stale until the next full load. (Actions whose only writes are cookies are left alone: a cookie write already re-renders the page.)',
  defaultSeverity: 'warning',
  check({ endpoint }) {
    if (endpoint.kind !== 'action' || !endpoint.mutates || endpoint.revalidates) return [];
    // Signing in or out changes who the caller is, not data a page shows: nothing to revalidate. A cookie set or
    // deleted in a Server Action makes Next.js re-render the page and drop the client's router cache by itself
    // (vercel/next.js discussion #98059; Clerk's invalidateCacheAction relies on it): nothing stays stale.
    if (endpoint.effects?.length && endpoint.effects.every((effect) => effect.kind === 'auth-state' || effect.kind === 'cookie')) return [];
    // Some callers refresh the page themselves: say which do not, so the fix can be made there instead.
    const refreshing = endpoint.callers.filter((caller) => caller.refresh);
    const not = endpoint.callers.filter((caller) => !caller.refresh);
    const callers = refreshing.length
      ? ` ${refreshing.length} of its ${endpoint.callers.length} callers ${refreshing.length === 1 ? 'refreshes' : 'refresh'} the page on success (${refreshing[0].refresh!.what} at ${refreshing[0].refresh!.file}:${refreshing[0].refresh!.line}); ${not.length > 1 ? `the ones at ${not[0].file}:${not[0].line} and ${not.length - 1} more do` : `the one at ${not[0].file}:${not[0].line} does`} not.`
      : '';
    return [
      {
        message: `This action writes data but never calls revalidatePath, revalidateTag, updateTag, refresh or redirect, so the UI keeps showing stale data. Revalidate the pages that read it after the write.${callers}`,
      },
    ];
  },
};
