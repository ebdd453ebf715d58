import picomatch from 'picomatch';
import type { HandlerFacts } from './handlers';
import { HTTP_METHODS } from './exports';
import type { EffectFact, ParamCondition } from './facts/types';
import {
  EXTERNAL_ROUTE_SEGMENT_RE,
  PUBLIC_ACTION_WORDS,
  PUBLIC_FLOW_SEGMENT_RE,
  PUBLIC_ROUTE_SEGMENT_RE,
  WEBHOOK_SEGMENT_RE,
} from './knowledge';
import type { ConfigUrl } from './app-settings';
import type { AuthStatus, Caller, Endpoint, Evidence, Exposure, Signal } from './model';
import { WEBHOOK_EVIDENCE_PREFIX } from './rules/webhook-without-verification';
import { type MountedRouter, procedureUrl, servedBy, servedNoun } from './routers';
import { type ScopedEffect, endpointEffects, isHarmful, isWrite, scopeOf } from './scope';
import { endpointSignals } from './signals';
import { words } from './words';

export interface ClassifyInput {
  endpoint: Endpoint;
  handler: HandlerFacts;
  /** Evidence that the file imports a webhook verification module. */
  webhookImport?: Evidence;
  publicPaths: string[];
  /** The app's app/ folder (relative), to read the route segment an action file sits in. */
  appDir?: string;
  /** Where the endpoint is declared, for evidence that has no better place. */
  site: Evidence;
  /** URL paths in the app's vercel.json. */
  configUrls?: readonly ConfigUrl[];
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((word, j) => haystack[i + j] === word)) return true;
  }
  return false;
}

/**
 * Forms anyone may send by nature (feedback, support, a review, an inquiry): public while all they do is add
 * something new (a row, a message to the team). Updating or deleting what exists, or spending, is not a form's job.
 */
const PUBLIC_FORM_WORD_RE = /^(feedback|support|inquiry|enquiry|review|testimonial|suggestion|contact|lead|demo)$/;
// An upsert of the sender's own contact (a CRM's `upsertCustomer` by email) is how such forms record who wrote.
const APPEND_VERB_RE = /^(create|insert|add|post|put|send|publish|enqueue|trigger|capture|push|incr|incrby|hincrby|hset|set|sadd|zadd|lpush|rpush|fetch|execute|query|sql|createMany|insertMany|insertOne|upsert)/i;

/**
 * Tables that hold people's private records: their orders and payments, messages and chats, notes and files, reports,
 * memberships, sessions and keys. Returning their rows to an anonymous caller leaks them.
 */
const PRIVATE_TABLE_RE = /^(orders?|order_?items?|payment_?intents?|customers?|invoices?|messages?|chats?|conversations?|notes?|files?|suggestions?|reports?|memberships?|subscriptions?|sessions?|tokens?|secrets?|transactions?|bank_?\w*|sales|audit_?\w*|notifications?|contacts?|private_?\w*|credentials?|addresses|drafts?|submissions?|bans?|banned_?users?)$/i;

function publicForm(endpoint: Endpoint, effects: readonly ScopedEffect[]): string | undefined {
  const nameWords = endpoint.kind === 'action' ? words(endpoint.name) : (endpoint.urlPath ?? '').split('/').filter(Boolean).flatMap(words);
  const word = nameWords.find((item) => PUBLIC_FORM_WORD_RE.test(item));
  if (!word) return undefined;
  const shared = effects.filter(isHarmful);
  if (!shared.length || !shared.every((effect) => effect.kind !== 'spend' && APPEND_VERB_RE.test(effect.verb ?? ''))) return undefined;
  return `a ${word} form that only adds what the visitor sends: public by design`;
}

