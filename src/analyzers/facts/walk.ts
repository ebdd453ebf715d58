/**
 * One pass over one function body, in source order. The walk keeps the names a body binds and hands each node to
 * the concerns that read it, in a fixed order: who the caller is (identity.ts), what the code does (effects.ts),
 * where values come from (input-flow.ts) and the facts the pitfall rules read (signals.ts). A concern never walks
 * on its own; it reads and records through this one walk.
 */
import ts from 'typescript';
import { type FunctionNode, boundNames, calleeName, isAsyncFunction, isFunctionNode, memberPath, startOf, unwrapExpression } from '../ast';
import type { BoundaryConfig } from '../config';
import { IDENTITY_NAME_RE, IDENTITY_SHAPE_RE, SELF_GUARD_NAME_RE } from '../knowledge';
import type { Evidence, EvidenceKind, Signal } from '../model';
import type { FactsAnalyzer } from './analyzer';
import * as effects from './effects';
import * as identity from './identity';
import * as inputFlow from './input-flow';
import * as origins from './origins';
import * as reads from './reads';
import * as signals from './signals';
import { caughtFailure, isAwaited, isObjectMemberFunction, isReturned, isTaskOfCall, returnsValue, skipAwait, stopsByThrowing, terminates } from './syntax';
import { type CallKind, type FunctionFacts, type ValueOrigins, signalOf } from './types';

/**
 * The app's own session readers of any kind (`verifyDataroomSession`, `getViewerSession`): what they return is the
 * identity their caller checks; their own writes (expired-session cleanup) are bookkeeping.
 */
const LOCAL_SESSION_READER_RE = /^(get|verify|validate|check|read|load|find)[A-Z]\w*Session$/;

export class FunctionWalker {
  readonly facts: FunctionFacts = { returnsIdentity: false, unresolved: [], noGuardHelpers: [] };
  readonly sourceFile: ts.SourceFile;

  // identity.ts
  readonly identityNames = new Map<string, Evidence>();
  /** Identity variables holding an object that is never null: `if (!session)` tests nothing. */
  readonly objectIdentityNames = new Set<string>();
  readonly checkedNames = new Set<string>();
  readonly secretNames = new Set<string>();
  /** Identity read from an untrusted source (Supabase getSession()): never a guard, but not data either. */
  readonly untrustedNames = new Set<string>();
  /** Names holding a user id the caller sent (`userId` as a parameter or a body field): a claim, not an identity. */
  readonly claimedNames = new Set<string>();
  /** Names computed from the caller's identity (`const isAdmin = team.users.some((u) => u.userId === session.user.id)`). */
  readonly identityBearingNames = new Set<string>();
  /** Names a wrapper's context hands the body (`({ ctx: { userId, emailAccountId } })`): the verified caller and scope. */
  readonly contextNames = new Set<string>();

  // input-flow.ts
  readonly firstParameter: string | undefined;
  readonly parameterNames = new Set<string>();
  readonly cookieNames = new Set<string>();
  /** Values read from the request body: a check on them checks what the caller claims, not who the caller is. */
  readonly bodyNames = new Set<string>();
  /**
   * Names holding what the caller sent, by the parameter it came from: the parameters, and values read straight out of
   * them (`formData.get('x')`, `data.title`, `Object.fromEntries(formData)`). A call's result (a database read, a
   * schema parse) is not the caller's input any more.
   */
  readonly inputNames = new Map<string, number>();

  // signals.ts
  /** Names holding the Origin (or Host…) header: comparing one is an origin check. */
  readonly originNames = new Set<string>();

  // effects.ts
  /** `const seen = new Map()`: a local collection, whose set/delete write nothing of the app's. */
  readonly collectionNames = new Set<string>();

  // origins.ts
  /** Where each name's value comes from, for the scope of the effects keyed by it. */
  readonly valueOrigins = new Map<string, ValueOrigins>();
  /** What was assigned to a name whose origins nothing has asked for yet. */
  readonly pendingOrigins = new Map<string, (ts.Expression | ValueOrigins)[]>();
  readonly callOrigins = new Map<ts.CallExpression, ValueOrigins>();
  readonly expressionOrigins = new Map<ts.Node, ValueOrigins>();

  private readonly callKinds = new Map<ts.CallExpression, CallKind>();

