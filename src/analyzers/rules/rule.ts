import type { Endpoint, NextApp, Severity } from '../model';

/** What a rule sees: one endpoint, fully classified, and the app it belongs to. */
export interface RuleContext {
  endpoint: Endpoint;
  app: NextApp;
  /** `// next-boundary-ignore` comments above the endpoint. */
  suppressions: readonly SuppressionComment[];
}

export interface SuppressionComment {
  rules: string[];
  reason?: string;
  file: string;
  line: number;
}

/** A rule's report before suppression and severity settings are applied. */
export interface RuleReport {
  message: string;
  /** Defaults to the endpoint's own location. */
  file?: string;
  line?: number;
}

export interface Rule {
  id: string;
  /** One sentence, shown in SARIF and the README. */
  description: string;
  defaultSeverity: Severity;
  check(context: RuleContext): RuleReport[];
}

/**
 * The HTTP method an endpoint answers: a route's own, a Hono route's (`POST /api/posts`), GET for tRPC queries and
 * subscriptions and POST for mutations (how tRPC's HTTP link sends them); undefined for actions and pages/api.
 */
export function httpMethod(endpoint: Pick<Endpoint, 'kind' | 'name' | 'router' | 'type'>): string | undefined {
  if (endpoint.kind === 'route') return endpoint.name;
  if (endpoint.kind !== 'procedure') return undefined;
  if (endpoint.router === 'hono') return endpoint.name.slice(0, endpoint.name.indexOf(' ')).replace(/^ALL$/, '*');
  return endpoint.type === 'mutation' ? 'POST' : 'GET';
}

/**
 * Whether a handler answering `method` reaches an endpoint answering `served`: the same method, `*` on either side
 * (a Hono `all`, a pages/api handler), and HEAD for GET.
 */
export function methodReaches(method: string, served: string | undefined): boolean {
  return method === '*' || served === '*' || served === method || (method === 'HEAD' && served === 'GET');
}

/** README anchor that explains a rule; SARIF and diagnostics link to it. */
export function ruleHelpUri(ruleId: string): string {
  return `https://github.com/next-boundary/next-boundary#rule-${ruleId}`;
}