/** A function name that says what a public flow does (`signUp`, `requestPasswordReset`, `subscribeToNewsletter`). */
function publicByName(name: string): string | undefined {
  const nameWords = words(name);
  while (nameWords.length > 1 && nameWords[nameWords.length - 1] === 'action') nameWords.pop();
  // A bare `subscribe`, or subscribing an email: a mailing-list form. `subscribeToPlan` is billing and is not.
  const subscribes = nameWords.some((word) => /^(subscribe|unsubscribe)$/.test(word));
  if (subscribes && (nameWords.length === 1 || nameWords.some((word) => /^(email|newsletter|mailing|waitlist|updates)$/.test(word)))) {
    return `${nameWords.join(' ')} (a mailing-list form) is public by design`;
  }
  const match = PUBLIC_ACTION_WORDS.find((sequence) => containsSequence(nameWords, sequence));
  return match ? `${match.join(' ')} is public by design` : undefined;
}

function publicByDesign(endpoint: Endpoint, appDir: string | undefined, sharedEffect: boolean): string | undefined {
  if (endpoint.kind === 'action') {
    // An action kept beside a sign-in/reset-password page belongs to that flow.
    if (appDir && endpoint.file.startsWith(appDir + '/')) {
      const flow = endpoint.file.slice(appDir.length + 1).split('/').slice(0, -1).find((segment) => PUBLIC_FLOW_SEGMENT_RE.test(segment) && !/^callbacks?$/.test(segment));
      if (flow) return `it belongs to the /${flow} page, public by design`;
    }
    return publicByName(endpoint.name);
  }
  // A tRPC procedure is named like a function (`auth.signUp`), and its path's parts are read like URL segments.
  const trpc = endpoint.kind === 'procedure' && endpoint.router === 'trpc';
  const byName = trpc ? publicByName(endpoint.name.slice(endpoint.name.lastIndexOf('.') + 1)) : undefined;
  if (byName) return byName;
  const segments = (endpoint.urlPath ?? '').split('/').filter(Boolean).flatMap((segment) => (trpc ? segment.split('.') : [segment]));
  if (segments.some((segment) => /^callbacks?$/.test(segment))) {
    return 'a callback (OAuth or integration): the provider sends the browser here, public by design';
  }
  const authSegment = segments.find((segment) => /^(auth|oauth2?|sso|saml|oidc)$|(^|-)(auth|login|signin|signup)(-|$)/i.test(segment));
  if (authSegment) return `/${authSegment} is a sign-in flow, public by design`;
  // Health, status, OG images, docs…: public only while nothing shared is changed or paid for. A PATCH on …/status is not a health check.
  const segment = segments.find((item) => PUBLIC_ROUTE_SEGMENT_RE.test(item) && (!sharedEffect || PUBLIC_FLOW_SEGMENT_RE.test(item)));
  return segment ? `/${segment} is public by design` : undefined;
}

function webhookHint(input: ClassifyInput): string | undefined {
  const { endpoint, handler } = input;
  if (endpoint.kind === 'action') return undefined;
  const segments = (endpoint.urlPath ?? '').split('/').filter(Boolean);
  const segment = segments.find((item) => WEBHOOK_SEGMENT_RE.test(item));
  if (segment) return `the URL segment /${segment} receives webhooks`;
  if (handler.bodyFacts?.signatureHeader) return handler.bodyFacts.signatureHeader.message;
  if (input.webhookImport) return input.webhookImport.message;
  return undefined;
}

/** Decides auth, exposure, mutates and revalidates from the facts, and records why. */
export function classify(input: ClassifyInput): void {
  if (input.handler.mounted) classifyMounted(input, input.handler.mounted);
  else classifyOwnCode(input);
}

/**
 * A route handler that serves a router is as open as the least guarded procedure or route it serves for its method
 * (`GET` serves tRPC queries, `POST` mutations; Hono routes by their method): one public mutation that writes shared
 * data makes the whole `POST` missing auth.
 */
