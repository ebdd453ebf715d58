import type { EffectKind, Evidence, Signal, WriteSignal } from '../model';

export type { EffectKind };

/** A fact found in a function, with where it is (offset inside that function's file) and why. */
export interface Fact {
  pos: number;
  evidence: Evidence[];
}

/**
 * Where a value comes from, as far as the scope of an effect goes. Each field says, in words for the evidence, what
 * the value was taken from.
 */
export interface ValueOrigins {
  /** A key read from the caller's own cookie (its name): a guest cart, an anonymous session. */
  cookie?: string;
  /** The caller's own credential, forwarded: a session token from their cookies in an Authorization header, the request's headers. */
  credential?: string;
  /** A capability from the request: a secret token, a guest checkout's id, a record the provider fetched back by the id sent. */
  token?: string;
  /** The function's own parameters, which each call site fills in. */
  params?: ReadonlySet<number>;
  /**
   * Parameters that reach a credential header (`Authorization: Bearer ${apiKey}`): where the endpoint's own input
   * fills them, the request is made with the caller's own credential.
   */
  credentialParams?: ReadonlySet<number>;
  /** The result of writes made in this request (EffectFact ids): a record it has just created. */
  fresh?: ReadonlySet<number>;
}


/** One effect of a function, where it happens in that function, and the origins of the values it is keyed by. */
export interface EffectFact {
  /** Names the effect across the helpers it goes through, so a value it returns can be traced back to it. */
  id: number;
  kind: EffectKind;
  pos: number;
  /** The call that has the effect here, then where it happens inside the helpers it goes through. */
  evidence: Evidence[];
  origins: ValueOrigins;
  /**
   * A request whose method (or GraphQL operation) its callers pass in (`fetch(url, init)` in a GraphQL helper): an
   * effect only where a call hands it a mutation or a writing method.
   */
  conditional?: true;
  /**
   * A conditional request whose method is the incoming request's own (`fetch(target, { method: req.method, … })` in a
   * relay): a write where the route it serves is a POST, PUT, PATCH or DELETE.
   */
  methodOfRequest?: true;
  /** Cookie writes: the cookie's name. */
  cookie?: string;
  /** The method or function that has the effect (`create`, `deleteLineItem`, `put`), for what kind of change it is. */
  verb?: string;
  /** Probes: the parameter that is the URL itself (a caller picks it only if it hands its own input straight in). */
  probeParam?: number;
  /** Probes: the field of that parameter that is the URL (`({ url }) => fetch(url)`, `(opts) => fetch(opts.url)`). */
  probeProperty?: string;
  /** The effect runs only inside a branch that requires an identity (`if (session) { … }`). */
  guardedBy?: Evidence;
  /** Made through a client built from the caller's own credential (a Supabase client from their cookies: row-level security applies). */
  asCaller?: true;
  /** Taken as a write by the name of code the analyzer cannot read: not enough to say which record it picks. */
  byName?: true;
  /** The call that has the effect names the caller's identity too (`where: { id, userId: session.user.id }`). */
  ownerTied?: true;
  /** Only in one mode of the function: `if (auth === 'session') { … }` (branches.ts). Each call decides it. */
  when?: ParamCondition;
}

/** The effect happens only when field `path` of parameter `param` is (`equals`) or is not the string `value`. */
export interface ParamCondition {
  param: number;
  path: readonly string[];
  value: string;
  equals: boolean;
}

/** Rows read from a table, where in the function, and through which helpers. */
export interface ReadFact {
  table: string;
  pos: number;
  evidence: Evidence[];
  /** What the rows are looked up by: a key from the caller's cookie or a capability reads only the caller's own. */
  origins: ValueOrigins;
}

