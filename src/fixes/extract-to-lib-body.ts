/**
 * Reads an action or route handler body the way "Extract to /lib" splits it:
 *
 *   prefix  — what stays in front: the auth guard (identity read + the check that stops), input reads
 *             (FormData, `request.json()`, params) and their validation;
 *   middle  — the domain logic that moves to lib;
 *   suffix  — what stays behind: revalidation/redirect calls and the final `return` (the response).
 *
 * Then it works out what the moved code needs from its old home: every FormData read and prefix variable
 * becomes a typed input field, the session's user id a parameter, imports move along, and the variables
 * the suffix still uses come back as the lib function's result. Anything that cannot move safely (an early
 * `return` in the middle, a helper declared in the same file, the raw request) refuses with the reason.
 */
import ts from 'typescript';
import { boundNames, memberPath } from '../analyzers/ast';
import { IDENTITY_MEMBER_RE, IDENTITY_NAME_RE, IDENTITY_SHAPE_RE, REVALIDATION_CALLS, SELF_GUARD_MEMBER_CHAINS, SELF_GUARD_NAME_RE, TERMINATOR_CALLS } from '../analyzers/knowledge';
import type { TextEdit } from './edits';
import { type ObjectField, UNKNOWN, type ValueType, typeFromNode, zodType } from './refactor-types';
import { camelCase, isIdentifierName, uniqueName } from './refactor-project';
import { type FunctionNode, bodyStatements } from './source';

export type BindingKind =
  | 'form-data' // the action's FormData parameter, or `await request.formData()`
  | 'search-params' // a route's URL query (`new URL(request.url).searchParams`, `request.nextUrl.searchParams`)
  | 'request' // a route handler's request
  | 'route-context' // a route handler's second parameter, or its `params`
  | 'value' // any other parameter
  | 'parsed-input' // a wrapper's validated input (next-safe-action `parsedInput`, zsa `input`)
  | 'ctx' // a wrapper's context (its middleware put the user there)
  | 'identity' // the session/user read by the auth guard
  | 'identity-id' // the user id itself (`const { userId } = await auth()`)
  | 'input' // a prefix variable read from the input
  | 'resource'; // a prefix variable built from nothing local (`const supabase = await createClient()`)

export interface Binding {
  name: string;
  kind: BindingKind;
  type: ValueType;
  optional: boolean;
  /** The form field (or JSON key) the value was read from. */
  key?: string;
  statement?: ts.Statement;
  /** `parsed = schema.safeParse(…)`: `parsed.data` is the validated value of `schema`. */
  safeParseOf?: SchemaRef;
  /** For identity bindings: the call that read it. */
  identityCall?: ts.CallExpression;
}

/** A zod schema the input was validated with: imported (`module` set) or declared/written in the file. */
export interface SchemaRef {
  name: string;
  module?: string;
  /** The schema expression, when it is written in this file. */
  expression?: ts.Expression;
}

export interface ImportedName {
  local: string;
  module: string;
  /** 'default', '*' or the exported name. */
  imported: string;
  typeOnly: boolean;
  declaration: ts.ImportDeclaration;
  specifier?: ts.ImportSpecifier;
}

export interface InputField {
  name: string;
  /** Form/JSON key the route handler reads it from. */
  key: string;
  type: ValueType;
  optional: boolean;
  /** What the action passes for it (source text). */
  value: string;
}

export interface Lifted {
  /** The expression whose value the lib function now returns. */
  expression: ts.Expression;
  /** True when it is the whole `return` expression; false when it is the body of `Response.json(…)`. */
  whole: boolean;
}

export interface BodyPlan {
  sourceFile: ts.SourceFile;
  fn: FunctionNode;
  /** The statements whose span is replaced by the call (empty when only a returned expression moves). */
  middle: ts.Statement[];
  /** Prefix statements that move too (resources the guard does not need). */
  movedResources: ts.Statement[];
  /** Prefix resources the moved code needs as well: re-created at the top of the lib function. */
  copiedResources: ts.Statement[];
  lifted?: Lifted;
  /** Statements after the logic (revalidation, the response), the try block's first. */
  suffix: ts.Statement[];
  prefix: ts.Statement[];
  fields: InputField[];
  /** The validated input passed whole (wrapper `parsedInput`, `parsed.data`). */
  wholeInput?: { name: string; type: ValueType; value: string };
  userId?: { name: string; value: string };
  identityParams: { name: string; type: string | undefined; value: string }[];
  results: string[];
  imports: ImportedName[];
  /** Edits on the source text, inside the moved ranges, that make the moved code use its parameters. */
  replacements: TextEdit[];
  /** Names declared anywhere in the moved code (new names must not clash with them). */
  movedNames: Set<string>;
}

export type BodyResult = { ok: true; plan: BodyPlan } | { ok: false; reason: string; thin?: ThinCall };

/** An action that already just calls a lib function: the call, for the route handler conversion. */
export interface ThinCall {
  call: ts.CallExpression;
  /** Local name of the function, or of the namespace (`posts` in `posts.createPost`). */
  local: string;
  /** The exported function's name. */
  exported: string;
  module: string;
  prefix: ts.Statement[];
  suffix: ts.Statement[];
}

const INPUT_CALLS = new Set([
  'get', 'getAll', 'has', 'json', 'formData', 'text', 'parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'fromEntries', 'String', 'Number', 'Boolean',
  'parseInt', 'parseFloat', 'trim', 'toLowerCase', 'toUpperCase', 'toString', 'slice', 'split', 'URL', 'URLSearchParams', 'catch', 'entries', 'keys',
  'values', 'from', 'isArray', 'isNaN', 'isFinite', 'includes', 'startsWith', 'endsWith', 'Date', 'toISOString', 'valueOf', 'at', 'map', 'filter',
]);
const ID_PROPERTIES = new Set(['userId', 'id', 'uid', 'sub', 'user_id']);
/** Member paths (after the identity variable) that are the user id. */
const ID_PATHS = ['user.id', 'id', 'userId', 'sub', 'user.userId', 'session.user.id', 'session.userId', 'claims.sub', 'user.sub'];
const TRANSPORT_CALLS = new Set(['Response.json', 'NextResponse.json', 'NextResponse.redirect', 'Response.redirect', 'NextResponse.next', 'Response.error', 'redirect', 'permanentRedirect', 'JSON.stringify', 'String', 'Number', 'Boolean']);
const TRANSPORT_CONSTRUCTORS = new Set(['Response', 'NextResponse']);
const SCHEMA_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync']);

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAwaitExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return current;
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isClassLike(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isConstructorDeclaration(node);
}

