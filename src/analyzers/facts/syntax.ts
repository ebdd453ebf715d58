import ts from 'typescript';
import { type FunctionNode, bindingDeclaration, calleeName, isFunctionNode, memberPath, unwrapExpression } from '../ast';
import { TERMINATOR_CALLS } from '../knowledge';

const HOOK_FREE_RETURN = new Set(['next']);


export function isTerminatorCall(node: ts.Node): boolean {
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

export const DENIAL_TEXT_RE = /\b(unauthori[sz]ed|unauthenticated|not authenticated|not logged in|not signed in|login required|sign ?in required|authentication required|forbidden|access denied|permission denied|invalid (api )?(key|token)|missing (api )?(key|token))\b|UNAUTHORIZED|FORBIDDEN|NOT_AUTHORIZED/i;
export const SIGN_IN_PATH_RE = /^\/(login|signin|sign-in|auth|sign-up|signup|api\/auth\/signin)(\/|$|\?)/;

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

export function receiverText(callee: ts.Expression): string | undefined {
  const path = memberPath(callee);
  if (!path || path.length < 2) return undefined;
  return path.slice(0, -1).join('.');
}

export function sqlText(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  if (ts.isTaggedTemplateExpression(node)) return sqlText(node.template);
  return undefined;
}

export function isWorkspaceSpecifier(module: string): boolean {
  return module.startsWith('.') || module.startsWith('@/') || module.startsWith('~/') || module.startsWith('#') || module.startsWith('src/');
}

/** `session.user`, `session?.user?.id`, `user!`: a value read out of another, not computed from it. */
export function isDerivation(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) return true;
  if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) return isDerivation(value.expression);
  if (ts.isBinaryExpression(value) && (value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || value.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return isDerivation(value.left);
  return false;
}

/** `x.userId`, `(await auth()).userId`, `x['userId']`: a field of the value is read. */
export function isFieldRead(node: ts.Node): boolean {
  let current = node;
  while (current.parent && (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  return !!parent && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === current;
}

export function firstStatement(statement: ts.Statement): ts.Statement {
  return ts.isBlock(statement) && statement.statements.length ? statement.statements[0] : statement;
}

export function isObjectMemberFunction(node: ts.Node): boolean {
  if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent)) return true;
  return (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isPropertyAssignment(node.parent) && ts.isObjectLiteralExpression(node.parent.parent);
}

/**
 * `Effect.tryPromise({ try: async () => … })`, `all({ async saveChat() { … } })`: a function in an object literal that
 * is itself what a call is handed runs as that call's work. One level deeper (`{ cookies: { setAll() {} } }`) it is a
 * hook the callee keeps for later.
 */
export function isTaskOfCall(node: ts.Node): boolean {
  const object = ts.isMethodDeclaration(node) ? node.parent : node.parent?.parent;
  if (!object || !ts.isObjectLiteralExpression(object)) return false;
  let holder: ts.Node = object.parent;
  while (holder && (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder))) holder = holder.parent;
  if (!holder || !ts.isCallExpression(holder) || !holder.arguments.some((argument) => unwrapExpression(argument) === object)) return false;
  // `EmailProvider({ sendVerificationRequest() {…} })`, `createClient({ fetch })`, `defineConfig({ … })`: a factory keeps them as hooks.
  const name = calleeName(holder) ?? '';
  return !HOOK_FACTORY_NAME_RE.test(name);
}

/** Calls that build something configured by the functions they are handed, rather than run them. */
const HOOK_FACTORY_NAME_RE = /^([A-Z]|(create|define|make|build|configure|init|setup|register|use|with)(?=[A-Z]|$))/;

export function bindingSource(element: ts.BindingElement): ts.Expression | undefined {
  const initializer = bindingDeclaration(element)?.initializer;
  return initializer ? unwrapExpression(initializer) : undefined;
}

export function skipAwait(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent))) current = current.parent;
  return current;
}

export function isAwaited(node: ts.Node): boolean {
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
export function chainRoot(expression: ts.Expression): ts.Expression {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return current;
}

export function returnsValue(fn: FunctionNode): boolean {
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

export function isEquality(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
}

/** A secret value itself (an env read, or a string built from one), not something computed with it. */
export function isSecretValue(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isPropertyAccessExpression(value) || ts.isIdentifier(value) || ts.isElementAccessExpression(value)) return true;
  if (ts.isTemplateExpression(value) || ts.isNoSubstitutionTemplateLiteral(value)) return true;
  if (ts.isBinaryExpression(value)) return isSecretValue(value.left) && isSecretValue(value.right);
  return ts.isStringLiteral(value);
}

export function isReturned(node: ts.Node): boolean {
  const parent = skipAwait(node).parent;
  return !!parent && (ts.isReturnStatement(parent) || ts.isArrowFunction(parent) || ts.isVariableDeclaration(parent));
}

export function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isBindingElement(parent) && parent.propertyName === node)
  );
}

