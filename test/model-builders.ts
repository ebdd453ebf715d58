/** Hand-built endpoints for tests that need a model without scanning a fixture. */
import type { Endpoint } from '../src/analyzers/model';

export function endpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    kind: 'action',
    name: 'createPost',
    file: 'app/posts/actions.ts',
    line: 3,
    column: 1,
    app: '',
    actionForm: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [],
    findings: [],
    suppressed: [],
    ...overrides,
  };
}

export function route(overrides: Partial<Endpoint> = {}): Endpoint {
  return endpoint({ kind: 'route', name: 'POST', file: 'app/api/x/route.ts', urlPath: '/api/x', exposure: 'external', actionForm: undefined, ...overrides });
}
