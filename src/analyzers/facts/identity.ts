/**
 * Who the caller is: identity reads and the checks that stop without one, shared secrets and signatures, guards
 * handed in as arguments or wrapped around the write. Records `guard`, `verification`, `parameterGuard`,
 * `returnsIdentity`, `identityUnchecked` and the helpers that only sound like guards.
 */
import ts from 'typescript';
import { boundNames, calleeName, hasUseServerDirective, isFunctionNode, unwrapExpression } from '../ast';
import {
  IDENTITY_EXPORTS,
  IDENTITY_MEMBER_RE,
  IDENTITY_NAME_RE,
  IDENTITY_SHAPE_RE,
  SELF_GUARD_MEMBER_CHAINS,
  SELF_GUARD_NAME_RE,
  TERMINATOR_CALLS,
  UNTRUSTED_IDENTITY_CHAINS,
  VERIFICATION_CALL_RE,
} from '../knowledge';
import type { Evidence } from '../model';
import type { Callee } from './analyzer';
import { originsOf } from './origins';
import { inputSourceOf, inputsMentioned, readsBody, referencesParameter } from './input-flow';
import {
  bindingSource,
  callText,
  chainRoot,
  deniesAccess,
  enclosingFunction,
  firstStatement,
  hasOption,
  isAwaited,
  isDerivation,
  isEquality,
  isFieldRead,
  isPropertyName,
  isSecretValue,
  isTerminatorCall,
  isWorkspaceSpecifier,
  skipAwait,
  truncate,
} from './syntax';
import type { CallKind } from './types';
import type { Walk } from './walk';

/** Names of the caller's own record when it is looked up by their identity. */
const IDENTITY_RECORD_NAME_RE = /^(current)?(user|me|viewer|member|account|profile)(Record|Row|Data)?$|^currentUser$/i;

/** A call's arguments with those of the calls chained onto it (`db.select().from(t).where(eq(t.id, id))`). */
function callChainArguments(call: ts.CallExpression): ts.Expression[] {
  const all: ts.Expression[] = [];
  for (let current: ts.Expression = call; ts.isCallExpression(current); current = ts.isPropertyAccessExpression(current.expression) ? current.expression.expression : current.expression) {
    all.push(...current.arguments);
    if (!ts.isPropertyAccessExpression(current.expression)) break;
  }
  return all;
}

/** Names of a user id: as a parameter or a body field it is the caller's claim about who they are. */
const CLAIMED_IDENTITY_NAME_RE = /^(user|owner|author|account|member|creator|requestingUser|requester|viewer|profile)_?[Ii][Dd]$|^uid$/;

const NODE_BUILTINS = /^(node:)?(path|url|util|crypto|fs|fs\/promises|os|stream|buffer|events|querystring|zlib|http|https|child_process|assert)$/;
const ASSERT_CALLS = new Set(['assert', 'invariant', 'ok', 'assertIsDefined', 'assertExists', 'assertDefined', 'ensure', 'must']);
const ALWAYS_OBJECT_IDENTITY = /^(@clerk\/nextjs(\/server)?:auth|@kinde-oss\/kinde-auth-nextjs\/server:getKindeServerSession|iron-session:getIronSession|@logto\/next\/server-actions:getLogtoContext)$/;

/** True inside the branch of an identity check that stops (`if (!user) redirect('/login')`). */
export function insideGuardBranch(w: Walk, node: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent && current !== w.fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.expression !== current && referencesIdentity(w, parent.expression)) return true;
    if (ts.isBinaryExpression(parent) && parent.right === current && referencesIdentity(w, parent.left)) return true;
    if (ts.isConditionalExpression(parent) && parent.condition !== current && referencesIdentity(w, parent.condition)) return true;
  }
  return false;
}

/**
 * `if (body.screenshotToken) { verifyToken(…) }`: a check that runs only when the caller sends something is no guard,
 * the caller leaves it out. (A check behind the deployment's own settings, `if (process.env.VERCEL)`, still counts.)
 */
export function onlyWhenCallerSays(w: Walk, node: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent && current !== w.fn; current = current.parent) {
    const parent = current.parent;
    const condition =
      ts.isIfStatement(parent) && parent.expression !== current
        ? parent.expression
        : ts.isConditionalExpression(parent) && parent.condition !== current
          ? parent.condition
          : ts.isBinaryExpression(parent) && parent.right === current && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken
            ? parent.left
            : undefined;
    // Only what the request's body says: a helper's parameters are its callers' to set, not the HTTP caller's.
    if (condition && !referencesIdentity(w, condition) && readsBody(w, condition)) return true;
  }
  return false;
}

/** `if (session) { write() }`: a write inside a branch that only runs with an identity is guarded (that write, not the function). */
export function enclosingIdentityCheck(w: Walk, node: ts.Node): Evidence | undefined {
  for (let current: ts.Node = node; current.parent && current !== w.fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === current && referencesIdentity(w, parent.expression)) {
      return w.ev('guard', parent, 'the write runs only inside a branch that requires an identity');
    }
    if (ts.isConditionalExpression(parent) && parent.whenTrue === current && referencesIdentity(w, parent.condition)) {
      return w.ev('guard', parent, 'the write runs only when an identity is present');
    }
    if (ts.isBinaryExpression(parent) && parent.right === current && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && referencesIdentity(w, parent.left)) {
      return w.ev('guard', parent, 'the write runs only when an identity is present');
    }
  }
  return undefined;
}

