/**
 * Where a value comes from, as far as the scope of an effect goes (../shared semantics: caller-keyed, token-keyed,
 * delegated): a key read from the caller's own cookie, the caller's own credential, a capability from the request,
 * or a parameter, whose origin each call site decides. Values keep their origin through variables, fields, helpers
 * and files: a helper's return value carries the origins of what it returns.
 */
import ts from 'typescript';
import { boundNames, calleeName, memberPath, unwrapExpression } from '../ast';
import type { Callee } from './analyzer';
import { enclosingFunction, isFetchCall, isPropertyName } from './syntax';
import { inputsMentioned } from './input-flow';
import type { ValueOrigins } from './types';
import type { Walk } from './walk';

/** Cookie names that hold a key (a cart, a guest session, a token), not a preference like a theme or a locale. */
const KEY_COOKIE_RE = /(^|[^a-z])(id|ids|key|token|jwt|session|sid|uuid|cart|checkout|basket|bag|order|guest|anon|anonymous|visitor|device)s?($|[^a-z])|(Id|Key|Token|Jwt|Session|Uuid|Cart|Checkout)s?$|^(sid|jwt)$/i;
/**
 * Request fields that are capabilities by nature: a secret token (invite, reset, unsubscribe, signed upload), a one-time
 * code, an invitation's id, and the ids of guest carts and checkouts, which storefront APIs treat as bearer tokens.
 */
const TOKEN_FIELD_RE = /^(token|[a-z]+(Token|_token)|secret|nonce|otp|signature|code|verificationCode|hash|(invite|invitation)(_?(id|uid|code|token))?|(cart|checkout|basket)(_?(id|token))?|(cart|checkout|basket)(Id|Token))$/i;
/** String methods: what they return is a piece of the string they are called on. */
const STRING_METHOD_RE = /^(split|slice|substring|substr|replace|replaceAll|trim|trimStart|trimEnd|toLowerCase|toUpperCase|at)$/;
/** Header keys that carry a credential. */
const CREDENTIAL_HEADER_RE = /^(authorization|cookie|x-[\w-]*(token|auth|session|key))$/i;

export function isEmptyOrigins(origins: ValueOrigins): boolean {
  return !origins.cookie && !origins.credential && !origins.token && !origins.params?.size && !origins.fresh?.size && !origins.credentialParams?.size;
}

function union(a: ReadonlySet<number> | undefined, b: ReadonlySet<number> | undefined): ReadonlySet<number> | undefined {
  if (!a?.size) return b?.size ? b : undefined;
  if (!b?.size) return a;
  return new Set([...a, ...b]);
}

export function mergeOrigins(a: ValueOrigins, b: ValueOrigins): ValueOrigins {
  if (isEmptyOrigins(b)) return a;
  if (isEmptyOrigins(a)) return b;
  const params = union(a.params, b.params);
  const fresh = union(a.fresh, b.fresh);
  const credentialParams = union(a.credentialParams, b.credentialParams);
  return {
    ...(fresh ? { fresh } : {}),
    ...(credentialParams ? { credentialParams } : {}),
    ...(a.cookie ?? b.cookie ? { cookie: a.cookie ?? b.cookie } : {}),
    ...(a.credential ?? b.credential ? { credential: a.credential ?? b.credential } : {}),
    ...(a.token ?? b.token ? { token: a.token ?? b.token } : {}),
    ...(params?.size ? { params } : {}),
  };
}

/** A callee's origins seen from a call: its parameters replaced by what the call passes. */
export function substituteParameters(origins: ValueOrigins, argumentOrigins: readonly ValueOrigins[]): ValueOrigins {
  if (!origins.params?.size && !origins.credentialParams?.size) return origins;
  const { params, credentialParams, ...own } = origins;
  let result: ValueOrigins = own;
  for (const index of params ?? []) {
    const passed = argumentOrigins[index];
    if (passed) result = mergeOrigins(result, passed);
  }
  // A credential header filled from a parameter: the credential is whatever the caller passes there.
  for (const index of credentialParams ?? []) {
    const passed = argumentOrigins[index];
    if (passed?.params?.size) result = mergeOrigins(result, { credentialParams: passed.params });
    if (passed?.credential || passed?.cookie) result = mergeOrigins(result, { credential: passed.credential ?? `the cookie \`${passed.cookie}\`` });
  }
  return result;
}