/** True when an identifier stands for a value or type (not a property name, a label or a declaration's name). */
export function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if (
    (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent) ||
      ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isEnumMember(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent) ||
      ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent) || ts.isClassExpression(parent) || ts.isBindingElement(parent) ||
      ts.isTypeParameterDeclaration(parent) || ts.isInterfaceDeclaration(parent) || ts.isTypeAliasDeclaration(parent) || ts.isEnumDeclaration(parent) ||
      ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isExportSpecifier(parent) || ts.isJsxAttribute(parent) ||
      ts.isModuleDeclaration(parent)) &&
    (parent as ts.NamedDeclaration).name === id
  ) {
    return false;
  }
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent) || ts.isMetaProperty(parent)) return false;
  if ((ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent) || ts.isJsxClosingElement(parent)) && parent.tagName === id && /^[a-z]/.test(id.text)) return false;
  return true;
}

/** Names a binding name binds (`{ a, b: { c } }` → a, c). */
export function bindingNames(name: ts.BindingName): string[] {
  return boundNames(name).map((id) => id.text);
}

/** Names a piece of code declares anywhere inside it (variables, parameters, functions, classes, catch variables). */
export function declaredIn(nodes: readonly ts.Node[]): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) addBinding(node.name);
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) names.add(node.name.text);
    if (ts.isTypeParameterDeclaration(node)) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return names;
}

/** Identifiers in reference position inside `nodes` that are not declared inside them. */
export function freeReferences(nodes: readonly ts.Node[]): ts.Identifier[] {
  const declared = declaredIn(nodes);
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && isReference(node) && !declared.has(node.text)) found.push(node);
    ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return found;
}

function callName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function calleePath(call: ts.CallExpression | ts.NewExpression): string {
  return (memberPath(call.expression) ?? []).join('.');
}

function callsIn(node: ts.Node): (ts.CallExpression | ts.NewExpression)[] {
  const calls: (ts.CallExpression | ts.NewExpression)[] = [];
  const visit = (child: ts.Node): void => {
    if (ts.isCallExpression(child) || ts.isNewExpression(child)) calls.push(child);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return calls;
}

function containsAwait(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || isFunctionLike(child)) return;
    if (ts.isAwaitExpression(child)) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

export function isIdentityCall(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return IDENTITY_NAME_RE.test(callee.text) || SELF_GUARD_NAME_RE.test(callee.text) || IDENTITY_SHAPE_RE.test(callee.text);
  const path = calleePath(call);
  if (SELF_GUARD_MEMBER_CHAINS.some((pattern) => pattern.test(path))) return true;
  const name = callName(call) ?? '';
  return IDENTITY_MEMBER_RE.test(name) && /(^|\.)(auth|api)\./.test(path);
}

function isSelfGuardCall(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return SELF_GUARD_NAME_RE.test(callee.text);
  return SELF_GUARD_MEMBER_CHAINS.some((pattern) => pattern.test(calleePath(call)));
}

function callOf(expression: ts.Expression): ts.CallExpression | undefined {
  const inner = unwrap(expression);
  return ts.isCallExpression(inner) ? inner : undefined;
}

/** `throw`, `return`, `redirect(…)`/`notFound()`…, or a block ending in one. */
function terminates(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.length > 0 && terminates(statement.statements[statement.statements.length - 1]);
  if (ts.isExpressionStatement(statement)) {
    const call = callOf(statement.expression);
    return !!call && TERMINATOR_CALLS.has(callName(call) ?? '');
  }
  return false;
}

function isRevalidation(statement: ts.Statement): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  const call = callOf(statement.expression);
  const callee = call && unwrap(call.expression);
  return !!callee && ts.isIdentifier(callee) && REVALIDATION_CALLS.has(callee.text);
}

/** True when an expression only shapes values already computed (no await, no call but Response helpers). */
function isTransportOnly(expression: ts.Node): boolean {
  let ok = true;
  const visit = (node: ts.Node): void => {
    if (!ok || isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node) || ts.isTaggedTemplateExpression(node)) ok = false;
    else if (ts.isCallExpression(node) && !TRANSPORT_CALLS.has(calleePath(node))) ok = false;
    else if (ts.isNewExpression(node) && !TRANSPORT_CONSTRUCTORS.has(calleePath(node))) ok = false;
    else ts.forEachChild(node, visit);
  };
  visit(expression);
  return ok;
}

function isResponseCall(expression: ts.Expression): expression is ts.CallExpression | ts.NewExpression {
  if (ts.isCallExpression(expression)) return ['Response.json', 'NextResponse.json'].includes(calleePath(expression));
  return ts.isNewExpression(expression) && TRANSPORT_CONSTRUCTORS.has(calleePath(expression));
}

/** What the body's final `return` hands back from the moved logic, if anything. */
function liftOf(statement: ts.Statement | undefined): Lifted | undefined {
  if (!statement || !ts.isReturnStatement(statement) || !statement.expression) return undefined;
  const expression = statement.expression;
  if (isTransportOnly(expression)) return undefined;
  const inner = unwrap(expression);
  if (isResponseCall(inner)) {
    const [first, ...rest] = inner.arguments ?? [];
    if (first && rest.every(isTransportOnly)) return { expression: first, whole: false };
  }
  return { expression, whole: true };
}

export interface ModuleInfo {
  imports: Map<string, ImportedName>;
  /** Top-level declarations of the file (not imports): the moved code cannot reach them from lib. */
  locals: Map<string, ts.Node>;
}

export function moduleInfo(sourceFile: ts.SourceFile): ModuleInfo {
  const imports = new Map<string, ImportedName>();
  const locals = new Map<string, ts.Node>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const clause = statement.importClause;
      const module = statement.moduleSpecifier.text;
      if (clause.name) imports.set(clause.name.text, { local: clause.name.text, module, imported: 'default', typeOnly: clause.isTypeOnly, declaration: statement });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { local: bindings.name.text, module, imported: '*', typeOnly: clause.isTypeOnly, declaration: statement });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          imports.set(element.name.text, {
            local: element.name.text,
            module,
            imported: (element.propertyName ?? element.name).text,
            typeOnly: clause.isTypeOnly || element.isTypeOnly,
            declaration: statement,
            specifier: element,
          });
        }
      }
      continue;
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) for (const name of bindingNames(declaration.name)) locals.set(name, declaration);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      locals.set(statement.name.text, statement);
    }
  }
  return { imports, locals };
}

/** The schema expression a local name stands for (`const schema = z.object(…)`). */
function localExpression(info: ModuleInfo, name: string): ts.Expression | undefined {
  const declaration = info.locals.get(name);
  return declaration && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) ? declaration.initializer : undefined;
}

