import ts from 'typescript';
import {
  type FunctionNode,
  bindingDeclaration,
  boundNames,
  importedNameOf,
  moduleOfImport,
  calleeName,
  isAsyncFunction,
  isFunctionNode,
  lineOf,
  memberPath,
  startOf,
  unwrapExpression,
} from './ast';
import type { BoundaryConfig } from './config';
import {
  BENIGN_RECEIVER_RE,
  HTTP_CLIENT_RE,
  IDENTITY_EXPORTS,
  IDENTITY_MEMBER_RE,
  IDENTITY_NAME_RE,
  IDENTITY_SHAPE_RE,
  NON_VALIDATING_RECEIVER_RE,
  ORIGIN_CHECK_CALL_RE,
  ORIGIN_HEADER_RE,
  PLAIN_VALIDATION_CALL_RE,
  REVALIDATION_CALLS,
  SELF_GUARD_MEMBER_CHAINS,
  SELF_GUARD_NAME_RE,
  SESSION_WRITE_CALLS,
  SIGNATURE_HEADER_RE,
  STORE_RECEIVER_RE,
  STREAM_RESPONSE_CALL_RE,
  STRONG_WRITE_METHODS,
  TERMINATOR_CALLS,
  TOKEN_AUTH_CALL_RE,
  TOKEN_HEADER_RE,
  UNTRUSTED_IDENTITY_CHAINS,
  VALIDATION_CALL_RE,
  VERIFICATION_CALL_RE,
  WEAK_WRITE_METHODS,
  WEBHOOK_VERIFIER_CALL_RE,
  WRITE_NAME_RE,
  WRITE_SQL_RE,
} from './knowledge';
import type { Evidence, EvidenceKind, Signal, WriteKind, WriteSignal } from './model';

const CACHE_REVALIDATION_CALLS = new Set(['revalidatePath', 'revalidateTag', 'updateTag', 'refresh', 'expirePath', 'expireTag']);

/** A fact found in a function, with where it is (offset inside that function's file) and why. */
export interface Fact {
  pos: number;
  evidence: Evidence[];
}