/** The parameters' own origins: where they came from is the caller's to say, and a token-like name is a capability. */
export function onParameter(w: Walk, names: ts.Identifier[], index: number): void {
  for (const id of names) w.valueOrigins.set(id.text, TOKEN_FIELD_RE.test(id.text) ? { params: new Set([index]), token: `\`${id.text}\` from the request` } : { params: new Set([index]) });
}

/** Values that carry nothing from anyone: literals, functions, JSX. */
function carriesNothing(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  return ts.isLiteralExpression(value) || ts.isNoSubstitutionTemplateLiteral(value) || ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isJsxElement(value) || ts.isJsxSelfClosingElement(value) || ts.isJsxFragment(value) || value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword || value.kind === ts.SyntaxKind.NullKeyword;
}

/**
 * A declaration's origins are worked out only when something asks (an effect keyed by the name, a check naming it):
 * most variables of most functions never are.
 */
export function onVariable(w: Walk, node: ts.VariableDeclaration, initializer: ts.Expression): void {
  for (const id of boundNames(node.name)) {
    w.valueOrigins.delete(id.text);
    if (carriesNothing(initializer)) w.pendingOrigins.delete(id.text);
    else w.pendingOrigins.set(id.text, [initializer]);
  }
}

export function onAssign(w: Walk, target: ts.Identifier, value: ts.Expression): void {
  const sources = w.pendingOrigins.get(target.text) ?? [w.valueOrigins.get(target.text) ?? {}];
  w.pendingOrigins.set(target.text, [...sources, value]);
  w.valueOrigins.delete(target.text);
}

/** The origins a name holds, from what was assigned to it so far. */
function nameOrigins(w: Walk, name: string): ValueOrigins {
  const known = w.valueOrigins.get(name);
  if (known) return known;
  const sources = w.pendingOrigins.get(name);
  if (!sources) return {};
  w.pendingOrigins.delete(name);
  w.valueOrigins.set(name, {}); // `let x = f(x)`: no loop
  let origins: ValueOrigins = {};
  for (const source of sources) origins = mergeOrigins(origins, isOrigins(source) ? source : originsOf(w, source));
  // `const { token, cartId } = input`: a field with a capability's name, read from what the caller sent, is a capability.
  if (TOKEN_FIELD_RE.test(name) && origins.params?.size && !origins.token) origins = { ...origins, token: `\`${name}\` from the request` };
  w.valueOrigins.set(name, origins);
  return origins;
}

function isOrigins(source: ts.Expression | ValueOrigins): source is ValueOrigins {
  return !('kind' in source);
}

/** What the function hands back carries what went into it. */
export function onReturn(w: Walk, node: ts.ReturnStatement): void {
  if (!node.expression || carriesNothing(node.expression) || enclosingFunction(node) !== w.fn) return;
  addReturn(w, originsOf(w, node.expression));
}

export function onExpressionBody(w: Walk, value: ts.Expression): void {
  if (!carriesNothing(value)) addReturn(w, originsOf(w, value));
}

function addReturn(w: Walk, origins: ValueOrigins): void {
  if (!isEmptyOrigins(origins)) w.facts.returns = mergeOrigins(w.facts.returns ?? {}, origins);
}

/**
 * `cookies()` or `headers()` of next/headers, also imported under another name (`import { cookies as nextCookies }`).
 * A lone identifier of that name counts too: the function it names is Next's in every app the analyzer has met.
 */
export function isNextHeadersCall(w: Walk, call: ts.CallExpression, which: 'cookies' | 'headers'): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  if (callee.text === which) return true;
  const resolved = w.analyzer.resolve(callee);
  return resolved.kind === 'external' && resolved.module === 'next/headers' && resolved.name === which;
}

/**
 * The origins an expression carries, as of where it stands (remembered per node: the walk asks about one expression
 * several times, and a later assignment does not change what an earlier expression held).
 */