function schemaRef(expression: ts.Expression, info: ModuleInfo): SchemaRef | undefined {
  const target = unwrap(expression);
  if (ts.isIdentifier(target)) {
    const imported = info.imports.get(target.text);
    if (imported && !imported.typeOnly) return { name: target.text, module: imported.module };
    const local = localExpression(info, target.text);
    return local ? { name: target.text, expression: local } : undefined;
  }
  if (ts.isCallExpression(target)) return { name: '', expression: target };
  return undefined;
}

/** The type of a value validated by a schema: structural when it is written here, `z.infer` when imported. */
function schemaType(schema: SchemaRef, info: ModuleInfo, property?: string): { type: ValueType; optional: boolean } {
  if (schema.expression) {
    const read = zodType(schema.expression, (name) => localExpression(info, name));
    if (read && property === undefined) return read;
    if (read && read.type.kind === 'object') {
      const field = read.type.fields.find((item) => item.name === property);
      if (field) return { type: field.type, optional: field.optional };
    }
    return { type: UNKNOWN, optional: false };
  }
  if (schema.module) return { type: { kind: 'schema', schema: schema.name, module: schema.module, ...(property !== undefined && { property }) }, optional: false };
  return { type: UNKNOWN, optional: false };
}

/** A FormData read: `formData.get('title')`, with the cast or conversion around it. */
interface FormRead {
  node: ts.Expression;
  key: string;
  type: ValueType;
}

function formReadAt(call: ts.CallExpression, scope: Map<string, Binding>, sourceFile: ts.SourceFile): FormRead | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !['get', 'getAll'].includes(callee.name.text)) return undefined;
  const receiver = unwrap(callee.expression);
  const source = ts.isIdentifier(receiver) ? scope.get(receiver.text)?.kind : undefined;
  if (source !== 'form-data' && source !== 'search-params') return undefined;
  const [keyArgument] = call.arguments;
  if (!keyArgument || !ts.isStringLiteralLike(keyArgument)) return undefined;
  const all = callee.name.text === 'getAll';
  const element: ValueType = source === 'search-params' ? { kind: 'string' } : { kind: 'form-value' };
  let node: ts.Expression = call;
  let type: ValueType = all ? { kind: 'array', of: element } : { ...element, nullable: true };
  // Climb through the conversions that fix the value's type.
  for (;;) {
    const parent: ts.Node = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent)) {
      node = parent;
      if (ts.isNonNullExpression(parent)) type = { ...type, nullable: false };
      continue;
    }
    if ((ts.isAsExpression(parent) || ts.isTypeAssertionExpression(parent)) && parent.expression === node) {
      node = parent;
      type = typeFromNode(parent.type, sourceFile).type;
      continue;
    }
    if (ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === node && ts.isIdentifier(parent.expression)) {
      const converted: Record<string, ValueType> = { String: { kind: 'string' }, Number: { kind: 'number' }, parseInt: { kind: 'number' }, parseFloat: { kind: 'number' }, Boolean: { kind: 'boolean' } };
      const next = converted[parent.expression.text];
      if (!next) break;
      node = parent;
      type = next;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'toString' && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      node = parent.parent;
      type = { kind: 'string', ...(parent.questionDotToken && { nullable: true }) };
      continue;
    }
    break;
  }
  return { node, key: keyArgument.text, type };
}

/** The type of a prefix variable's initializer, from what it is written as. */
function initializerType(initializer: ts.Expression, scope: Map<string, Binding>, info: ModuleInfo, sourceFile: ts.SourceFile): { type: ValueType; optional: boolean; key?: string } {
  const expression = ts.isParenthesizedExpression(initializer) ? initializer.expression : initializer;
  if (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression)) {
    const read = typeFromNode(expression.type, sourceFile);
    const inner = ts.isAsExpression(expression) ? formReadIn(expression.expression, scope, sourceFile) : undefined;
    return { ...read, ...(inner && { key: inner.key }) };
  }
  const read = formReadIn(expression, scope, sourceFile);
  if (read && read.node === expression) return { type: read.type, optional: false, key: read.key };
  if (ts.isStringLiteralLike(expression) || ts.isTemplateExpression(expression)) return { type: { kind: 'string' }, optional: false };
  if (ts.isNumericLiteral(expression)) return { type: { kind: 'number' }, optional: false };
  if (expression.kind === ts.SyntaxKind.TrueKeyword || expression.kind === ts.SyntaxKind.FalseKeyword || ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    return { type: { kind: 'boolean' }, optional: false };
  }
  if (ts.isBinaryExpression(expression) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(expression.operatorToken.kind)) {
    return { type: { kind: 'boolean' }, optional: false };
  }
  const call = callOf(expression);
  if (call) {
    const name = callName(call);
    const inner = call.arguments[0] && formReadIn(call.arguments[0], scope, sourceFile);
    const key = inner?.key;
    if (name === 'String' || name === 'toString' || name === 'trim' || name === 'toLowerCase' || name === 'toUpperCase') return { type: { kind: 'string' }, optional: false, ...(key && { key }) };
    if (name === 'Number' || name === 'parseInt' || name === 'parseFloat') return { type: { kind: 'number' }, optional: false, ...(key && { key }) };
    if (name === 'Boolean') return { type: { kind: 'boolean' }, optional: false, ...(key && { key }) };
    if (name && SCHEMA_METHODS.has(name) && ts.isPropertyAccessExpression(call.expression) && !name.startsWith('safe')) {
      const schema = schemaRef(call.expression.expression, info);
      if (schema) return { ...schemaType(schema, info), ...(key && { key }) };
    }
  }
  if (ts.isIdentifier(expression)) {
    const binding = scope.get(expression.text);
    if (binding) return { type: binding.type, optional: binding.optional, ...(binding.key && { key: binding.key }) };
  }
  return { type: UNKNOWN, optional: false };
}

function formReadIn(expression: ts.Expression, scope: Map<string, Binding>, sourceFile: ts.SourceFile): FormRead | undefined {
  const target = ts.isParenthesizedExpression(expression) ? expression.expression : expression;
  const call = ts.isCallExpression(target) ? target : undefined;
  if (call) {
    const read = formReadAt(call, scope, sourceFile);
    if (read) return { ...read, node: target };
  }
  return undefined;
}

/** `{ id }` out of `await params` / `await context.params`: its type from the parameter's annotation. */
function propertyTypeOf(type: ValueType | undefined, property: string): { type: ValueType; optional: boolean } {
  if (type?.kind === 'object') {
    const field = type.fields.find((item) => item.name === property);
    if (field) return { type: field.type, optional: field.optional };
  }
  if (type?.kind === 'schema' && type.property === undefined) return { type: { ...type, property }, optional: false };
  return { type: UNKNOWN, optional: false };
}

