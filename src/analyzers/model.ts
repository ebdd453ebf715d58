/**
 * The one model every view (CLI, CodeLens, diagnostics, tree) renders.
 * Paths inside the model are POSIX and relative to the scan root.
 */

export type EndpointKind = 'action' | 'route' | 'pages-api';
export type Exposure = 'internal' | 'external' | 'unused';
export type AuthStatus = 'protected' | 'missing' | 'public' | 'unknown';
export type Severity = 'error' | 'warning' | 'info';

/** A place in the workspace, 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  column?: number;
}

export type CallerHow =
  | 'form-action' // <form action={x}>
  | 'form-formAction' // <button formAction={x}>
  | 'useActionState'
  | 'useFormState'
  | 'startTransition'
  | 'call' // x(...)
  | 'prop' // <Comp onSave={x} /> or passed as an argument
  | 'hook' // useAction(x) (next-safe-action), useServerAction(x) (zsa)
  | 'reference' // any other use of the name
  | 'fetch' // fetch('/api/x')
  | 'http-client' // axios.post('/api/x'), useSWR('/api/x'), ky…
  | 'link' // <a href="/api/x">, <img src=…>, EventSource
  | 'form-post'; // <form action="/api/x" method="post">

export interface Caller extends Location {
  how: CallerHow;
  /** For route callers: the HTTP method the call uses, when it can be told. */
  method?: string;
}

export type EvidenceKind =
  | 'guard' // identity checked and the absent case stops
  | 'wrapper-guard' // a wrapper / client chain whose middleware guards
  | 'verification' // webhook signature or shared-secret check
  | 'identity-unchecked' // identity read but never used to stop
  | 'wrapper-no-guard' // a wrapper that was followed and holds no guard
  | 'public' // why the endpoint is public by design
  | 'mutation'
  | 'revalidation'
  | 'middleware' // a middleware/proxy matcher covers the path (context only)
  | 'external-hint' // why a route is for outside callers
  | 'unresolved' // why the analyzer could not tell
  | 'config'; // the user's config decided it

export interface Evidence extends Location {
  kind: EvidenceKind;
  message: string;
}

export interface Finding extends Location {
  ruleId: string;
  severity: Severity;
  message: string;
}

export interface SuppressedFinding extends Finding {
  reason: string;
}

export interface Endpoint {
  kind: EndpointKind;
  /** Export name; for routes the HTTP method; `inline@<line>` for an anonymous inline action. */
  name: string;
  file: string;
  /** 1-based line of the export (or of the inline function). */
  line: number;
  column: number;
  /** Routes and pages-api: the URL path, e.g. `/api/projects/[id]`. */
  urlPath?: string;
  /** Root of the Next.js app (relative to the scan root, '' for the root itself). */
  app: string;
  /** Actions: `file` for a 'use server' module export, `inline` for a function-level directive. */
  actionForm?: 'file' | 'inline';
  exposure: Exposure;
  auth: AuthStatus;
  mutates: boolean;
  revalidates: boolean;
  callers: Caller[];
  evidence: Evidence[];
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

export interface NextApp {
  /** Relative POSIX path of the app root ('' when the scan root is the app). */
  root: string;
  name: string;
  appDir?: string;
  pagesDir?: string;
  /** middleware.ts / proxy.ts, if any. */
  middleware?: MiddlewareInfo;
  authLibraries: string[];
}

export interface MiddlewareInfo {
  file: string;
  line: number;
  /** Matcher sources as written; empty means it runs on every path. */
  matchers: string[];
  /** True when the matcher could not be read statically (not a constant). */
  dynamicMatcher: boolean;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface ScanResult {
  schemaVersion: 1;
  root: string;
  apps: NextApp[];
  endpoints: Endpoint[];
  skipped: SkippedFile[];
  /** Timing and counts, for the benchmark and the output log. Not part of the JSON contract. */
  stats: ScanStats;
}

export interface ScanStats {
  filesSeen: number;
  filesRead: number;
  filesParsed: number;
  programFiles: number;
  durationMs: number;
}