export function onConditional(w: Walk, node: ts.ConditionalExpression): void {
  // `return session ? write() : redirect('/login')`
  if (referencesIdentity(w, node.condition) && (isTerminatorCall(node.whenFalse) || isTerminatorCall(node.whenTrue))) {
    w.recordGuard(node, [w.ev('guard', node, 'identity checked in a conditional that stops the request')]);
  }
}

export function onReturn(w: Walk, node: ts.ReturnStatement): void {
  if (!node.expression) return;
  if (enclosingFunction(node) !== w.fn) return;
  const value = unwrapExpression(node.expression);
  // `return hmac === computed`, `return timingSafeEqual(a, b)`: a verifier whose callers stop on a false verdict.
  if (comparesSignature(w, value) || comparesSecret(w, value) || (ts.isCallExpression(value) && /^(timingSafeEqual|safeCompare|secureCompare|constantTimeEqual)$/.test(calleeName(value) ?? ''))) w.facts.returnsVerdict = true;
  // `return supabase.auth.getSession()` (or a value read off it): an untrusted identity stays untrusted in its callers.
  const root = chainRoot(value);
  const untrusted = ts.isCallExpression(root) ? w.classifyCall(root).untrusted : ts.isIdentifier(root) && w.untrustedNames.has(root.text) ? w.ev('identity-unchecked', root, `${root.text} comes from a session read that is not revalidated`) : undefined;
  if (untrusted && !w.facts.returnsUntrusted) w.facts.returnsUntrusted = untrusted;
  if (referencesIdentity(w, value) || (ts.isCallExpression(value) && w.classifyCall(value).identity)) {
    w.facts.returnsIdentity = true;
    const identity = firstIdentityIn(w, value);
    if (identity) w.checkedNames.add(identity);
  }
}

/**
 * `assertAdmin(session)`: a helper that throws on a check of the identity it is given.
 * `withMiddleware(handler, authMiddleware)`: a guarding function handed to a wrapper that runs it first.
 */
export function guardFromArguments(w: Walk, node: ts.CallExpression, kind: CallKind): void {
  if (kind.selfGuard || w.facts.guard) return;
  const name = calleeName(node) ?? 'a helper';
  // The arguments are only worth a walk when the callee could make them a guard: an app function whose facts
  // (already read when the call was classified) check what it is given, or one not read whose name says it asserts.
  const known = kind.calleeFacts;
  const mayGuardArguments = known ? !!known.parameterGuard : true;
  const parameterArgument = !w.facts.parameterGuard && mayGuardArguments && node.arguments.some((argument) => referencesParameter(w, argument));
  if (parameterArgument) {
    const callee = w.analyzer.resolve(node.expression);
    const facts = callee.kind === 'function' ? w.analyzer.functionFacts(callee.fn) : undefined;
    if (facts?.parameterGuard) w.facts.parameterGuard = { pos: w.pos(node), evidence: [w.ev('guard', node, `${name}() throws unless the value it is given passes its check`), ...facts.parameterGuard.evidence] };
  }
  const identityArgument = mayGuardArguments && node.arguments.some((argument) => referencesIdentity(w, argument) || mentionsAnyIdentity(w, argument));
  if (identityArgument) {
    const callee = w.analyzer.resolve(node.expression);
    if (callee.kind === 'function') {
      const facts = w.analyzer.functionFacts(callee.fn);
      if (facts.parameterGuard) {
        markChecked(w, node);
        w.recordGuard(node, [w.ev('guard', node, `${name}() checks the identity it is given and throws`), ...facts.parameterGuard.evidence]);
        return;
      }
    } else if (/^(assert|ensure|require|check|verify|validate|guard|enforce|authorize|must)/i.test(name)) {
      markChecked(w, node);
      w.recordGuard(node, [w.ev('guard', node, `${name}() is given the identity and is taken as its check (its code is not readable)`)]);
      return;
    }
  }
  for (const argument of node.arguments) {
    const value = unwrapExpression(argument);
    if (!ts.isIdentifier(value) && !ts.isPropertyAccessExpression(value)) continue;
    const callee = w.analyzer.resolve(value);
    if (callee.kind !== 'function' || callee.fn === w.fn) continue;
    const facts = w.analyzer.functionFacts(callee.fn);
    if (facts.guard && !facts.mutation) {
      w.recordGuard(node, [w.ev('wrapper-guard', node, `${name}() is handed ${value.getText()}, which checks the caller`), ...facts.guard.evidence]);
      return;
    }
  }
}

export function markChecked(w: Walk, node: ts.CallExpression): void {
  for (const argument of node.arguments) {
    const identity = firstIdentityIn(w, argument);
    if (identity) w.checkedNames.add(identity);
  }
}