/** Unwraps `Promise<T>` (route params) to T. */
function awaitedTypeNode(node: ts.TypeNode): ts.TypeNode {
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'Promise' && node.typeArguments?.length === 1) return node.typeArguments[0];
  return node;
}

interface Classified {
  role: 'auth' | 'input' | 'resource';
  bindings: Binding[];
}

function bindingsOf(
  name: ts.BindingName,
  kind: BindingKind,
  statement: ts.Statement | undefined,
  typeOf: (property: string | undefined) => { type: ValueType; optional: boolean; key?: string },
): Binding[] {
  if (ts.isIdentifier(name)) return [{ name: name.text, kind, ...(statement && { statement }), ...typeOf(undefined) }];
  const found: Binding[] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element) || element.dotDotDotToken) continue;
    const property = element.propertyName && (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName)) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
    if (ts.isIdentifier(element.name)) {
      const read = ts.isObjectBindingPattern(name) && property !== undefined ? typeOf(property) : { type: UNKNOWN, optional: false };
      found.push({ name: element.name.text, kind, ...(statement && { statement }), ...read, ...(ts.isObjectBindingPattern(name) && property !== undefined && !read.key && { key: property }) });
    } else {
      found.push(...bindingsOf(element.name, kind, statement, () => ({ type: UNKNOWN, optional: false })));
    }
  }
  return found;
}

function classify(statement: ts.Statement, scope: Map<string, Binding>, info: ModuleInfo, sourceFile: ts.SourceFile): Classified | undefined {
  if (ts.isVariableStatement(statement)) {
    const results: Classified[] = [];
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer;
      if (!initializer) return undefined;
      const result = classifyDeclaration(declaration, initializer, statement, scope, info, sourceFile);
      if (!result) return undefined;
      for (const binding of result.bindings) scope.set(binding.name, binding);
      results.push(result);
    }
    if (!results.length || results.some((result) => result.role !== results[0].role)) return undefined;
    return { role: results[0].role, bindings: results.flatMap((result) => result.bindings) };
  }
  if (ts.isExpressionStatement(statement)) {
    const call = callOf(statement.expression);
    if (call && isSelfGuardCall(call)) return { role: 'auth', bindings: [] };
    return undefined;
  }
  if (ts.isIfStatement(statement) && !statement.elseStatement && terminates(statement.thenStatement)) {
    const kinds = freeReferences([statement.expression]).map((id) => scope.get(id.text)?.kind);
    if (kinds.some((kind) => kind === 'identity' || kind === 'identity-id' || kind === 'ctx')) return { role: 'auth', bindings: [] };
    if (kinds.some((kind) => kind !== undefined && kind !== 'resource')) return { role: 'input', bindings: [] };
  }
  return undefined;
}

function classifyDeclaration(
  declaration: ts.VariableDeclaration,
  initializer: ts.Expression,
  statement: ts.Statement,
  scope: Map<string, Binding>,
  info: ModuleInfo,
  sourceFile: ts.SourceFile,
): Classified | undefined {
  const call = callOf(initializer);
  if (call && isIdentityCall(call)) {
    const bindings = ts.isIdentifier(declaration.name)
      ? [{ name: declaration.name.text, kind: 'identity' as const, statement, type: UNKNOWN, optional: false, identityCall: call }]
      : identityBindings(declaration.name, statement, call);
    return { role: 'auth', bindings };
  }
  const references = freeReferences([initializer]).map((id) => scope.get(id.text)).filter((binding): binding is Binding => !!binding);
  const kinds = new Set(references.map((binding) => binding.kind));
  const calls = callsIn(initializer);
  if (kinds.has('identity') || kinds.has('identity-id') || kinds.has('ctx')) {
    if ([...kinds].every((kind) => kind === 'identity' || kind === 'identity-id' || kind === 'ctx') && calls.length === 0) {
      const isId = ts.isIdentifier(declaration.name) && idPathOf(initializer) !== undefined;
      return { role: 'auth', bindings: bindingsOf(declaration.name, isId ? 'identity-id' : 'identity', statement, () => ({ type: isId ? { kind: 'string' } : UNKNOWN, optional: false })) };
    }
    return undefined;
  }
  const inputish = [...kinds].some((kind) => kind !== 'resource');
  if (inputish) {
    if (!calls.every((item) => INPUT_CALLS.has(callName(item) ?? ''))) return undefined;
    const annotation = declaration.type ? typeFromNode(declaration.type, sourceFile) : undefined;
    const inner = unwrap(initializer);
    // `await request.formData()` gives a FormData whose reads become fields, like an action's parameter.
    if (ts.isCallExpression(inner) && callName(inner) === 'formData' && ts.isIdentifier(declaration.name)) {
      return { role: 'input', bindings: [{ name: declaration.name.text, kind: 'form-data', statement, type: { kind: 'form-data' }, optional: false }] };
    }
    // The URL query reads the same way: `searchParams.get('q')` becomes a field.
    const query = searchParamsBinding(declaration.name, inner);
    if (query) return { role: 'input', bindings: [{ name: query, kind: 'search-params', statement, type: { kind: 'search-params' }, optional: false }] };
    const safeParse = ts.isCallExpression(inner) && ['safeParse', 'safeParseAsync'].includes(callName(inner) ?? '') && ts.isPropertyAccessExpression(inner.expression) ? schemaRef(inner.expression.expression, info) : undefined;
    if (safeParse && ts.isIdentifier(declaration.name) && ts.isCallExpression(inner)) {
      const key = inner.arguments[0] ? formReadIn(inner.arguments[0], scope, sourceFile)?.key : undefined;
      return { role: 'input', bindings: [{ name: declaration.name.text, kind: 'input', statement, type: UNKNOWN, optional: false, safeParseOf: safeParse, ...(key && { key }) }] };
    }
    const whole = annotation ?? initializerType(initializer, scope, info, sourceFile);
    const source = ts.isIdentifier(inner) ? scope.get(inner.text)?.type : ts.isPropertyAccessExpression(inner) && inner.name.text === 'params' ? paramsTypeOf(inner, scope) : undefined;
    const parsedSchema = ts.isCallExpression(inner) && SCHEMA_METHODS.has(callName(inner) ?? '') && ts.isPropertyAccessExpression(inner.expression) ? schemaRef(inner.expression.expression, info) : undefined;
    return {
      role: 'input',
      bindings: bindingsOf(declaration.name, 'input', statement, (property) => {
        if (property === undefined) return whole;
        if (parsedSchema) return schemaType(parsedSchema, info, property);
        if (source) return propertyTypeOf(source, property);
        return propertyTypeOf(whole.type, property);
      }),
    };
  }
  // `const supabase = await createClient()`: built from nothing local.
  const target = unwrap(initializer);
  if ((ts.isCallExpression(target) || ts.isNewExpression(target)) && ts.isIdentifier(target.expression) && references.length === 0 && ts.isIdentifier(declaration.name)) {
    return { role: 'resource', bindings: [{ name: declaration.name.text, kind: 'resource', statement, type: UNKNOWN, optional: false }] };
  }
  return undefined;
}

