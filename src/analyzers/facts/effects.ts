/**
 * What the code does: writes (databases, key-value stores, cookies, files, email, other services) and the
 * revalidation that follows them. Records `mutation`, `writes`, `revalidation` and `cacheRevalidation`.
 */
import ts from 'typescript';
import { unwrapExpression } from '../ast';
import { BENIGN_RECEIVER_RE, HTTP_CLIENT_RE, REVALIDATION_CALLS, SESSION_WRITE_CALLS, STORE_RECEIVER_RE, STRONG_WRITE_METHODS, WEAK_WRITE_METHODS, WRITE_NAME_RE, WRITE_SQL_RE } from '../knowledge';
import type { Evidence, WriteKind } from '../model';
import type { Callee } from './analyzer';
import { insideGuardBranch } from './identity';
import { isWorkspaceSpecifier, methodOption, receiverText, sqlText, truncate } from './syntax';
import { type CallKind, signalOf } from './types';
import type { Walk } from './walk';

const CACHE_REVALIDATION_CALLS = new Set(['revalidatePath', 'revalidateTag', 'updateTag', 'refresh', 'expirePath', 'expireTag']);

interface WriteHit {
  evidence: Evidence;
  write: WriteKind;
}

/** SDK clients of other services: their `create`/`update` change state there, not in the app's database. */
const SERVICE_SDK_RE = /^(stripe|stripeClient|resend|sendgrid|twilio|slack|octokit|github|openai|lemonSqueezy|lemonsqueezy|paddle|polar|mux|cloudinary|algolia|pusher|ably|posthog|mixpanel|segment|intercom|hubspot|linear|notion|discord|telegram|vercel|clerkClient|workos|loops|novu|knock|inngest|qstash)$/i;

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
  if (text !== undefined && WRITE_SQL_RE.test(text)) w.recordMutation(node, [w.ev('mutation', node, `SQL write: ${truncate(text.trim())}`)]);
}

function mutationOf(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, module: string | undefined, unreadableWorkspaceCode: boolean): WriteHit | undefined {
  const receiver = receiverText(node.expression);
  const label = truncate((path ?? [name]).join('.'));
  const hit = (write: WriteKind, message: string): WriteHit => ({ evidence: w.ev('mutation', node, message), write });
  if (name === 'fetch' && (!path || path.length === 1)) {
    const method = methodOption(node.arguments[1]);
    if (method && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return hit('http', `fetch(…, { method: '${method}' }) calls another service`);
    return undefined;
  }
  if (SESSION_WRITE_CALLS.has(name) && (!receiver || /auth|session|lucia|supabase/i.test(receiver))) return hit('cookie', `${label}() writes the session cookie`);
  if (receiver !== undefined) {
    if (BENIGN_RECEIVER_RE.test(receiver) && !STORE_RECEIVER_RE.test(receiver) && !w.cookieNames.has(receiver)) return undefined;
    if (w.collectionNames.has(receiver)) return undefined;
    if (/create(Hash|Hmac|Cipheriv|Decipheriv|Sign|Verify)\(\)/.test(receiver)) return undefined;
    // Model APIs generate text; they store nothing of the app's.
    if (/(^|\.)(completions|embeddings|responses|moderations|images|audio)$/.test(receiver) || /^(openai|anthropic|groq|mistral|cohere|gemini|genai|google|replicate|together|fireworks|perplexity|ai|llm)(\.|$)/i.test(receiver)) return undefined;
    if (STRONG_WRITE_METHODS.has(name)) return hit(writeKindOfMethod(name, receiver), `${label}() writes data`);
    if (!WEAK_WRITE_METHODS.has(name)) return undefined;
    if (/^(set|delete|del|add|append|remove|commit|copy|move|rename)$/.test(name)) {
      const cookie = /cookie/i.test(receiver) || w.cookieNames.has(receiver.split('.')[0]);
      return STORE_RECEIVER_RE.test(receiver) || cookie ? hit(cookie ? 'cookie' : KV_RECEIVER_RE.test(receiver) ? 'kv' : 'database', `${label}() writes data`) : undefined;
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
  if (plainCall && (unreadableWorkspaceCode || module === undefined) && WRITE_NAME_RE.test(name) && !TIMER_NAMES.has(name)) {
    return hit('other', `${name}() writes data (judged by its name: its code is not readable here)`);
  }
  return undefined;
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

export function onCall(w: Walk, node: ts.CallExpression, kind: CallKind): void {
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
  const mutation = mutationOf(w, node, name, path, module, unreadableWorkspaceCode);
  if (mutation) {
    result.mutation = [mutation.evidence];
    result.writes = [{ ...signalOf(mutation.evidence), write: mutation.write, depth: 0 }];
  }
}
