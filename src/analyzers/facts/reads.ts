/**
 * What data the code reads, by table: `prisma.order.findMany()`, `db.select().from(orders)`, `db.query.chats.findFirst()`,
 * `supabase.from('notes').select()`, `sql\`SELECT … FROM invoices\``. An endpoint that returns rows of a table that holds
 * people's private records (orders, messages, reports…) with no identity check leaks them (auth-semantics.md).
 */
import ts from 'typescript';
import { unwrapExpression } from '../ast';
import { STORE_RECEIVER_RE } from '../knowledge';
import { SERVICE_SDK_RE } from './effects';
import { keyOrigins, originsOf, substituteParameters } from './origins';
import { sqlText, truncate } from './syntax';
import type { CallKind, ReadFact } from './types';
import type { Walk } from './walk';

const READ_METHOD_RE = /^(find\w*|count|aggregate|groupBy|select|selectFrom|query|get|getMany|getOne|list\w*|search\w*)$/;
const MAX_READS = 12;
const SERVICE_READ_METHOD_RE = /^(list|retrieve|search|get)$/;

export function classifyRead(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, result: CallKind): void {
  if (result.mutation || result.effects?.length) return;
  const table = tableOf(node, name, path);
  if (table) result.reads = [{ table, pos: 0, evidence: [w.ev('public', node, `${truncate((path ?? [name]).join('.'))}() reads ${table}`)], origins: keyOrigins(w, node, path) }];
}

export function onTaggedTemplate(w: Walk, node: ts.TaggedTemplateExpression): void {
  const text = sqlText(node.template);
  const table = text && /^\s*select\b/i.test(text) ? /\bfrom\s+["`]?(\w+)/i.exec(text)?.[1] : undefined;
  if (table) record(w, node, [{ table, pos: 0, evidence: [w.ev('public', node, `SQL reads ${table}`)], origins: {} }]);
}

/** `process.env[name]` with a name the caller sends: any server secret, read out. */
export function onElementAccess(w: Walk, node: ts.ElementAccessExpression): void {
  if (!/^process\.env$/.test(node.expression.getText(w.sourceFile)) || ts.isStringLiteralLike(node.argumentExpression)) return;
  if (!originsOf(w, node.argumentExpression).params?.size) return;
  // Only the value handed back leaks: `return process.env[name]`, not `Boolean(process.env[name])`.
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) parent = parent.parent;
  if (!ts.isReturnStatement(parent) && !ts.isArrowFunction(parent)) return;
  // Its origins are the name's: a caller of this helper that passes a fixed name reads nothing it chose.
  record(w, node, [{ table: 'secrets', pos: 0, evidence: [w.ev('public', node, `process.env[${truncate(node.argumentExpression.getText(w.sourceFile))}] reads any server environment variable the caller names`)], origins: originsOf(w, node.argumentExpression) }]);
}

export function onCall(w: Walk, node: ts.CallExpression, kind: CallKind): void {
  if (kind.reads?.length) record(w, node, kind.reads);
}

/** A helper's reads, seen from a call to it. */
export function readsThroughCall(w: Walk, node: ts.CallExpression, name: string, reads: readonly ReadFact[]): ReadFact[] {
  const site = w.ev('public', node, `${name}()`);
  const argumentOrigins = node.arguments.map((argument) => originsOf(w, argument));
  return reads.flatMap((read) => {
    const origins = substituteParameters(read.origins, argumentOrigins);
    // `getEnv('EMAIL_WHITELIST')`: the helper reads any variable, but this call names a fixed one.
    if (read.table === 'secrets' && !origins.params?.size) return [];
    return [{ ...read, pos: 0, evidence: [site, ...read.evidence].slice(0, 5), origins }];
  });
}

function record(w: Walk, node: ts.Node, reads: readonly ReadFact[]): void {
  const list = (w.facts.reads ??= []);
  const pos = w.pos(node);
  for (const read of reads) if (list.length < MAX_READS && !list.some((known) => known.table === read.table)) list.push({ ...read, pos });
}

function tableOf(node: ts.CallExpression, name: string, path: string[] | undefined): string | undefined {
  const chain = path ?? [name];
  // `supabase.from('notes').select()`, `db.collection('chats').find()`
  const callee = unwrapExpression(node.expression);
  if (READ_METHOD_RE.test(name) && ts.isPropertyAccessExpression(callee)) {
    const receiver = unwrapExpression(callee.expression);
    if (ts.isCallExpression(receiver) && /^(from|collection|selectFrom|table)$/.test(receiverName(receiver)) && receiver.arguments[0]) {
      const source = unwrapExpression(receiver.arguments[0]);
      if (ts.isStringLiteralLike(source)) return source.text;
    }
  }
  // `db.select().from(orders)`: the table is the argument of `.from()` when it is the last link.
  if (name === 'from' && chain.length >= 2 && node.arguments[0] && /select/i.test(chain.join('.'))) {
    const source = unwrapExpression(node.arguments[0]);
    if (ts.isIdentifier(source)) return source.text;
    if (ts.isPropertyAccessExpression(source)) return source.name.text;
  }
  // `stripe.paymentIntents.list()`, `stripe.customers.retrieve(id)`: a service's records, named by their resource.
  if (SERVICE_READ_METHOD_RE.test(name) && chain.length === 3 && SERVICE_SDK_RE.test(chain[0])) return chain[1];
  if (!READ_METHOD_RE.test(name) || chain.length < 3) return undefined;
  // `prisma.order.findMany()`, `db.query.chats.findFirst()`, `ctx.db.report.findFirstOrThrow()`
  const receiver = chain.slice(0, -1).map((part) => part.replace(/\(\)$/, ''));
  if (!STORE_RECEIVER_RE.test(receiver.slice(0, -1).join('.'))) return undefined;
  return receiver[receiver.length - 1];
}

function receiverName(call: ts.CallExpression): string {
  const callee = unwrapExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
}