  constructor(
    readonly analyzer: FactsAnalyzer,
    readonly fn: FunctionNode,
    readonly config: BoundaryConfig,
  ) {
    this.sourceFile = fn.getSourceFile();
    const first = fn.parameters[0];
    this.firstParameter = first && ts.isIdentifier(first.name) ? first.name.text : undefined;
    for (const parameter of fn.parameters) for (const id of boundNames(parameter.name)) this.parameterNames.add(id.text);
    fn.parameters.forEach((parameter, index) => {
      for (const id of boundNames(parameter.name)) this.inputNames.set(id.text, index);
      origins.onParameter(this, boundNames(parameter.name), index);
      identity.onParameter(this, boundNames(parameter.name), parameter);
      signals.onParameter(this, parameter, index);
    });
    identity.inheritClosure(this);
  }

  run(): FunctionFacts {
    const body = this.fn.body;
    if (!body) return this.facts;
    if (!ts.isBlock(body)) {
      identity.onExpressionBody(this, unwrapExpression(body));
      origins.onExpressionBody(this, body);
    }
    this.visit(body);
    identity.onEnd(this);
    return this.facts;
  }

  ev(kind: EvidenceKind, node: ts.Node, message: string): Evidence {
    return this.analyzer.evidence(kind, node, message);
  }

  sig(node: ts.Node, message: string): Signal {
    return signalOf(this.ev('public', node, message));
  }

  pos(node: ts.Node): number {
    return startOf(node, this.sourceFile);
  }

  recordGuard(node: ts.Node, evidence: Evidence[]): void {
    if (this.facts.guard || identity.onlyWhenCallerSays(this, node)) return;
    // `return timingSafeEqual(a, b)` hands back a verdict; only a check that throws can be swallowed by a catch.
    const parent = skipAwait(node).parent;
    const returned = !!parent && (ts.isReturnStatement(parent) || ts.isArrowFunction(parent));
    const caught = stopsByThrowing(node) && !returned ? caughtFailure(node, this.fn) : undefined;
    if (caught === 'falls-through') return;
    const clause = enclosingCaseClause(node, this.fn);
    if (clause) {
      (this.facts.branchGuards ??= []).push({ pos: this.pos(node), end: clause.end, evidence });
      return;
    }
    this.facts.guard = { pos: this.pos(node), evidence };
    if (caught === 'plain-value') this.facts.guardCaughtAsValue = true;
  }

  recordVerification(node: ts.Node, evidence: Evidence[]): void {
    if (!this.facts.verification && !identity.onlyWhenCallerSays(this, node)) this.facts.verification = { pos: this.pos(node), evidence };
  }

  recordMutation(node: ts.Node, evidence: Evidence[]): void {
    if (!this.facts.mutation) this.facts.mutation = { pos: this.pos(node), evidence };
  }

  recordRevalidation(node: ts.Node, evidence: Evidence[]): void {
    if (!this.facts.revalidation) this.facts.revalidation = { pos: this.pos(node), evidence };
  }

  /** One child visitor for the whole walk (a closure per node was a measurable share of a scan). */
  private readonly visitChild = (child: ts.Node): void => this.visit(child);

  private visit(node: ts.Node): void {
    // Types (`: Promise<Result>`, `as const`'s target, generics) hold no calls, values or effects.
    if (node.kind >= ts.SyntaxKind.FirstTypeNode && node.kind <= ts.SyntaxKind.LastTypeNode) return;
    // One switch on the kind: most nodes are none of these, and a chain of isX() calls asked each of them every time.
    switch (node.kind) {
      case ts.SyntaxKind.VariableDeclaration: this.onVariable(node as ts.VariableDeclaration); break;
      case ts.SyntaxKind.IfStatement: this.onIf(node as ts.IfStatement); break;
      case ts.SyntaxKind.CallExpression: this.onCall(node as ts.CallExpression); break;
      case ts.SyntaxKind.NewExpression: signals.onNew(this, node as ts.NewExpression); break;
      case ts.SyntaxKind.TaggedTemplateExpression:
        effects.onTaggedTemplate(this, node as ts.TaggedTemplateExpression);
        reads.onTaggedTemplate(this, node as ts.TaggedTemplateExpression);
        break;
      case ts.SyntaxKind.ReturnStatement:
        identity.onReturn(this, node as ts.ReturnStatement);
        origins.onReturn(this, node as ts.ReturnStatement);
        break;
      case ts.SyntaxKind.BinaryExpression: this.onBinary(node as ts.BinaryExpression); break;
      case ts.SyntaxKind.ElementAccessExpression:
        signals.onElementAccess(this, node as ts.ElementAccessExpression);
        reads.onElementAccess(this, node as ts.ElementAccessExpression);
        break;
      case ts.SyntaxKind.ConditionalExpression: identity.onConditional(this, node as ts.ConditionalExpression); break;
      case ts.SyntaxKind.ThrowStatement: signals.onThrow(this, node as ts.ThrowStatement); break;
      case ts.SyntaxKind.AsExpression: signals.onAs(this, node as ts.AsExpression); break;
      case ts.SyntaxKind.PropertyAccessExpression: signals.onPropertyAccess(this, node as ts.PropertyAccessExpression); break;
      case ts.SyntaxKind.StringLiteral: signals.onStringLiteral(this, node as ts.StringLiteral); break;
      // Functions kept in an object literal (`cookies: { setAll() {…} }`) are callbacks for later, not this call's work.
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
        if (node !== this.fn && isObjectMemberFunction(node) && !isTaskOfCall(node)) return;
        break;
      default:
        break;
    }
    ts.forEachChild(node, this.visitChild);
  }