export function originsOf(w: Walk, expression: ts.Expression): ValueOrigins {
  if (ts.isIdentifier(expression)) return originsOfUncached(w, expression);
  let known = w.expressionOrigins.get(expression);
  if (!known) {
    known = originsOfUncached(w, expression);
    w.expressionOrigins.set(expression, known);
  }
  return known;
}

function originsOfUncached(w: Walk, expression: ts.Expression): ValueOrigins {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) {
    if (isPropertyName(value)) return {};
    if (w.cookieNames.has(value.text)) return { credential: "the caller's cookies" };
    return nameOrigins(w, value.text);
  }
  if (ts.isPropertyAccessExpression(value)) return fieldOrigins(w, originsOf(w, value.expression), value.name.text);
  if (ts.isElementAccessExpression(value)) {
    const key = value.argumentExpression;
    return fieldOrigins(w, originsOf(w, value.expression), ts.isStringLiteralLike(key) ? key.text : undefined);
  }
  if (ts.isCallExpression(value)) return callOrigins(w, value);
  if (ts.isTemplateExpression(value)) return value.templateSpans.reduce((all, span) => mergeOrigins(all, originsOf(w, span.expression)), {} as ValueOrigins);
  if (ts.isBinaryExpression(value)) return mergeOrigins(originsOf(w, value.left), originsOf(w, value.right));
  if (ts.isConditionalExpression(value)) return mergeOrigins(originsOf(w, value.whenTrue), originsOf(w, value.whenFalse));
  if (ts.isPrefixUnaryExpression(value)) return originsOf(w, value.operand);
  // `new Uint8Array(hash)`, `new URL(path, base)`: built from what it is given.
  if (ts.isNewExpression(value)) return (value.arguments ?? []).reduce((all, argument) => mergeOrigins(all, originsOf(w, argument)), {} as ValueOrigins);
  if (ts.isObjectLiteralExpression(value)) return objectOrigins(w, value);
  if (ts.isArrayLiteralExpression(value)) return value.elements.reduce((all, element) => mergeOrigins(all, originsOf(w, ts.isSpreadElement(element) ? element.expression : element)), {} as ValueOrigins);
  if (ts.isSpreadElement(value)) return originsOf(w, value.expression);
  return {};
}

/** `input.token`, `params.cartId`: a field with a capability's name, read from what the caller sent. */
function fieldOrigins(_w: Walk, base: ValueOrigins, field: string | undefined): ValueOrigins {
  if (field && base.params?.size && !base.token && TOKEN_FIELD_RE.test(field)) return { ...base, token: `\`${field}\` from the request` };
  return base;
}

/** `{ authorization: \`Bearer ${token}\` }` with a token from the caller's cookie: the caller's credential, forwarded. */
function objectOrigins(w: Walk, object: ts.ObjectLiteralExpression): ValueOrigins {
  let all: ValueOrigins = {};
  for (const property of object.properties) {
    let origins: ValueOrigins = {};
    if (ts.isPropertyAssignment(property)) {
      const value = unwrapExpression(property.initializer);
      origins = ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? closureOrigins(w, value) : originsOf(w, property.initializer);
    }
    else if (ts.isShorthandPropertyAssignment(property)) origins = originsOf(w, property.name);
    else if (ts.isSpreadAssignment(property)) origins = originsOf(w, property.expression);
    else if (ts.isMethodDeclaration(property)) origins = closureOrigins(w, property);
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name)) ? property.name.text : undefined;
    if (key && CREDENTIAL_HEADER_RE.test(key) && (origins.cookie || origins.credential)) origins = { credential: origins.credential ?? `the cookie \`${origins.cookie}\`` };
    else if (key && CREDENTIAL_HEADER_RE.test(key) && origins.params?.size) origins = { ...origins, credentialParams: origins.params };
    all = mergeOrigins(all, origins);
  }
  return all;
}

function callOrigins(w: Walk, call: ts.CallExpression): ValueOrigins {
  let origins = w.callOrigins.get(call);
  if (!origins) {
    origins = callOriginsUncached(w, call);
    w.callOrigins.set(call, origins);
  }
  return origins;
}

