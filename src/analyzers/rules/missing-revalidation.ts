import type { Rule } from './rule';

export const missingRevalidation: Rule = {
  id: 'missing-revalidation',
  description:
    'A mutating Server Action that revalidates nothing: pages that show the changed data stay stale until the next full load.',
  defaultSeverity: 'warning',
  check({ endpoint }) {
    if (endpoint.kind !== 'action' || !endpoint.mutates || endpoint.revalidates) return [];
    // Signing in or out changes who the caller is, not data a page shows: nothing to revalidate.
    if (endpoint.effects?.length && endpoint.effects.every((effect) => effect.kind === 'auth-state')) return [];
    return [
      {
        message:
          'This action writes data but never calls revalidatePath, revalidateTag, updateTag, refresh or redirect, so the UI keeps showing stale data. Revalidate the pages that read it after the write.',
      },
    ];
  },
};