  private onVariable(node: ts.VariableDeclaration): void {
    const initializer = node.initializer;
    if (!initializer) return;
    const value = unwrapExpression(initializer);
    const names = boundNames(node.name);
    identity.onVariable(this, node, initializer, value, names);
    inputFlow.onVariable(this, initializer, value, names);
    origins.onVariable(this, node, initializer);
    effects.onVariable(this, value, names);
    signals.onVariable(this, initializer, names);
  }

  private onIf(node: ts.IfStatement): void {
    const thenStops = terminates(node.thenStatement);
    const elseStops = terminates(node.elseStatement);
    if (!thenStops && !elseStops) return;
    inputFlow.onStoppingIf(this, node);
    signals.onStoppingIf(this, node);
    identity.onStoppingIf(this, node);
  }

  private onBinary(node: ts.BinaryExpression): void {
    signals.onBinary(this, node);
    // `session = await getSession()` (a `let` assigned later)
    if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      inputFlow.onAssign(this, node.left, node.right);
      origins.onAssign(this, node.left, node.right);
      signals.onAssign(this, node.left, node.right);
      identity.onAssign(this, node.left, node.right);
      return;
    }
    identity.onBinary(this, node);
  }

  private onCall(node: ts.CallExpression): void {
    const kind = this.classifyCall(node);
    effects.onCallWrites(this, kind);
    signals.onCall(this, node, kind);
    inputFlow.onCall(this, node, kind);
    identity.onCallGuard(this, node, kind);
    effects.onCall(this, node, kind);
    reads.onCall(this, node, kind);
    identity.onCall(this, node, kind);
  }

  /** What one call is, as far as identity, data and caches go (memoized: conditions ask again). */
  classifyCall(node: ts.CallExpression): CallKind {
    let kind = this.callKinds.get(node);
    if (!kind) {
      kind = this.classifyCallUncached(node);
      this.callKinds.set(node, kind);
    }
    return kind;
  }

  /** Each concern says what the call is to it; the first that knows the call for sure ends the question. */
  private classifyCallUncached(node: ts.CallExpression): CallKind {
    const result: CallKind = {};
    const name = calleeName(node);
    const path = memberPath(node.expression);
    const chain = path?.join('.') ?? name ?? '';
    if (!name) return result;
    signals.classifyCall(this, node, name, path, result);
    if (identity.classifyByBoundName(this, node, name, chain, result)) return result;
    if (effects.classifyRevalidation(this, node, name, path, result)) return result;
    if (identity.isTerminatorName(name)) return result;
    if (signals.classifySignatureHeaderRead(this, node, name, result)) return result;

    const callee = this.analyzer.resolve(node.expression);
    signals.classifyVerifier(this, node, name, path, callee, result);
    if (callee.kind === 'function') return this.classifyLocalCall(node, callee.fn, name, result);
    if (identity.classifyResolved(this, node, name, path, chain, callee, result)) return result;
    effects.classifyWrite(this, node, name, path, callee, result);
    effects.classifyCallbacks(this, node, name, path, result);
    reads.classifyRead(this, node, name, path, result);
    return result;
  }

  /** A call to the app's own function: what its body does, seen from here. */
  private classifyLocalCall(node: ts.CallExpression, fn: FunctionNode, name: string, result: CallKind): CallKind {
    result.localFunction = true;
    const facts = this.analyzer.functionFacts(fn);
    result.calleeFacts = facts;
    signals.fromCallee(facts, result);
    const site = (kind: EvidenceKind, message: string) => this.ev(kind, node, message);
    // A helper that catches its own check and returns a plain value (`'invalid'`) stops nothing for its caller.
    if (facts.guard && !facts.guardCaughtAsValue) {
      if (isAsyncFunction(fn) && !isAwaited(node) && !isReturned(node)) {
        result.noGuardHelper = [site('identity-unchecked', `${name}() guards, but it is not awaited here, so the code after it runs anyway`)];
      } else {
        result.selfGuard = [site(facts.verification ? 'verification' : 'guard', `${name}() stops the request without a valid caller`), ...facts.guard.evidence];
        if (facts.verification) result.verification = [site('verification', `${name}() verifies the request`), ...facts.verification.evidence];
        // `const user = await requireUser()`: what a guarding helper hands back is the caller.
        if (facts.returnsIdentity) result.identity = true;
      }
    } else if (facts.returnsIdentity) {
      result.identity = true;
    } else if (facts.returnsUntrusted) {
      result.untrusted = { ...facts.returnsUntrusted, message: `${name}() returns ${facts.returnsUntrusted.message.replace(/;.*$/, '')}: not revalidated, so not a guard` };
    } else if ((IDENTITY_NAME_RE.test(name) || IDENTITY_SHAPE_RE.test(name) || LOCAL_SESSION_READER_RE.test(name)) && !SELF_GUARD_NAME_RE.test(name) && returnsValue(fn)) {
      // `validateSessionToken(token)`: a session lookup in the app's own code (Lucia's pattern). Its result is the
      // identity; the caller still has to check it.
      result.identity = true;
      result.localFunction = true;
      if (facts.mutation) return result;
    } else if (SELF_GUARD_NAME_RE.test(name) || IDENTITY_NAME_RE.test(name)) {
      result.noGuardHelper = [site('wrapper-no-guard', `${name}() sounds like a guard, but its body never stops a signed-out request`)];
    }
    // An identity helper's own writes (expired-session cleanup, last-seen stamps) are bookkeeping, not the endpoint's data.
    if (facts.mutation && !facts.guard && !facts.returnsIdentity && !result.identity) {
      result.mutation = [site('mutation', `${name}() writes data`), ...facts.mutation.evidence];
      if (facts.writes) result.writes = facts.writes.map((write) => ({ ...write, depth: write.depth + 1 }));
    }
    // The helper's effects, keyed by what this call passes; an identity helper's bookkeeping is left out, as above.
    // An identity helper (named as one) keeps its bookkeeping; a handler that checks the caller and then works does not.
    const identityHelper = (facts.returnsIdentity || result.identity) && (IDENTITY_NAME_RE.test(name) || IDENTITY_SHAPE_RE.test(name) || SELF_GUARD_NAME_RE.test(name) || LOCAL_SESSION_READER_RE.test(name));
    if (facts.effects?.length && !identityHelper) result.effects = effects.effectsThroughCall(this, node, name, facts.effects, facts.guard);
    if (facts.reads?.length && !identityHelper) result.reads = reads.readsThroughCall(this, node, name, facts.reads);
    if (facts.revalidation) result.revalidation = [site('revalidation', `${name}() revalidates`), ...facts.revalidation.evidence];
    if (facts.cacheRevalidation) result.cacheRevalidation = true;
    if (facts.unresolved.length && !facts.guard) result.unresolved = facts.unresolved[0];
    if (facts.noGuardHelpers.length && !facts.guard) result.noGuardHelper = [...(result.noGuardHelper ?? []), ...facts.noGuardHelpers];
    if (facts.signatureHeader) result.signatureHeader = facts.signatureHeader;
    if (facts.ipRateLimit) result.ipRateLimit = facts.ipRateLimit;
    return result;
  }
}

/** What a concern module receives: the walk, with the names bound so far and the facts recorded so far. */
export type Walk = FunctionWalker;

/** The `case` (or `default`) of a switch in `fn` that `node` runs in, if any. */
function enclosingCaseClause(node: ts.Node, fn: ts.Node): ts.CaseOrDefaultClause | undefined {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (ts.isCaseClause(current) || ts.isDefaultClause(current)) return current;
    if (isFunctionNode(current)) return undefined;
  }
  return undefined;
}
