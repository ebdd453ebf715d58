import type { Rule } from './rule';

export const suppressionWithoutReason: Rule = {
  id: 'suppression-without-reason',
  description: 'A `next-boundary-ignore` comment that gives no reason: it silences nothing until it says why the finding does not apply.',
  defaultSeverity: 'warning',
  check({ suppressions }) {
    return suppressions
      .filter((comment) => !comment.reason)
      .map((comment) => ({
        message: `Say why this is safe: \`// next-boundary-ignore ${comment.rules.join(', ')}: <reason>\`. Without a reason the finding stays.`,
        file: comment.file,
        line: comment.line,
      }));
  },
};