export function enclosingFunction(node: ts.Node): ts.Node | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current;
}

export function hasOption(call: ts.CallExpression, key: string, value: string | boolean): boolean {
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

export function callText(call: ts.CallExpression): string {
  const path = memberPath(call.expression);
  return `${truncate(path ? path.join('.') : '…')}()`;
}

export function truncate(text: string, max = 60): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > max ? single.slice(0, max - 1) + '…' : single;
}


export function isRelational(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.LessThanToken || kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.LessThanEqualsToken || kind === ts.SyntaxKind.GreaterThanEqualsToken;
}

/** A throw inside a `try` that has a `catch` (in the same function) does not leave the function as it is. */
export function insideTryWithCatch(node: ts.Node, fn: ts.Node): boolean {
  return catchingTry(node, fn) !== undefined;
}

/** The innermost `try` of this function whose `catch` receives what `node` throws. */
function catchingTry(node: ts.Node, fn: ts.Node): (ts.TryStatement & { catchClause: ts.CatchClause }) | undefined {
  for (let current: ts.Node = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) return parent as ts.TryStatement & { catchClause: ts.CatchClause };
  }
  return undefined;
}

/**
 * What a `catch` makes of a throwing check inside its `try`: `falls-through` when it neither throws, stops nor
 * returns (`catch (e) { log(e) }`: the code after the try runs anyway), `plain-value` when it only returns a literal
 * (`catch { return 'verification_error' }`: a helper that turns the failure into a value its caller may ignore).
 */
export function caughtFailure(node: ts.Node, fn: ts.Node): 'falls-through' | 'plain-value' | undefined {
  const tryStatement = catchingTry(node, fn);
  if (!tryStatement) return undefined;
  let stops = false;
  let returnsLiteral = false;
  const visit = (child: ts.Node): void => {
    if (stops || isFunctionNode(child)) return;
    if (ts.isThrowStatement(child) || (ts.isExpressionStatement(child) && isTerminatorCall(child))) stops = true;
    else if (ts.isReturnStatement(child)) {
      if (child.expression && isPlainLiteral(unwrapExpression(child.expression))) returnsLiteral = true;
      else stops = true;
    } else ts.forEachChild(child, visit);
  };
  visit(tryStatement.catchClause.block);
  if (stops) return undefined;
  // A catch that only logs, on a try that ends the function: the function returns undefined, nothing else runs.
  return returnsLiteral || endsFunction(tryStatement, fn) ? 'plain-value' : 'falls-through';
}

function endsFunction(statement: ts.Statement, fn: ts.Node): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  return !!body && ts.isBlock(body) && statement.parent === body && body.statements[body.statements.length - 1] === statement;
}

/** A check that stops by throwing (a call, a declaration from one, `if (…) throw`), not by returning (`if (!user) return null`). */
export function stopsByThrowing(node: ts.Node): boolean {
  if (!ts.isIfStatement(node)) return true;
  const first = ts.isBlock(node.thenStatement) ? node.thenStatement.statements[0] : node.thenStatement;
  return !!first && ts.isThrowStatement(first);
}

function isPlainLiteral(value: ts.Expression): boolean {
  return ts.isStringLiteralLike(value) || ts.isNumericLiteral(value) || value.kind === ts.SyntaxKind.FalseKeyword
    || value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined');
}

export function containsJsonStringify(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(child) && memberPath(child.expression)?.join('.') === 'JSON.stringify') found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

export const MENTION_RES = { origin: /origin|referr?er|sec-fetch|host/i, size: /\.size\b/ };
export const fileMentions = new WeakMap<ts.SourceFile, Partial<Record<keyof typeof MENTION_RES, boolean>>>();

/** Whether a file names an origin header (or a `.size`) at all: most do not, and then no expression needs a look. */
export function mentions(sourceFile: ts.SourceFile, what: keyof typeof MENTION_RES): boolean {
  let known = fileMentions.get(sourceFile);
  if (!known) fileMentions.set(sourceFile, (known = {}));
  return (known[what] ??= MENTION_RES[what].test(sourceFile.text));
}

/**
 * `fetch(url, init)`, and the same request made through a client that adds its credential to it
 * (`authClient.fetchWithAuth(url, init)`, `session.fetch(url, init)`): the method in `init` decides.
 */
export function isFetchCall(name: string, path: readonly string[] | undefined): boolean {
  if (!path || path.length === 1) return name === 'fetch';
  return path.length === 2 && path[0] !== 'this' && /^fetch(With[A-Z]\w*)?$/.test(name);
}