export interface FunctionFacts {
  /** First point after which the caller's identity is established (a guard), if any. */
  guard?: Fact;
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

interface WriteHit {
  evidence: Evidence;
  write: WriteKind;
}

export function signalOf(item: Pick<Evidence, 'file' | 'line' | 'message'>): Signal {
  return { file: item.file, line: item.line, message: item.message };
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

/** What a call turned out to be. */
type Callee =
  | { kind: 'function'; fn: FunctionNode; name: string }
  | { kind: 'value'; declaration: ts.Declaration; name: string; initializer?: ts.Expression }
  | { kind: 'external'; module: string; name: string }
  | { kind: 'unknown' };

const NO_FACTS: FunctionFacts = { returnsIdentity: false, unresolved: [], noGuardHelpers: [] };
const MAX_DEPTH = 8;
const NODE_BUILTINS = /^(node:)?(path|url|util|crypto|fs|fs\/promises|os|stream|buffer|events|querystring|zlib|http|https|child_process|assert)$/;
const TIMER_NAMES = new Set(['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'postMessage']);
const ASSERT_CALLS = new Set(['assert', 'invariant', 'ok', 'assertIsDefined', 'assertExists', 'assertDefined', 'ensure', 'must']);
const HOOK_FREE_RETURN = new Set(['next']);

/**
 * Reads what a function does about identity, data and caches, following calls into other workspace
 * files through the type checker. Results are memoized per function node.
 */
export class FactsAnalyzer {
  private readonly memo = new Map<ts.Node, FunctionFacts>();
  private readonly inProgress = new Set<ts.Node>();
  private depth = 0;

  constructor(
    readonly checker: ts.TypeChecker,
    private readonly config: BoundaryConfig,
    private readonly relative: (absolutePath: string) => string,
  ) {}

  evidence(kind: EvidenceKind, node: ts.Node, message: string): Evidence {
    const sourceFile = node.getSourceFile();
    return { kind, file: this.relative(sourceFile.fileName), line: lineOf(sourceFile, startOf(node, sourceFile)), message };
  }

  /** Resolves a name (or a member chain's last name) to what it is declared as. */
  resolve(expression: ts.Expression): Callee {
    const target = unwrapExpression(expression);
    if (ts.isIdentifier(target)) {
      const symbol = this.symbolAt(target);
      return symbol ? this.fromSymbol(symbol, target.text) : { kind: 'unknown' };
    }
    if (!ts.isPropertyAccessExpression(target)) return { kind: 'unknown' };
    // Member calls are resolved only where no type inference is needed: `ns.fn` on a namespace import, or a
    // method of a const object literal. Asking the checker about `db.user.create` would type-check the
    // whole expression, which costs more than the rest of the scan.
    const receiver = unwrapExpression(target.expression);
    if (!ts.isIdentifier(receiver)) return { kind: 'unknown' };
    const receiverSymbol = this.symbolAt(receiver);
    if (!receiverSymbol) return { kind: 'unknown' };
    let resolved = receiverSymbol;
    if (receiverSymbol.flags & ts.SymbolFlags.Alias) {
      try {
        resolved = this.checker.getAliasedSymbol(receiverSymbol);
      } catch {
        return { kind: 'unknown' };
      }
    }
    const member = target.name.text;
    if (resolved.flags & ts.SymbolFlags.ValueModule) {
      try {
        const exported = this.checker.getExportsOfModule(resolved).find((item) => item.name === member);
        return exported ? this.fromSymbol(exported, member) : { kind: 'unknown' };
      } catch {
        return { kind: 'unknown' };
      }
    }
    if (!resolved.declarations?.length && receiverSymbol.flags & ts.SymbolFlags.Alias) {
      const importModule = moduleOfImport(receiverSymbol.declarations?.[0]);
      if (importModule !== undefined) return { kind: 'external', module: importModule, name: member };
    }
    const declaration = resolved.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const object = unwrapExpression(declaration.initializer);
      if (ts.isObjectLiteralExpression(object)) {
        for (const property of object.properties) {
          if (!property.name || !ts.isIdentifier(property.name) || property.name.text !== member) continue;
          if (ts.isMethodDeclaration(property)) return { kind: 'function', fn: property, name: member };
          if (ts.isPropertyAssignment(property)) {
            const fn = functionOfExpression(property.initializer);
            if (fn) return { kind: 'function', fn, name: member };
            if (ts.isIdentifier(unwrapExpression(property.initializer))) return this.resolve(property.initializer);
          }
          if (ts.isShorthandPropertyAssignment(property)) return this.resolve(property.name);
        }
      }
    }
    return { kind: 'unknown' };
  }

  private symbolAt(identifier: ts.Identifier): ts.Symbol | undefined {
    try {
      return this.checker.getSymbolAtLocation(identifier);
    } catch {
      return undefined;
    }
  }

  fromSymbol(symbol: ts.Symbol, name: string): Callee {
    let resolved = symbol;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      try {
        resolved = this.checker.getAliasedSymbol(symbol);
      } catch {
        return { kind: 'unknown' };
      }
      if (!resolved.declarations?.length) {
        const importModule = moduleOfImport(symbol.declarations?.[0]);
        if (importModule !== undefined) {
          const imported = importedNameOf(symbol.declarations?.[0]) ?? name;
          return { kind: 'external', module: importModule, name: imported };
        }
        return { kind: 'unknown' };
      }
    }
    // Overloaded functions: the implementation is the declaration with a body.
    const declaration =
      resolved.declarations?.find((item) => isFunctionNode(item) && item.body !== undefined) ?? resolved.valueDeclaration ?? resolved.declarations?.[0];
    if (!declaration) return { kind: 'unknown' };
    if (declaration.getSourceFile().isDeclarationFile) return { kind: 'unknown' };
    const fn = functionOfDeclaration(declaration);
    if (fn) return { kind: 'function', fn, name };
    const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    return { kind: 'value', declaration, name, ...(initializer && { initializer }) };
  }

  /** Facts of a function; cycles and very deep chains yield nothing rather than loop. */
  functionFacts(fn: FunctionNode): FunctionFacts {
    const cached = this.memo.get(fn);
    if (cached) return cached;
    if (this.inProgress.has(fn) || this.depth >= MAX_DEPTH) return NO_FACTS;
    this.inProgress.add(fn);
    this.depth++;
    try {
      const facts = new FunctionWalker(this, fn, this.config).run();
      this.memo.set(fn, facts);
      return facts;
    } finally {
      this.depth--;
      this.inProgress.delete(fn);
    }
  }
}

/** The function a declaration stands for: a function, or a const initialised with one (also through cache(fn)). */
export function functionOfDeclaration(declaration: ts.Node): FunctionNode | undefined {
  if (isFunctionNode(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) return functionOfExpression(declaration.initializer);
  if (ts.isPropertyAssignment(declaration)) return functionOfExpression(declaration.initializer);
  if (ts.isExportAssignment(declaration)) return functionOfExpression(declaration.expression);
  return undefined;
}

/** `async () => …`, `function …`, or a memoizer around one (`cache(fn)`, `React.cache(fn)`, `unstable_cache(fn)`). */
export function functionOfExpression(expression: ts.Expression): FunctionNode | undefined {
  const inner = unwrapExpression(expression);
  if (isFunctionNode(inner)) return inner;
  if (ts.isCallExpression(inner)) {
    const name = calleeName(inner);
    if (name && /^(cache|unstable_cache|memoize|memo|once)$/.test(name)) {
      const first = inner.arguments[0];
      return first ? functionOfExpression(first) : undefined;
    }
  }
  return undefined;
}

function isTerminatorCall(node: ts.Node): boolean {
  const expression = ts.isExpressionStatement(node) ? unwrapExpression(node.expression) : ts.isExpression(node) ? unwrapExpression(node) : undefined;
  if (!expression || !ts.isCallExpression(expression)) return false;
  // `Response.redirect(…)` builds a response; only a returned one ends the request.
  if (ts.isPropertyAccessExpression(unwrapExpression(expression.expression)) && /^(Response|NextResponse)$/.test(unwrapExpression(expression.expression).getText().split('.')[0])) return false;
  const name = calleeName(expression);
  if (!name) return false;
  return TERMINATOR_CALLS.has(name) || /^(throw|raise|abort|deny)[A-Z]\w*$/.test(name) || /^(unauthorized|forbidden)(Response|Error)?$/i.test(name);
}

/** Does this statement (or block) stop the function: throw, return (but not `return next()`), redirect()…? */
export function terminates(statement: ts.Statement | undefined): boolean {
  if (!statement) return false;
  if (ts.isThrowStatement(statement)) return true;
  if (ts.isReturnStatement(statement)) {
    const value = statement.expression && unwrapExpression(statement.expression);
    if (value && ts.isCallExpression(value)) {
      const name = calleeName(value);
      if (name && HOOK_FREE_RETURN.has(name)) return false;
    }
    return true;
  }
  if (isTerminatorCall(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some((inner) => terminates(inner));
  if (ts.isIfStatement(statement)) return terminates(statement.thenStatement) && terminates(statement.elseStatement);
  if (ts.isTryStatement(statement)) return terminates(statement.tryBlock);
  return false;
}

const DENIAL_TEXT_RE = /\b(unauthori[sz]ed|unauthenticated|not authenticated|not logged in|not signed in|login required|sign ?in required|authentication required|forbidden|access denied|permission denied|invalid (api )?(key|token)|missing (api )?(key|token))\b|UNAUTHORIZED|FORBIDDEN|NOT_AUTHORIZED/i;
const SIGN_IN_PATH_RE = /^\/(login|signin|sign-in|auth|sign-up|signup|api\/auth\/signin)(\/|$|\?)/;

/** A branch that stops with an auth failure: 401/403, an "Unauthorized" error, or a redirect to sign-in. */
export function deniesAccess(statement: ts.Statement | undefined): boolean {
  if (!statement || !terminates(statement)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isStringLiteralLike(node) && (DENIAL_TEXT_RE.test(node.text) || SIGN_IN_PATH_RE.test(node.text))) found = true;
    else if (ts.isIdentifier(node) && /^(unauthorized|forbidden|Unauthorized|Forbidden|UnauthorizedError|ForbiddenError|AuthError|AuthenticationError|NotAuthorizedError)$/.test(node.text)) found = true;
    else if (ts.isPropertyAssignment(node) && /^status(Code)?$/.test(node.name.getText()) && ts.isNumericLiteral(node.initializer) && /^(401|403)$/.test(node.initializer.text)) found = true;
    else if (ts.isNumericLiteral(node) && /^(401|403)$/.test(node.text) && node.parent && ts.isCallExpression(node.parent)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function receiverText(callee: ts.Expression): string | undefined {
  const path = memberPath(callee);
  if (!path || path.length < 2) return undefined;
  return path.slice(0, -1).join('.');
}

function sqlText(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  if (ts.isTaggedTemplateExpression(node)) return sqlText(node.template);
  return undefined;
}

function isWorkspaceSpecifier(module: string): boolean {
  return module.startsWith('.') || module.startsWith('@/') || module.startsWith('~/') || module.startsWith('#') || module.startsWith('src/');
}

/** One pass over one function body, in source order. */
class FunctionWalker {
  private readonly facts: FunctionFacts = { returnsIdentity: false, unresolved: [], noGuardHelpers: [] };
  private readonly identityNames = new Map<string, Evidence>();
  /** Identity variables holding an object that is never null: `if (!session)` tests nothing. */
  private readonly objectIdentityNames = new Set<string>();
  private readonly checkedNames = new Set<string>();
  private readonly secretNames = new Set<string>();
  private readonly cookieNames = new Set<string>();
  private readonly firstParameter: string | undefined;
  private readonly parameterNames = new Set<string>();
  /** Values read from the request body: a check on them checks what the caller claims, not who the caller is. */
  private readonly bodyNames = new Set<string>();
  /** Identity read from an untrusted source (Supabase getSession()): never a guard, but not data either. */
  private readonly untrustedNames = new Set<string>();
  /**
   * Names holding what the caller sent, by the parameter it came from: the parameters, and values read straight out of
   * them (`formData.get('x')`, `data.title`, `Object.fromEntries(formData)`). A call's result (a database read, a
   * schema parse) is not the caller's input any more.
   */
  private readonly inputNames = new Map<string, number>();
  /** Names holding the Origin (or Host…) header: comparing one is an origin check. */
  private readonly originNames = new Set<string>();
  /** `const seen = new Map()`: a local collection, whose set/delete write nothing of the app's. */
  private readonly collectionNames = new Set<string>();
  private readonly sourceFile: ts.SourceFile;

  constructor(
    private readonly analyzer: FactsAnalyzer,
    private readonly fn: FunctionNode,
    private readonly config: BoundaryConfig,
  ) {
    this.sourceFile = fn.getSourceFile();
    const first = fn.parameters[0];
    this.firstParameter = first && ts.isIdentifier(first.name) ? first.name.text : undefined;
    for (const parameter of fn.parameters) for (const id of boundNames(parameter.name)) this.parameterNames.add(id.text);
    fn.parameters.forEach((parameter, index) => {
      for (const id of boundNames(parameter.name)) this.inputNames.set(id.text, index);
      if (parameter.type && FILE_TYPE_RE.test(parameter.type.getText(this.sourceFile))) {
        this.addParameterFact('fileInput', parameter, `parameter \`${parameter.name.getText(this.sourceFile)}\` is a ${parameter.type.getText(this.sourceFile)}`, [index]);
      }
    });
  }

  run(): FunctionFacts {
    const body = this.fn.body;
    if (!body) return this.facts;
    if (!ts.isBlock(body)) {
      // `async () => auth()` hands its identity straight back.
      const value = unwrapExpression(body);
      if (ts.isCallExpression(value) && this.classifyCall(value).identity) this.facts.returnsIdentity = true;
    }
    this.visit(body);
    if (!this.facts.guard && !this.facts.verification) {
      const unchecked = [...this.identityNames.entries()].find(([name]) => !this.checkedNames.has(name));
      if (unchecked && !this.facts.returnsIdentity) this.facts.identityUnchecked = unchecked[1];
    }
    return this.facts;
  }

  private ev(kind: EvidenceKind, node: ts.Node, message: string): Evidence {
    return this.analyzer.evidence(kind, node, message);
  }

  private pos(node: ts.Node): number {
    return startOf(node, this.sourceFile);
  }

  private recordGuard(node: ts.Node, evidence: Evidence[]): void {
    if (!this.facts.guard) this.facts.guard = { pos: this.pos(node), evidence };
  }

  private recordVerification(node: ts.Node, evidence: Evidence[]): void {
    if (!this.facts.verification) this.facts.verification = { pos: this.pos(node), evidence };
  }

  private recordMutation(node: ts.Node, evidence: Evidence[]): void {
    this.guardFromEnclosingCheck(node);
    if (!this.facts.mutation) this.facts.mutation = { pos: this.pos(node), evidence };
  }

  private recordRevalidation(node: ts.Node, evidence: Evidence[]): void {
    if (!this.facts.revalidation) this.facts.revalidation = { pos: this.pos(node), evidence };
  }

  /** True inside the branch of an identity check that stops (`if (!user) redirect('/login')`). */
  private insideGuardBranch(node: ts.Node): boolean {
    for (let current: ts.Node = node; current.parent && current !== this.fn; current = current.parent) {
      const parent = current.parent;
      if (ts.isIfStatement(parent) && parent.expression !== current && this.referencesIdentity(parent.expression)) return true;
      if (ts.isBinaryExpression(parent) && parent.right === current && this.referencesIdentity(parent.left)) return true;
      if (ts.isConditionalExpression(parent) && parent.condition !== current && this.referencesIdentity(parent.condition)) return true;
    }
    return false;
  }

  /** `if (session) { write() }`: a write inside a branch that only runs with an identity is guarded. */
  private guardFromEnclosingCheck(node: ts.Node): void {
    for (let current: ts.Node = node; current.parent && current !== this.fn; current = current.parent) {
      const parent = current.parent;
      if (ts.isIfStatement(parent) && parent.thenStatement === current && this.referencesIdentity(parent.expression)) {
        this.recordGuard(parent, [this.ev('guard', parent, 'the write runs only inside a branch that requires an identity')]);
        return;
      }
      if (ts.isConditionalExpression(parent) && parent.whenTrue === current && this.referencesIdentity(parent.condition)) {
        this.recordGuard(parent, [this.ev('guard', parent, 'the write runs only when an identity is present')]);
        return;
      }
    }
  }

  private visit(node: ts.Node): void {
    if (ts.isVariableDeclaration(node)) this.onVariable(node);
    else if (ts.isIfStatement(node)) this.onIf(node);
    else if (ts.isCallExpression(node)) this.onCall(node);
    else if (ts.isNewExpression(node)) this.onNew(node);
    else if (ts.isTaggedTemplateExpression(node)) this.onTaggedTemplate(node);
    else if (ts.isReturnStatement(node)) this.onReturn(node);
    else if (ts.isBinaryExpression(node)) this.onBinary(node);
    else if (ts.isElementAccessExpression(node)) this.onElementAccess(node);
    else if (ts.isConditionalExpression(node)) this.onConditional(node);
    else if (ts.isThrowStatement(node)) this.onThrow(node);
    else if (ts.isAsExpression(node)) this.onAs(node);
    else if (ts.isPropertyAccessExpression(node)) this.onPropertyAccess(node);
    else if (ts.isStringLiteral(node) && node.text === 'text/event-stream' && !this.facts.streams) this.facts.streams = this.sig(node, 'answers with server-sent events (text/event-stream)');
    // Functions kept in an object literal (`cookies: { setAll() {…} }`) are callbacks for later, not this call's work.
    if (node !== this.fn && isObjectMemberFunction(node)) return;
    ts.forEachChild(node, (child) => this.visit(child));
  }

  private onVariable(node: ts.VariableDeclaration): void {
    const initializer = node.initializer;
    if (!initializer) return;
    const value = unwrapExpression(initializer);
    const names = boundNames(node.name);
    let isIdentity = false;
    let origin: Evidence | undefined;
    if (ts.isCallExpression(value)) {
      const kind = this.classifyCall(value);
      if (kind.identity) {
        isIdentity = true;
        origin = this.ev('identity-unchecked', value, `identity read by ${callText(value)} but never checked`);
      }
      if (kind.untrusted) {
        origin = kind.untrusted;
        for (const id of names) this.untrustedNames.add(id.text);
      }
      const name = calleeName(value);
      if (name === 'cookies') for (const id of names) this.cookieNames.add(id.text);
    }
    // `const user = (await supabase.auth.getUser()).data.user`: a field read straight off an identity call.
    if (!isIdentity && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value))) {
      const root = chainRoot(value);
      if (ts.isCallExpression(root) && this.classifyCall(root).identity) {
        isIdentity = true;
        origin = this.ev('identity-unchecked', root, `identity read by ${callText(root)} but never checked`);
      }
    }
    // `const [viewer, org] = await Promise.all([getCurrentUser(), getOrg()])`
    if (!isIdentity && ts.isArrayBindingPattern(node.name) && ts.isCallExpression(value) && /^Promise\.(all|allSettled)$/.test(value.expression.getText())) {
      const list = value.arguments[0] && unwrapExpression(value.arguments[0]);
      if (list && ts.isArrayLiteralExpression(list)) {
        node.name.elements.forEach((element, index) => {
          const item = list.elements[index] && unwrapExpression(list.elements[index]);
          if (!ts.isBindingElement(element) || !item || !ts.isCallExpression(item) || !this.classifyCall(item).identity) return;
          for (const id of boundNames(element.name)) this.identityNames.set(id.text, this.ev('identity-unchecked', item, `identity read by ${callText(item)} but never checked`));
        });
      }
    }
    if (!isIdentity && isDerivation(value) && this.referencesIdentity(value)) {
      isIdentity = true;
      const from = this.firstIdentityIn(initializer);
      origin = from ? this.identityNames.get(from) : undefined;
    }
    if (isIdentity) {
      for (const id of names) this.identityNames.set(id.text, origin ?? this.ev('identity-unchecked', node, 'identity never checked'));
      if (ts.isIdentifier(node.name) && ts.isCallExpression(value) && this.classifyCall(value).alwaysObject) this.objectIdentityNames.add(node.name.text);
    }
    if (isSecretValue(value) && this.referencesSecret(initializer)) for (const id of names) this.secretNames.add(id.text);
    if (this.readsBody(initializer)) for (const id of names) this.bodyNames.add(id.text);
    // `const isAdmin = session?.user?.role.includes('admin')`: a value computed from a parameter checks that parameter.
    if (this.referencesParameter(initializer)) for (const id of names) this.parameterNames.add(id.text);
    const input = this.inputSourceOf(initializer);
    if (input !== undefined) for (const id of names) this.inputNames.set(id.text, input);
    if (ts.isNewExpression(value) && /^(Map|Set|WeakMap|WeakSet)$/.test(value.expression.getText(this.sourceFile))) for (const id of names) this.collectionNames.add(id.text);
    if (this.mentionsOrigin(initializer)) for (const id of names) this.originNames.add(id.text);
  }

  private onIf(node: ts.IfStatement): void {
    const thenStops = terminates(node.thenStatement);
    const elseStops = terminates(node.elseStatement);
    if (!thenStops && !elseStops) return;
    const condition = () => `\`if (${truncate(node.expression.getText(this.sourceFile))})\``;
    const checkedInputs = this.inputsMentioned(node.expression);
    if (checkedInputs.size) this.addParameterFact('inputValidation', node, `${condition()} checks the input and stops`, checkedInputs);
    const sizes = this.inputSizesMentioned(node.expression);
    if (sizes.size) this.addParameterFact('fileSizeCheck', node, `${condition()} checks the file size`, sizes);
    if (!this.facts.originCheck && this.mentionsOrigin(node.expression)) this.facts.originCheck = this.sig(node, `${condition()} checks where the request comes from`);
    if (this.referencesIdentity(node.expression)) {
      const identity = this.firstIdentityIn(node.expression);
      if (identity) this.checkedNames.add(identity);
      const origin = identity ? this.identityNames.get(identity) : undefined;
      const evidence = [this.ev('guard', node, `identity checked: \`if (${truncate(node.expression.getText(this.sourceFile))})\` stops the request`)];
      if (origin) evidence.push({ ...origin, kind: 'guard', message: origin.message.replace(/ but never checked$/, '') });
      this.recordGuard(node, evidence);
    } else if (this.comparesSecret(node.expression) || this.comparesSignature(node.expression)) {
      const evidence = [this.ev('verification', node, `shared secret or signature compared: \`if (${truncate(node.expression.getText(this.sourceFile))})\``)];
      this.recordVerification(node, evidence);
      this.recordGuard(node, evidence);
    } else if (this.referencesParameter(node.expression) && (thenStops || elseStops) && node.thenStatement && ts.isThrowStatement(firstStatement(node.thenStatement))) {
      // `function assertAdmin(session) { if (session?.user.role !== 'admin') throw … }`: a guard for whatever identity it is given.
      this.facts.parameterGuard ??= { pos: this.pos(node), evidence: [this.ev('guard', node, `throws unless \`${truncate(node.expression.getText(this.sourceFile))}\` holds for its argument`)] };
      if (!this.mentionsAnyIdentity(node.expression) && (deniesAccess(node.thenStatement) || deniesAccess(node.elseStatement))) {
        this.recordGuard(node, [this.ev('guard', node, `\`if (${truncate(node.expression.getText(this.sourceFile))})\` rejects the request as unauthorized`)]);
      }
    } else if (!this.mentionsAnyIdentity(node.expression) && !this.readsBody(node.expression) && (deniesAccess(node.thenStatement) || deniesAccess(node.elseStatement))) {
      // The branch itself says it rejects an unauthenticated caller (401/403, "Unauthorized", a redirect to sign-in).
      this.recordGuard(node, [this.ev('guard', node, `\`if (${truncate(node.expression.getText(this.sourceFile))})\` rejects the request as unauthorized`)]);
    }
  }

  private onConditional(node: ts.ConditionalExpression): void {
    // `return session ? write() : redirect('/login')`
    if (this.referencesIdentity(node.condition) && (isTerminatorCall(node.whenFalse) || isTerminatorCall(node.whenTrue))) {
      this.recordGuard(node, [this.ev('guard', node, 'identity checked in a conditional that stops the request')]);
    }
  }

  private onBinary(node: ts.BinaryExpression): void {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.InstanceOfKeyword && /^(File|Blob)$/.test(node.right.getText(this.sourceFile))) {
      const inputs = this.inputsMentioned(node.left);
      if (inputs.size) this.addParameterFact('fileInput', node, `\`${truncate(node.getText(this.sourceFile))}\` reads a file from the input`, inputs);
    }
    if (isRelational(operator)) {
      const sizes = this.inputSizesMentioned(node);
      if (sizes.size) this.addParameterFact('fileSizeCheck', node, `\`${truncate(node.getText(this.sourceFile))}\` checks the file size`, sizes);
    }
    if (isEquality(operator) && !this.facts.originCheck && (this.mentionsOrigin(node.left) || this.mentionsOrigin(node.right))) {
      this.facts.originCheck = this.sig(node, `\`${truncate(node.getText(this.sourceFile))}\` compares where the request comes from`);
    }
    // `session = await getSession()` (a `let` assigned later)
    if (operator === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      const input = this.inputSourceOf(node.right);
      if (input !== undefined) this.inputNames.set(node.left.text, input);
      if (this.mentionsOrigin(node.right)) this.originNames.add(node.left.text);
      const value = unwrapExpression(node.right);
      if (ts.isCallExpression(value) && this.classifyCall(value).identity) {
        this.identityNames.set(node.left.text, this.ev('identity-unchecked', value, `identity read by ${callText(value)} but never checked`));
      } else if (isDerivation(value) && this.referencesIdentity(value) && !this.identityNames.has(node.left.text)) {
        const from = this.firstIdentityIn(value);
        const origin = from ? this.identityNames.get(from) : undefined;
        if (origin) this.identityNames.set(node.left.text, origin);
      }
      return;
    }
    // `session ?? redirect('/login')`, `session || notFound()`, `!session && redirect()`
    if (
      (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) &&
      isTerminatorCall(node.right) &&
      this.referencesIdentity(node.left)
    ) {
      const identity = this.firstIdentityIn(node.left);
      if (identity) this.checkedNames.add(identity);
      this.recordGuard(node, [this.ev('guard', node, 'identity checked; the request stops without one')]);
    }
  }

  private onReturn(node: ts.ReturnStatement): void {
    if (!node.expression) return;
    if (enclosingFunction(node) !== this.fn) return;
    const value = unwrapExpression(node.expression);
    if (this.referencesIdentity(value) || (ts.isCallExpression(value) && this.classifyCall(value).identity)) {
      this.facts.returnsIdentity = true;
      const identity = this.firstIdentityIn(value);
      if (identity) this.checkedNames.add(identity);
    }
  }

  private onElementAccess(node: ts.ElementAccessExpression): void {
    // Pages API: `req.headers['stripe-signature']`
    const key = node.argumentExpression;
    // `headers['webhook-signature'] = sign(…)` sends a webhook; only a read receives one.
    const assigned = ts.isBinaryExpression(node.parent) && node.parent.left === node && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    if (ts.isStringLiteralLike(key) && SIGNATURE_HEADER_RE.test(key.text) && !this.facts.signatureHeader && !assigned) {
      this.facts.signatureHeader = this.ev('external-hint', node, `reads the ${key.text} header`);
    }
  }

  private onTaggedTemplate(node: ts.TaggedTemplateExpression): void {
    const text = sqlText(node.template);
    if (text !== undefined && WRITE_SQL_RE.test(text)) this.recordMutation(node, [this.ev('mutation', node, `SQL write: ${truncate(text.trim())}`)]);
  }

  private onNew(node: ts.NewExpression): void {
    const name = calleeName(node);
    if (name && /^(Webhook|Receiver|LinearWebhooks|Webhooks)$/.test(name)) {
      if (!this.facts.signatureHeader) this.facts.signatureHeader = this.ev('external-hint', node, `creates a ${name} verifier`);
      if (!this.facts.webhookVerifier) this.facts.webhookVerifier = this.sig(node, `creates a ${name} webhook verifier`);
    }
    if (name && /^(ReadableStream|TransformStream|StreamingTextResponse|EventSource)$/.test(name) && !this.facts.streams) this.facts.streams = this.sig(node, `streams its response (new ${name})`);
  }

  /** `throw new Error(JSON.stringify(…))`, `throw new QuotaError(…)`, `throw { code }`: data the client will not get in production. */
  private onThrow(node: ts.ThrowStatement): void {
    if (this.facts.structuredThrow || enclosingFunction(node) !== this.fn || insideTryWithCatch(node, this.fn)) return;
    const value = unwrapExpression(node.expression);
    let reason: string | undefined;
    if (ts.isObjectLiteralExpression(value)) reason = 'throws a plain object';
    else if (ts.isCallExpression(value) && memberPath(value.expression)?.join('.') === 'Object.assign') reason = 'throws an error with fields added by Object.assign';
    else if (ts.isNewExpression(value)) {
      const message = value.arguments?.[0];
      if (message && containsJsonStringify(message)) reason = 'puts JSON in the error message';
      else {
        const callee = this.analyzer.resolve(value.expression);
        const declaration = callee.kind === 'value' ? callee.declaration : undefined;
        const isClass = !!declaration && (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration) || (ts.isVariableDeclaration(declaration) && !!declaration.initializer && ts.isClassExpression(unwrapExpression(declaration.initializer))));
        if (isClass && callee.kind === 'value') reason = `throws \`${callee.name}\`, a custom error class`;
      }
    }
    if (reason) this.facts.structuredThrow = this.sig(node, reason);
  }

  /** `formData.get('file') as File` */
  private onAs(node: ts.AsExpression): void {
    if (!FILE_TYPE_RE.test(node.type.getText(this.sourceFile))) return;
    const inputs = this.inputsMentioned(node.expression);
    if (inputs.size) this.addParameterFact('fileInput', node, `\`${truncate(node.getText(this.sourceFile))}\` reads a file from the input`, inputs);
  }

  /** Pages API: `req.headers.authorization`. */
  private onPropertyAccess(node: ts.PropertyAccessExpression): void {
    if (this.facts.tokenAuth || !TOKEN_HEADER_RE.test(node.name.text)) return;
    if (/headers$/i.test(node.expression.getText(this.sourceFile))) this.facts.tokenAuth = this.sig(node, `reads the ${node.name.text} header`);
  }

  private onCall(node: ts.CallExpression): void {
    const kind = this.classifyCall(node);
    this.pitfallSignals(node, kind);
    if (kind.selfGuard) this.recordGuard(node, kind.selfGuard);
    if (kind.verification) {
      this.recordVerification(node, kind.verification);
      this.recordGuard(node, kind.verification);
    }
    if (kind.mutation) this.recordMutation(node, kind.mutation);
    if (kind.revalidation && !this.insideGuardBranch(node)) {
      this.recordRevalidation(node, kind.revalidation);
      if (kind.cacheRevalidation && !this.facts.cacheRevalidation) this.facts.cacheRevalidation = { pos: this.pos(node), evidence: kind.revalidation };
    }
    if (kind.unresolved) this.facts.unresolved.push(kind.unresolved);
    if (kind.ipRateLimit && !this.facts.ipRateLimit) this.facts.ipRateLimit = kind.ipRateLimit;
    if (kind.noGuardHelper) this.facts.noGuardHelpers.push(...kind.noGuardHelper);
    if (kind.signatureHeader && !this.facts.signatureHeader) this.facts.signatureHeader = kind.signatureHeader;
    if (kind.identity) {
      // An identity read whose result is thrown away can only be there to guard (`await requireAuth()`).
      const parent = skipAwait(node).parent;
      if (parent && ts.isExpressionStatement(parent) && !kind.localFunction) {
        this.recordGuard(node, [this.ev('guard', node, `${callText(node)} is called for its check alone; taken as a guard`)]);
      }
    }
    this.guardFromArguments(node, kind);
    if (!this.facts.ipRateLimit && /rate_?limit|^limit$/i.test(calleeName(node) ?? '') && /\bip\b|x-forwarded-for|x-real-ip|getIp|clientIp|ipAddress/i.test(node.getText(this.sourceFile))) {
      this.facts.ipRateLimit = this.ev('public', node, `rate-limited by the caller's IP (${truncate(node.getText(this.sourceFile), 40)}): built for anonymous callers`);
    }
    // assert(session), invariant(user, 'Unauthorized')
    const name = calleeName(node);
    if (name && ASSERT_CALLS.has(name) && node.arguments[0] && this.referencesIdentity(node.arguments[0])) {
      const identity = this.firstIdentityIn(node.arguments[0]);
      if (identity) this.checkedNames.add(identity);
      this.recordGuard(node, [this.ev('guard', node, `identity asserted with ${name}()`)]);
    }
  }

  /** What the pitfall rules read from one call: writes, input flowing into writes or checks, files, origin, tokens, streams. */
  private pitfallSignals(node: ts.CallExpression, kind: CallKind): void {
    const facts = this.facts;
    if (kind.mutation && kind.writes) {
      const writes = (facts.writes ??= []);
      for (const write of kind.writes) {
        const known = writes.findIndex((item) => item.write === write.write);
        if (known < 0) writes.push(write);
        else if (writes[known].depth > write.depth) writes[known] = write;
      }
    }
    if (kind.webhookVerifier) facts.webhookVerifier ??= kind.webhookVerifier;
    if (kind.originCheck) facts.originCheck ??= kind.originCheck;
    if (kind.tokenAuth) facts.tokenAuth ??= kind.tokenAuth;
    if (kind.sessionCookie) facts.sessionCookie ??= kind.sessionCookie;
    if (kind.streams) facts.streams ??= kind.streams;
    if (kind.validation) {
      const inputs = this.inputsInArguments(node);
      if (inputs.size) this.addParameterFact('inputValidation', node, `${callText(node)} validates the input`, inputs);
    }
    if (kind.mutation && !kind.calleeFacts && kind.writes?.some((write) => write.write === 'database')) {
      const inputs = this.inputsInArguments(node);
      if (inputs.size) this.addParameterFact('parameterToDatabase', node, `${callText(node)} writes what the caller sent`, inputs);
    }
    const callee = unwrapExpression(node.expression);
    if (ts.isPropertyAccessExpression(callee) && /^(arrayBuffer|stream|bytes)$/.test(callee.name.text)) {
      const input = this.inputSourceOf(callee.expression);
      if (input !== undefined) this.addParameterFact('fileInput', node, `${callText(node)} reads a file from the input`, [input]);
    }
    if (!kind.calleeFacts) return;
    // What the helper does with its parameters, for the arguments that carry the caller's input.
    const name = calleeName(node) ?? 'a helper';
    node.arguments.forEach((argument, index) => {
      if (ts.isSpreadElement(argument)) return;
      const inputs = this.inputsMentioned(argument);
      if (!inputs.size) return;
      for (const key of PARAMETER_FACT_KEYS) {
        const fact = kind.calleeFacts?.[key];
        if (fact?.parameters.has(index)) this.addParameterFact(key, node, `${name}() is given the input: ${fact.signal.message}`, inputs);
      }
    });
  }

  private addParameterFact(key: ParameterFactKey, node: ts.Node, message: string, parameters: Iterable<number>): void {
    const known = this.facts[key];
    if (known) {
      const merged = new Set(known.parameters);
      for (const index of parameters) merged.add(index);
      this.facts[key] = { signal: known.signal, parameters: merged };
    } else {
      this.facts[key] = { signal: this.sig(node, message), parameters: new Set(parameters) };
    }
  }

  private sig(node: ts.Node, message: string): Signal {
    return signalOf(this.ev('public', node, message));
  }

  /**
   * The parameter a value comes straight from: the parameter itself, a field or method result of it
   * (`formData.get('x')`, `data.title.trim()`), a conversion (`String(x)`, `Object.fromEntries(formData)`, `JSON.parse(x)`),
   * or a literal built from one. Any other call's result is not the caller's input any more.
   */
  private inputSourceOf(expression: ts.Expression): number | undefined {
    const value = unwrapExpression(expression);
    if (ts.isIdentifier(value)) return this.inputNames.get(value.text);
    if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) return this.inputSourceOf(value.expression);
    if (ts.isCallExpression(value)) {
      const callee = unwrapExpression(value.expression);
      if (ts.isPropertyAccessExpression(callee) && INPUT_READ_METHODS.has(callee.name.text)) {
        const fromReceiver = this.inputSourceOf(callee.expression);
        if (fromReceiver !== undefined) return fromReceiver;
      }
      const path = memberPath(value.expression)?.join('.');
      if (path && INPUT_CONVERSIONS.has(path) && value.arguments[0]) return this.inputSourceOf(value.arguments[0]);
      return undefined;
    }
    if (ts.isTemplateExpression(value)) {
      for (const span of value.templateSpans) {
        const found = this.inputSourceOf(span.expression);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (ts.isBinaryExpression(value)) return this.inputSourceOf(value.left) ?? this.inputSourceOf(value.right);
    if (ts.isConditionalExpression(value)) return this.inputSourceOf(value.whenTrue) ?? this.inputSourceOf(value.whenFalse);
    if (ts.isObjectLiteralExpression(value)) {
      for (const property of value.properties) {
        const found = ts.isPropertyAssignment(property)
          ? this.inputSourceOf(property.initializer)
          : ts.isShorthandPropertyAssignment(property)
            ? this.inputNames.get(property.name.text)
            : ts.isSpreadAssignment(property)
              ? this.inputSourceOf(property.expression)
              : undefined;
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (ts.isArrayLiteralExpression(value)) {
      for (const element of value.elements) {
        const found = this.inputSourceOf(ts.isSpreadElement(element) ? element.expression : element);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /** The parameters whose input an expression carries anywhere inside it. */
  private inputsMentioned(expression: ts.Node): Set<number> {
    const found = new Set<number>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const index = this.inputNames.get(node.text);
        if (index !== undefined && !isPropertyName(node)) found.add(index);
        return;
      }
      if (ts.isShorthandPropertyAssignment(node)) {
        const index = this.inputNames.get(node.name.text);
        if (index !== undefined) found.add(index);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  private inputsInArguments(call: ts.CallExpression): Set<number> {
    const found = new Set<number>();
    for (const argument of call.arguments) for (const index of this.inputsMentioned(argument)) found.add(index);
    return found;
  }

  /** `file.size` of an input value inside an expression. */
  private inputSizesMentioned(expression: ts.Node): Set<number> {
    const found = new Set<number>();
    if (!mentions(this.sourceFile, 'size')) return found;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'size') {
        const index = this.inputSourceOf(node.expression);
        if (index !== undefined) found.add(index);
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  /** The Origin (or Host, Referer, Sec-Fetch-Site) header, or a value computed from it. */
  private mentionsOrigin(expression: ts.Node): boolean {
    if (!mentions(this.sourceFile, 'origin')) return false;
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found || isFunctionNode(node)) return;
      if (ts.isIdentifier(node) && this.originNames.has(node.text) && !isPropertyName(node)) found = true;
      else if (ts.isCallExpression(node) && this.classifyCall(node).originRead) found = true;
      else if (ts.isPropertyAccessExpression(node) && ORIGIN_HEADER_RE.test(node.name.text) && /headers$/i.test(node.expression.getText(this.sourceFile))) found = true;
      else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && ORIGIN_HEADER_RE.test(node.argumentExpression.text) && /headers$/i.test(node.expression.getText(this.sourceFile))) found = true;
      else ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  /**
   * `assertAdmin(session)`: a helper that throws on a check of the identity it is given.
   * `withMiddleware(handler, authMiddleware)`: a guarding function handed to a wrapper that runs it first.
   */
  private guardFromArguments(node: ts.CallExpression, kind: CallKind): void {
    if (kind.selfGuard || this.facts.guard) return;
    const name = calleeName(node) ?? 'a helper';
    const parameterArgument = node.arguments.some((argument) => this.referencesParameter(argument));
    if (parameterArgument && !this.facts.parameterGuard) {
      const callee = this.analyzer.resolve(node.expression);
      const facts = callee.kind === 'function' ? this.analyzer.functionFacts(callee.fn) : undefined;
      if (facts?.parameterGuard) this.facts.parameterGuard = { pos: this.pos(node), evidence: [this.ev('guard', node, `${name}() throws unless the value it is given passes its check`), ...facts.parameterGuard.evidence] };
    }
    const identityArgument = node.arguments.some((argument) => this.referencesIdentity(argument) || this.mentionsAnyIdentity(argument));
    if (identityArgument) {
      const callee = this.analyzer.resolve(node.expression);
      if (callee.kind === 'function') {
        const facts = this.analyzer.functionFacts(callee.fn);
        if (facts.parameterGuard) {
          this.markChecked(node);
          this.recordGuard(node, [this.ev('guard', node, `${name}() checks the identity it is given and throws`), ...facts.parameterGuard.evidence]);
          return;
        }
      } else if (/^(assert|ensure|require|check|verify|validate|guard|enforce|authorize|must)/i.test(name)) {
        this.markChecked(node);
        this.recordGuard(node, [this.ev('guard', node, `${name}() is given the identity and is taken as its check (its code is not readable)`)]);
        return;
      }
    }
    for (const argument of node.arguments) {
      const value = unwrapExpression(argument);
      if (!ts.isIdentifier(value) && !ts.isPropertyAccessExpression(value)) continue;
      const callee = this.analyzer.resolve(value);
      if (callee.kind !== 'function' || callee.fn === this.fn) continue;
      const facts = this.analyzer.functionFacts(callee.fn);
      if (facts.guard && !facts.mutation) {
        this.recordGuard(node, [this.ev('wrapper-guard', node, `${name}() is handed ${value.getText()}, which checks the caller`), ...facts.guard.evidence]);
        return;
      }
    }
  }

  private markChecked(node: ts.CallExpression): void {
    for (const argument of node.arguments) {
      const identity = this.firstIdentityIn(argument);
      if (identity) this.checkedNames.add(identity);
    }
  }

  private readonly callKinds = new Map<ts.CallExpression, CallKind>();

  /** What one call is, as far as identity, data and caches go (memoized: conditions ask again). */
  classifyCall(node: ts.CallExpression): CallKind {
    let kind = this.callKinds.get(node);
    if (!kind) {
      kind = this.classifyCallUncached(node);
      this.callKinds.set(node, kind);
    }
    return kind;
  }

  private classifyCallUncached(node: ts.CallExpression): CallKind {
    const result: CallKind = {};
    const name = calleeName(node);
    const path = memberPath(node.expression);
    const chain = path?.join('.') ?? name ?? '';
    if (!name) return result;
    this.pitfallCallKind(node, name, path, result);
    // A method taken from an identity object: `const { getUser, isAuthenticated } = getKindeServerSession()`.
    const calleeNode = unwrapExpression(node.expression);
    if (ts.isIdentifier(calleeNode) && this.identityNames.has(calleeNode.text) && !this.objectIdentityNames.has(calleeNode.text)) {
      result.identity = true;
      return result;
    }
    if (ts.isPropertyAccessExpression(calleeNode) && ts.isIdentifier(calleeNode.expression) && this.identityNames.has(calleeNode.expression.text) && IDENTITY_MEMBER_RE.test(name)) {
      result.identity = true;
      return result;
    }

    if (this.config.guards.includes(name) || this.config.guards.includes(chain)) {
      result.selfGuard = [this.ev('config', node, `${name}() is a guard named in the Next Boundary config`)];
      return result;
    }
    if (REVALIDATION_CALLS.has(name) && (!path || path.length === 1)) {
      result.revalidation = [this.ev('revalidation', node, `${name}() refreshes cached data`)];
      if (CACHE_REVALIDATION_CALLS.has(name)) result.cacheRevalidation = true;
      return result;
    }
    if (TERMINATOR_CALLS.has(name)) return result;

    // Reading a webhook signature header: `request.headers.get('stripe-signature')`.
    if (name === 'get' && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && SIGNATURE_HEADER_RE.test(node.arguments[0].text)) {
      result.signatureHeader = this.ev('external-hint', node, `reads the ${node.arguments[0].text} header`);
      return result;
    }

    const callee = this.analyzer.resolve(node.expression);
    // A provider's verifier by its name, unless it is the app's own function (then its body says what it does).
    if (callee.kind !== 'function' && (WEBHOOK_VERIFIER_CALL_RE.test(name) || (name === 'verify' && path && path.length > 1 && /webhook|^wh$|svix|receiver/i.test(path.slice(0, -1).join('.'))))) {
      result.webhookVerifier = this.sig(node, `${callText(node)} verifies a webhook payload`);
    }
    if (callee.kind === 'function') return this.classifyLocalCall(node, callee.fn, name, result);
    if (callee.kind === 'value' && callee.initializer) {
      // A destructured or assigned library result: `export const { auth } = NextAuth(config)`.
      const source = unwrapExpression(callee.initializer);
      if (ts.isCallExpression(source) && calleeName(source) === 'NextAuth' && name === 'auth') {
        result.identity = true;
        return result;
      }
    }
    if (callee.kind === 'value' && ts.isBindingElement(callee.declaration)) {
      const declaration = callee.declaration;
      const source = bindingSource(declaration);
      if (source && ts.isCallExpression(source) && /^(NextAuth|betterAuth)$/.test(calleeName(source) ?? '') && /^(auth|getSession)$/.test(name)) {
        result.identity = true;
        return result;
      }
    }
    const module = callee.kind === 'external' ? callee.module : undefined;
    const importedName = callee.kind === 'external' ? callee.name : name;

    // Library identity APIs, by module.
    if (module && IDENTITY_EXPORTS[module]?.includes(importedName)) {
      if (importedName === 'withAuth' && hasOption(node, 'ensureSignedIn', true)) {
        result.selfGuard = [this.ev('guard', node, 'withAuth({ ensureSignedIn: true }) redirects signed-out users')];
      } else if (/^(verifyIdToken|verifySessionCookie|jwtVerify|verify)$/.test(importedName)) {
        result.selfGuard = [this.ev('guard', node, `${importedName}() throws on an invalid token`)];
      } else {
        result.identity = true;
        if (ALWAYS_OBJECT_IDENTITY.test(`${module}:${importedName}`)) result.alwaysObject = true;
      }
      return result;
    }
    if (SELF_GUARD_MEMBER_CHAINS.some((re) => re.test(chain.replace(/\(\)/g, '')))) {
      if (isAwaited(node) || !chain.includes('protect')) {
        result.selfGuard = [this.ev('guard', node, `${chain}() stops signed-out requests`)];
      } else {
        result.unresolvedGuard = true;
        result.noGuardHelper = [this.ev('identity-unchecked', node, `${chain}() is not awaited, so its rejection does not stop the code after it`)];
      }
      return result;
    }
    if (name === 'getUser' && hasOption(node, 'or', 'redirect')) {
      result.selfGuard = [this.ev('guard', node, 'getUser({ or: "redirect" }) redirects signed-out users')];
      return result;
    }
    if (VERIFICATION_CALL_RE.test(name) || (name === 'verify' && path && path.length > 1)) {
      result.verification = [this.ev('verification', node, `${truncate(chain)}() verifies the request's signature`)];
      return result;
    }
    const bareChain = chain.replace(/\(\)/g, '');
    // `clerkClient.users.getUser(id)`, `supabase.auth.admin.getUserById(id)` read some user, not the caller.
    const adminApi = /(^|\.)(users|admin)(\.|$)/.test(bareChain.slice(0, bareChain.lastIndexOf('.')));
    if (path && path.length > 1 && IDENTITY_MEMBER_RE.test(name) && name !== 'verify' && !adminApi) {
      if (UNTRUSTED_IDENTITY_CHAINS.some((re) => re.test(bareChain))) {
        result.untrusted = this.ev('identity-unchecked', node, `${bareChain}() reads the session cookie without revalidating it; use getUser() or getClaims() on the server`);
        return result;
      }
      result.identity = true;
      return result;
    }

    const readable = callee.kind === 'unknown' ? !path || path.length === 1 : module !== undefined && (isWorkspaceSpecifier(module) || !NODE_BUILTINS.test(module));
    const unreadableWorkspaceCode = module !== undefined && isWorkspaceSpecifier(module);
    if (readable && (path?.length ?? 1) === 1) {
      if (SELF_GUARD_NAME_RE.test(name) && !VERIFICATION_CALL_RE.test(name)) {
        result.selfGuard = [this.ev('guard', node, `${name}() (${module ? `from ${module}` : 'not readable'}) is taken as a guard by its name`)];
        return result;
      }
      if (IDENTITY_NAME_RE.test(name) || IDENTITY_SHAPE_RE.test(name)) {
        result.identity = true;
        return result;
      }
    }

    // Writes.
    const mutation = this.mutationOf(node, name, path, module, unreadableWorkspaceCode);
    if (mutation) {
      result.mutation = [mutation.evidence];
      result.writes = [{ ...signalOf(mutation.evidence), write: mutation.write, depth: 0 }];
    }
    return result;
  }

  /** Signals a call gives whatever else it is: header reads, origin/CSRF and API-key checks, validation, verifiers, streams. */
  private pitfallCallKind(node: ts.CallExpression, name: string, path: string[] | undefined, result: CallKind): void {
    const receiver = path && path.length > 1 ? path.slice(0, -1).join('.') : undefined;
    const first = node.arguments[0];
    if (name === 'get' && first && receiver !== undefined) {
      const key = ts.isStringLiteralLike(first) ? first.text : ts.isIdentifier(first) ? first.text : undefined;
      if (key !== undefined && ts.isStringLiteralLike(first) && ORIGIN_HEADER_RE.test(key)) result.originRead = true;
      else if (key !== undefined && ts.isStringLiteralLike(first) && TOKEN_HEADER_RE.test(key) && /header/i.test(receiver)) result.tokenAuth = this.sig(node, `reads the ${key} header`);
      else if (key !== undefined && (/cookie/i.test(receiver.split('.').pop() ?? '') || this.cookieNames.has(receiver)) && /session|token|auth|sid|jwt|access|user/i.test(key)) {
        result.sessionCookie = this.sig(node, `reads the ${key} cookie`);
      }
    }
    if (ORIGIN_CHECK_CALL_RE.test(name)) result.originCheck = this.sig(node, `${callText(node)} checks the request's origin or CSRF token`);
    if (TOKEN_AUTH_CALL_RE.test(name)) result.tokenAuth = this.sig(node, `${callText(node)} checks an API key or bearer token`);
    if (STREAM_RESPONSE_CALL_RE.test(name)) result.streams = this.sig(node, `streams its response (${name})`);
    if ((VALIDATION_CALL_RE.test(name) && !(receiver !== undefined && NON_VALIDATING_RECEIVER_RE.test(receiver))) || (PLAIN_VALIDATION_CALL_RE.test(name) && receiver === undefined)) {
      result.validation = true;
    }
  }

  private classifyLocalCall(node: ts.CallExpression, fn: FunctionNode, name: string, result: CallKind): CallKind {
    result.localFunction = true;
    const facts = this.analyzer.functionFacts(fn);
    result.calleeFacts = facts;
    if (facts.webhookVerifier) result.webhookVerifier ??= facts.webhookVerifier;
    if (facts.originCheck) result.originCheck ??= facts.originCheck;
    if (facts.tokenAuth) result.tokenAuth ??= facts.tokenAuth;
    if (facts.sessionCookie) result.sessionCookie ??= facts.sessionCookie;
    if (facts.streams) result.streams ??= facts.streams;
    const site = (kind: EvidenceKind, message: string) => this.ev(kind, node, message);
    if (facts.guard) {
      if (isAsyncFunction(fn) && !isAwaited(node) && !isReturned(node)) {
        result.noGuardHelper = [site('identity-unchecked', `${name}() guards, but it is not awaited here, so the code after it runs anyway`)];
      } else {
        result.selfGuard = [site(facts.verification ? 'verification' : 'guard', `${name}() stops the request without a valid caller`), ...facts.guard.evidence];
        if (facts.verification) result.verification = [site('verification', `${name}() verifies the request`), ...facts.verification.evidence];
      }
    } else if (facts.returnsIdentity) {
      result.identity = true;
    } else if ((IDENTITY_NAME_RE.test(name) || IDENTITY_SHAPE_RE.test(name)) && !SELF_GUARD_NAME_RE.test(name) && returnsValue(fn)) {
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
    if (facts.revalidation) result.revalidation = [site('revalidation', `${name}() revalidates`), ...facts.revalidation.evidence];
    if (facts.cacheRevalidation) result.cacheRevalidation = true;
    if (facts.unresolved.length && !facts.guard) result.unresolved = facts.unresolved[0];
    if (facts.noGuardHelpers.length && !facts.guard) result.noGuardHelper = [...(result.noGuardHelper ?? []), ...facts.noGuardHelpers];
    if (facts.signatureHeader) result.signatureHeader = facts.signatureHeader;
    if (facts.ipRateLimit) result.ipRateLimit = facts.ipRateLimit;
    return result;
  }

  private mutationOf(node: ts.CallExpression, name: string, path: string[] | undefined, module: string | undefined, unreadableWorkspaceCode: boolean): WriteHit | undefined {
    const receiver = receiverText(node.expression);
    const label = truncate((path ?? [name]).join('.'));
    const hit = (write: WriteKind, message: string): WriteHit => ({ evidence: this.ev('mutation', node, message), write });
    if (name === 'fetch' && (!path || path.length === 1)) {
      const method = methodOption(node.arguments[1]);
      if (method && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return hit('http', `fetch(…, { method: '${method}' }) calls another service`);
      return undefined;
    }
    if (SESSION_WRITE_CALLS.has(name) && (!receiver || /auth|session|lucia|supabase/i.test(receiver))) return hit('cookie', `${label}() writes the session cookie`);
    if (receiver !== undefined) {
      if (BENIGN_RECEIVER_RE.test(receiver) && !STORE_RECEIVER_RE.test(receiver) && !this.cookieNames.has(receiver)) return undefined;
      if (this.collectionNames.has(receiver)) return undefined;
      if (/create(Hash|Hmac|Cipheriv|Decipheriv|Sign|Verify)\(\)/.test(receiver)) return undefined;
      // Model APIs generate text; they store nothing of the app's.
      if (/(^|\.)(completions|embeddings|responses|moderations|images|audio)$/.test(receiver) || /^(openai|anthropic|groq|mistral|cohere|gemini|genai|google|replicate|together|fireworks|perplexity|ai|llm)(\.|$)/i.test(receiver)) return undefined;
      if (STRONG_WRITE_METHODS.has(name)) return hit(writeKindOfMethod(name, receiver), `${label}() writes data`);
      if (!WEAK_WRITE_METHODS.has(name)) return undefined;
      if (/^(set|delete|del|add|append|remove|commit|copy|move|rename)$/.test(name)) {
        const cookie = /cookie/i.test(receiver) || this.cookieNames.has(receiver.split('.')[0]);
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

  /** `await req.json()`, `formData.get(…)`, or a value computed from one. */
  private readsBody(expression: ts.Node): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(node) && this.bodyNames.has(node.text) && !isPropertyName(node)) found = true;
      else if (ts.isCallExpression(node) && /^(json|formData|text)$/.test(calleeName(node) ?? '') && ts.isPropertyAccessExpression(node.expression)) {
        const receiver = unwrapExpression(node.expression.expression);
        if (ts.isIdentifier(receiver) && (receiver.text === this.firstParameter || /^(req|request)$/.test(receiver.text))) found = true;
        else ts.forEachChild(node, visit);
      } else ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  private referencesParameter(expression: ts.Node): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found || isFunctionNode(node)) return;
      if (ts.isIdentifier(node) && this.parameterNames.has(node.text) && !isPropertyName(node)) found = true;
      else ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  /** Any identity read at all, even one that tests nothing (Clerk's auth object). */
  private mentionsAnyIdentity(expression: ts.Node): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found || isFunctionNode(node)) return;
      if ((ts.isIdentifier(node) && (this.identityNames.has(node.text) || this.untrustedNames.has(node.text))) || (ts.isCallExpression(node) && this.classifyCall(node).identity)) {
        found = true;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  referencesIdentity(expression: ts.Node): boolean {
    return this.firstIdentityIn(expression) !== undefined || this.containsIdentityCall(expression);
  }

  private containsIdentityCall(expression: ts.Node): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found || isFunctionNode(node)) return;
      if (ts.isCallExpression(node)) {
        const kind = this.classifyCall(node);
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
  private firstIdentityIn(expression: ts.Node): string | undefined {
    let found: string | undefined;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(node) && this.identityNames.has(node.text) && !isPropertyName(node) && (!this.objectIdentityNames.has(node.text) || isFieldRead(node))) {
        found = node.text;
        return;
      }
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'auth' && ts.isIdentifier(node.expression) && node.expression.text === this.firstParameter) {
        found = `${this.firstParameter}.auth`;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  private referencesSecret(expression: ts.Node): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isPropertyAccessExpression(node) && /SECRET|TOKEN|KEY|PASSWORD|PASSPHRASE|SIGNING/i.test(node.name.text) && /process\.env$|import\.meta\.env$|^env$/.test(node.expression.getText(this.sourceFile))) {
        found = true;
        return;
      }
      if (ts.isIdentifier(node) && this.secretNames.has(node.text) && !isPropertyName(node)) {
        found = true;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  /** `if (auth !== \`Bearer ${process.env.CRON_SECRET}\`)`: an equality test with a secret on one side. */
  private comparesSecret(expression: ts.Node): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found || isFunctionNode(node)) return;
      if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind) && (this.referencesSecret(node.left) || this.referencesSecret(node.right))) found = true;
      else if (ts.isCallExpression(node) && /^(timingSafeEqual|safeCompare|secureCompare|constantTimeEqual)$/.test(calleeName(node) ?? '')) found = true;
      else ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  }

  /** `if (signature !== expected)` where one side came from a signature header. */
  private comparesSignature(expression: ts.Node): boolean {
    return /signature|hmac|digest/i.test(expression.getText(this.sourceFile)) && /[!=]==?/.test(expression.getText(this.sourceFile));
  }
}

interface CallKind {
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

const ALWAYS_OBJECT_IDENTITY = /^(@clerk\/nextjs(\/server)?:auth|@kinde-oss\/kinde-auth-nextjs\/server:getKindeServerSession|iron-session:getIronSession|@logto\/next\/server-actions:getLogtoContext)$/;

/** `session.user`, `session?.user?.id`, `user!`: a value read out of another, not computed from it. */
function isDerivation(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) return true;
  if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) return isDerivation(value.expression);
  if (ts.isBinaryExpression(value) && (value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || value.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return isDerivation(value.left);
  return false;
}

/** `x.userId`, `(await auth()).userId`, `x['userId']`: a field of the value is read. */
function isFieldRead(node: ts.Node): boolean {
  let current = node;
  while (current.parent && (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  return !!parent && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === current;
}

function firstStatement(statement: ts.Statement): ts.Statement {
  return ts.isBlock(statement) && statement.statements.length ? statement.statements[0] : statement;
}

function isObjectMemberFunction(node: ts.Node): boolean {
  if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent)) return true;
  return (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isPropertyAssignment(node.parent) && ts.isObjectLiteralExpression(node.parent.parent);
}

function bindingSource(element: ts.BindingElement): ts.Expression | undefined {
  const initializer = bindingDeclaration(element)?.initializer;
  return initializer ? unwrapExpression(initializer) : undefined;
}

function skipAwait(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent))) current = current.parent;
  return current;
}

function isAwaited(node: ts.Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return false;
    if (ts.isAwaitExpression(parent)) return true;
    if (ts.isParenthesizedExpression(parent) || ts.isArrayLiteralExpression(parent)) current = parent;
    // `await Promise.all([getUser(), …])`, `await getUser().then(…)`
    else if (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression) && /^Promise\.(all|allSettled|race|any)$/.test(parent.expression.getText())) current = parent;
    else if (ts.isPropertyAccessExpression(parent) && /^(then|catch|finally)$/.test(parent.name.text) && ts.isCallExpression(parent.parent)) current = parent.parent;
    else return false;
  }
}

/** The expression a member chain starts from: `(await f()).data.user` → `f()`. */
function chainRoot(expression: ts.Expression): ts.Expression {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return current;
}

function returnsValue(fn: FunctionNode): boolean {
  if (fn.body && !ts.isBlock(fn.body)) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (node !== fn && isFunctionNode(node))) return;
    if (ts.isReturnStatement(node) && node.expression) found = true;
    else ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

function isEquality(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
}

/** A secret value itself (an env read, or a string built from one), not something computed with it. */
function isSecretValue(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isPropertyAccessExpression(value) || ts.isIdentifier(value) || ts.isElementAccessExpression(value)) return true;
  if (ts.isTemplateExpression(value) || ts.isNoSubstitutionTemplateLiteral(value)) return true;
  if (ts.isBinaryExpression(value)) return isSecretValue(value.left) && isSecretValue(value.right);
  return ts.isStringLiteral(value);
}

function isReturned(node: ts.Node): boolean {
  const parent = skipAwait(node).parent;
  return !!parent && (ts.isReturnStatement(parent) || ts.isArrowFunction(parent) || ts.isVariableDeclaration(parent));
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isBindingElement(parent) && parent.propertyName === node)
  );
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current;
}

function hasOption(call: ts.CallExpression, key: string, value: string | boolean): boolean {
  const options = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some((property) => {
    if (!ts.isPropertyAssignment(property) || property.name.getText() !== key) return false;
    const initializer = property.initializer;
    if (typeof value === 'boolean') return initializer.kind === (value ? ts.SyntaxKind.TrueKeyword : ts.SyntaxKind.FalseKeyword);
    return ts.isStringLiteralLike(initializer) && initializer.text === value;
  });
}

/** `{ method: 'POST' }` → 'POST'. */
export function methodOption(options: ts.Expression | undefined): string | undefined {
  if (!options) return undefined;
  const object = unwrapExpression(options);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === 'method' && ts.isStringLiteralLike(property.initializer)) {
      return property.initializer.text.toUpperCase();
    }
  }
  return undefined;
}

function callText(call: ts.CallExpression): string {
  const path = memberPath(call.expression);
  return `${truncate(path ? path.join('.') : '…')}()`;
}

function truncate(text: string, max = 60): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > max ? single.slice(0, max - 1) + '…' : single;
}

