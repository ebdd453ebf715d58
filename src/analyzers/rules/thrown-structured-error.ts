import type { Caller } from '../model';
import type { Rule } from './rule';

/** Uses where the browser calls the action: what it throws crosses the network (and is sanitized) on the way back. */
function fromBrowser(caller: Caller): boolean {
  return !!caller.client || ['form-action', 'form-formAction', 'useActionState', 'useFormState', 'hook'].includes(caller.how);
}

export const thrownStructuredError: Rule = {
  id: 'thrown-structured-error',
  description:
    'A Server Action that throws an error carrying data (JSON in the message, a custom error class, extra fields). Production builds replace the message with a generic one, and the client gets a plain Error: return a typed result instead.',
  defaultSeverity: 'warning',
  check({ endpoint }) {
    const thrown = endpoint.kind === 'action' ? endpoint.signals?.structuredThrow : undefined;
    // Called only by server code (another action, a route handler), the error stays in one process as it was thrown.
    if (!thrown || !endpoint.callers.some(fromBrowser)) return [];
    return [
      {
        message: `This action ${thrown.message}. In production Next.js hides the message of an error thrown from a Server Action (the client sees a generic message and a digest) and the client gets a plain Error: no custom class, no extra fields, no JSON to parse. Return a result instead, e.g. \`return { ok: false, error: { code, message } }\`, and branch on it in the client.`,
        file: thrown.file,
        line: thrown.line,
      },
    ];
  },
};
