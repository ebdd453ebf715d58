/**
 * The one model every view (CLI, CodeLens, diagnostics, tree) renders.
 * Paths inside the model are POSIX and relative to the scan root.
 */

export type EndpointKind = 'action' | 'route' | 'pages-api' | 'procedure';
/** The framework of a router served through one route handler (src/analyzers/routers/). */
export type RouterFramework = 'trpc' | 'hono';
export type ProcedureType = 'query' | 'mutation' | 'subscription';
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
  | 'form-post' // <form action="/api/x" method="post">
  | 'rpc-client' // api.post.create.useMutation(), client.api.posts.$post() (a tRPC or Hono client)
  | 'server-call'; // createCaller(ctx).post.create(): a procedure called on the server, not over HTTP

export interface Caller extends Location {
  how: CallerHow;
  /** For route callers: the HTTP method the call uses, when it can be told. */
  method?: string;
  /** For actions: the calling file is a client module ('use client'), so the call goes over the network. */
  client?: boolean;
  /** For action calls: what runs the call when it is not a user event (an effect, a render, a data-fetching hook). */
  runsIn?: CallerRunsIn;
  /** For action calls: an argument that cannot cross the client/server boundary. */
  nonSerializableArgument?: NonSerializableValue;
  /** For action callers: where the calling code refreshes what the page shows once the call succeeds (`router.refresh()`, a query invalidation). */
  refresh?: CallerRefresh;
}

/** A refresh by the caller: where (file relative to the scanned root, line) and what it calls, in words. */
export interface CallerRefresh extends Location {
  what: string;
}

/**
 * `effect`: inside a function given to useEffect/useLayoutEffect (on mount or on a dependency change);
 * `render`: in a client component's body while it renders; `query`: the fetcher of useQuery/useSWR and the like.
 */
export type CallerRunsIn = 'effect' | 'render' | 'query';

/** Values React cannot send to or from a Server Action (https://react.dev/reference/rsc/use-server). */
export type NonSerializableKind =
  | 'function' // a function that is not itself a Server Action
  | 'class-instance' // an instance of a class other than the supported built-ins
  | 'object-with-methods'
  | 'symbol' // only Symbol.for() symbols cross
  | 'jsx' // React elements as arguments
  | 'map-or-set'; // Map and Set cross only with newer React (see non-serializable-action-arg)