function callOriginsUncached(w: Walk, call: ts.CallExpression): ValueOrigins {
  const name = calleeName(call);
  const path = memberPath(call.expression);
  const callee = unwrapExpression(call.expression);
  // `cookies().get('cartId')?.value`, `cookieStore.get(CART_COOKIE)`
  if (name === 'get' && ts.isPropertyAccessExpression(callee) && isCookieJar(w, callee.expression)) {
    const cookie = cookieName(w, call.arguments[0]);
    return cookie && KEY_COOKIE_RE.test(cookie) ? { cookie } : {};
  }
  // `headers()` from next/headers: the request's headers, cookies and Authorization included.
  if (path?.length === 1 && isNextHeadersCall(w, call, 'headers')) return { credential: 'the request headers' };
  if (path?.length === 1 && isNextHeadersCall(w, call, 'cookies')) return { credential: "the caller's cookies" };
  const receiver = ts.isPropertyAccessExpression(callee) ? originsOf(w, callee.expression) : {};
  // `(await headers()).get('authorization')`, `req.headers.get('authorization')`: the caller's own credential, as sent.
  const headerBag = receiver.credential || (ts.isPropertyAccessExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'headers' && !!receiver.params?.size);
  if (name === 'get' && headerBag && call.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) && CREDENTIAL_HEADER_RE.test(call.arguments[0].text)) {
    return { credential: `the request's ${call.arguments[0].text} header` };
  }
  // `authorization.split(' ')[1]`: a piece of the credential is still the credential.
  if (name && receiver.credential && STRING_METHOD_RE.test(name) && ts.isPropertyAccessExpression(callee)) return receiver;
  // `searchParams.get('token')`, `formData.get('cartId')`
  if (name === 'get' && receiver.params?.size && call.arguments[0] && ts.isStringLiteralLike(call.arguments[0])) return fieldOrigins(w, receiver, call.arguments[0].text);
  // A response is the other side's data, whatever URL was asked for (but a write's response is the record it made).
  if (isFetchCall(name ?? '', path) && !!path) {
    const made = w.classifyCall(call).effects?.filter((effect) => effect.kind !== 'probe' && !effect.conditional);
    return made?.length ? { fresh: new Set(made.map((effect) => effect.id)) } : {};
  }
  const argumentOrigins = call.arguments.map((argument) => originsOf(w, argument));
  const resolved = w.analyzer.resolve(call.expression);
  if (resolved.kind === 'function') {
    const facts = w.analyzer.functionFacts(resolved.fn);
    return facts.returns ? substituteParameters(facts.returns, argumentOrigins) : {};
  }
  const passed = argumentOrigins.reduce(mergeOrigins, {} as ValueOrigins);
  // What a write hands back is the record it made (`const cart = await sdk.store.cart.create(…)`).
  const made = w.classifyCall(call).effects?.filter((effect) => effect.kind !== 'cookie' && effect.kind !== 'spend' && !effect.conditional);
  if (made?.length) return mergeOrigins({ fresh: new Set(made.map((effect) => effect.id)) }, passed);
  // A record fetched back from a provider by an id the caller sent is vouched for by the provider: `stripe.checkout.sessions.retrieve(id)`.
  if (isProviderRetrieve(resolved, path) && passed.params?.size) return { ...passed, token: passed.token ?? `${path!.join('.')}() fetched it back from the provider` };
  // `prisma.license.findUnique({ where: { licenseKey: key } })`: a record found by a secret the caller sent is theirs to use.
  const secretColumn = passed.params?.size && !passed.token ? secretLookupColumn(w, call) : undefined;
  if (secretColumn) return { ...passed, token: `looked up by its secret \`${secretColumn}\`, sent by the caller` };
  // Anything computed from these values (a record looked up by a key, a client built from the caller's cookies) keeps their origins;
  // a method of a value keeps the value's (`cart.lines.find(…)`), but what a client hands back is data, not its credential
  // (`supabase.auth.getUser()` is the user, not the caller's session).
  return mergeOrigins(passed, { ...receiver, credential: undefined });
}

/** Columns that hold a secret: an API or license key, a token, a hashed secret (`key` alone is as often a slug). */
const SECRET_COLUMN_RE = /^(\w+Key|\w+_key|token|\w+Token|\w+_token|secret|\w+Secret|hashedKey|keyHash|tokenHash)$/;

