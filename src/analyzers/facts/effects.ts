/**
 * What the code does: writes (databases, key-value stores, cookies, files, email, other services) and the
 * revalidation that follows them. Records `mutation`, `writes`, `revalidation` and `cacheRevalidation`.
 */
import ts from 'typescript';
import { bindingDeclaration, bindingOwner, calleeName, unwrapExpression } from '../ast';
import { BENIGN_RECEIVER_RE, HTTP_CLIENT_RE, REVALIDATION_CALLS, SESSION_WRITE_CALLS, STORE_RECEIVER_RE, STRONG_WRITE_METHODS, WEAK_WRITE_METHODS, WRITE_NAME_RE, WRITE_SQL_RE } from '../knowledge';
import type { Evidence, WriteKind } from '../model';
import type { Callee } from './analyzer';
import { branchCondition, conditionAtCall, paramPathOf } from './branches';
import { enclosingIdentityCheck, insideGuardBranch, knowsCaller, namesIdentity } from './identity';
import { inputSourceOf } from './input-flow';
import { constantText, keyOrigins, mergeOrigins, originsOf, substituteParameters as substitute } from './origins';
import { isFetchCall, isWorkspaceSpecifier, methodOption, receiverText, sqlText, terminates, truncate } from './syntax';
import { type CallKind, type EffectFact, type EffectKind, type Fact, type ValueOrigins, signalOf } from './types';
import type { Walk } from './walk';
import { isWrite } from '../scope';

const CACHE_REVALIDATION_CALLS = new Set(['revalidatePath', 'revalidateTag', 'updateTag', 'refresh', 'expirePath', 'expireTag']);

interface WriteHit {
  evidence: Evidence;
  write: WriteKind;
  /** Not a write: a request to a URL the caller chose. */
  probe?: true;
  byName?: true;
  /** The method is the caller's to say (see EffectFact.conditional). */
  conditional?: true;
  /** See EffectFact.methodOfRequest. */
  methodOfRequest?: true;
}

/** SDK clients of other services: their `create`/`update` change state there, not in the app's database. */
export const SERVICE_SDK_RE = /^(stripe|stripeClient|resend|sendgrid|twilio|slack|octokit|github|openai|lemonSqueezy|lemonsqueezy|paddle|polar|mux|cloudinary|algolia|pusher|ably|posthog|mixpanel|segment|intercom|hubspot|linear|notion|discord|telegram|vercel|clerkClient|workos|loops|novu|knock|inngest|qstash)$/i;

/** Key-value stores: Redis, Upstash, Vercel KV, caches. */
const KV_RECEIVER_RE = /redis|upstash|(^|\.)kv(\.|$)|cache/i;

function writeKindOfMethod(name: string, receiver: string): WriteKind {
  if (/^(writeFile|writeFileSync|appendFile|appendFileSync|unlink|unlinkSync|rmSync|putObject|deleteObject|uploadFile|upload)$/.test(name)) return 'file';
  if (/^(sendMail|sendEmail|sendBatch)$/.test(name) || (name === 'send' && /mail|email|resend|sendgrid|postmark|ses|smtp|transport/i.test(receiver))) return 'email';
  if (/cookie/i.test(receiver)) return 'cookie';
  if (KV_RECEIVER_RE.test(receiver)) return 'kv';
  if (SERVICE_SDK_RE.test(receiver.split('.')[0])) return 'http';
  if (/^(trigger|publish|enqueue|emit|invoke|cancel|refund|capture|transfer|send)$/.test(name)) return 'other';
  return 'database';
}


