import { WRITE_NAME_RE } from '../knowledge';
import type { CallerRunsIn } from '../model';
import type { Rule } from './rule';

const WHERE: Record<CallerRunsIn, string> = {
  effect: 'in a useEffect',
  query: "as a data-fetching hook's fetcher",
  render: 'while a client component renders',
};

export const actionForReads: Rule = {
  id: 'action-for-reads',
  description:
    'A Server Action that only reads, called from useEffect, a data-fetching hook or a render to load data. Actions are POSTs that run one at a time and are never cached: a Server Component (or a GET route) serves reads better.',
  defaultSeverity: 'info',
  check({ endpoint }) {
    if (endpoint.kind !== 'action' || endpoint.mutates || endpoint.revalidates) return [];
    // Code that could not be read may well write; so may an action whose name says it does (`moveVideo`, `verifyEmail`)
    // when its write happens where the analyzer cannot see it.
    if (endpoint.auth === 'unknown' || WRITE_NAME_RE.test(endpoint.name)) return [];
    const caller = endpoint.callers.find((item) => item.runsIn);
    if (!caller?.runsIn) return [];
    return [
      {
        message: `This action only reads, and ${caller.file}:${caller.line} calls it ${WHERE[caller.runsIn]} to load data. Server Actions are POST requests that the client runs one at a time (a slow read holds up the next form submit) and never caches. Fetch the data in a Server Component and pass it down as props, or serve it from a GET route handler.`,
      },
    ];
  },
};