/** `where: { licenseKey: key }` of a lookup (`findUnique`, `findFirst`): the secret column the caller's input is matched on. */
function secretLookupColumn(w: Walk, call: ts.CallExpression): string | undefined {
  if (!/^(find\w*|get\w*)$/.test(calleeName(call) ?? '')) return undefined;
  const options = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const where = options.properties.find((property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'where');
  const filter = where && unwrapExpression(where.initializer);
  if (!filter || !ts.isObjectLiteralExpression(filter)) return undefined;
  for (const property of filter.properties) {
    const column = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (!column || !SECRET_COLUMN_RE.test(column) || /public/i.test(column)) continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (value && originsOf(w, value).params?.size) return column;
  }
  return undefined;
}

function isProviderRetrieve(callee: Callee, path: string[] | undefined): boolean {
  return callee.kind !== 'function' && !!path && path.length > 2 && /^(retrieve)$/.test(path[path.length - 1]);
}

function isCookieJar(w: Walk, expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) return w.cookieNames.has(value.text);
  return ts.isCallExpression(value) && isNextHeadersCall(w, value, 'cookies');
}

function cookieName(w: Walk, argument: ts.Expression | undefined): string | undefined {
  return argument ? constantText(w, argument) : undefined;
}

/** A string the code names: a literal, a template's text, or a constant's value (else the constant's name). */
export function constantText(w: Walk, expression: ts.Expression): string | undefined {
  const value = unwrapExpression(expression);
  if (ts.isStringLiteralLike(value)) return value.text;
  if (ts.isTemplateExpression(value)) return value.head.text + value.templateSpans.map((span) => `\${…}${span.literal.text}`).join('');
  if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
    const resolved = w.analyzer.resolve(value);
    if (resolved.kind === 'value' && resolved.initializer && ts.isStringLiteralLike(unwrapExpression(resolved.initializer))) return (unwrapExpression(resolved.initializer) as ts.StringLiteralLike).text;
    return ts.isIdentifier(value) ? value.text : value.name.text;
  }
  return undefined;
}

/**
 * A method of an object the function hands out (`{ getItem(key) { return store.get(key) } }`) works with what it
 * closes over: the caller's cookie jar, or a parameter, whose origin each call decides (a token storage over the
 * cookies a caller passes in is the caller's credential).
 */
function closureOrigins(w: Walk, method: ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression): ValueOrigins {
  if (mentionsCookieJar(w, method)) return { credential: "the caller's cookies" };
  const params = method.body ? inputsMentioned(w, method.body) : undefined;
  return params?.size ? { params } : {};
}

function mentionsCookieJar(w: Walk, node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && w.cookieNames.has(child.text)) found = true;
    else if (ts.isCallExpression(child) && isNextHeadersCall(w, child, 'cookies')) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/**
 * The origins of the values a call's effect is keyed by: its arguments. An auth SDK's method called on a client built
 * from the caller's cookies (`supabase.auth.updateUser()`) acts with the caller's session: its receiver counts too.
 */
export function keyOrigins(w: Walk, node: ts.CallExpression, path: string[] | undefined): ValueOrigins {
  let origins: ValueOrigins = {};
  for (const argument of node.arguments) origins = mergeOrigins(origins, originsOf(w, argument));
  // Query builders key the write further down the chain: `db.delete(carts).where(eq(carts.id, cartId))`, `.eq('id', id)`.
  for (let current: ts.Node = node; ts.isPropertyAccessExpression(current.parent) && ts.isCallExpression(current.parent.parent) && current.parent.parent.expression === current.parent; current = current.parent.parent) {
    for (const argument of current.parent.parent.arguments) origins = mergeOrigins(origins, originsOf(w, argument));
  }
  const callee = unwrapExpression(node.expression);
  // (A client's own `fetchWithAuth(url, init)` sends its credential the same way.)
  if (path && (path.includes('auth') || isFetchCall(path[path.length - 1], path)) && ts.isPropertyAccessExpression(callee)) {
    const receiver = originsOf(w, callee.expression);
    if (receiver.credential) origins = mergeOrigins(origins, { credential: receiver.credential });
  }
  return origins;
}