/** `const { searchParams } = new URL(request.url)`, `= request.nextUrl`, `const q = request.nextUrl.searchParams`: the bound name. */
function searchParamsBinding(name: ts.BindingName, initializer: ts.Expression): string | undefined {
  const isUrl = (ts.isNewExpression(initializer) && ts.isIdentifier(initializer.expression) && initializer.expression.text === 'URL') || (ts.isPropertyAccessExpression(initializer) && initializer.name.text === 'nextUrl');
  if (isUrl && ts.isObjectBindingPattern(name) && name.elements.length === 1) {
    const element = name.elements[0];
    const property = (element.propertyName ?? element.name).getText();
    return property === 'searchParams' && ts.isIdentifier(element.name) ? element.name.text : undefined;
  }
  if (ts.isIdentifier(name) && ts.isPropertyAccessExpression(initializer) && initializer.name.text === 'searchParams') return name.text;
  return undefined;
}

function paramsTypeOf(access: ts.PropertyAccessExpression, scope: Map<string, Binding>): ValueType {
  const receiver = unwrap(access.expression);
  const binding = ts.isIdentifier(receiver) ? scope.get(receiver.text) : undefined;
  if (binding?.type.kind === 'object') return binding.type.fields.find((field) => field.name === 'params')?.type ?? UNKNOWN;
  return UNKNOWN;
}

function identityBindings(name: ts.BindingName, statement: ts.Statement, call: ts.CallExpression): Binding[] {
  if (ts.isIdentifier(name)) return [{ name: name.text, kind: 'identity', statement, type: UNKNOWN, optional: false, identityCall: call }];
  const found: Binding[] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (!ts.isIdentifier(element.name)) {
      found.push(...identityBindings(element.name, statement, call));
      continue;
    }
    const property = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
    const isId = ID_PROPERTIES.has(property);
    found.push({ name: element.name.text, kind: isId ? 'identity-id' : 'identity', statement, type: isId ? { kind: 'string' } : UNKNOWN, optional: false, identityCall: call });
  }
  return found;
}

/** `session.user.id` → 'user.id' when the path after the root is a user-id path. */
function idPathOf(expression: ts.Expression): string | undefined {
  const path: string[] = [];
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isNonNullExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
    else if (ts.isPropertyAccessExpression(current)) {
      path.unshift(current.name.text);
      current = current.expression;
    } else break;
  }
  if (!ts.isIdentifier(current)) return undefined;
  const joined = path.join('.');
  return ID_PATHS.includes(joined) ? joined : undefined;
}

export interface ParamsInfo {
  scope: Map<string, Binding>;
  /** The wrapper's schema (`.schema(s)`, `.inputSchema(s)`, zsa `.input(s)`, `validatedAction(s, …)`). */
  wrapperSchema?: SchemaRef;
  wrapped: boolean;
}

const WRAPPER_IDENTITY = /^(user|session|currentUser|viewer|me|authUser)$/;
const WRAPPER_IDENTITY_ID = /^(userId|uid|currentUserId)$/;

/** The wrapper call a function is handed to, and the schema the call chain validates with. */
function wrapperOf(fn: FunctionNode, info: ModuleInfo): { wrapped: boolean; schema?: SchemaRef } {
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  if (!ts.isCallExpression(node.parent) || !node.parent.arguments.includes(node as ts.Expression)) return { wrapped: false };
  let schema: SchemaRef | undefined;
  let call: ts.Expression = node.parent;
  // Walk down the builder chain: client.schema(s).action(fn), procedure.input(s).handler(fn), validatedAction(s, fn).
  for (let depth = 0; depth < 12 && ts.isCallExpression(call); depth++) {
    const method = ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;
    if (method && ['schema', 'inputSchema', 'input'].includes(method) && call.arguments[0]) schema ??= schemaRef(call.arguments[0], info);
    if (!method && !schema) {
      const first = call.arguments.find((argument) => argument !== node);
      if (first && (ts.isIdentifier(first) && /schema$/i.test(first.text) || ts.isCallExpression(first))) schema = schemaRef(first, info);
    }
    call = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : call.expression;
  }
  return { wrapped: true, ...(schema && { schema }) };
}