function classifyMounted(input: ClassifyInput, router: MountedRouter): void {
  const { endpoint } = input;
  // A pages/api handler answers every method.
  const method = endpoint.kind === 'pages-api' ? '*' : endpoint.name;
  const served = router.endpoints.filter((item) => servedBy(item, method)).map((item) => {
    // Judged as the procedure's own endpoint is (same kind, URL and name), so the two verdicts cannot differ.
    const inner: Endpoint = {
      ...endpoint,
      kind: 'procedure',
      name: item.name,
      file: item.site.file,
      line: item.site.line,
      urlPath: procedureUrl(router.framework, endpoint.urlPath ?? '', item.name),
      router: router.framework,
      ...(item.type && { type: item.type }),
      exposure: 'unused',
      auth: 'unknown',
      mutates: false,
      revalidates: false,
      evidence: [],
      findings: [],
      suppressed: [],
    };
    delete inner.effects;
    delete inner.signals;
    classifyOwnCode({ ...input, endpoint: inner, handler: item.handler, site: item.site });
    return inner;
  });
  const evidence: Evidence[] = [{ ...router.evidence, kind: 'mount', message: `${router.evidence.message}: ${served.length} ${servedNoun(router.framework)}${served.length === 1 ? '' : 's'} for ${method === '*' ? 'every method' : method}` }];
  endpoint.mounts = { router: router.framework, served: served.length };
  const missing = served.filter((item) => item.auth === 'missing');
  const named = (item: Endpoint, what: string): Evidence => ({ ...item.evidence[0], kind: item.auth === 'missing' ? 'identity-unchecked' : 'public', message: `${item.name} ${what}` });
  if (missing.length) {
    endpoint.auth = 'missing';
    for (const item of missing.slice(0, 3)) {
      const effect = item.effects?.find((candidate) => candidate.scope === 'shared');
      evidence.push({ ...(effect ?? item.evidence[0]), kind: 'identity-unchecked', message: `${item.name} has no guard${effect ? `: ${effect.message}` : ''}` });
    }
    if (missing.length > 3) evidence.push({ ...router.evidence, kind: 'identity-unchecked', message: `and ${missing.length - 3} more without a guard` });
  } else if (served.some((item) => item.auth === 'protected')) {
    endpoint.auth = 'protected';
    const guarded = served.find((item) => item.auth === 'protected')!;
    evidence.push(...guarded.evidence.filter((item) => item.kind === 'guard' || item.kind === 'wrapper-guard' || item.kind === 'verification').slice(0, 3));
  } else if (served.some((item) => item.auth === 'unknown') || router.unreadable.length) {
    // A part of the router that could not be read may serve this method unguarded: no verdict but "unknown".
    endpoint.auth = 'unknown';
    evidence.push(...router.unreadable.slice(0, 3), ...served.filter((item) => item.auth === 'unknown').slice(0, 2).map((item) => named(item, 'could not be judged')));
  } else {
    endpoint.auth = 'public';
    evidence.push({ ...input.site, kind: 'public', message: served.length ? `every ${servedNoun(router.framework)} it serves for ${method === '*' ? 'any method' : method} is public by design or changes nothing shared` : `the router serves nothing for ${method}` });
  }
  const gap = served.find((item) => item.auth === 'protected' && item.signals?.ownershipGap);
  if (gap?.signals?.ownershipGap) endpoint.signals = { ...(endpoint.signals ?? {}), ownershipGap: { ...gap.signals.ownershipGap, message: `${gap.name}: ${gap.signals.ownershipGap.message}` } };
  endpoint.mutates = served.some((item) => item.mutates);
  endpoint.revalidates = served.some((item) => item.revalidates);
  const effects = (missing.length ? missing : served).flatMap((item) => item.effects ?? []).slice(0, 8);
  if (effects.length) endpoint.effects = effects;
  endpoint.exposure = exposureOf(input, evidence);
  endpoint.evidence.push(...dedupe(evidence));
}

/**
 * An action every caller of which refreshes the page once it succeeds (`router.refresh()` in a shared success hook,
 * a query invalidation) shows fresh data without revalidating itself: one item per place that refreshes.
 */
function refreshedByEveryCaller(callers: readonly Caller[]): Evidence[] {
  if (callers.length === 0 || !callers.every((caller) => caller.refresh)) return [];
  const evidence: Evidence[] = [];
  for (const caller of callers) {
    const refresh = caller.refresh!;
    if (evidence.some((item) => item.file === refresh.file && item.line === refresh.line)) continue;
    evidence.push({ kind: 'revalidation', file: refresh.file, line: refresh.line, message: `refreshed by its caller at ${caller.file}:${caller.line}: ${refresh.what} once the call succeeds` });
  }
  return evidence;
}