const TIMER_NAMES = new Set(['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'postMessage']);

export function onTaggedTemplate(w: Walk, node: ts.TaggedTemplateExpression): void {
  const text = sqlText(node.template);
  if (text === undefined || !WRITE_SQL_RE.test(text)) return;
  const evidence = w.ev('mutation', node, `SQL write: ${truncate(text.trim())}`);
  const origins = ts.isTemplateExpression(node.template) ? node.template.templateSpans.reduce((all, span) => mergeOrigins(all, originsOf(w, span.expression)), {} as ValueOrigins) : {};
  const effects = (w.facts.effects ??= []);
  const guardedBy = enclosingIdentityCheck(w, node);
  if (effects.length < MAX_EFFECTS) effects.push({ id: nextEffectId(), kind: 'database', pos: w.pos(node), evidence: [evidence], origins, verb: /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? 'sql', ...(guardedBy ? { guardedBy } : {}) });
  w.recordMutation(node, [evidence]);
}

function mutationOf(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, callee: Callee, unreadableWorkspaceCode: boolean): WriteHit | undefined {
  const module = callee.kind === 'external' ? callee.module : undefined;
  const receiver = receiverText(node.expression);
  const label = truncate((path ?? [name]).join('.'));
  const hit = (write: WriteKind, message: string): WriteHit => ({ evidence: w.ev('mutation', node, message), write });
  if (isFetchCall(name, path)) {
    const method = methodOption(node.arguments[1]);
    // `fetch(input.url)`: the caller picks what the server requests (an internal address, another site on the app's behalf).
    const probe = node.arguments[0] && isCallerChosenUrl(w, node.arguments[0]) ? ({ probe: true } as const) : {};
    // `fetch(url, init)` with the options handed in: what it does is decided by each caller (a GraphQL helper).
    if (!method && node.arguments[1] && originsOf(w, node.arguments[1]).params?.size) {
      const relay = forwardsRequestMethod(w, node.arguments[1]) ? ({ methodOfRequest: true } as const) : {};
      return { ...hit('http', `${label}() calls another service`), conditional: true, ...probe, ...relay };
    }
    if ((!method || method === 'GET' || method === 'HEAD') && 'probe' in probe) return { ...hit('other', `${label}() requests a URL the caller chooses`), probe: true };
    if (!method || method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
    // A GraphQL query is sent with POST too: only a mutation writes.
    if (graphqlOperation(w, [...node.arguments]) === 'read') return undefined;
    return hit('http', `${label}(…, { method: '${method}' }) calls another service`);
  }
  if (SESSION_WRITE_CALLS.has(name) && (!receiver || /auth|session|lucia|supabase/i.test(receiver))) return hit('cookie', `${label}() writes the session cookie`);
  if (receiver !== undefined) {
    if (BENIGN_RECEIVER_RE.test(receiver) && !STORE_RECEIVER_RE.test(receiver) && !w.cookieNames.has(receiver)) return undefined;
    if (w.collectionNames.has(receiver)) return undefined;
    // An object's own state (`this.removeNode()`, `this.items.delete(k)`) lives in memory; a service class's `this.db` does not.
    if (/^this(\.|$)/.test(receiver) && !STORE_RECEIVER_RE.test(receiver.slice(4)) && !KV_RECEIVER_RE.test(receiver.slice(4))) return undefined;
    // Error reporting, analytics and logs observe the request; they change nothing anyone reads back. Nor does a rate limiter.
    if (TELEMETRY_RECEIVER_RE.test(receiver) || TELEMETRY_METHOD_RE.test(name) || RATE_LIMIT_NAME_RE.test(receiver)) return undefined;
    if (/create(Hash|Hmac|Cipheriv|Decipheriv|Sign|Verify)\(\)/.test(receiver)) return undefined;
    // Model APIs generate text; they store nothing of the app's.
    if (/(^|\.)(completions|embeddings|responses|moderations|images|audio)$/.test(receiver) || /^(openai|anthropic|groq|mistral|cohere|gemini|genai|google|replicate|together|fireworks|perplexity|ai|llm)(\.|$)/i.test(receiver)) return undefined;
    if (STRONG_WRITE_METHODS.has(name)) return hit(writeKindOfMethod(name, receiver), `${label}() writes data`);
    // `trpc.bankConnections.reconnect.mutate(…)`: a tRPC client calls a mutation procedure of another service.
    if (name === 'mutate' && (path?.length ?? 0) >= 3) return hit('http', `${label}() calls a tRPC mutation`);
    // Command-pattern SDKs (`s3.send(new GetObjectCommand(…))`): the command's name decides.
    const command = commandOf(node, 0, w);
    if (name === 'send' && command) return WRITE_COMMAND_RE.test(command) ? hit(/Object|Multipart|Bucket/.test(command) ? 'file' : /^(Publish|SendMessage)/.test(command) ? 'other' : 'http', `${label}(new ${command}(…)) writes data`) : undefined;
    // `sdk.store.cart.deleteLineItem(…)`, `tasks.createTask(…)`: a write verb and a noun, on a client's member chain.
    // `ics.createEvent()`: a function of a package's namespace builds something; clients made from packages write.
    const verb = compoundWriteVerb(name, path ?? []) && !isPackageNamespace(w, node.expression) ? compoundWriteVerb(name, path ?? []) : undefined;
    if (verb) return hit(writeKindOfMethod(verb, receiver), `${label}() writes data`);
    // `stripe.paymentMethods.detach(id)`, `billing.subscriptions.cancel(id)`: a state verb on a client's resource.
    if (isResourceChain(path) && RESOURCE_STATE_VERB_RE.test(name)) return hit(writeKindOfMethod(name, receiver), `${label}() writes data`);
    if (!WEAK_WRITE_METHODS.has(name)) return undefined;
    if (/^(set|delete|del|add|append|remove|commit|copy|move|rename)$/.test(name)) {
      const cookie = /cookie/i.test(receiver) || w.cookieNames.has(receiver.split('.')[0]);
      if (STORE_RECEIVER_RE.test(receiver) || cookie) return hit(cookie ? 'cookie' : KV_RECEIVER_RE.test(receiver) ? 'kv' : 'database', `${label}() writes data`);
      // `memories.documents.delete(id)`: a resource of a client, not a Map or a Set the code made.
      return isResourceChain(path) && name !== 'set' ? hit(writeKindOfMethod(name, receiver), `${label}() writes data`) : undefined;
    }
    if (/^(post|put|patch)$/.test(name)) {
      return HTTP_CLIENT_RE.test(receiver.split('.').pop() ?? '') || STORE_RECEIVER_RE.test(receiver) ? hit('http', `${label}() calls another service`) : undefined;
    }
    if (/^(execute|exec)$/.test(name)) {
      const text = sqlText(node.arguments[0]);
      // Only a query we can read counts: `execute(query)` is as often a SELECT.
      return text !== undefined && WRITE_SQL_RE.test(text) ? hit('database', `${label}() runs a write query`) : undefined;
    }
    if (name === 'send' && /^(res|response|reply|ws|socket)$/i.test(receiver)) return undefined;
    return hit(writeKindOfMethod(name, receiver), `${label}() writes data`);
  }
  if (STRONG_WRITE_METHODS.has(name) && !TIMER_NAMES.has(name)) return hit(writeKindOfMethod(name, ''), `${name}() writes data`);
  const text = node.arguments[0] && /^(query|execute|exec|sql|raw|run)$/.test(name) ? sqlText(node.arguments[0]) : undefined;
  if (text !== undefined && WRITE_SQL_RE.test(text)) return hit('database', `SQL write: ${truncate(text.trim())}`);
  const plainCall = ts.isIdentifier(unwrapExpression(node.expression));
  // A callback handed in (`new Promise((resolve, reject) => …)`, `(submit) => submit()`) is not the app's data layer.
  const declaration = callee.kind === 'value' ? callee.declaration : undefined;
  const owner = declaration && ts.isBindingElement(declaration) ? bindingOwner(declaration) : declaration;
  const parameter = !!owner && ts.isParameter(owner);
  if (plainCall && !parameter && (unreadableWorkspaceCode || module === undefined) && WRITE_NAME_RE.test(name) && !TIMER_NAMES.has(name) && !CONSTRUCTOR_NAME_RE.test(name) && !BUILDS_A_CLIENT_RE.test(name)) {
    return { ...hit('other', `${name}() writes data (judged by its name: its code is not readable here)`), byName: true };
  }
  return undefined;
}

/**
 * `directorySync.requests.handle(request, handleEvents)`: a function of the app handed by name to a package's call
 * runs when that call says, as its work. Its effects are keyed by what the call is handed too: a package handed the
 * caller's own credential (`{ apiSecret }` from the Authorization header) checks it before it calls back.
 */
export function classifyCallbacks(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, result: CallKind): void {
  if (result.effects?.length || result.mutation) return;
  const found: EffectFact[] = [];
  for (const argument of node.arguments) {
    const value = unwrapExpression(argument);
    if (!ts.isIdentifier(value)) continue;
    const resolved = w.analyzer.resolve(value);
    if (resolved.kind !== 'function') continue;
    const facts = w.analyzer.functionFacts(resolved.fn);
    // `Effect.tryPromise(getCurrentUser)`: an identity helper's own bookkeeping is not the endpoint's work.
    if (facts.returnsIdentity || facts.guard) continue;
    for (const effect of facts.effects ?? []) {
      if (effect.conditional || effect.kind === 'probe') continue;
      // What the package passes the callback is not the endpoint's input; what the endpoint passes the package is.
      const own: ValueOrigins = { ...effect.origins, params: undefined, credentialParams: undefined };
      // (Whatever mode the callback has, the package picks it: `when` is no question for this call's callers.)
      found.push({ ...effect, when: undefined, pos: 0, evidence: [w.ev('mutation', node, `${truncate((path ?? [name]).join('.'))}() calls back ${value.text}()`), ...effect.evidence].slice(0, 6), origins: mergeOrigins(own, keyOrigins(w, node, path)) });
    }
  }
  if (!found.length) return;
  result.effects = found;
  const write = found.find(isWrite);
  if (write) result.mutation = [...write.evidence];
}

/** `const seen = new Map()`: its set/delete write nothing of the app's. */
export function onVariable(w: Walk, value: ts.Expression, names: ts.Identifier[]): void {
  if (ts.isNewExpression(value) && /^(Map|Set|WeakMap|WeakSet)$/.test(value.expression.getText(w.sourceFile))) for (const id of names) w.collectionNames.add(id.text);
}

/** The shallowest write of each kind, for the pitfall rules. */
export function onCallWrites(w: Walk, kind: CallKind): void {
  if (!kind.mutation || !kind.writes) return;
  const writes = (w.facts.writes ??= []);
  for (const write of kind.writes) {
    const known = writes.findIndex((item) => item.write === write.write);
    if (known < 0) writes.push(write);
    else if (writes[known].depth > write.depth) writes[known] = write;
  }
}

/** Effects kept a function, so that a helper used everywhere does not carry hundreds up. */
const MAX_EFFECTS = 24;

let lastEffectId = 0;
function nextEffectId(): number {
  return ++lastEffectId;
}

export function onCall(w: Walk, node: ts.CallExpression, kind: CallKind): void {
  if (kind.effects?.length) {
    const effects = (w.facts.effects ??= []);
    const pos = w.pos(node);
    const guardedBy = enclosingIdentityCheck(w, node) ?? w.facts.branchGuards?.find((guard) => guard.pos <= pos && pos <= guard.end)?.evidence[0];
    const ownerTied = knowsCaller(w) && chainArguments(node).some((argument) => namesIdentity(w, argument));
    const when = w.fn.parameters.length ? branchCondition(w, node) : undefined;
    for (const effect of kind.effects) {
      if (effects.length < MAX_EFFECTS) effects.push({ ...effect, pos, ...(guardedBy && !effect.guardedBy ? { guardedBy } : {}), ...(ownerTied ? { ownerTied } : {}), ...(when && !effect.when ? { when } : {}) });
    }
    for (const effect of kind.effects) if (effect.kind === 'cookie' && effect.cookie && effect.origins.fresh?.size) keyToCookie(effects, effect.origins.fresh, effect.cookie);
  }
  if (kind.mutation) w.recordMutation(node, kind.mutation);
  if (kind.revalidation && !insideGuardBranch(w, node)) {
    w.recordRevalidation(node, kind.revalidation);
    if (kind.cacheRevalidation && !w.facts.cacheRevalidation) w.facts.cacheRevalidation = { pos: w.pos(node), evidence: kind.revalidation };
  }
}

/** next/cache and next/navigation calls that refresh what the user sees. */
export function classifyRevalidation(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, result: CallKind): boolean {
  if (!REVALIDATION_CALLS.has(name) || (path && path.length !== 1)) return false;
  result.revalidation = [w.ev('revalidation', node, `${name}() refreshes cached data`)];
  if (CACHE_REVALIDATION_CALLS.has(name)) result.cacheRevalidation = true;
  return true;
}

/** A call that writes, judged by its method, receiver and (for code the analyzer cannot read) its name. */
export function classifyWrite(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, callee: Callee, result: CallKind): void {
  const module = callee.kind === 'external' ? callee.module : undefined;
  const unreadableWorkspaceCode = module !== undefined && isWorkspaceSpecifier(module);
  const other = spendOrAuthState(w, node, name, path, callee);
  if (other) {
    result.effects = [{ id: nextEffectId(), kind: other.kind, pos: 0, evidence: [other.evidence], origins: keyOrigins(w, node, path), verb: name }];
    // Money spent is not a write; a change of sign-in state is.
    if (other.kind === 'auth-state') result.mutation = [other.evidence];
    return;
  }
  // `fetchWithTimeout(url)`, `ofetch(url)` from a package: a fetch by another name.
  const fetchLike = name !== 'fetch' && (path?.length ?? 1) === 1 && /^(fetch[A-Z]\w*|\w+Fetch|ofetch|\$fetch)$/.test(name) && node.arguments[0] && isCallerChosenUrl(w, node.arguments[0]);
  const mutation = fetchLike ? { evidence: w.ev('mutation', node, `${name}() requests a URL the caller chooses`), write: 'other' as const, probe: true as const } : mutationOf(w, node, name, path, callee, unreadableWorkspaceCode);
  const effects: EffectFact[] = [];
  if (mutation?.probe) {
    // A probe only while the URL is the endpoint's own input, handed straight down (see effectsThroughCall).
    const evidence = mutation.conditional ? w.ev('mutation', node, `${name}() requests a URL the caller chooses`) : mutation.evidence;
    const probeParam = urlParameter(w, node.arguments[0]);
    effects.push({ id: nextEffectId(), kind: 'probe', pos: 0, evidence: [evidence], origins: callerChosen(originsOf(w, node.arguments[0]), probeParam), verb: name, probeParam, probeProperty: urlProperty(w, node.arguments[0]) });
  }
  if (mutation?.conditional) effects.push({ id: nextEffectId(), kind: 'http', pos: 0, evidence: [mutation.evidence], origins: keyOrigins(w, node, path), conditional: true, verb: name, ...(mutation.methodOfRequest ? { methodOfRequest: true } : {}) });
  if (mutation?.probe || mutation?.conditional) {
    result.effects = effects;
    return;
  }
  if (mutation) {
    result.mutation = [mutation.evidence];
    result.writes = [{ ...signalOf(mutation.evidence), write: mutation.write, depth: 0 }];
    const kind = effectKindOf(mutation.write, name);
    const origins = keyOrigins(w, node, path);
    // A payment provider's checkout (or payment intent) is made for whoever pays it: the buyer's own, like a new cart.
    if (CHECKOUT_START_RE.test((path ?? [name]).join('.').replace(/\(\)/g, '')) && !origins.token) origins.token = 'a checkout the caller pays for themselves';
    const cookie = kind === 'cookie' ? cookieWritten(w, node) : undefined;
    const asCaller = receiverCarriesCredential(w, node.expression) ? ({ asCaller: true } as const) : {};
    result.effects = [{ id: nextEffectId(), kind, pos: 0, evidence: [mutation.evidence], origins, verb: name, ...(cookie ? { cookie } : {}), ...(mutation.byName ? { byName: mutation.byName } : {}), ...asCaller }];
  }
}

/** Calls that spend the app's money: model APIs on the server's key (AI SDK functions, OpenAI/Anthropic/Gemini-style clients). */
const SPEND_CALL_RE = /^(generateText|streamText|generateObject|streamObject|embed|embedMany|generateImage|experimental_generateImage|generateSpeech|experimental_generateSpeech|transcribe|experimental_transcribe)$/;
const SPEND_CHAIN_RE = /(^|\.)completions\.(create|stream|parse)$|(^|\.)responses\.(create|stream)$|(^|\.)messages\.(create|stream)$|(^|\.)embeddings\.create$|(^|\.)images\.(generate|edit|createVariation)$|(^|\.)audio\.\w+\.create$|(^|\.)(generateContent|generateContentStream)$|^replicate\.run$/;
/** Calls that change the caller's own sign-in state: sign in, sign up, sign out, a code exchanged for a session, a reset asked for. */
const AUTH_STATE_CALL_RE = /^(signIn|signOut|signUp|signInWith\w+|signUpWith\w+|exchangeCodeForSession|resetPasswordForEmail|verifyOtp|signInEmail|signUpEmail|signInSocial|signInUsername|signInMagicLink|sendVerificationEmail|forgetPassword|requestPasswordReset|resetPassword|sendMagicLink)$/;
/** Receivers of auth APIs (for member calls like `supabase.auth.signOut()`, `auth.api.signInEmail()`). */
const AUTH_RECEIVER_RE = /(^|\.)(auth|authClient|supabase|clerk|lucia|account|session)(\.|$)|^auth/i;

/**
 * Paid-per-call APIs (models, speech, search and scraping), by package: any call on a client made from one spends
 * the app's money. The AI SDK's provider packages only name a model; `generateText` and friends spend (above).
 */
const PAID_API_MODULE_RE = /^(openai|@anthropic-ai\/sdk|@google\/genai|@google\/generative-ai|@mistralai\/mistralai|cohere-ai|groq-sdk|together-ai|replicate|@fal-ai\/[\w-]+|elevenlabs|@elevenlabs\/elevenlabs-js|@deepgram\/sdk|assemblyai|exa-js|@tavily\/core|@mendable\/firecrawl-js|firecrawl|serpapi|@browserbasehq\/sdk|@e2b\/code-interpreter|e2b)$/;
const PAID_API_IMPORT_RE = /['"](openai|@anthropic-ai\/sdk|@google\/genai|@google\/generative-ai|@mistralai\/mistralai|cohere-ai|groq-sdk|together-ai|replicate|@fal-ai\/[\w-]+|elevenlabs|@elevenlabs\/elevenlabs-js|@deepgram\/sdk|assemblyai|exa-js|@tavily\/core|@mendable\/firecrawl-js|firecrawl|serpapi|@browserbasehq\/sdk|@e2b\/code-interpreter|e2b)['"]/;
const paidApiImports = new WeakMap<ts.SourceFile, boolean>();

/** Whether a file imports a paid API's package at all: most do not, and then no client needs tracing back. */
function importsPaidApi(sourceFile: ts.SourceFile): boolean {
  let known = paidApiImports.get(sourceFile);
  if (known === undefined) paidApiImports.set(sourceFile, (known = PAID_API_IMPORT_RE.test(sourceFile.text)));
  return known;
}

/** Object storage: a file put, copied or deleted, or an upload URL signed for whoever holds it. */
const STORAGE_CALLS: Record<string, RegExp> = {
  '@vercel/blob': /^(put|del|copy|upload|handleUpload)$/,
  '@aws-sdk/s3-presigned-post': /^createPresignedPost$/,
  '@aws-sdk/s3-request-presigner': /^getSignedUrl$/,
};

function spendOrAuthState(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, callee: Callee): { kind: EffectKind; evidence: Evidence } | undefined {
  if (callee.kind === 'function') return undefined;
  const chain = (path ?? [name]).join('.').replace(/\(\)/g, '');
  if ((path?.length ?? 1) === 1 ? SPEND_CALL_RE.test(name) : SPEND_CHAIN_RE.test(chain)) {
    return { kind: 'spend', evidence: w.ev('mutation', node, `${truncate(chain)}() calls a paid model API on the app's key`) };
  }
  const module = callee.kind === 'external' ? callee.module : (path?.length ?? 1) > 1 && importsPaidApi(w.sourceFile) ? clientModule(w, node.expression) : undefined;
  // `genAI.getGenerativeModel()`, `client.models.list()`: naming or listing a model costs nothing.
  if (module && PAID_API_MODULE_RE.test(module) && !/^(get\w*Model|list\w*|models?)$/.test(name)) {
    return { kind: 'spend', evidence: w.ev('mutation', node, `${truncate(chain)}() calls a paid API (${module}) on the app's key`) };
  }
  if (callee.kind === 'external' && STORAGE_CALLS[callee.module]?.test(callee.name)) {
    // A presigned GET only reads; a PUT (or a POST policy, or a client-upload token) lets the holder write a file later.
    if (/^(createPresignedPost|getSignedUrl|handleUpload)$/.test(callee.name)) {
      if (callee.name !== 'getSignedUrl' || commandOf(node, 1, w)?.match(WRITE_COMMAND_RE)) return { kind: 'upload-grant', evidence: w.ev('mutation', node, `${name}() (${callee.module}) signs an upload to file storage for whoever holds it`) };
    } else {
      return { kind: 'file', evidence: w.ev('mutation', node, `${name}() (${callee.module}) writes to file storage`) };
    }
  }
  if (AUTH_STATE_CALL_RE.test(name) && ((path?.length ?? 1) === 1 || AUTH_RECEIVER_RE.test(chain.slice(0, chain.lastIndexOf('.'))))) {
    return { kind: 'auth-state', evidence: w.ev('mutation', node, `${truncate(chain)}() changes the caller's sign-in state`) };
  }
  return undefined;
}

function effectKindOf(write: WriteKind, method: string): EffectKind {
  if (write === 'other') return /^(trigger|publish|publishJSON|enqueue|emit|invoke|send|createTask|enqueueTask)$/.test(method) ? 'queue' : 'other';
  return write;
}

/** A helper's effects seen from a call to it: the helper's parameters replaced by what this call passes. */
const CHECKOUT_START_RE = /(^|\.)checkouts?(\.sessions)?\.create$|(^|\.)paymentIntents\.create$|(^|\.)checkouts\.(create|custom\.create)$/;

const RATE_LIMIT_NAME_RE = /rate_?limit|throttle|limiter/i;

export function effectsThroughCall(w: Walk, node: ts.CallExpression, name: string, effects: readonly EffectFact[], calleeGuard?: Fact): EffectFact[] {
  // `shopifyFetch({ query: getCartQuery })`: a helper that posts GraphQL reads when it is handed a query.
  // A rate limiter's counters are its bookkeeping, not the endpoint's data.
  if (RATE_LIMIT_NAME_RE.test(name)) effects = effects.filter((effect) => effect.kind !== 'kv');
  // Only requests care what document or method they are handed.
  const requests = effects.some((effect) => effect.kind === 'http');
  const operation = requests ? graphqlOperation(w, [...node.arguments]) : undefined;
  const argumentOrigins = node.arguments.map((argument) => originsOf(w, argument));
  const writesByArgument = operation === 'write' || (requests && node.arguments.some((argument) => isWritingMethod(methodOption(argument))));
  const forwardsParameters = argumentOrigins.some((origins) => origins.params?.size);
  const site = w.ev('mutation', node, `${name}()`);
  const seen: EffectFact[] = [];
  for (const { conditional, when, ...effect } of effects) {
    if (operation === 'read' && effect.kind === 'http') continue;
    // `executeGraphQL(doc, { auth: 'session' })`: only the effects of the mode this call picks.
    const mode = when ? conditionAtCall(w, when, node) : undefined;
    if (mode === 'fails') continue;
    const stillUndecided = mode && mode !== 'holds' ? { when: mode } : {};
    // `streamImageFromUrl(url)`: still a probe only if what this call passes as the URL is its caller's input as is.
    if (effect.kind === 'probe') {
      const argument = effect.probeParam === undefined ? undefined : node.arguments[effect.probeParam];
      const passed = argument && effect.probeProperty ? propertyPassed(argument, effect.probeProperty) : argument;
      if (!passed || !isCallerChosenUrl(w, passed)) continue;
      const probeParam = urlParameter(w, passed);
      seen.push({ ...effect, ...stillUndecided, pos: 0, evidence: [site, ...effect.evidence].slice(0, 6), origins: callerChosen(originsOf(w, passed), probeParam), probeParam, probeProperty: urlProperty(w, passed) });
      continue;
    }
    // A request whose method the caller decides: a write here, still the caller's caller's to decide, or nothing.
    if (conditional && !writesByArgument && !forwardsParameters) continue;
    const undecided = conditional && !writesByArgument ? { conditional } : {};
    // What the helper does only after its own check (`authenticateApiKey`: verify, then stamp lastUsedAt) needs a caller that passes it.
    const afterOwnGuard = calleeGuard && !effect.guardedBy && effect.pos > calleeGuard.pos ? { guardedBy: { ...calleeGuard.evidence[0], message: `${name}() checks the caller before this` } } : {};
    seen.push({ ...effect, ...undecided, ...stillUndecided, ...afterOwnGuard, pos: 0, evidence: [site, ...effect.evidence].slice(0, 6), origins: substitute(effect.origins, argumentOrigins) });
  }
  return seen;
}

const TELEMETRY_RECEIVER_RE = /(^|\.)(sentry|Sentry|posthog|posthog\(\)|analytics|mixpanel|segment|amplitude|datadog|statsig|logger|log|console|telemetry|metrics|tracer|span|otel|newrelic|bugsnag|rollbar|logtail|axiom|plausible|umami|ga|gtag|dataLayer)$/i;
const TELEMETRY_METHOD_RE = /^(captureException|captureMessage|captureEvent|addBreadcrumb|setTag|setUser|setContext|setExtra|startSpan|recordException|trackEvent)$/;

/** Verbs that write whatever they are called on, when followed by a noun: `createTask`, `deleteLineItem`, `transferCart`. */
const COMPOUND_WRITE_VERB_RE = /^(create|update|delete|insert|upsert|transfer|complete|initiate|accept|decline|cancel|refund|capture|publish|unpublish|enqueue|trigger|archive|unarchive|restore|revoke|invite|submit|approve|reject|destroy|purge|upload|send|remove|rename|duplicate|trash|untrash|change|pause|resume|finalize|activate|deactivate|subscribe|unsubscribe)(?=[A-Z])/;
/** Bare verbs that change a resource's state when a client's resource is their receiver (`client.invoices.finalize`). */
const RESOURCE_STATE_VERB_RE = /^(detach|attach|cancel|revoke|archive|unarchive|restore|publish|unpublish|pause|resume|finalize|void|activate|deactivate|enable|disable|subscribe|unsubscribe|invite|approve|reject|trash|untrash|ban|unban|block|unblock|reset|rotate|transfer|refund|capture)$/;

/**
 * `client.resource.verb`: three names or more, the first a plain variable, none of them a Map, a header bag or this
 * object's own state (those receivers are turned away before this is asked).
 */
function isResourceChain(path: readonly string[] | undefined): boolean {
  return !!path && path.length >= 3 && path[0] !== 'this' && /^[A-Za-z_$][\w$]*$/.test(path[0] ?? '');
}
/** Verbs that write only on a client's member chain (`client.orders.addItem`), not on a lone object (`emitter.addListener`). */
const CHAIN_WRITE_VERB_RE = /^(add|set|apply|clear|reset|mark|toggle|link|unlink|assign|unassign|attach|detach|request|post|put|patch|increment|decrement)(?=[A-Z])/;
/** Compound names that build something rather than change it. */
const CONSTRUCTOR_NAME_RE = /^create\w*(ReadStream|Reader|Iterator)$|^create(Client|Server\w*|Browser\w*|Context|Caller|Element|Portal|Transport|Hash|Hmac|Sign|Verify|Cipher\w*|Decipher\w*|QueryBuilder|ReadStream|Router|App|Store|Slice|Selector|Schema|Logger|Instance|Signed\w*|Presigned\w*|Stream\w*|Ref|Url|URL|Id|Token|Hook|Handler|Middleware|Action\w*|Safe\w*|Search\w*|Query\w*|Loader|Reader|Parser|Formatter|Template|Object(URL|Url)|Image(Bitmap|Data))$|^(setHeader|setStatus|setTimeout|setInterval|addEventListener|removeEventListener|addListener|removeListener|requestAnimationFrame|requestIdleCallback|sendStatus|postMessage|setState|setValue|resetForm|clearTimeout|clearInterval|applyMiddleware)$/;

/** `createTrpcClientFromCtx`, `createApiCaller`: builds a client or caller to work with later; the work is what it is asked. */
const BUILDS_A_CLIENT_RE = /^create\w*(Client|Caller|Context|Router|Factory|Instance|Sdk|SDK)(From\w+|For\w+)?$/;

function compoundWriteVerb(name: string, path: string[]): string | undefined {
  if (CONSTRUCTOR_NAME_RE.test(name)) return undefined;
  const verb = COMPOUND_WRITE_VERB_RE.exec(name)?.[1] ?? (path.length >= 3 ? CHAIN_WRITE_VERB_RE.exec(name)?.[1] : undefined);
  return verb;
}

/** Commands that write, by the AWS SDK's naming (Put/Delete/Create/Update/Copy…), and those that read (Get/List/Head…). */
const WRITE_COMMAND_RE = /^(Put|Delete|Create|Update|Copy|Upload|Complete|Abort|Send|Publish|Start|Stop|Invoke|Restore|Tag|Untag|Modify|Attach|Detach|Set|Add|Remove|Write|Batch(Write|Delete))\w*Command$/;

function commandOf(node: ts.CallExpression, index = 0, w?: Walk): string | undefined {
  let first = node.arguments[index] && unwrapExpression(node.arguments[index]);
  // `const command = new GetObjectCommand(…); s3.send(command)`
  if (first && w && ts.isIdentifier(first)) {
    const resolved = w.analyzer.resolve(first);
    if (resolved.kind === 'value' && resolved.initializer) first = unwrapExpression(resolved.initializer);
  }
  if (!first || !ts.isNewExpression(first)) return undefined;
  const name = first.expression.getText();
  return /Command$/.test(name) ? name.split('.').pop() : undefined;
}

/**
 * Whether the GraphQL document among these values is a query (`read`) or a mutation (`write`): a string, a template,
 * a `gql` tag, a `graphql(…)` or `new TypedDocumentString(…)` document, directly, in a `query`/`document` field, or
 * behind a constant.
 */
export function graphqlOperation(w: Walk, values: readonly ts.Expression[]): 'read' | 'write' | undefined {
  let found: 'read' | 'write' | undefined;
  for (const value of values) {
    const text = documentText(w, value, 0);
    if (text === undefined) continue;
    const operation = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription|fragment|\{)/.exec(text)?.[1];
    if (operation === 'mutation') return 'write';
    if (operation) found = 'read';
  }
  return found;
}

function documentText(w: Walk, expression: ts.Expression, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const value = unwrapExpression(expression);
  if (ts.isStringLiteralLike(value)) return value.text;
  if (ts.isTemplateExpression(value)) return value.head.text;
  if (ts.isTaggedTemplateExpression(value)) return documentText(w, value.template, depth + 1);
  if ((ts.isCallExpression(value) || ts.isNewExpression(value)) && value.arguments?.[0] && /^(graphql|gql|parse|TypedDocumentString)$/.test(value.expression.getText().split('.').pop() ?? '')) return documentText(w, value.arguments[0], depth + 1);
  // graphql-codegen's types name the operation: `toTypedDocument<CheckoutEmailUpdateMutation, …>(CheckoutEmailUpdateDocument)`.
  if ((ts.isCallExpression(value) || ts.isNewExpression(value)) && value.typeArguments?.length) {
    const named = value.typeArguments.map((type) => type.getText()).join(' ');
    if (/Mutation\b/.test(named)) return 'mutation';
    if (/(Query|Subscription)\b/.test(named)) return 'query';
  }
  if (ts.isCallExpression(value) && value.expression.getText() === 'JSON.stringify' && value.arguments[0]) return documentText(w, value.arguments[0], depth + 1);
  if (ts.isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
      if (!key || !/^(query|document|mutation|operation|body)$/.test(key)) continue;
      if (ts.isPropertyAssignment(property)) return documentText(w, property.initializer, depth + 1);
      if (ts.isShorthandPropertyAssignment(property)) return documentText(w, property.name, depth + 1);
    }
    return undefined;
  }
  if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
    const resolved = w.analyzer.resolve(value);
    if (resolved.kind === 'value' && resolved.initializer) return documentText(w, resolved.initializer, depth + 1);
    // `AccountUpdateDocument` from a generated file that is not in the repository: the `.graphql` operation it is made from.
    const name = ts.isIdentifier(value) ? value.text : value.name.text;
    if (resolved.kind !== 'function' && /.Document$/.test(name)) return w.analyzer.graphqlOperationKind(name);
  }
  return undefined;
}

/**
 * `const cart = await createCart(); cookies().set('cartId', cart.id)`: the record this request made is kept by the
 * caller's own cookie, so it is the caller's (a guest cart, a new checkout), keyed by that cookie.
 */
function keyToCookie(effects: EffectFact[], made: ReadonlySet<number>, cookie: string): void {
  effects.forEach((effect, index) => {
    if (made.has(effect.id) && !effect.origins.cookie) effects[index] = { ...effect, origins: { ...effect.origins, cookie } };
  });
}

function isWritingMethod(method: string | undefined): boolean {
  return !!method && !/^(GET|HEAD|OPTIONS)$/.test(method);
}


/** `cookies().set('cartId', id)`, `cookieStore.set({ name: 'cartId', value })`: the cookie's name. */
function cookieWritten(w: Walk, node: ts.CallExpression): string | undefined {
  const first = node.arguments[0] && unwrapExpression(node.arguments[0]);
  if (!first) return undefined;
  if (ts.isObjectLiteralExpression(first)) {
    const name = first.properties.find((property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && property.name.getText() === 'name');
    return name ? constantText(w, name.initializer) : undefined;
  }
  return constantText(w, first);
}


/** The package a member call's client comes from: `client.textToSpeech.convert()` with `const client = new ElevenLabsClient()`. */
function clientModule(w: Walk, callee: ts.Expression): string | undefined {
  let root = unwrapExpression(callee);
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root) || ts.isElementAccessExpression(root)) root = unwrapExpression(root.expression);
  if (!ts.isIdentifier(root)) return undefined;
  const resolved = w.analyzer.resolve(root);
  if (resolved.kind === 'external') return resolved.module;
  if (resolved.kind !== 'value' || !resolved.initializer) return undefined;
  const made = unwrapExpression(resolved.initializer);
  if (!ts.isNewExpression(made) && !ts.isCallExpression(made)) return undefined;
  const maker = w.analyzer.resolve(made.expression);
  return maker.kind === 'external' ? maker.module : undefined;
}

/** `ics.createEvent`: the receiver is a package imported as a namespace or default, not a client made from one. */
function isPackageNamespace(w: Walk, callee: ts.Expression): boolean {
  const value = unwrapExpression(callee);
  if (!ts.isPropertyAccessExpression(value)) return false;
  const receiver = unwrapExpression(value.expression);
  if (!ts.isIdentifier(receiver)) return false;
  const resolved = w.analyzer.resolve(receiver);
  return resolved.kind === 'external' && !isWorkspaceSpecifier(resolved.module);
}

/** A URL that is the caller's input as a whole (`url`, `body.url`, `new URL(target)`), not a fixed address with a caller's path. */
function isCallerChosenUrl(w: Walk, expression: ts.Expression): boolean {
  const value = urlSource(w, expression);
  if (!ts.isIdentifier(value) && !ts.isPropertyAccessExpression(value) && !ts.isElementAccessExpression(value) && !ts.isCallExpression(value)) return false;
  if (ts.isCallExpression(value) && !/^(get|getAll)$/.test(value.expression.getText().split('.').pop() ?? '')) return false;
  // `fetch(request)` passes the incoming request on; only a value read out of it is the caller's choice.
  if (ts.isIdentifier(value) && value.text === w.firstParameter && isRequestParameter(w.fn.parameters[0])) return false;
  // A URL the app computes (`await getSignedImageUrl(key)`) is the app's choice, even when the caller picks the key.
  if (inputSourceOf(w, value) === undefined && !validatedInput(w, value)) return false;
  // `let api = \`https://fonts.googleapis.com/css2?family=${family}\``: a fixed host, with the caller's query.
  if (ts.isIdentifier(value)) {
    const resolved = w.analyzer.resolve(value);
    const initializer = resolved.kind === 'value' ? resolved.initializer && unwrapExpression(resolved.initializer) : undefined;
    const head = initializer && (ts.isTemplateExpression(initializer) ? initializer.head.text : ts.isBinaryExpression(initializer) && ts.isStringLiteralLike(initializer.left) ? initializer.left.text : undefined);
    if (head && /^(https?:\/\/[^/?#]+|\/)/.test(head)) return false;
  }
  return !hostCheckedBefore(w, expression);
}

/** `{ method: req.method }`, `const init = { method, … }` with `const method = request.method`: the incoming request's method. */
function forwardsRequestMethod(w: Walk, options: ts.Expression): boolean {
  let object = unwrapExpression(options);
  if (ts.isIdentifier(object)) {
    const resolved = w.analyzer.resolve(object);
    if (resolved.kind === 'value' && resolved.initializer) object = unwrapExpression(resolved.initializer);
  }
  if (!ts.isObjectLiteralExpression(object)) return false;
  for (const property of object.properties) {
    const value = ts.isPropertyAssignment(property) && property.name.getText() === 'method' ? property.initializer : ts.isShorthandPropertyAssignment(property) && property.name.text === 'method' ? property.name : undefined;
    if (!value) continue;
    const source = paramPathOf(w, value);
    return !!source && source.param === 0 && source.path.length === 1 && source.path[0] === 'method';
  }
  return false;
}

/** The local names a URL is built from, through the initializers of the locals it names (a few steps deep). */
function urlSourceNames(w: Walk, expression: ts.Expression): Set<string> {
  const names = new Set<string>();
  const pending: ts.Node[] = [expression];
  for (let steps = 0; pending.length && steps < 24; steps++) {
    const node = pending.pop()!;
    const visit = (child: ts.Node): void => {
      if (ts.isIdentifier(child)) {
        if (names.has(child.text) || (ts.isPropertyAccessExpression(child.parent) && child.parent.name === child)) return;
        names.add(child.text);
        const resolved = w.analyzer.resolve(child);
        if (resolved.kind === 'value' && resolved.initializer && w.fn.pos <= resolved.initializer.pos && resolved.initializer.end <= w.fn.end) pending.push(resolved.initializer);
        return;
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
  }
  return names;
}

const HOST_CHECK_RE = /\.(hostname|host|origin)\b|\.startsWith\(\s*['"`]https?:\/\//;

/**
 * Only an allow-list stops on "not one of ours": a host test under `!` (`!url.hostname.endsWith(…)`,
 * `!allowed.some(…)`) or compared with `!==`. `if (host === '169.254.169.254')` is a deny-list.
 */
function allowListTest(condition: ts.Expression): boolean {
  const negated = (node: ts.Node): boolean => {
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && HOST_CHECK_RE.test(node.operand.getText())) return true;
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken) && HOST_CHECK_RE.test(node.getText())) return true;
    return !!ts.forEachChild(node, (child) => negated(child) || undefined);
  };
  return negated(condition);
}

/**
 * `if (!new URL(endpoint).hostname.endsWith('.upstash.io')) return 403`, `if (!allowed.some((a) => url.hostname === …))`:
 * a check that stops before the request, on the host of the URL the caller sent. The caller no longer picks where the
 * server's request goes, only which of the allowed hosts.
 */
function hostCheckedBefore(w: Walk, expression: ts.Expression): boolean {
  const names = urlSourceNames(w, expression);
  const at = expression.pos;
  const mentions = (node: ts.Node): boolean => (ts.isIdentifier(node) && names.has(node.text)) || !!ts.forEachChild(node, (child) => mentions(child) || undefined);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.pos >= at) return;
    if (ts.isIfStatement(node) && node.end <= at && terminates(node.thenStatement) && allowListTest(node.expression)) {
      if (mentions(node.expression)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(w.fn, visit);
  return found;
}

/**
 * What a URL is built from, through the ways code rebuilds one: `new URL(x)`, `x.href`, `x.toString()`, a const bound
 * to `new URL(x)`, `x ?? fallback`.
 */
function urlSource(w: Walk, expression: ts.Expression): ts.Expression {
  let value = unwrapExpression(expression);
  for (let step = 0; step < 6; step++) {
    const next = urlBuiltFrom(w, value);
    if (!next) break;
    value = unwrapExpression(next);
  }
  return value;
}

function urlBuiltFrom(w: Walk, value: ts.Expression): ts.Expression | undefined {
  // `\`${target}/data\``: what starts the URL picks its host.
  if (ts.isTemplateExpression(value)) return value.head.text === '' ? value.templateSpans[0].expression : undefined;
  if (ts.isNewExpression(value)) return /^URL$/.test(value.expression.getText()) && value.arguments?.length === 1 ? value.arguments[0] : undefined;
  if (ts.isPropertyAccessExpression(value)) return /^(href|toString)$/.test(value.name.text) ? value.expression : undefined;
  if (ts.isCallExpression(value)) return ts.isPropertyAccessExpression(value.expression) && /^(toString|toJSON)$/.test(value.expression.name.text) && value.arguments.length === 0 ? value.expression.expression : undefined;
  if (ts.isBinaryExpression(value)) return value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || value.operatorToken.kind === ts.SyntaxKind.BarBarToken ? value.left : undefined;
  if (!ts.isIdentifier(value)) return undefined;
  const resolved = w.analyzer.resolve(value);
  const initializer = resolved.kind === 'value' && ts.isVariableDeclaration(resolved.declaration) && resolved.initializer ? unwrapExpression(resolved.initializer) : undefined;
  return initializer && ts.isNewExpression(initializer) ? urlBuiltFrom(w, initializer) : undefined;
}

function isRequestParameter(parameter: ts.ParameterDeclaration | undefined): boolean {
  if (!parameter) return false;
  return /^(req|request)$/.test(parameter.name.getText()) || /Request\b/.test(parameter.type?.getText() ?? '');
}

/** `const { url } = schema.parse({ url: searchParams.get('url') })`: the caller's input, validated, is still theirs. */
function validatedInput(w: Walk, value: ts.Expression): boolean {
  if (!ts.isIdentifier(value)) return false;
  const resolved = w.analyzer.resolve(value);
  if (resolved.kind !== 'value') return false;
  const declaration = ts.isBindingElement(resolved.declaration) ? bindingDeclaration(resolved.declaration) : ts.isVariableDeclaration(resolved.declaration) ? resolved.declaration : undefined;
  const initializer = declaration?.initializer && unwrapExpression(declaration.initializer);
  return !!initializer && ts.isCallExpression(initializer) && /^(parse|safeParse|parseAsync|validate|validateSync)$/.test(calleeName(initializer) ?? '') && initializer.arguments.some((argument) => !!originsOf(w, argument).params?.size || inputSourceOf(w, argument) !== undefined);
}

/** Which parameter a caller-chosen URL is (the first its origins name). */
function urlParameter(w: Walk, url: ts.Expression): number {
  return inputSourceOf(w, url) ?? [...(originsOf(w, url).params ?? [0])][0];
}

/** A URL already known to be the caller's input (parsed, validated, destructured) names the parameter it came in by. */
function callerChosen(origins: ValueOrigins, parameter: number): ValueOrigins {
  return origins.params?.size ? origins : { ...origins, params: new Set([parameter]) };
}

/** The field of a parameter a URL is (`({ url }) => fetch(url)`, `(opts) => fetch(opts.url)`), when it is one. */
function urlProperty(w: Walk, url: ts.Expression): string | undefined {
  const value = unwrapExpression(url);
  if (ts.isPropertyAccessExpression(value) && ts.isIdentifier(value.expression) && w.fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === (value.expression as ts.Identifier).text)) return value.name.text;
  if (!ts.isIdentifier(value)) return undefined;
  const resolved = w.analyzer.resolve(value);
  const declaration = resolved.kind === 'value' ? resolved.declaration : undefined;
  if (!declaration || !ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent) || !ts.isParameter(declaration.parent.parent)) return undefined;
  return (declaration.propertyName ?? declaration.name).getText();
}

/** What a call passes for one field of an object argument (`isIframeable({ url, requestDomain })` → `url`). */
function propertyPassed(argument: ts.Expression, property: string): ts.Expression | undefined {
  const value = unwrapExpression(argument);
  if (!ts.isObjectLiteralExpression(value)) return argument;
  for (const member of value.properties) {
    if (member.name?.getText() !== property) continue;
    if (ts.isPropertyAssignment(member)) return member.initializer;
    if (ts.isShorthandPropertyAssignment(member)) return member.name;
  }
  return undefined;
}

/** A call's arguments and those of the calls chained after it (`db.update(t).set(v).where(eq(t.id, id))`). */
function chainArguments(node: ts.CallExpression): ts.Expression[] {
  const all: ts.Expression[] = [...node.arguments];
  for (let current: ts.Node = node; ts.isPropertyAccessExpression(current.parent) && ts.isCallExpression(current.parent.parent) && current.parent.parent.expression === current.parent; current = current.parent.parent) {
    all.push(...current.parent.parent.arguments);
  }
  return all;
}

/** `supabase.from('files').update(…)` on a client built from the caller's cookies: the write is made as the caller. */
function receiverCarriesCredential(w: Walk, callee: ts.Expression): boolean {
  let root = unwrapExpression(callee);
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root) || ts.isElementAccessExpression(root)) root = unwrapExpression(root.expression);
  return ts.isIdentifier(root) && !!originsOf(w, root).credential;
}