export interface FunctionFacts {
  /** First point after which the caller's identity is established (a guard), if any. */
  guard?: Fact;
  /** The guard throws inside a `try` whose `catch` returns a plain value: it stops this function, not its callers. */
  guardCaughtAsValue?: true;
  /**
   * Guards inside one `case` of a `switch` (a dispatcher: `case 'azure': return azureHandler(req)`): they stop only what
   * runs in that case, up to `end`, not what other cases or the code after the switch do.
   */
  branchGuards?: (Fact & { end: number })[];
  /** A webhook signature or shared-secret check (also a guard). */
  verification?: Fact;
  mutation?: Fact;
  revalidation?: Fact;
  /** Identity read whose result never stops anything. */
  identityUnchecked?: Evidence;
  /** revalidatePath/revalidateTag/updateTag/refresh (not a redirect): what a route handler can revalidate. */
  cacheRevalidation?: Fact;
  /** The function hands back the user/session it read (getCurrentUser-style helpers). */
  returnsIdentity: boolean;
  /** Calls that could be guards but whose code cannot be read. */
  unresolved: Evidence[];
  /** Helpers with guard-like names whose bodies hold no guard. */
  noGuardHelpers: Evidence[];
  /** The code rate-limits by the caller's IP: it is meant for anonymous callers. */
  ipRateLimit?: Evidence;
  /** The function throws when a check on one of its parameters fails (`assertAdmin(session)`). */
  parameterGuard?: Fact;
  /** A webhook signature header read, or a raw payload read. */
  signatureHeader?: Evidence;
  /** A check that stops, but only on what the request itself says (a substring of the URL, a header): not a guard. */
  weakCheck?: Evidence;
  /** Returns an identity read from an untrusted source (Supabase `getSession()` on the server): never a guard. */
  returnsUntrusted?: Evidence;
  /** Returns the verdict of a signature or secret comparison (`return hmac === expected`): its callers branch on it. */
  returnsVerdict?: true;
  /** Names bound to the caller's identity in this function, for the inline functions it declares (closures). */
  identityBindings?: ReadonlyMap<string, Evidence>;
  /**
   * Checks that tie the caller to input: a call or condition that names both the caller's identity and a parameter
   * (`findFirst({ where: { id: input.id, userId } })`, `assertTeamAccess(teamId, user.id)`, `if (doc.ownerId !== user.id)`).
   */
  ownershipChecks?: { pos: number; params: ReadonlySet<number> }[];
  /**
   * Lookups keyed by several inputs at once (`findFirst({ where: { id: workflowId, teamId } })`): once one of them is
   * tied to the caller, the others are tied through it.
   */
  linkedInputs?: { pos: number; params: ReadonlySet<number> }[];
  /** Reads the caller's identity anywhere (an identity call, a guard on one). */
  readsIdentity?: true;
  /**
   * Uses a user id the caller sent (a parameter or body field named `userId`, `ownerId`…) to look up or change data:
   * in an endpoint that reads no identity of its own, anyone can pass someone else's.
   */
  claimedIdentity?: Evidence;
  /**
   * Uses the id of a session or user object it takes as a parameter (`getTracks(session: Session)` reading
   * `session.user.id`) to look up or change data. Called as an endpoint, not through a wrapper that hands the session
   * in, that object is whatever the caller sends.
   */
  parameterIdentity?: Evidence;
  /** A parameter that replaces the caller's identity when sent (`userIdOverride ?? await getCurrentUserId()`). */
  identityOverride?: Evidence;
  /** The guard recorded compares against such a caller-sent user id: it checks the claim, not the caller. */
  guardOnClaimedIdentity?: true;
  /** Every effect, in source order (a few of each kind). */
  effects?: EffectFact[];
  /** Tables it reads (one entry a table). */
  reads?: ReadFact[];
  /** What the returned value carries. */
  returns?: ValueOrigins;

  // What the pitfall rules read (see EndpointSignals). Facts about "parameters" name the parameters by index, so a
  // caller can tell whether what it passes in reaches them.
  /** The shallowest write of each kind. */
  writes?: WriteSignal[];
  /** A webhook provider's verifier is called or built (constructEvent, new Webhook(secret)…). */
  webhookVerifier?: Signal;
  /** A value taken from these parameters reaches a database write. */
  parameterToDatabase?: ParameterFact;
  /** A value taken from these parameters is checked: a schema parse, or a condition on it that stops. */
  inputValidation?: ParameterFact;
  /** A value taken from these parameters is used as a File or Blob. */
  fileInput?: ParameterFact;
  /** The size of a value taken from these parameters is compared. */
  fileSizeCheck?: ParameterFact;
  /** This function itself (not a callback, not inside try/catch) throws an error carrying data. */
  structuredThrow?: Signal;
  /** The Origin/Host/Referer/Sec-Fetch-Site header is compared, or a CSRF check is called. */
  originCheck?: Signal;
  /** An Authorization or API-key header identifies the caller. */
  tokenAuth?: Signal;
  /** A session-like cookie is read by the app's own code. */
  sessionCookie?: Signal;
  /** The response is streamed. */
  streams?: Signal;
}

/** A fact about some of a function's parameters (by index). */
export interface ParameterFact {
  signal: Signal;
  parameters: ReadonlySet<number>;
}

export function signalOf(item: Pick<Evidence, 'file' | 'line' | 'message'>): Signal {
  return { file: item.file, line: item.line, message: item.message };
}

/** What one call is, as far as identity, data and caches go. */
export interface CallKind {
  identity?: boolean;
  selfGuard?: Evidence[];
  verification?: Evidence[];
  mutation?: Evidence[];
  revalidation?: Evidence[];
  unresolved?: Evidence;
  unresolvedGuard?: boolean;
  noGuardHelper?: Evidence[];
  signatureHeader?: Evidence;
  untrusted?: Evidence;
  localFunction?: boolean;
  cacheRevalidation?: boolean;
  ipRateLimit?: Evidence;
  /** The effects this call has (its own, or a helper's seen from here). */
  effects?: EffectFact[];
  /** Tables this call reads (its own, or a helper's seen from here). */
  reads?: ReadFact[];
  /** The identity comes back as an object that is never null (Clerk's auth()): only its fields can be tested. */
  alwaysObject?: boolean;
  writes?: WriteSignal[];
  /** Facts of the workspace function called, for what its parameters do with the arguments. */
  calleeFacts?: FunctionFacts;
  webhookVerifier?: Signal;
  /** A schema parse or validation call (its arguments say what it checks). */
  validation?: boolean;
  originCheck?: Signal;
  /** Reads the Origin (or Host…) header: a check only once compared. */
  originRead?: boolean;
  tokenAuth?: Signal;
  sessionCookie?: Signal;
  streams?: Signal;
}


/** Facts about some of a function's parameters, by the key they are kept under. */
export type ParameterFactKey = 'parameterToDatabase' | 'inputValidation' | 'fileInput' | 'fileSizeCheck';
export const PARAMETER_FACT_KEYS: readonly ParameterFactKey[] = ['parameterToDatabase', 'inputValidation', 'fileInput', 'fileSizeCheck'];