function classifyOwnCode(input: ClassifyInput): void {
  const { endpoint, handler } = input;
  const body = handler.bodyFacts;
  const evidence: Evidence[] = [];

  // A redirect refreshes an action's page; a route handler's redirect is only a response.
  const revalidation = endpoint.kind === 'action' ? body?.revalidation : body?.cacheRevalidation;
  const effects = scopedEffects(input);
  const harmful = effects.find((effect) => isHarmful(effect) && !effect.guardedBy);
  // Shared writes that run only inside `if (session) { … }`: guarded where they happen.
  const branchGuarded = effects.find((effect) => isHarmful(effect) && effect.guardedBy);
  endpoint.mutates = effects.some(isWrite);
  endpoint.revalidates = !!revalidation;

  // A user id the caller sends, used to look up or change data, in an endpoint that reads no identity of its own.
  // A session object taken as a parameter is the caller's to fill in when the function itself is the endpoint.
  const claimedSession = !handler.bodyWrapped && endpoint.kind === 'action' ? body?.parameterIdentity : undefined;
  const claimedValue = body?.claimedIdentity ?? claimedSession;
  // A parameter that takes the place of the identity the function reads is a claim even though an identity is read.
  // (Only where it changes shared data: what it reads back is the claimed user's, handed to whoever claims it.)
  const override = !handler.bodyWrapped && endpoint.kind === 'action' && effects.some(isHarmful) ? body?.identityOverride : undefined;
  const claimed = (claimedValue && !body?.readsIdentity ? claimedValue : undefined) ?? override;
  const guard = claimed && (body?.guardOnClaimedIdentity || override) ? undefined : body?.guard;
  const guardedInBody = !!guard && (!harmful || guard.pos <= harmful.pos);
  const verification = handler.wrapperVerification ?? (body?.verification && (!harmful || body.verification.pos <= harmful.pos) ? body.verification.evidence : undefined);

  let auth: AuthStatus;
  // An IP rate limit says a form is meant for anonymous callers; it does not make spending the app's money, or fetching
  // whatever URL a caller names, anyone's to do.
  const publicReason = publicByDesign(endpoint, input.appDir, !!harmful) ?? publicForm(endpoint, effects) ?? (harmful && body?.ipRateLimit && !effects.some((effect) => effect.kind === 'spend' || effect.kind === 'probe') ? body.ipRateLimit.message : undefined);
  const configPublic = endpoint.urlPath && input.publicPaths.length && picomatch.isMatch(endpoint.urlPath, input.publicPaths, { dot: true });
  const delegated = effects.find((effect) => effect.scope === 'delegated');
  // An admin surface (`apps/admin/…`, `/admin/…`) reads nothing that is anyone's to see.
  const adminSurface = /(^|\/)\(?(admin|backoffice)\)?(\/|$)/.test(endpoint.file) || /(^|\/)admin(\/|$)/.test(endpoint.urlPath ?? '');
  const privateRead = !body?.readsIdentity && !delegated ? body?.reads?.find((read) => (adminSurface || PRIVATE_TABLE_RE.test(read.table.replace(/_?table$/i, ''))) && !read.origins.cookie && !read.origins.token) : undefined;
  if (handler.wrapperGuard) {
    auth = 'protected';
    evidence.push(...handler.wrapperGuard);
  } else if (guardedInBody) {
    auth = 'protected';
    evidence.push(...guard.evidence);
  } else if (claimed && !handler.authLibraryHandler && !configPublic) {
    auth = 'missing';
    evidence.push({ ...claimed, kind: 'identity-unchecked' });
  } else if (handler.authLibraryHandler) {
    auth = 'public';
    // Sign-in, callbacks and sign-out change the caller's sign-in state (../shared/auth-semantics.md).
    endpoint.mutates = true;
    const atSite = { ...input.site, kind: 'public' as const, message: handler.authLibraryHandler.message };
    evidence.push(atSite);
    if (handler.authLibraryHandler.file !== atSite.file || handler.authLibraryHandler.line !== atSite.line) evidence.push(handler.authLibraryHandler);
    const signIn = "its sign-in, callback and sign-out endpoints change the caller's sign-in state";
    evidence.push({ ...input.site, kind: 'mutation', message: signIn });
    if (!endpoint.effects?.length) endpoint.effects = [{ kind: 'auth-state', scope: 'caller-browser', file: input.site.file, line: input.site.line, message: `${signIn}: changes only the caller's own sign-in state` }];
  } else if (configPublic) {
    auth = 'public';
    evidence.push({ ...input.site, kind: 'config', message: `${endpoint.urlPath} matches publicPaths in the Next Boundary config` });
    evidence.push({ ...input.site, kind: 'public', message: 'marked public in the Next Boundary config' });
  } else if (handler.signedFramework) {
    auth = 'unknown';
    evidence.push({ ...handler.signedFramework, kind: 'unresolved', message: `${handler.signedFramework.message}; the analyzer cannot see the check itself` });
  } else if (publicReason && !handler.unresolved.length && privateRead?.table !== 'secrets') {
    // (No flow is public enough to hand out any server secret a caller names.)
    auth = 'public';
    evidence.push({ ...input.site, kind: 'public', message: publicReason });
  } else if (privateRead && !handler.unresolved.length) {
    // Rows of a table that holds people's private records, returned to whoever asks.
    auth = 'missing';
    const what = privateRead.table === 'secrets' ? 'handed back to whoever asks' : 'private records, returned with no identity check';
    evidence.push({ ...privateRead.evidence[0], kind: 'identity-unchecked', message: `${privateRead.evidence[0].message}: ${what}` });
  } else if (handler.unresolved.length || (body?.unresolved.length && !harmful)) {
    auth = 'unknown';
    evidence.push(...handler.unresolved, ...(body?.unresolved ?? []));
  } else if (!harmful && branchGuarded) {
    auth = 'protected';
    evidence.push(branchGuarded.guardedBy!);
  } else if (!harmful && delegated && effects.every((effect) => effect.scope === 'delegated' || effect.scope === 'caller-browser')) {
    // The write is made with the caller's own session: the other side refuses an anonymous caller.
    auth = 'protected';
    evidence.push({ ...delegated.evidence[0], kind: 'guard', message: `acts with the caller's own credential: ${delegated.origins.credential ?? 'a key the caller sends'} is forwarded, so an anonymous caller is refused` });
  } else if (!harmful) {
    auth = 'public';
    evidence.push({ ...input.site, kind: 'public', message: publicReason ?? (effects.length ? `no shared effect: ${ownEffectsText(effects)}` : 'read-only: no write was found, and no guard') });
  } else {
    auth = 'missing';
    if (guard) evidence.push({ ...guard.evidence[0], kind: 'identity-unchecked', message: 'a check was found, but only after the first write' });
  }
  endpoint.auth = auth;

  if (auth !== 'protected') {
    if (body?.weakCheck) evidence.push(body.weakCheck);
    if (body?.identityUnchecked) evidence.push(body.identityUnchecked);
    evidence.push(...handler.wrapperNoGuard, ...(body?.noGuardHelpers ?? []));
  }
  if (verification && !evidence.some((item) => item.kind === 'verification')) evidence.push(...verification);
  const shown = endpointEffects(effects);
  for (const effect of shown) evidence.push({ kind: 'mutation', file: effect.file, line: effect.line, message: effect.message });
  // Where each shown write happens inside the helpers it goes through.
  for (const effect of effects) if (shown.some((item) => item.file === effect.evidence[0].file && item.line === effect.evidence[0].line)) evidence.push(...effect.evidence.slice(1).map((item) => ({ ...item, kind: 'mutation' as const })));
  if (revalidation) evidence.push(...revalidation.evidence.map((item) => ({ ...item, kind: 'revalidation' as const })));
  else if (endpoint.kind === 'action' && endpoint.mutates) {
    const refreshed = refreshedByEveryCaller(endpoint.callers);
    if (refreshed.length) {
      endpoint.revalidates = true;
      evidence.push(...refreshed);
    }
  }
  if (shown.length) endpoint.effects = shown;

  endpoint.exposure = exposureOf(input, evidence);
  endpoint.evidence.push(...dedupe(evidence));
  const cacheWrite = endpoint.kind !== 'action' && body?.cacheRevalidation ? body.cacheRevalidation.evidence[0] : undefined;
  const signals = endpointSignals(input, cacheWrite && { file: cacheWrite.file, line: cacheWrite.line, message: cacheWrite.message });
  if (signals) endpoint.signals = signals;
  // Ownership is the question only where the guard is about who the caller is, not what role they have (an admin acts on anyone's).
  const roleGuard = evidence.some((item) => (item.kind === 'guard' || item.kind === 'wrapper-guard') && /admin|role|permission|superuser|staff|moderator/i.test(item.message));
  // Only the plain shape is reported: the endpoint reads the caller itself (a wrapper's context may scope the write in
  // ways not seen here), changes a record by an id it was sent, and ties nothing to the caller anywhere before.
  // A role held in one scope the input names (`getTeamAdmin(teamId)`) says nothing about a record picked by another input.
  const scopedRole = roleGuard && !!body?.ownershipChecks?.length;
  const gap = auth === 'protected' && body?.readsIdentity && !handler.wrapperGuard && !verification && (!roleGuard || scopedRole) ? ownershipGap(effects, body.ownershipChecks ?? [], body.linkedInputs ?? []) : undefined;
  if (gap) endpoint.signals = { ...(endpoint.signals ?? {}), ownershipGap: gap };
}