/** What each parameter of the endpoint's function stands for. */
export function paramsOf(fn: FunctionNode, kind: 'action' | 'route', info: ModuleInfo, sourceFile: ts.SourceFile): ParamsInfo {
  const scope = new Map<string, Binding>();
  const wrapper = wrapperOf(fn, info);
  const add = (binding: Binding) => scope.set(binding.name, binding);
  fn.parameters.forEach((parameter, index) => {
    const annotation = parameter.type ? typeFromNode(parameter.type, sourceFile) : undefined;
    const name = parameter.name;
    if (kind === 'route') {
      if (index === 0 && ts.isIdentifier(name)) add({ name: name.text, kind: 'request', type: UNKNOWN, optional: false });
      else if (ts.isIdentifier(name)) {
        const type = parameter.type && ts.isTypeLiteralNode(parameter.type) ? contextType(parameter.type, sourceFile) : UNKNOWN;
        add({ name: name.text, kind: 'route-context', type, optional: false });
      } else if (ts.isObjectBindingPattern(name)) {
        const type = parameter.type && ts.isTypeLiteralNode(parameter.type) ? contextType(parameter.type, sourceFile) : UNKNOWN;
        for (const element of name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const property = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          const propertyType = type.kind === 'object' ? type.fields.find((field) => field.name === property)?.type ?? UNKNOWN : UNKNOWN;
          add({ name: element.name.text, kind: 'route-context', type: propertyType, optional: false });
        }
      }
      return;
    }
    if (wrapper.wrapped && ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const property = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : '';
        const isInput = property === 'parsedInput' || property === 'input';
        if (isInput && ts.isIdentifier(element.name)) {
          const type = wrapper.schema ? schemaType(wrapper.schema, info) : { type: UNKNOWN, optional: false };
          add({ name: element.name.text, kind: 'parsed-input', ...type, optional: false });
        } else if (isInput && ts.isObjectBindingPattern(element.name)) {
          for (const inner of element.name.elements) {
            if (!ts.isIdentifier(inner.name)) continue;
            const innerProperty = inner.propertyName && ts.isIdentifier(inner.propertyName) ? inner.propertyName.text : inner.name.text;
            const read = wrapper.schema ? schemaType(wrapper.schema, info, innerProperty) : { type: UNKNOWN, optional: false };
            add({ name: inner.name.text, kind: 'value', ...read, key: innerProperty });
          }
        } else if (property === 'ctx' && ts.isIdentifier(element.name)) {
          add({ name: element.name.text, kind: 'ctx', type: UNKNOWN, optional: false });
        } else if (property === 'ctx' && ts.isObjectBindingPattern(element.name)) {
          for (const binding of identityBindingsOfCtx(element.name)) add(binding);
        }
      }
      return;
    }
    if (!ts.isIdentifier(name)) {
      for (const binding of bindingsOf(name, 'value', undefined, (property) => (property ? propertyTypeOf(annotation?.type, property) : { type: UNKNOWN, optional: false }))) add(binding);
      return;
    }
    const isFormData = annotation?.type.kind === 'form-data' || (!annotation && /^(formData|form|fd)$/.test(name.text));
    if (isFormData) add({ name: name.text, kind: 'form-data', type: { kind: 'form-data' }, optional: false });
    else if (wrapper.wrapped && WRAPPER_IDENTITY_ID.test(name.text)) add({ name: name.text, kind: 'identity-id', type: { kind: 'string' }, optional: false });
    else if (wrapper.wrapped && WRAPPER_IDENTITY.test(name.text)) add({ name: name.text, kind: 'identity', type: UNKNOWN, optional: false });
    else if (wrapper.wrapped && index === 0 && wrapper.schema) add({ name: name.text, kind: 'parsed-input', ...schemaType(wrapper.schema, info), optional: false });
    else add({ name: name.text, kind: 'value', type: annotation?.type ?? UNKNOWN, optional: !!parameter.questionToken || !!parameter.initializer || !!annotation?.optional });
  });
  return { scope, wrapped: wrapper.wrapped, ...(wrapper.schema && { wrapperSchema: wrapper.schema }) };
}

function identityBindingsOfCtx(pattern: ts.BindingPattern): Binding[] {
  const found: Binding[] = [];
  for (const element of pattern.elements) {
    if (ts.isOmittedExpression(element) || !ts.isIdentifier(element.name)) continue;
    const property = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
    found.push({ name: element.name.text, kind: ID_PROPERTIES.has(property) ? 'identity-id' : 'identity', type: ID_PROPERTIES.has(property) ? { kind: 'string' } : UNKNOWN, optional: false });
  }
  return found;
}

/** `{ params }: { params: Promise<{ id: string }> }` → { params: { id: string } }. */
function contextType(node: ts.TypeLiteralNode, sourceFile: ts.SourceFile): ValueType {
  const fields: ObjectField[] = [];
  for (const member of node.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isIdentifier(member.name)) continue;
    fields.push({ name: member.name.text, type: typeFromNode(awaitedTypeNode(member.type), sourceFile).type, optional: false });
  }
  return { kind: 'object', fields };
}

interface Partition {
  prefix: ts.Statement[];
  middle: ts.Statement[];
  suffix: ts.Statement[];
  movedResources: ts.Statement[];
  keptResources: ts.Statement[];
}

function partition(statements: readonly ts.Statement[], scope: Map<string, Binding>, info: ModuleInfo, sourceFile: ts.SourceFile): Partition {
  const prefix: ts.Statement[] = [];
  const roles = new Map<ts.Statement, Classified['role']>();
  let index = 0;
  for (; index < statements.length; index++) {
    const classified = classify(statements[index], scope, info, sourceFile);
    if (!classified) break;
    prefix.push(statements[index]);
    roles.set(statements[index], classified.role);
  }
  // A resource only the moved code uses moves with it; one the guard needs stays (and is re-created in lib).
  const movedResources: ts.Statement[] = [];
  const keptResources: ts.Statement[] = [];
  const neededLater = new Set<string>();
  for (let position = prefix.length - 1; position >= 0; position--) {
    const statement = prefix[position];
    if (roles.get(statement) === 'resource') {
      const names = declaredIn([statement]);
      if ([...names].some((name) => neededLater.has(name))) keptResources.unshift(statement);
      else {
        movedResources.unshift(statement);
        for (const name of names) scope.delete(name);
        continue;
      }
    }
    for (const id of freeReferences([statement])) neededLater.add(id.text);
  }
  const kept = prefix.filter((statement) => !movedResources.includes(statement));
  let end = statements.length;
  const suffix: ts.Statement[] = [];
  if (end > index && ts.isReturnStatement(statements[end - 1])) suffix.unshift(statements[--end]);
  while (end > index && isRevalidation(statements[end - 1])) suffix.unshift(statements[--end]);
  return { prefix: kept, middle: statements.slice(index, end), suffix, movedResources, keptResources };
}

function earlyReturn(statements: readonly ts.Statement[]): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isYieldExpression(node)) found = node;
    else ts.forEachChild(node, visit);
  };
  for (const statement of statements) visit(statement);
  return found;
}

function usesThis(nodes: readonly ts.Node[]): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword || (ts.isIdentifier(node) && node.text === 'arguments' && isReference(node))) found = true;
    else if (!(ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node))) ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return found;
}

function rendersJsx(nodes: readonly ts.Node[]): boolean {
  const visit = (node: ts.Node): boolean => ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node) || !!ts.forEachChild(node, visit);
  return nodes.some(visit);
}

function lineOf(sourceFile: ts.SourceFile, node: ts.Node): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** The call an already-thin action makes to an imported function (`await posts.createPost(…)`), if that is all it does. */
function thinCallOf(middle: readonly ts.Statement[], lifted: Lifted | undefined, info: ModuleInfo): ThinCall | undefined {
  let expression: ts.Expression | undefined;
  if (middle.length === 0 && lifted) expression = lifted.expression;
  else if (middle.length === 1 && !lifted) {
    const statement = middle[0];
    if (ts.isExpressionStatement(statement)) expression = statement.expression;
    else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) expression = statement.declarationList.declarations[0].initializer;
  } else if (middle.length === 1 && lifted && ts.isVariableStatement(middle[0])) {
    return undefined;
  }
  const call = expression && callOf(expression);
  if (!call || call.arguments.some(containsAwait)) return undefined;
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) {
    const imported = info.imports.get(callee.text);
    if (imported && imported.imported !== '*') return { call, local: callee.text, exported: imported.imported, module: imported.module } as ThinCall;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const imported = info.imports.get(callee.expression.text);
    if (imported?.imported === '*') return { call, local: callee.expression.text, exported: callee.name.text, module: imported.module } as ThinCall;
  }
  return undefined;
}

