import type { Rule } from './rule';

export const missingOwnershipCheck: Rule = {
  id: 'missing-ownership-check',
  description:
    'The caller is checked, but the record the endpoint changes is picked by the input and nothing ties it to the caller (IDOR): any signed-in user can change anyone\'s.',
  defaultSeverity: 'warning',
  check({ endpoint }) {
    const gap = endpoint.signals?.ownershipGap;
    if (!gap) return [];
    return [
      {
        message: `Any signed-in caller can change someone else's record: ${gap.message}. Scope the write to the caller (\`where: { id, userId: session.user.id }\`) or load the record and compare its owner with the caller first.`,
        file: gap.file,
        line: gap.line,
      },
    ];
  },
};