export interface NonSerializableValue {
  kind: NonSerializableKind;
  /** What it is, in a few words: `new Cart()`, `Cart (a class with methods)`. */
  text: string;
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
  | 'mount' // the router a route handler serves (its procedures are endpoints of their own)
  | 'unresolved' // why the analyzer could not tell
  | 'config'; // the user's config decided it

export interface Evidence extends Location {
  kind: EvidenceKind;
  message: string;
}

/** A fact a rule reads, with the code that shows it. */
export interface Signal extends Location {
  message: string;
}

/**
 * What kind of write a mutation is: `kv` is a key-value store (Redis, Vercel KV: caches, counters, rate limits), `cache`
 * a route's revalidation, `other` a job trigger, an analytics event or a write judged by a function's name.
 */
export type WriteKind = 'database' | 'kv' | 'cookie' | 'http' | 'file' | 'email' | 'cache' | 'other';

export interface WriteSignal extends Signal {
  write: WriteKind;
  /** 0: the endpoint's own code writes; 1: a function it calls; 2: a function that one calls… */
  depth: number;
}

export interface NonSerializableSignal extends Signal, NonSerializableValue {
  /** `parameter` (its name in `name`) or the awaited `return` value. */
  position: 'parameter' | 'return';
  name?: string;
}

/**
 * Facts about an endpoint's code beyond auth, read by the pitfall rules. A field is present only when the analyzer
 * saw it; each points at the code that shows it.
 */
export interface EndpointSignals {
  /** Reads a webhook signature header (stripe-signature, svix-signature…). */
  signatureHeader?: Signal;
  /** Calls or builds a webhook provider's verifier (constructEvent, new Webhook(secret).verify…). */
  webhookVerifier?: Signal;
  /**
   * Actions: a URL in the app's config (vercel.json) points at the page or name of an action nothing calls. Routes and
   * procedures: a cron in the app's config calls its URL.
   */
  configUrl?: Signal;
  /** The shallowest write of each kind. */
  writes?: WriteSignal[];
  /** Actions: a value from the arguments (or formData.get) reaches a database write. */
  inputToDatabase?: Signal;
  /** Actions: the input is checked — a schema parse (zod, valibot, yup, arktype…), or a check on it that stops. */
  inputValidation?: Signal;
  /** A File or Blob (or a raw binary body) is read from the input. */
  fileInput?: Signal;
  /** Actions: a file's size is compared with a limit. */
  fileSizeCheck?: Signal;
  /** Actions: a throw whose error carries data the client would read (JSON in the message, a custom error class). */
  structuredThrow?: Signal;
  /** Actions: parameters or the return value that React cannot serialize (from the type checker). */
  nonSerializable?: NonSerializableSignal[];
  /** Routes: the Origin, Host, Referer or Sec-Fetch-Site header is checked, or a CSRF token. */
  originCheck?: Signal;
  /** Routes: the caller is identified by an Authorization / API-key header, which browsers do not send by themselves. */
  tokenAuth?: Signal;
  /** Routes: a session cookie is read by the app's own code (not an auth library's). */
  sessionCookie?: Signal;
  /** Routes: the handler's file says how its cookies are SameSite (an option or a comment). */
  sameSiteNote?: Signal;
  /** Routes: the response is a stream (AI SDK, ReadableStream, server-sent events). */
  streams?: Signal;
  /** Routes: the response is a file to download (Content-Disposition). */
  fileResponse?: Signal;
  /** Routes: the response allows other origins (Access-Control-Allow-Origin). */
  cors?: Signal;
  /**
   * The caller is checked, but a record the endpoint changes is picked by the input and nothing ties it to the caller
   * (no owner in the write's filter, no check naming both the caller and that input before it): an IDOR.
   */
  ownershipGap?: Signal;
}

/** What an effect is (../shared/auth-semantics.md, "Effects: kind and scope"). */
export type EffectKind = 'database' | 'kv' | 'file' | 'upload-grant' | 'queue' | 'email' | 'http' | 'cookie' | 'auth-state' | 'spend' | 'probe' | 'cache' | 'other';

/**
 * Whose the effect is: `caller-browser` touches only the caller's own browser (a cookie), `caller-keyed` a record keyed
 * by the caller's own cookie (a guest cart), `token-keyed` a record a capability from the request opens (an invite, a
 * checkout), `delegated` is done with the caller's own credential (refused without one), `shared` is anyone's data or
 * the app's money.
 */
export type EffectScope = 'caller-browser' | 'caller-keyed' | 'token-keyed' | 'delegated' | 'shared';

/** One effect of an endpoint, where it happens, and why it has that scope. */
export interface EndpointEffect extends Location {
  kind: EffectKind;
  scope: EffectScope;
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
  /**
   * Export name; for routes the HTTP method; `inline@<line>` for an anonymous inline action; for procedures the
   * tRPC path (`post.create`) or `METHOD /full/path` for a Hono route.
   */
  name: string;
  file: string;
  /** 1-based line of the export (or of the inline function). */
  line: number;
  column: number;
  /**
   * Routes and pages-api: the URL path, e.g. `/api/projects/[id]`. Procedures: the URL that reaches them
   * (`/api/trpc/post.create`, a Hono route's full path `/api/posts/:id`).
   */
  urlPath?: string;
  /** Procedures: the router that serves them. */
  router?: RouterFramework;
  /** tRPC procedures: query, mutation or subscription. */
  type?: ProcedureType;
  /** Procedures: the route handler file that mounts their router. */
  mountedAt?: string;
  /** A route handler that serves a router: which, and how many procedures or routes it serves for this method. */
  mounts?: { router: RouterFramework; served: number };
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
  /** Effects with their kind and scope, in source order (a few of each); absent when it has none. */
  effects?: EndpointEffect[];
  /** What the pitfall rules read; absent when nothing was seen. */
  signals?: EndpointSignals;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /**
   * Findings a baseline records (CLI `--baseline`, the editor's `nextBoundary.baseline`): known and accepted for
   * now, so not in `findings`. Absent when no baseline was applied or none matched.
   */
  baselined?: Finding[];
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
  /** The `next` version range from package.json, as written (e.g. `^15.1.0`). */
  nextVersion?: string;
  /** `serverActions.bodySizeLimit` from next.config, as written; absent means the 1 MB default. */
  serverActionsBodySizeLimit?: string;
}

export interface MiddlewareInfo {
  file: string;
  line: number;
  /** Matcher sources as written; empty means it runs on every path. */
  matchers: string[];
  /** True when the matcher could not be read statically (not a constant). */
  dynamicMatcher: boolean;
  /** Where it compares the request's Origin (or Host/Referer/Sec-Fetch-Site) header, a CSRF check for what it covers. */
  originCheck?: Location;
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
  /**
   * A first look (the editor's open files before the full scan): only those files' endpoints, with no callers
   * searched yet, so exposure and the findings that depend on callers are not known. Never in the CLI's output.
   */
  partial?: true;
  /** Timing and counts, for the benchmark and the output log. Not part of the JSON contract. */
  stats: ScanStats;
  /**
   * With ScanOptions.changedFiles only: those files and every file that imports one of them, directly or not
   * (relative to the root; `../` for files outside it). Not part of the JSON contract.
   */
  filesReachingChanges?: string[];
}

/**
 * The phases of a scan, in order: listing the workspace and reading the apps' configs (`walk`); reading and sniffing
 * every source file for its role (`read`); building the TypeScript program over the endpoint files and what they
 * import (`program`); reading the endpoint files' facts: handlers, guards, effects, routers (`facts`); finding
 * callers (`callers`); deciding exposure, auth, mutates and revalidates (`classify`); running the rules (`rules`).
 */
export type ScanPhase = 'walk' | 'read' | 'program' | 'facts' | 'callers' | 'classify' | 'rules';

/** Where a scan's time went (ms), by phase: what `--timings` prints. */
export type PhaseTimings = Record<ScanPhase, number>;

export interface ScanStats {
  filesSeen: number;
  filesRead: number;
  filesParsed: number;
  programFiles: number;
  durationMs: number;
  phases?: PhaseTimings;
}