/**
 * Splits the body of an endpoint's function and works out the moved code's inputs. `kind` says how to read
 * the parameters (an action's FormData, a route's request and params).
 */
export function planBody(sourceFile: ts.SourceFile, fn: FunctionNode, kind: 'action' | 'route'): BodyResult {
  const info = moduleInfo(sourceFile);
  const params = paramsOf(fn, kind, info, sourceFile);
  const scope = params.scope;
  const body = fn.body;
  if (!body) return { ok: false, reason: 'the function has no body' };

  let statements: readonly ts.Statement[];
  let expressionBody: ts.Expression | undefined;
  if (ts.isBlock(body)) statements = bodyStatements(fn).statements;
  else {
    expressionBody = body;
    statements = [];
  }

  let split: Partition = expressionBody ? { prefix: [], middle: [], suffix: [], movedResources: [], keptResources: [] } : partition(statements, scope, info, sourceFile);
  const prefix = [...split.prefix];
  const keptResources = [...split.keptResources];
  // `try { …logic… } catch { return { error } }`: the logic inside the try moves, the try/catch stays.
  // What follows the try cannot see the try block's variables: only the inner suffix can need results.
  const outerSuffix: ts.Statement[] = [];
  while (split.middle.length === 1 && ts.isTryStatement(split.middle[0])) {
    const inner = partition(split.middle[0].tryBlock.statements, scope, info, sourceFile);
    if (inner.middle.length === 0 && !liftOf(inner.suffix[inner.suffix.length - 1])) break;
    prefix.push(...inner.prefix);
    keptResources.push(...inner.keptResources);
    outerSuffix.unshift(...split.suffix);
    split = { ...inner, prefix, keptResources, movedResources: [...split.movedResources, ...inner.movedResources] };
  }

  const lastSuffix = split.suffix[split.suffix.length - 1];
  const lifted: Lifted | undefined = expressionBody ? (isTransportOnly(expressionBody) ? undefined : { expression: expressionBody, whole: true }) : liftOf(lastSuffix);
  const middle = split.middle;

  const thin = thinCallOf(middle, lifted, info);
  if (thin) {
    return {
      ok: false,
      reason: `${thin.exported}() from '${thin.module}' already holds the logic: there is nothing left to extract`,
      thin: { ...thin, prefix, suffix: [...split.suffix, ...outerSuffix] },
    };
  }
  if (middle.length === 0 && !lifted) return { ok: false, reason: 'the body holds only auth, input validation and revalidation: there is no logic to extract' };

  const early = earlyReturn(middle);
  if (early) return { ok: false, reason: `the logic returns early (line ${lineOf(sourceFile, early)}); move that check above it or into the try/catch first` };

  const movedNodes: ts.Node[] = [...split.movedResources, ...middle, ...(lifted ? [lifted.expression] : [])];
  if (usesThis(movedNodes)) return { ok: false, reason: 'the logic uses `this` or `arguments`, which do not move to a plain function' };
  if (rendersJsx(movedNodes)) return { ok: false, reason: 'the logic renders JSX, which a lib .ts or .js file cannot hold; keep the rendering in the endpoint' };
  const movedNames = declaredIn(movedNodes);

  // Variables the moved statements declare and the code left behind still reads come back as the result.
  const suffixReads = new Set(freeReferences(split.suffix.filter((statement) => !(lifted && statement === lastSuffix && lifted.whole))).map((id) => id.text));
  if (lifted && !lifted.whole && lastSuffix) {
    for (const id of freeReferences([lastSuffix])) if (!(id.pos >= lifted.expression.pos && id.end <= lifted.expression.end)) suffixReads.add(id.text);
  }
  const topLevelDeclared = new Set(middle.filter(ts.isVariableStatement).flatMap((statement) => statement.declarationList.declarations.flatMap((declaration) => bindingNames(declaration.name))));
  for (const statement of middle) if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) topLevelDeclared.add(statement.name.text);
  const results = [...topLevelDeclared].filter((name) => suffixReads.has(name));
  // Code after the try block cannot see the try block's variables, so nothing else needs returning.

  const replacements: TextEdit[] = [];
  const fields: InputField[] = [];
  const fieldNames = new Set<string>();
  const takenName = (name: string) => fieldNames.has(name) || movedNames.has(name) || info.imports.has(name);
  const addField = (field: InputField): InputField => {
    const existing = fields.find((item) => item.value === field.value);
    if (existing) return existing;
    const name = isIdentifierName(field.name) ? field.name : camelCase(field.name) || 'value';
    const unique = uniqueName(name, takenName);
    const made = { ...field, name: unique };
    fieldNames.add(unique);
    fields.push(made);
    return made;
  };

  const imports: ImportedName[] = [];
  const identityParams: BodyPlan['identityParams'] = [];
  let userId: BodyPlan['userId'];
  let wholeInput: BodyPlan['wholeInput'];
  const userIdName = (): string => uniqueName('userId', (candidate) => movedNames.has(candidate) || fieldNames.has(candidate));

  // FormData reads inside the moved code: each distinct read is one field.
  const formReads: FormRead[] = [];
  const visitReads = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const read = formReadAt(node, scope, sourceFile);
      if (read) {
        formReads.push(read);
        return;
      }
    }
    ts.forEachChild(node, visitReads);
  };
  for (const node of movedNodes) visitReads(node);
  const readNodes = new Set<ts.Node>();
  for (const read of formReads) {
    const field = addField({ name: camelCase(read.key) || 'value', key: read.key, type: read.type, optional: false, value: read.node.getText(sourceFile) });
    replacements.push({ start: read.node.getStart(sourceFile), end: read.node.end, newText: field.name });
    readNodes.add(read.node);
  }
  const insideRead = (node: ts.Node) => {
    for (let current: ts.Node | undefined = node; current; current = current.parent) if (readNodes.has(current)) return true;
    return false;
  };

  const fieldOfBinding = new Map<string, InputField>();
  for (const id of freeReferences(movedNodes)) {
    if (insideRead(id)) continue;
    const name = id.text;
    const binding = scope.get(name);
    if (binding) {
      switch (binding.kind) {
        case 'request':
        case 'route-context':
          return { ok: false, reason: `the logic reads \`${name}\` itself (line ${lineOf(sourceFile, id)}); read what it needs into variables above the logic first` };
        case 'form-data':
        case 'search-params': {
          const field = fieldOfBinding.get(name) ?? addField({ name, key: name, type: { kind: binding.kind }, optional: false, value: name });
          fieldOfBinding.set(name, field);
          if (field.name !== name) renameReference(id, field.name, replacements, sourceFile);
          break;
        }
        case 'value':
        case 'input': {
          if (binding.safeParseOf) {
            const access = id.parent;
            if (ts.isPropertyAccessExpression(access) && access.expression === id && access.name.text === 'data') {
              const type = schemaType(binding.safeParseOf, info);
              const field = addField({ name: 'data', key: binding.key ?? '', type: type.type, optional: false, value: access.getText(sourceFile) });
              replacements.push({ start: access.getStart(sourceFile), end: access.end, newText: field.name });
              break;
            }
          }
          const field = fieldOfBinding.get(name) ?? addField({ name, key: binding.key ?? name, type: binding.type, optional: binding.optional, value: name });
          fieldOfBinding.set(name, field);
          if (field.name !== name) renameReference(id, field.name, replacements, sourceFile);
          break;
        }
        case 'parsed-input': {
          const inputName = wholeInput?.name ?? uniqueName('input', (candidate) => movedNames.has(candidate) || fieldNames.has(candidate));
          wholeInput ??= { name: inputName, type: binding.type, value: name };
          if (inputName !== name) renameReference(id, inputName, replacements, sourceFile);
          break;
        }
        case 'identity':
        case 'ctx': {
          const idNode = idUse(id);
          if (idNode) {
            userId ??= { name: userIdName(), value: idNode.getText(sourceFile) };
            replacements.push({ start: idNode.getStart(sourceFile), end: idNode.end, newText: userId.name });
            break;
          }
          if (binding.kind === 'ctx') {
            const use = outermostAccess(id);
            return { ok: false, reason: `the logic uses \`${use.getText(sourceFile)}\` from the action client's context (line ${lineOf(sourceFile, id)}); read it into a variable above the logic first` };
          }
          if (!identityParams.some((param) => param.name === name)) identityParams.push({ name, type: identityType(binding, info), value: name });
          break;
        }
        case 'identity-id':
          userId ??= { name, value: name };
          if (userId.name !== name) renameReference(id, userId.name, replacements, sourceFile);
          break;
        case 'resource':
          break;
      }
      continue;
    }
    const imported = info.imports.get(name);
    if (imported) {
      if (!imports.includes(imported)) imports.push(imported);
      continue;
    }
    if (info.locals.has(name)) {
      const declaration = info.locals.get(name)!;
      return { ok: false, reason: `the logic uses \`${name}\`, declared in this file (line ${lineOf(sourceFile, declaration)}); move it to lib (or export it from a module) first` };
    }
  }
  if (wholeInput && fields.length) {
    // Both a validated object and loose values: the object becomes one more field (already renamed to its name).
    addField({ name: wholeInput.name, key: '', type: wholeInput.type, optional: false, value: wholeInput.value });
    wholeInput = undefined;
  }
  const copiedResources = keptResources.filter((statement) => [...declaredIn([statement])].some((name) => freeReferences(movedNodes).some((id) => id.text === name)));
  for (const statement of copiedResources) {
    for (const id of freeReferences([statement])) {
      const imported = info.imports.get(id.text);
      if (imported && !imports.includes(imported)) imports.push(imported);
    }
  }

  return {
    ok: true,
    plan: {
      sourceFile,
      fn,
      middle,
      movedResources: split.movedResources,
      copiedResources,
      ...(lifted && { lifted }),
      suffix: [...split.suffix, ...outerSuffix],
      prefix,
      fields,
      ...(wholeInput && { wholeInput }),
      ...(userId && { userId }),
      identityParams,
      results,
      imports,
      replacements: dedupeEdits(replacements, sourceFile),
      movedNames,
    },
  };
}