interface KeyedPlace {
  pos: number;
  params: ReadonlySet<number>;
}

/** The inputs tied to the caller before `pos`: by a check naming both, then through lookups keyed by a tied input and others. */
function tiedInputs(pos: number, checks: readonly KeyedPlace[], links: readonly KeyedPlace[]): Set<number> {
  const tied = new Set(checks.filter((check) => check.pos <= pos).flatMap((check) => [...check.params]));
  for (let grew = tied.size > 0; grew; ) {
    grew = false;
    for (const link of links) {
      if (link.pos > pos || ![...link.params].some((index) => tied.has(index))) continue;
      for (const index of link.params) {
        if (tied.has(index)) continue;
        tied.add(index);
        grew = true;
      }
    }
  }
  return tied;
}

/** Verbs that change or remove a record that already exists (creating a new one picks no one else's). */
const EXISTING_RECORD_VERB_RE = /^(update|delete|remove|destroy|del|upsert|patch|put|transfer|cancel|archive|unarchive|restore|replace|move|rename|detach|unlink|revoke|mark|toggle|assign|unassign|hide|ban|set)/i;

/**
 * IDOR: a shared write to an existing record picked by the input, with no owner in its filter and no check before it
 * that names both the caller and that input.
 */
function ownershipGap(effects: readonly ScopedEffect[], checks: readonly KeyedPlace[], links: readonly KeyedPlace[]): Signal | undefined {
  for (const effect of effects) {
    if (effect.scope !== 'shared' || effect.ownerTied || effect.byName || effect.asCaller || effect.kind === 'spend' || effect.kind === 'probe' || effect.kind === 'cookie' || effect.kind === 'file') continue;
    if (!EXISTING_RECORD_VERB_RE.test(effect.verb ?? '') || !effect.origins.params?.size) continue;
    // The write itself, in the endpoint's own code: a helper may scope it in ways its signature does not show.
    if (effect.evidence.length > 1) continue;
    const params = effect.origins.params;
    const tied = tiedInputs(effect.pos, checks, links);
    if ([...params].some((index) => tied.has(index))) continue;
    const site = effect.evidence[0];
    return { file: site.file, line: site.line, message: `${site.message.replace(/ writes data$/, '')} changes a record the input picks, and nothing ties it to the caller` };
  }
  return undefined;
}

