import type { Rule } from './rule';

export const unvalidatedActionInput: Rule = {
  id: 'unvalidated-action-input',
  description:
    'A Server Action that writes its arguments (or formData.get(…) values) to the database with no schema validation (zod, valibot, yup, arktype, next-safe-action .inputSchema) and no check of its own. The arguments come straight from the request, whatever their TypeScript types say.',
  defaultSeverity: 'warning',
  check({ endpoint }) {
    const signals = endpoint.kind === 'action' ? endpoint.signals : undefined;
    const write = signals?.inputToDatabase;
    if (!write || signals.inputValidation) return [];
    return [
      {
        message: `What the caller sends reaches a database write unchecked (${write.message}, ${write.file}:${write.line}). A Server Action's arguments come straight from the request, whatever their TypeScript types say: an id can arrive as an object, a number as a string, a field you never rendered can be added. Parse them with a schema first (zod \`safeParse\`, valibot, yup, arktype, or next-safe-action's \`.inputSchema()\`), or check them and return an error before the write.`,
      },
    ];
  },
};