/**
 * `title: formData.get('title')` whose read became `title` reads better as `title`: a replaced property
 * value equal to the property's name collapses to the shorthand.
 */
function shorthand(edits: TextEdit[], sourceFile: ts.SourceFile): TextEdit[] {
  const byStart = new Map<number, TextEdit>();
  for (const edit of edits) byStart.set(edit.start, edit);
  const collapsed: TextEdit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) {
      const value = node.initializer;
      const edit = byStart.get(value.getStart(sourceFile));
      if (edit && edit.end === value.end && edit.newText === node.name.text) {
        collapsed.push({ start: node.getStart(sourceFile), end: node.end, newText: edit.newText });
        byStart.delete(edit.start);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...collapsed, ...byStart.values()];
}

function dedupeEdits(edits: TextEdit[], sourceFile: ts.SourceFile): TextEdit[] {
  const sorted = shorthand(edits, sourceFile).sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TextEdit[] = [];
  for (const edit of sorted) {
    const last = kept[kept.length - 1];
    if (last && edit.start < last.end) continue; // inside an edit already made (a read inside a renamed span)
    kept.push(edit);
  }
  return kept;
}

/** Renames one reference; `{ name }` shorthand becomes `{ name: newName }`. */
function renameReference(id: ts.Identifier, newName: string, replacements: TextEdit[], sourceFile: ts.SourceFile): void {
  if (ts.isShorthandPropertyAssignment(id.parent)) replacements.push({ start: id.getStart(sourceFile), end: id.end, newText: `${id.text}: ${newName}` });
  else replacements.push({ start: id.getStart(sourceFile), end: id.end, newText: newName });
}

/** The node of a user-id read rooted at `id` (`session.user.id`, `user?.id`), if that is what it is. */
function idUse(id: ts.Identifier): ts.Expression | undefined {
  let node: ts.Expression = id;
  for (;;) {
    if (node !== id && idPathOf(node) !== undefined) return node;
    const parent = node.parent;
    if ((ts.isPropertyAccessExpression(parent) && parent.expression === node) || ts.isNonNullExpression(parent)) node = parent;
    else return undefined;
  }
}

function outermostAccess(id: ts.Identifier): ts.Expression {
  let node: ts.Expression = id;
  while ((ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) || ts.isNonNullExpression(node.parent)) node = node.parent;
  return node;
}

/** `NonNullable<Awaited<ReturnType<typeof auth>>>` when the identity came from an imported function. */
function identityType(binding: Binding, info: ModuleInfo): string | undefined {
  const call = binding.identityCall;
  const callee = call && unwrap(call.expression);
  if (!callee || !ts.isIdentifier(callee) || !info.imports.has(callee.text)) return undefined;
  if (binding.statement && ts.isVariableStatement(binding.statement)) {
    const declaration = binding.statement.declarationList.declarations.find((item) => ts.isIdentifier(item.name) && item.name.text === binding.name);
    if (!declaration) return undefined;
  }
  return `NonNullable<Awaited<ReturnType<typeof ${callee.text}>>>`;
}