/** Any identity read at all, even one that tests nothing (Clerk's auth object). */
export function mentionsAnyIdentity(w: Walk, expression: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if ((ts.isIdentifier(node) && (w.identityNames.has(node.text) || w.untrustedNames.has(node.text))) || (ts.isCallExpression(node) && w.classifyCall(node).identity)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

export function referencesIdentity(w: Walk, expression: ts.Node): boolean {
  return firstIdentityIn(w, expression) !== undefined || containsIdentityCall(w, expression);
}

export function containsIdentityCall(w: Walk, expression: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isCallExpression(node)) {
      const kind = w.classifyCall(node);
      if (kind.identity && (!kind.alwaysObject || isFieldRead(node))) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/** The first identity variable (or `req.auth` of a wrapped handler) an expression reads. */
export function firstIdentityIn(w: Walk, expression: ts.Node): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && w.identityNames.has(node.text) && !isPropertyName(node) && (!w.objectIdentityNames.has(node.text) || isFieldRead(node))) {
      found = node.text;
      return;
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'auth' && ts.isIdentifier(node.expression) && node.expression.text === w.firstParameter) {
      found = `${w.firstParameter}.auth`;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

export function referencesSecret(w: Walk, expression: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && /SECRET|TOKEN|KEY|PASSWORD|PASSPHRASE|SIGNING/i.test(node.name.text) && /process\.env$|import\.meta\.env$|(^|\.)\w*[eE]nv$|^(config|settings|secrets?)$/.test(node.expression.getText(w.sourceFile))) {
      found = true;
      return;
    }
    if (ts.isIdentifier(node) && w.secretNames.has(node.text) && !isPropertyName(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/** `if (auth !== \`Bearer ${process.env.CRON_SECRET}\`)`: an equality test with a secret on one side. */
export function comparesSecret(w: Walk, expression: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind) && (referencesSecret(w, node.left) || referencesSecret(w, node.right))) found = true;
    else if (ts.isCallExpression(node) && /^(timingSafeEqual|safeCompare|secureCompare|constantTimeEqual)$/.test(calleeName(node) ?? '')) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/** `if (signature !== expected)` where one side came from a signature header. */
export function comparesSignature(w: Walk, expression: ts.Node): boolean {
  return /signature|hmac|digest/i.test(expression.getText(w.sourceFile)) && /[!=]==?/.test(expression.getText(w.sourceFile));
}

/** `if (!compareHmac({ body, hmac, secret }))`: a call to the app's own verifier, whose verdict the branch stops on. */
function callsVerifier(w: Walk, expression: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isCallExpression(node) && w.classifyCall(node).calleeFacts?.returnsVerdict) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/**
 * An inline action (`async function save() { 'use server'; if (!session) return; … }`) closes over the page's
 * `const session = await auth()`: the enclosing function's identity names are its identity names too.
 */
export function inheritClosure(w: Walk): void {
  // Only inline actions are endpoints of their own; other inner functions are walked as part of the function around them.
  if (!hasUseServerDirective(w.fn)) return;
  const outer = enclosingFunction(w.fn);
  if (!outer || !isFunctionNode(outer)) return;
  const own = new Set<string>();
  for (const parameter of w.fn.parameters) for (const id of boundNames(parameter.name)) own.add(id.text);
  for (const [name, evidence] of w.analyzer.functionFacts(outer).identityBindings ?? []) if (!own.has(name)) w.identityNames.set(name, evidence);
}

/** `getChats(userId: string)`, `({ userId, chatId })`: a user id handed in. */
export function onParameter(w: Walk, names: ts.Identifier[], parameter?: ts.ParameterDeclaration): void {
  const context = parameter ? contextBindings(parameter.name) : new Set<string>();
  for (const name of context) w.contextNames.add(name);
  for (const id of names) if (CLAIMED_IDENTITY_NAME_RE.test(id.text) && !context.has(id.text)) w.claimedNames.add(id.text);
}

/** `({ ctx: { userId } })`, `(ctx)`, `({ session })`: the names a wrapper's verified context binds. */
function contextBindings(name: ts.BindingName, inContext = false): Set<string> {
  const found = new Set<string>();
  if (ts.isIdentifier(name)) {
    if (inContext || /^(ctx|context)$/.test(name.text)) found.add(name.text);
    return found;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
    const entering = inContext || (!!key && /^(ctx|context|session|auth)$/.test(key));
    for (const inner of contextBindings(element.name, entering)) found.add(inner);
  }
  return found;
}

/** Whether an expression carries a user id the caller sent: a claimed name, or `input.userId` read off the input. */
function mentionsClaimedIdentity(w: Walk, expression: ts.Node): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isIdentifier(node) && w.claimedNames.has(node.text) && !isPropertyName(node)) found = node.text;
    else if (ts.isShorthandPropertyAssignment(node) && w.claimedNames.has(node.name.text)) found = node.name.text;
    else if (ts.isPropertyAccessExpression(node) && CLAIMED_IDENTITY_NAME_RE.test(node.name.text) && inputSourceOf(w, node.expression) !== undefined) found = node.getText(w.sourceFile);
    else ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

const BY_REQUEST_RE = /\bip\b|x-forwarded-for|x-real-ip|getIp|clientIp|ipAddress|\{\s*(req|request)\s*[,}]|\((req|request)\)/i;

/** A limiter keyed by the IP or the request itself, also through a name (`const id = getClientIdentifier(request)`). */
function limitsByRequest(w: Walk, call: ts.CallExpression): boolean {
  if (BY_REQUEST_RE.test(call.getText(w.sourceFile))) return true;
  return call.arguments.some((argument) => {
    const value = unwrapExpression(argument);
    if (!ts.isIdentifier(value)) return false;
    const resolved = w.analyzer.resolve(value);
    return resolved.kind === 'value' && !!resolved.initializer && BY_REQUEST_RE.test(resolved.initializer.getText());
  });
}

/** Parameters that hold a session or user object by their name or type (`session: Session`, `user: User`). */
const IDENTITY_PARAMETER_NAME_RE = /^(session|currentUser|viewer)$/;
const IDENTITY_PARAMETER_TYPE_RE = /\b(Session|User|AuthUser|CurrentUser)\b/;

/** `session.user.id`, `session.user?.id`, `currentUser.id` where `session` is a parameter of this function. */
function mentionsParameterIdentity(w: Walk, expression: ts.Node): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isPropertyAccessExpression(node) && /^(id|userId)$/.test(node.name.text)) {
      let root: ts.Expression = node.expression;
      while (ts.isPropertyAccessExpression(root) || ts.isNonNullExpression(root)) root = root.expression;
      const rootName = ts.isIdentifier(root) ? root.text : undefined;
      const parameter = rootName ? w.fn.parameters.find((item) => ts.isIdentifier(item.name) && item.name.text === rootName) : undefined;
      if (parameter && (IDENTITY_PARAMETER_NAME_RE.test(parameter.name.getText()) || IDENTITY_PARAMETER_TYPE_RE.test(parameter.type?.getText() ?? ''))) {
        found = node.getText(w.sourceFile);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/** `async () => auth()` hands its identity straight back. */
export function onExpressionBody(w: Walk, value: ts.Expression): void {
  if (ts.isCallExpression(value) && w.classifyCall(value).identity) w.facts.returnsIdentity = true;
}

/** An identity read that nothing checked, when nothing else guards. */
export function onEnd(w: Walk): void {
  if (w.identityNames.size) w.facts.identityBindings = new Map(w.identityNames);
  if (w.facts.guard || w.facts.verification) return;
  const unchecked = [...w.identityNames.entries()].find(([name]) => !w.checkedNames.has(name));
  if (unchecked && !w.facts.returnsIdentity) w.facts.identityUnchecked = unchecked[1];
}

/** `Number(x)`, `String(x)`, `parseInt(x, 10)`: the same value in another type. */
const CONVERSION_CALLS = new Set(['Number', 'String', 'parseInt', 'parseFloat', 'BigInt']);

export function onVariable(w: Walk, node: ts.VariableDeclaration, initializer: ts.Expression, written: ts.Expression, names: ts.Identifier[]): void {
  noteIdentityOverride(w, node, written);
  // `const storeId = Number(await getStoreId())`: the caller's store id, as a number, is still read off the caller.
  const converted = ts.isCallExpression(written) && ts.isIdentifier(written.expression) && CONVERSION_CALLS.has(written.expression.text) && written.arguments[0];
  const value = converted ? unwrapExpression(converted) : written;
  let isIdentity = false;
  let origin: Evidence | undefined;
  if (ts.isCallExpression(value)) {
    const kind = w.classifyCall(value);
    // `const { userId } = await auth.protect()`: what a guard hands back is the caller.
    if (kind.identity || kind.selfGuard) {
      isIdentity = true;
      origin = w.ev('identity-unchecked', value, `identity read by ${callText(value)} but never checked`);
    }
    if (kind.untrusted) {
      origin = kind.untrusted;
      for (const id of names) w.untrustedNames.add(id.text);
    }
  }
  // `const user = (await supabase.auth.getUser()).data.user`: a field read straight off an identity call.
  if (!isIdentity && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value))) {
    const root = chainRoot(value);
    if (ts.isCallExpression(root) && w.classifyCall(root).identity) {
      isIdentity = true;
      origin = w.ev('identity-unchecked', root, `identity read by ${callText(root)} but never checked`);
    }
  }
  // `const [viewer, org] = await Promise.all([getCurrentUser(), getOrg()])`
  if (!isIdentity && ts.isArrayBindingPattern(node.name) && ts.isCallExpression(value) && /^Promise\.(all|allSettled)$/.test(value.expression.getText())) {
    const list = value.arguments[0] && unwrapExpression(value.arguments[0]);
    if (list && ts.isArrayLiteralExpression(list)) {
      node.name.elements.forEach((element, index) => {
        const item = list.elements[index] && unwrapExpression(list.elements[index]);
        if (!ts.isBindingElement(element) || !item || !ts.isCallExpression(item) || !w.classifyCall(item).identity) return;
        for (const id of boundNames(element.name)) w.identityNames.set(id.text, w.ev('identity-unchecked', item, `identity read by ${callText(item)} but never checked`));
      });
    }
  }
  // `const [currentUser] = await db.select().from(users).where(eq(users.id, session.user.id))`: the caller's own record.
  if (!isIdentity && ts.isCallExpression(chainRoot(value)) && names.some((id) => IDENTITY_RECORD_NAME_RE.test(id.text)) && callChainArguments(chainRoot(value) as ts.CallExpression).some((argument) => referencesIdentity(w, argument))) {
    isIdentity = true;
    origin = w.ev('identity-unchecked', value, `the caller's own record, looked up by their identity, but never checked`);
  }
  if (!isIdentity && isDerivation(value) && referencesIdentity(w, value)) {
    isIdentity = true;
    const from = firstIdentityIn(w, initializer);
    origin = from ? w.identityNames.get(from) : undefined;
  }
  // `const { userId } = await req.json()`: a user id from the request body is a claim too.
  if (!isIdentity && readsBody(w, initializer)) for (const id of names) if (CLAIMED_IDENTITY_NAME_RE.test(id.text)) w.claimedNames.add(id.text);
  if (isIdentity) {
    w.facts.readsIdentity = true;
    for (const id of names) w.identityNames.set(id.text, origin ?? w.ev('identity-unchecked', node, 'identity never checked'));
    if (ts.isIdentifier(node.name) && ts.isCallExpression(value) && w.classifyCall(value).alwaysObject) w.objectIdentityNames.add(node.name.text);
  }
  if (isSecretValue(value) && referencesSecret(w, initializer)) for (const id of names) w.secretNames.add(id.text);
  if (!isIdentity && knowsCaller(w) && namesIdentity(w, initializer)) for (const id of names) w.identityBearingNames.add(id.text);
}

/** `session = await getSession()`: a `let` given its identity later. */
export function onAssign(w: Walk, target: ts.Identifier, assigned: ts.Expression): void {
  const value = unwrapExpression(assigned);
  if (ts.isCallExpression(value) && w.classifyCall(value).identity) {
    w.identityNames.set(target.text, w.ev('identity-unchecked', value, `identity read by ${callText(value)} but never checked`));
  } else if (isDerivation(value) && referencesIdentity(w, value) && !w.identityNames.has(target.text)) {
    const from = firstIdentityIn(w, value);
    const origin = from ? w.identityNames.get(from) : undefined;
    if (origin) w.identityNames.set(target.text, origin);
  }
}

/**
 * Whether an expression names the caller's identity, as far as ownership goes: an identity read of this body, or the
 * user a wrapper hands in (`ctx.user.id`, `context.session`, a `user`/`userId` parameter of a guarded body).
 */
export function namesIdentity(w: Walk, expression: ts.Node): boolean {
  if (mentionsAnyIdentity(w, expression)) return true;
  if (IDENTITY_CONTEXT_RE.test(expression.getText(w.sourceFile))) return true;
  // `withWorkspace(async ({ workspace, session }) => …)`: what a wrapper hands its body is the verified caller and scope.
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && !isPropertyName(node) && (w.contextNames.has(node.text) || w.identityBearingNames.has(node.text) || (WRAPPER_CONTEXT_NAME_RE.test(node.text) && w.parameterNames.has(node.text)))) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

const WRAPPER_CONTEXT_NAME_RE = /^(user|session|workspace|team|org|organization|project|tenant|account|member|viewer|ctx|context|auth|space|program|partner)$/;

const IDENTITY_CONTEXT_RE = /\b(ctx|context|c\.var|opts\.ctx)\.(user|session|auth|userId|viewer|member|membership|org|organization|team|workspace|account|tenant)\b|\bsession\??\.user\b|\b(currentUser|viewer)\b/;

export function knowsCaller(w: Walk): boolean {
  return w.identityNames.size > 0 || w.contextNames.size > 0 || w.identityBearingNames.size > 0 || !!w.facts.readsIdentity;
}

/** A call or condition naming both the caller's identity and some input: a tie between the two. */
function recordOwnershipCheck(w: Walk, node: ts.Node, parts: readonly ts.Node[], writes = false): void {
  // Only a function that knows who the caller is can tie anything to them (and only there are the ties read).
  if (!parts.length || !knowsCaller(w)) return;
  // The input itself, or a record looked up by it (`video.ownerId !== user.id` after a select by `videoId`).
  const params = new Set(parts.flatMap((part) => [...inputsMentioned(w, part), ...(ts.isExpression(part) ? [...(originsOf(w, part).params ?? [])] : [])]));
  if (!params.size) return;
  if (parts.some((part) => namesIdentity(w, part))) (w.facts.ownershipChecks ??= []).push({ pos: w.pos(node), params });
  // A lookup by two inputs ties one to the other; a write handed both (`create({ tenant: teamId, name })`) checks nothing.
  else if (params.size > 1 && !writes && (w.facts.linkedInputs?.length ?? 0) < 24) (w.facts.linkedInputs ??= []).push({ pos: w.pos(node), params });
}

/**
 * `if (result.error)` after `const result = await client.create({ tenant: teamId, name })`: what a write hands back
 * carries the inputs it was given, but testing it ties none of them to another.
 */
function testsWriteResult(w: Walk, condition: ts.Expression): boolean {
  let test = unwrapExpression(condition);
  while (ts.isPrefixUnaryExpression(test)) test = unwrapExpression(test.operand);
  const root = chainRoot(test);
  if (!ts.isIdentifier(root)) return false;
  const resolved = w.analyzer.resolve(root);
  if (resolved.kind !== 'value') return false;
  const initializer = resolved.initializer ? unwrapExpression(resolved.initializer) : ts.isBindingElement(resolved.declaration) ? bindingSource(resolved.declaration) : undefined;
  if (!initializer || !ts.isCallExpression(initializer) || initializer.getSourceFile() !== w.sourceFile || initializer.pos < w.fn.pos || initializer.end > w.fn.end) return false;
  return writeChain(w, initializer);
}

/** `db.insert(t).values({ teamId, name }).returning()`: a call on a write's chain is part of that write. */
function writeChain(w: Walk, call: ts.CallExpression): boolean {
  for (let current: ts.Expression = call; ts.isCallExpression(current); ) {
    if (writesOnly(w.classifyCall(current))) return true;
    const callee = unwrapExpression(current.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    current = unwrapExpression(callee.expression);
  }
  return false;
}

/** `return NextResponse.json({ error: result.error })`, `throw new Error(…)`: the path ends there, so it ties nothing later code relies on. */
function buildsTheLastWord(node: ts.Node): boolean {
  for (let current = node.parent; current && !isFunctionNode(current); current = current.parent) {
    if (ts.isReturnStatement(current) || ts.isThrowStatement(current)) return true;
    if (ts.isStatement(current)) return false;
  }
  return false;
}

/** A call that changes something and reads nothing back (its result is the write's own answer). */
function writesOnly(kind: CallKind): boolean {
  return (!!kind.mutation || !!kind.effects?.length) && !kind.reads?.length;
}

/**
 * `const userId = userIdOverride ?? (await getCurrentUserId())`: a parameter that, when sent, takes the place of the
 * caller's identity. Whoever calls the function picks whose id it acts as. The name still reads as the identity (its
 * check guards what the function reads for itself); classify decides where the override matters (shared writes).
 */
function noteIdentityOverride(w: Walk, node: ts.VariableDeclaration, value: ts.Expression): void {
  if (w.facts.identityOverride || !ts.isBinaryExpression(value)) return;
  if (value.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken && value.operatorToken.kind !== ts.SyntaxKind.BarBarToken) return;
  const left = unwrapExpression(value.left);
  if (!ts.isIdentifier(left) || !w.parameterNames.has(left.text)) return;
  const fallback = chainRoot(unwrapExpression(value.right));
  if (!ts.isCallExpression(fallback) || !w.classifyCall(fallback).identity) return;
  w.facts.identityOverride = w.ev('identity-unchecked', node, `\`${left.text}\`, a parameter the caller sends, takes the place of the identity ${callText(fallback)} reads: called directly, the caller picks whose id it acts as`);
}

/** An `if` one of whose branches stops: an identity check, a secret compared, a parameter's check, or a denial. */
export function onStoppingIf(w: Walk, node: ts.IfStatement): void {
  recordOwnershipCheck(w, node, [node.expression], testsWriteResult(w, node.expression));
  const condition = truncate(node.expression.getText(w.sourceFile));
  if (referencesIdentity(w, node.expression)) {
    const identity = firstIdentityIn(w, node.expression);
    if (identity) w.checkedNames.add(identity);
    const origin = identity ? w.identityNames.get(identity) : undefined;
    const evidence = [w.ev('guard', node, `identity checked: \`if (${condition})\` stops the request`)];
    if (origin) evidence.push({ ...origin, kind: 'guard', message: origin.message.replace(/ but never checked$/, '') });
    w.recordGuard(node, evidence);
  } else if (comparesSecret(w, node.expression) || comparesSignature(w, node.expression) || callsVerifier(w, node.expression)) {
    const evidence = [w.ev('verification', node, `shared secret or signature compared: \`if (${condition})\``)];
    w.recordVerification(node, evidence);
    w.recordGuard(node, evidence);
  } else if (mentionsClaimedIdentity(w, node.expression) && (deniesAccess(node.thenStatement) || deniesAccess(node.elseStatement) || ts.isThrowStatement(firstStatement(node.thenStatement)))) {
    // `if (chat.userId !== userId) return { error: 'Unauthorized' }` with `userId` sent by the caller: a check of the claim.
    w.facts.guardOnClaimedIdentity = true;
    w.recordGuard(node, [w.ev('guard', node, `\`if (${condition})\` compares with a user id the caller sends`)]);
  } else if (testsOutboundResponse(w, node.expression)) {
    // `if (response.status === 403) throw new Error('Unauthorized')`: another service refused this server, not the caller.
    return;
  } else if (referencesParameter(w, node.expression) && node.thenStatement && ts.isThrowStatement(firstStatement(node.thenStatement))) {
    // `function assertAdmin(session) { if (session?.user.role !== 'admin') throw … }`: a guard for whatever identity it is given.
    w.facts.parameterGuard ??= { pos: w.pos(node), evidence: [w.ev('guard', node, `throws unless \`${condition}\` holds for its argument`)] };
    if (!mentionsAnyIdentity(w, node.expression) && (deniesAccess(node.thenStatement) || deniesAccess(node.elseStatement))) {
      w.recordGuard(node, [w.ev('guard', node, `\`if (${condition})\` rejects the request as unauthorized`)]);
    }
  } else if (!mentionsAnyIdentity(w, node.expression) && !readsBody(w, node.expression) && (deniesAccess(node.thenStatement) || deniesAccess(node.elseStatement))) {
    if (callerControlled(w, node.expression)) {
      // `if (!req.url.includes(host)) return 401`, `if (headers.get('x-admin') !== 'true')`: the caller writes what is tested.
      w.facts.weakCheck ??= w.ev('identity-unchecked', node, `\`if (${condition})\` tests only what the request itself says, which the caller controls: not a guard`);
      return;
    }
    // The branch itself says it rejects an unauthenticated caller (401/403, "Unauthorized", a redirect to sign-in).
    w.recordGuard(node, [w.ev('guard', node, `\`if (${condition})\` rejects the request as unauthorized`)]);
  }
}

/** A condition on the status of a response this code fetched (`res.status === 403`, `!response.ok`). */
function testsOutboundResponse(w: Walk, expression: ts.Expression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && /^(status|ok|statusCode)$/.test(node.name.text) && ts.isIdentifier(node.expression)) {
      const resolved = w.analyzer.resolve(node.expression);
      const initializer = resolved.kind === 'value' && resolved.initializer ? unwrapExpression(resolved.initializer) : undefined;
      if (initializer && ts.isCallExpression(initializer) && /fetch|request|axios|got|ky/i.test(calleeName(initializer) ?? '')) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/** String tests a condition may make of the request without checking anything the caller cannot write. */
const WEAK_TEST_METHOD_RE = /^(includes|startsWith|endsWith|match|test|toLowerCase|toUpperCase|trim|get|has|indexOf|search)$/;

/**
 * A condition made only of what the request says (its URL, host, a header, a field) compared with literals or
 * non-secret settings: nothing in it is checked against a secret, an identity, or a lookup.
 */
function callerControlled(w: Walk, condition: ts.Expression): boolean {
  if (!inputsMentioned(w, condition).size || referencesSecret(w, condition) || callsVerifier(w, condition)) return false;
  let lookup = false;
  const visit = (node: ts.Node): void => {
    if (lookup || isFunctionNode(node)) return;
    if (ts.isCallExpression(node) && !WEAK_TEST_METHOD_RE.test(calleeName(node) ?? '')) lookup = true;
    else ts.forEachChild(node, visit);
  };
  visit(condition);
  return !lookup;
}

/** `session ?? redirect('/login')`, `session || notFound()`, `!session && redirect()` */
export function onBinary(w: Walk, node: ts.BinaryExpression): void {
  const operator = node.operatorToken.kind;
  if (
    (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) &&
    isTerminatorCall(node.right) &&
    referencesIdentity(w, node.left)
  ) {
    const identity = firstIdentityIn(w, node.left);
    if (identity) w.checkedNames.add(identity);
    w.recordGuard(node, [w.ev('guard', node, 'identity checked; the request stops without one')]);
  }
}

/** A call that guards by itself, or verifies a signature. */
export function onCallGuard(w: Walk, node: ts.CallExpression, kind: CallKind): void {
  if (kind.selfGuard) w.recordGuard(node, kind.selfGuard);
  if (kind.verification) {
    w.recordVerification(node, kind.verification);
    w.recordGuard(node, kind.verification);
  }
}

/** What else a call says about the caller: unreadable guards, helpers that only sound like guards, checks by argument. */
export function onCall(w: Walk, node: ts.CallExpression, kind: CallKind): void {
  if (kind.identity || kind.selfGuard || kind.calleeFacts?.readsIdentity) w.facts.readsIdentity = true;
  recordOwnershipCheck(w, node, node.arguments, writeChain(w, node) || buildsTheLastWord(node));
  // A helper that checks ownership on its parameters does so for what this call passes them.
  for (const check of kind.calleeFacts?.ownershipChecks ?? []) {
    const params = new Set([...check.params].flatMap((index) => (node.arguments[index] ? [...inputsMentioned(w, node.arguments[index])] : [])));
    if (params.size) (w.facts.ownershipChecks ??= []).push({ pos: w.pos(node), params });
  }
  // Only calls that look up or change data are asked whether they are handed a claimed user id.
  if (!w.facts.claimedIdentity && !kind.identity && (kind.effects?.length || kind.reads?.length || kind.calleeFacts)) {
    const claimed = node.arguments.map((argument) => mentionsClaimedIdentity(w, argument)).find(Boolean);
    if (claimed) w.facts.claimedIdentity = w.ev('identity-unchecked', node, `${callText(node)} is handed \`${claimed}\`, a user id the caller sends: anyone can send someone else's`);
  }
  if (!w.facts.parameterIdentity && !kind.identity && (kind.effects?.length || kind.reads?.length)) {
    const fromParameter = node.arguments.map((argument) => mentionsParameterIdentity(w, argument)).find(Boolean);
    if (fromParameter) w.facts.parameterIdentity = w.ev('identity-unchecked', node, `${callText(node)} is keyed by \`${fromParameter}\` of a session object the function takes as a parameter: called directly, the caller sends that object`);
  }
  if (kind.unresolved) w.facts.unresolved.push(kind.unresolved);
  if (kind.ipRateLimit && !w.facts.ipRateLimit) w.facts.ipRateLimit = kind.ipRateLimit;
  if (kind.noGuardHelper) w.facts.noGuardHelpers.push(...kind.noGuardHelper);
  if (kind.identity) {
    // An identity read whose result is thrown away can only be there to guard (`await requireAuth()`).
    const parent = skipAwait(node).parent;
    if (parent && ts.isExpressionStatement(parent) && !kind.localFunction) {
      w.recordGuard(node, [w.ev('guard', node, `${callText(node)} is called for its check alone; taken as a guard`)]);
    }
  }
  guardFromArguments(w, node, kind);
  // `ratelimit(ip)`, `limiter.limit(getIp(req))`, a limiter named for the IP (`applyIPRateLimit(config)`,
  // `rateLimitByIp()`), or one handed the request itself to tell callers apart (`checkRateLimit(id, { request })`).
  const limiter = calleeName(node) ?? '';
  if (!w.facts.ipRateLimit && /rate_?limit|^limit$/i.test(limiter) && (/^ip(?=[A-Z_]|$)|[a-z_](IP|Ip)(?=[A-Z_]|$)/.test(limiter) || limitsByRequest(w, node))) {
    w.facts.ipRateLimit = w.ev('public', node, `rate-limited by the caller's IP (${truncate(node.getText(w.sourceFile), 40)}): built for anonymous callers`);
  }
  // assert(session), invariant(user, 'Unauthorized')
  const name = calleeName(node);
  if (name && ASSERT_CALLS.has(name) && node.arguments[0] && referencesIdentity(w, node.arguments[0])) {
    const identity = firstIdentityIn(w, node.arguments[0]);
    if (identity) w.checkedNames.add(identity);
    w.recordGuard(node, [w.ev('guard', node, `identity asserted with ${name}()`)]);
  }
}

export function isTerminatorName(name: string): boolean {
  return TERMINATOR_CALLS.has(name);
}

/**
 * Calls known by a name bound in this body or in the config: a method of an identity object
 * (`const { getUser } = getKindeServerSession()`), a guard the user named.
 */
export function classifyByBoundName(w: Walk, node: ts.CallExpression, name: string, chain: string, result: CallKind): boolean {
  const calleeNode = unwrapExpression(node.expression);
  if (ts.isIdentifier(calleeNode) && w.identityNames.has(calleeNode.text) && !w.objectIdentityNames.has(calleeNode.text)) {
    result.identity = true;
    return true;
  }
  if (ts.isPropertyAccessExpression(calleeNode) && ts.isIdentifier(calleeNode.expression) && w.identityNames.has(calleeNode.expression.text) && IDENTITY_MEMBER_RE.test(name)) {
    result.identity = true;
    return true;
  }
  if (w.config.guards.includes(name) || w.config.guards.includes(chain)) {
    result.selfGuard = [w.ev('config', node, `${name}() is a guard named in the Next Boundary config`)];
    return true;
  }
  return false;
}

/** A call resolved to a library or a value (not the app's own function): identity reads and guards of known shapes. */
export function classifyResolved(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, chain: string, callee: Callee, result: CallKind): boolean {
  if (callee.kind === 'value' && callee.initializer) {
    // A destructured or assigned library result: `export const { auth } = NextAuth(config)`.
    const source = unwrapExpression(callee.initializer);
    if (ts.isCallExpression(source) && calleeName(source) === 'NextAuth' && name === 'auth') {
      result.identity = true;
      return true;
    }
  }
  if (callee.kind === 'value' && ts.isBindingElement(callee.declaration)) {
    const source = bindingSource(callee.declaration);
    if (source && ts.isCallExpression(source) && /^(NextAuth|betterAuth)$/.test(calleeName(source) ?? '') && /^(auth|getSession)$/.test(name)) {
      result.identity = true;
      return true;
    }
  }
  const module = callee.kind === 'external' ? callee.module : undefined;
  const importedName = callee.kind === 'external' ? callee.name : name;

  // Hono's own auth middleware, called in a middleware of the app's (`return bearerAuth({ token })(c, next)`).
  if (module && /^hono\//.test(module) && /^(bearerAuth|basicAuth|jwt|jwk)$/.test(importedName)) {
    result.selfGuard = [w.ev('guard', node, `${importedName}() from ${module} rejects requests without valid credentials`)];
    return true;
  }
  // Library identity APIs, by module.
  if (module && IDENTITY_EXPORTS[module]?.includes(importedName)) {
    if (importedName === 'withAuth' && hasOption(node, 'ensureSignedIn', true)) {
      result.selfGuard = [w.ev('guard', node, 'withAuth({ ensureSignedIn: true }) redirects signed-out users')];
    } else if (/^(verifyIdToken|verifySessionCookie|jwtVerify|verify)$/.test(importedName)) {
      result.selfGuard = [w.ev('guard', node, `${importedName}() throws on an invalid token`)];
    } else {
      result.identity = true;
      if (ALWAYS_OBJECT_IDENTITY.test(`${module}:${importedName}`)) result.alwaysObject = true;
    }
    return true;
  }
  if (SELF_GUARD_MEMBER_CHAINS.some((re) => re.test(chain.replace(/\(\)/g, '')))) {
    if (isAwaited(node) || !chain.includes('protect')) {
      result.selfGuard = [w.ev('guard', node, `${chain}() stops signed-out requests`)];
    } else {
      result.unresolvedGuard = true;
      result.noGuardHelper = [w.ev('identity-unchecked', node, `${chain}() is not awaited, so its rejection does not stop the code after it`)];
    }
    return true;
  }
  if (name === 'getUser' && hasOption(node, 'or', 'redirect')) {
    result.selfGuard = [w.ev('guard', node, 'getUser({ or: "redirect" }) redirects signed-out users')];
    return true;
  }
  if (VERIFICATION_CALL_RE.test(name) || (name === 'verify' && path && path.length > 1)) {
    result.verification = [w.ev('verification', node, `${truncate(chain)}() verifies the request's signature`)];
    return true;
  }
  const bareChain = chain.replace(/\(\)/g, '');
  // `clerkClient.users.getUser(id)`, `supabase.auth.admin.getUserById(id)` read some user, not the caller.
  const adminApi = /(^|\.)(users|admin)(\.|$)/.test(bareChain.slice(0, bareChain.lastIndexOf('.')));
  if (path && path.length > 1 && IDENTITY_MEMBER_RE.test(name) && name !== 'verify' && !adminApi) {
    if (UNTRUSTED_IDENTITY_CHAINS.some((re) => re.test(bareChain))) {
      result.untrusted = w.ev('identity-unchecked', node, `${bareChain}() reads the session cookie without revalidating it; use getUser() or getClaims() on the server`);
      return true;
    }
    result.identity = true;
    return true;
  }
  const readable = callee.kind === 'unknown' ? !path || path.length === 1 : module !== undefined && (isWorkspaceSpecifier(module) || !NODE_BUILTINS.test(module));
  if (readable && (path?.length ?? 1) === 1) {
    if (SELF_GUARD_NAME_RE.test(name) && !VERIFICATION_CALL_RE.test(name)) {
      result.selfGuard = [w.ev('guard', node, `${name}() (${module ? `from ${module}` : 'not readable'}) is taken as a guard by its name`)];
      return true;
    }
    if (IDENTITY_NAME_RE.test(name) || IDENTITY_SHAPE_RE.test(name)) {
      result.identity = true;
      return true;
    }
  }
  return false;
}
