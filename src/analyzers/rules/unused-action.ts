import type { Rule } from './rule';

export const unusedAction: Rule = {
  id: 'unused-action',
  description:
    "An exported Server Action that no code in the app references. Next.js may still expose it as a POST endpoint; delete it or move it out of the 'use server' file.",
  defaultSeverity: 'info',
  check({ endpoint }) {
    if (endpoint.kind !== 'action' || endpoint.exposure !== 'unused') return [];
    return [
      {
        message:
          "No code in this app uses this Server Action, yet it can be reachable as a POST endpoint. Remove it, or move helpers that are not actions out of the 'use server' file.",
      },
    ];
  },
};