/** The body's effects with their scopes; a route that revalidates changes what every visitor sees (a cache write). */
function scopedEffects(input: ClassifyInput): ScopedEffect[] {
  const body = input.handler.bodyFacts;
  // A request whose method nobody up the chain decided is taken as a read.
  // A fetch of a URL the endpoint's own input no longer picks (a helper handed a constant) is no probe.
  const effects = (body?.effects ?? [])
    .filter((effect) => (!effect.conditional || relaysWrite(input.endpoint, effect)) && (effect.kind !== 'probe' || !!effect.origins.params?.size) && !otherMethodOnly(input.endpoint, effect.when))
    .map(scopeOf);
  if (input.endpoint.kind !== 'action' && body?.cacheRevalidation && !effects.length) {
    effects.push(scopeOf({ id: 0, kind: 'cache', pos: body.cacheRevalidation.pos, evidence: body.cacheRevalidation.evidence, origins: {} }));
  }
  return effects;
}

/** A relay that sends on the incoming request's method (`fetch(target, { method: req.method })`) writes when it is a POST, PUT, PATCH or DELETE. */
function relaysWrite(endpoint: Endpoint, effect: EffectFact): boolean {
  return !!effect.methodOfRequest && endpoint.kind === 'route' && /^(POST|PUT|PATCH|DELETE)$/.test(endpoint.name);
}