/** Type annotations that say a value is a file. */
const FILE_TYPE_RE = /^(File|Blob)(\s*\[\])?$|^(Array|ReadonlyArray)<(File|Blob)>$|^(File|Blob)\s*\|\s*null$/;
/** Methods whose result is still the caller's input: `formData.get('x')`, `title.trim()`. */
const INPUT_READ_METHODS = new Set(['get', 'getAll', 'entries', 'values', 'toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'split', 'slice', 'at', 'valueOf', 'normalize', 'replace', 'replaceAll', 'json', 'text', 'formData']);
/** Conversions whose result is still the caller's input. */
const INPUT_CONVERSIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'Object.fromEntries', 'Object.assign', 'Array.from', 'JSON.parse', 'decodeURIComponent', 'structuredClone']);

type ParameterFactKey = 'parameterToDatabase' | 'inputValidation' | 'fileInput' | 'fileSizeCheck';
const PARAMETER_FACT_KEYS: readonly ParameterFactKey[] = ['parameterToDatabase', 'inputValidation', 'fileInput', 'fileSizeCheck'];

function isRelational(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.LessThanToken || kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.LessThanEqualsToken || kind === ts.SyntaxKind.GreaterThanEqualsToken;
}

/** A throw inside a `try` that has a `catch` (in the same function) does not leave the function as it is. */
function insideTryWithCatch(node: ts.Node, fn: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) return true;
  }
  return false;
}

function containsJsonStringify(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(child) && memberPath(child.expression)?.join('.') === 'JSON.stringify') found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

const MENTION_RES = { origin: /origin|referr?er|sec-fetch|host/i, size: /\.size\b/ };
const fileMentions = new WeakMap<ts.SourceFile, Partial<Record<keyof typeof MENTION_RES, boolean>>>();

/** Whether a file names an origin header (or a `.size`) at all: most do not, and then no expression needs a look. */
function mentions(sourceFile: ts.SourceFile, what: keyof typeof MENTION_RES): boolean {
  let known = fileMentions.get(sourceFile);
  if (!known) fileMentions.set(sourceFile, (known = {}));
  return (known[what] ??= MENTION_RES[what].test(sourceFile.text));
}