/**
 * One handler exported under several methods runs `if (req.method === 'OPTIONS') return …` for a preflight: what
 * happens only under another method's branch is not this route's (`request.method` decided by the method it is under).
 */
function otherMethodOnly(endpoint: Endpoint, when: ParamCondition | undefined): boolean {
  if (endpoint.kind !== 'route' || !when || when.param !== 0 || when.path.length !== 1 || when.path[0] !== 'method') return false;
  const method = when.value.toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) return false;
  return (endpoint.name === method) !== when.equals;
}

/** `writes only the caller's own browser cookies; cart keyed by the caller's own cookie \`cartId\``. */
function ownEffectsText(effects: readonly ScopedEffect[]): string {
  return [...new Set(effects.map((effect) => effect.reason))].join('; ');
}

function exposureOf(input: ClassifyInput, evidence: Evidence[]): Exposure {
  const { endpoint, handler } = input;
  if (endpoint.kind === 'action') return endpoint.callers.length ? 'internal' : 'unused';
  const hook = webhookHint(input);
  if (hook) evidence.push({ ...input.site, kind: 'external-hint', message: `${WEBHOOK_EVIDENCE_PREFIX} ${hook}` });
  if (endpoint.kind === 'pages-api') return 'external';
  const segments = (endpoint.urlPath ?? '').split('/').filter(Boolean);
  const externalSegment = segments.find((segment) => EXTERNAL_ROUTE_SEGMENT_RE.test(segment));
  let reason: string | undefined;
  if (hook) reason = 'receives webhooks';
  else if (handler.authLibraryHandler) reason = "the auth library's own endpoints";
  else if (handler.signedFramework) reason = 'called by an outside service';
  else if (externalSegment) reason = `the URL segment /${externalSegment} is for outside callers`;
  const verifies = !!(handler.wrapperVerification || handler.bodyFacts?.verification);
  // A key or secret it accepts lets outside callers in as well; when the app's own code calls it, that is who it is for.
  // A URL only mentioned (an OpenAPI document, a constant) is what the app tells outside callers, not a call.
  if (!reason && verifies && endpoint.callers.some((caller) => caller.how !== 'reference')) {
    evidence.push({ ...input.site, kind: 'external-hint', message: 'also verifies a signature, API key or shared secret, so outside callers may reach it too' });
    return 'internal';
  }
  if (!reason && verifies) reason = 'verifies a signature or shared secret, so an outside service calls it';
  if (reason) {
    if (!hook) evidence.push({ ...input.site, kind: 'external-hint', message: reason });
    return 'external';
  }
  if (endpoint.callers.length) return 'internal';
  evidence.push({ ...input.site, kind: 'external-hint', message: 'no code in this app calls it' });
  return 'external';
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((item) => {
    const key = `${item.kind}\u0000${item.file}\u0000${item.line}\u0000${item.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
