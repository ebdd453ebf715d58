/**
 * Quick fix for `missing-auth`: a guard at the top of the action or route handler, before any write. The
 * guard comes from, in order of preference: the user's template (`fixes.authGuard`), the way the app
 * already guards its other endpoints (the analyzer's 'guard' evidence, read back from the source), or the
 * documented pattern of the auth library in package.json. Denying returns what the function already
 * returns for errors (`{ error }`, `{ ok: false, error }`), a 401 for a route handler, or throws.
 */
import ts from 'typescript';
import type { Endpoint } from '../analyzers/model';
import { type TextEdit, lineIndentAt } from './edits';
import { type ImportSpec, addImports, importedLocals, importsHaveSyntaxErrors, parseImportLine } from './imports';
import { type ProjectIndex, findAppFile, resolveSpecifier, specifierFor } from './project';
import {
  type CodeStyle,
  type EndpointRef,
  type FunctionNode,
  bodyIndent,
  bodyStatements,
  declaredNames,
  endpointAmbiguity,
  findEndpointFunction,
  forEachOwnNode,
  hasSyntaxErrorIn,
  insertAfter,
  insertBefore,
  isAsync,
  normalizeStatement,
  parseSource,
  quoted,
  styleOf,
} from './source';

export interface GuardRecipe {
  /** For the title: the project helper's name, the library's, or 'template'. */
  label: string;
  source: 'template' | 'project' | 'library';
  /** Imports the guard needs, with specifiers as the endpoint's file writes them. */
  imports: ImportSpec[];
  /** Statements that read the identity (or guard by themselves), without their semicolons. */
  setup: string[];
  /** The condition under which the request is refused, when the setup only reads the identity. */
  deny?: string;
  /** A template's body lines, inserted as written once `{{unauthorized}}` is expanded. */
  templateBody?: string[];
}

/** The placeholder of `fixes.authGuard` templates: the statement that refuses the request, as the function would write it. */
export const UNAUTHORIZED_PLACEHOLDER = '{{unauthorized}}';

const TERMINATORS = new Set(['redirect', 'permanentRedirect', 'notFound', 'unauthorized', 'forbidden', 'redirectToSignIn']);
/** Names a copied guard may use without importing them. */
const GLOBALS = new Set(['undefined', 'process', 'Date', 'JSON', 'Math', 'Promise', 'Response', 'Request', 'Error', 'URL', 'Headers', 'console', 'Boolean', 'String', 'Number', 'Array', 'Object']);
const MAX_PROJECT_RECIPES = 2;
const MAX_LIBRARY_RECIPES = 2;

// ---------------------------------------------------------------------------------------------------------
// Templates

/**
 * `fixes.authGuard`: lines separated by newlines; lines starting with `import` are merged into the file's
 * imports, the others are inserted at the top of the function (common indentation removed), with
 * `{{unauthorized}}` replaced by the refusal statement. Undefined when an import line does not parse.
 */
export function templateRecipe(template: string): GuardRecipe | undefined {
  const imports: ImportSpec[] = [];
  const body: string[] = [];
  for (const line of template.split(/\r?\n/)) {
    if (/^\s*import\s/.test(line)) {
      const spec = parseImportLine(line.trim());
      if (!spec) return undefined;
      imports.push(spec);
    } else body.push(line.replace(/\s+$/, ''));
  }
  while (body.length && body[0] === '') body.shift();
  while (body.length && body[body.length - 1] === '') body.pop();
  if (!body.length) return undefined;
  const common = Math.min(...body.filter((line) => line.trim()).map((line) => /^\s*/.exec(line)![0].length));
  const firstImported = imports.flatMap((spec) => [spec.defaultName, spec.namespace, ...(spec.names ?? []).map((name) => name.split(/\s+as\s+/).pop()!)]).find(Boolean);
  return { label: firstImported ?? 'template', source: 'template', imports, setup: [], templateBody: body.map((line) => line.slice(common)) };
}

// ---------------------------------------------------------------------------------------------------------
// Guards the project already uses

interface Parsed {
  sourceFile: ts.SourceFile;
  locals: ReturnType<typeof importedLocals>;
}

function lineOf(sourceFile: ts.SourceFile, position: number): number {
  return sourceFile.getLineAndCharacterOfPosition(position).line + 1;
}

function containsLine(node: ts.Node, sourceFile: ts.SourceFile, line: number): boolean {
  return lineOf(sourceFile, node.getStart(sourceFile)) <= line && line <= lineOf(sourceFile, node.getEnd());
}

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) current = current.expression;
  return current;
}

function bindingNames(name: ts.BindingName, into: Set<string>): Set<string> {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, into);
  return into;
}

function declaredBy(statement: ts.Statement): Set<string> {
  const names = new Set<string>();
  if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) bindingNames(declaration.name, names);
  return names;
}

/** Identifiers a piece of code reads that it does not declare (property names and types left out). */
function freeIdentifiers(node: ts.Node): Set<string> {
  const declared = ts.isStatement(node) ? declaredBy(node) : new Set<string>();
  const free = new Set<string>();
  const visit = (current: ts.Node): void => {
    if (ts.isTypeNode(current)) return;
    if (ts.isIdentifier(current)) {
      const parent = current.parent;
      const isName =
        (ts.isPropertyAccessExpression(parent) && parent.name === current) ||
        (ts.isPropertyAssignment(parent) && parent.name === current) ||
        (ts.isBindingElement(parent) && (parent.propertyName === current || parent.name === current)) ||
        (ts.isVariableDeclaration(parent) && parent.name === current);
      if (!isName && !declared.has(current.text)) free.add(current.text);
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return free;
}

function readsAny(node: ts.Node, names: Set<string>): boolean {
  return [...freeIdentifiers(node)].some((name) => names.has(name));
}

/** A branch that ends the request: return, throw, or redirect()/notFound()/unauthorized()… */
function stops(statement: ts.Statement | undefined): boolean {
  if (!statement) return false;
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) return stops(statement.statements[statement.statements.length - 1]);
  if (ts.isExpressionStatement(statement)) {
    const call = unwrap(statement.expression);
    return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && TERMINATORS.has(call.expression.text);
  }
  return false;
}

/** The names calls start from, in source order: `auth.api.getSession(…)` → auth. */
function calledRoots(node: ts.Node): string[] {
  const roots: string[] = [];
  const visit = (current: ts.Node): void => {
    if (ts.isCallExpression(current)) {
      let callee: ts.Expression = unwrap(current.expression);
      while (ts.isCallExpression(callee) || ts.isPropertyAccessExpression(callee)) callee = unwrap(callee.expression);
      if (ts.isIdentifier(callee)) roots.push(callee.text);
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return roots;
}

function isPackage(specifier: string, index: ProjectIndex, fromFile: string): boolean {
  return resolveSpecifier(index, fromFile, specifier) === undefined;
}

const LIBRARY_LABELS: [RegExp, string][] = [
  [/^next-auth(\/|$)/, 'next-auth'],
  [/^@clerk\//, 'Clerk'],
  [/^@supabase\//, 'Supabase'],
  [/^better-auth(\/|$)/, 'better-auth'],
  [/^lucia(\/|$)/, 'Lucia'],
];

/**
 * The guard at the top of one protected endpoint, as a recipe for another file: the guarding statement
 * the evidence points at, the statements it reads from (`const session = await auth()`), and the imports
 * they use, re-written for `targetFile`. Undefined when it uses anything the target would not have.
 */
function recipeFromEndpoint(other: Endpoint, parsed: Parsed, targetFile: string, index: ProjectIndex): GuardRecipe | undefined {
  const { sourceFile, locals } = parsed;
  const fn = findEndpointFunction(sourceFile, other);
  if (!fn?.body || !ts.isBlock(fn.body)) return undefined;
  // Copied from a function the parser recovered from an error, the guard could be broken code.
  if (hasSyntaxErrorIn(sourceFile, fn)) return undefined;
  const guardLines = other.evidence.filter((item) => item.kind === 'guard' && item.file === other.file).map((item) => item.line);
  const statements = bodyStatements(fn).statements;
  const at = statements.findIndex((statement) => guardLines.some((line) => containsLine(statement, sourceFile, line)));
  if (at === -1) return undefined;
  const guard = statements[at];
  let setup: ts.Statement[];
  let check: ts.IfStatement | undefined;
  if (ts.isIfStatement(guard) && stops(guard.thenStatement) && !guard.elseStatement) {
    check = guard;
    setup = [];
  } else if (ts.isVariableStatement(guard)) {
    const names = declaredBy(guard);
    check = statements.slice(at + 1, at + 4).find((statement): statement is ts.IfStatement => ts.isIfStatement(statement) && !statement.elseStatement && stops(statement.thenStatement) && readsAny(statement.expression, names));
    setup = [guard];
  } else if (ts.isExpressionStatement(guard) && ts.isCallExpression(unwrap(guard.expression))) {
    setup = [guard];
  } else return undefined;
  // Pull in the earlier statements the guard reads from (`const supabase = await createClient()`), at most three.
  const needed = (): Set<string> => {
    const free = new Set<string>();
    for (const node of [...setup, ...(check ? [check.expression] : [])]) for (const name of freeIdentifiers(node)) free.add(name);
    for (const statement of setup) for (const name of declaredBy(statement)) free.delete(name);
    return free;
  };
  const first = () => statements.indexOf(setup[0] ?? check!);
  for (let added = 0; added < 3; added++) {
    const free = needed();
    const earlier = statements.slice(0, first()).reverse().find((statement) => ts.isVariableStatement(statement) && [...declaredBy(statement)].some((name) => free.has(name)));
    if (!earlier) break;
    setup = [earlier, ...setup];
  }
  if (readsBindingTooEarly(setup)) return undefined;
  const parameters = new Set<string>();
  for (const parameter of fn.parameters) bindingNames(parameter.name, parameters);
  const imports: ImportSpec[] = [];
  for (const name of needed()) {
    if (parameters.has(name)) return undefined;
    const imported = locals.get(name);
    if (imported) {
      const from = imported.from.startsWith('.') ? specifierFor(index, targetFile, resolveSpecifier(index, other.file, imported.from)!) : imported.from;
      if (imported.imported === 'default') imports.push({ from, defaultName: name });
      else if (imported.imported === '*') imports.push({ from, namespace: name });
      else imports.push({ from, names: [imported.imported === name ? name : `${imported.imported} as ${name}`] });
      continue;
    }
    if (GLOBALS.has(name)) continue;
    const declared = topLevelDeclaration(sourceFile, name);
    if (!declared) return undefined;
    if (other.file === targetFile) continue;
    if (!declared.exported) return undefined;
    imports.push({ from: specifierFor(index, targetFile, other.file), names: [name] });
  }
  // Titled by the first function it calls that the file imports or declares (`requireUser`, `auth`).
  const callee = [...setup, ...(check ? [check.expression] : [])]
    .flatMap((node) => calledRoots(node))
    .find((name) => locals.has(name) || topLevelDeclaration(sourceFile, name) !== undefined);
  const calleeModule = callee ? locals.get(callee)?.from : undefined;
  const library = calleeModule && isPackage(calleeModule, index, other.file) ? LIBRARY_LABELS.find(([re]) => re.test(calleeModule))?.[1] : undefined;
  const text = (statement: ts.Statement) => statement.getText(sourceFile).replace(/;\s*$/, '');
  return {
    label: library ?? callee ?? 'project guard',
    source: 'project',
    imports,
    setup: setup.map((statement) => (ts.isVariableStatement(statement) && !check && statement === setup[setup.length - 1] ? awaitedInitializer(statement, sourceFile) : text(statement))),
    ...(check && { deny: check.expression.getText(sourceFile) }),
  };
}

/**
 * `const { data: { user } } = await user.auth…`, or `const supabase = await user()` before it: a statement reads a
 * name it or a later one declares, before that exists. Broken code, not a guard to copy (renaming it goes wrong).
 */
function readsBindingTooEarly(setup: readonly ts.Statement[]): boolean {
  return setup.some((statement, position) => {
    const declared = new Set(setup.slice(position).flatMap((item) => [...declaredBy(item)]));
    const reads = ts.isVariableStatement(statement) ? statement.declarationList.declarations.flatMap((declaration) => declaration.initializer ?? []) : [statement];
    return reads.some((node) => readsAny(node, declared));
  });
}

/** `const user = await requireUser()` with no check after it: the call guards alone, the binding is not needed. */
function awaitedInitializer(statement: ts.VariableStatement, sourceFile: ts.SourceFile): string {
  const initializer = statement.declarationList.declarations[0]?.initializer;
  return initializer ? initializer.getText(sourceFile) : statement.getText(sourceFile).replace(/;\s*$/, '');
}

function topLevelDeclaration(sourceFile: ts.SourceFile, name: string): { exported: boolean } | undefined {
  for (const statement of sourceFile.statements) {
    const declares = (ts.isFunctionDeclaration(statement) && statement.name?.text === name) || (ts.isVariableStatement(statement) && declaredBy(statement).has(name));
    if (declares) return { exported: ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false) };
  }
  return undefined;
}

function recipeKey(recipe: GuardRecipe): string {
  return JSON.stringify([recipe.setup.map(normalizeStatement), recipe.deny && normalizeStatement(recipe.deny), recipe.imports]);
}

/** The guards the app's protected endpoints use, most common first. */
export function projectRecipes(endpoint: Endpoint, endpoints: readonly Endpoint[], index: ProjectIndex): GuardRecipe[] {
  const parsed = new Map<string, Parsed | undefined>();
  const found = new Map<string, { recipe: GuardRecipe; count: number }>();
  for (const other of endpoints) {
    if (other === endpoint || other.app !== endpoint.app || other.auth !== 'protected' || other.kind === 'pages-api') continue;
    if (!other.evidence.some((item) => item.kind === 'guard' && item.file === other.file)) continue;
    if (!parsed.has(other.file)) {
      const text = index.files.get(other.file);
      const sourceFile = text === undefined ? undefined : parseSource(text, other.file);
      parsed.set(other.file, sourceFile && { sourceFile, locals: importedLocals(sourceFile) });
    }
    const source = parsed.get(other.file);
    const recipe = source && recipeFromEndpoint(other, source, endpoint.file, index);
    if (!recipe) continue;
    const key = recipeKey(recipe);
    const entry = found.get(key);
    if (entry) entry.count++;
    else found.set(key, { recipe, count: 1 });
  }
  return [...found.values()]
    .sort((a, b) => b.count - a.count || (a.recipe.deny?.length ?? 0) - (b.recipe.deny?.length ?? 0))
    .map((entry) => entry.recipe);
}

// ---------------------------------------------------------------------------------------------------------
// Library patterns (shared/auth-and-webhooks.md)

function moduleOf(index: ProjectIndex, targetFile: string, pattern: RegExp, fallback: string): string {
  const file = findAppFile(index, pattern);
  return file ? specifierFor(index, targetFile, file) : fallback;
}

/** The documented guard of each auth library the app depends on. Where the app keeps its own auth module is looked up in its files. */
export function libraryRecipes(targetFile: string, index: ProjectIndex): GuardRecipe[] {
  const recipes: GuardRecipe[] = [];
  const libraries = index.app.authLibraries;
  if (libraries.includes('next-auth') || libraries.includes('@auth/core')) {
    const v5File = findAppFile(index, /export\s+const\s*\{[^}]*\bauth\b[^}]*\}\s*=\s*NextAuth\s*\(/);
    const optionsFile = findAppFile(index, /export\s+(const|let|var)\s+authOptions\b|export\s*\{[^}]*\bauthOptions\b/);
    const v5 = v5File !== undefined || (!optionsFile && index.nextAuthMajor !== 4);
    if (v5) {
      recipes.push({ label: 'Auth.js', source: 'library', imports: [{ from: v5File ? specifierFor(index, targetFile, v5File) : '@/auth', names: ['auth'] }], setup: ['const session = await auth()'], deny: '!session?.user' });
    } else {
      // The options passed to NextAuth are required; when the app's file is not found, lib/auth is the usual home since Next.js 15 rejects extra route exports.
      const options = optionsFile ? specifierFor(index, targetFile, optionsFile) : '@/lib/auth';
      recipes.push({
        label: 'next-auth',
        source: 'library',
        imports: [{ from: 'next-auth', names: ['getServerSession'] }, { from: options, names: ['authOptions'] }],
        setup: ['const session = await getServerSession(authOptions)'],
        deny: '!session',
      });
    }
  }
  if (libraries.includes('@clerk/nextjs')) {
    recipes.push({ label: 'Clerk', source: 'library', imports: [{ from: '@clerk/nextjs/server', names: ['auth'] }], setup: ['const { userId } = await auth()'], deny: '!userId' });
  }
  if (libraries.includes('@supabase/ssr') || libraries.includes('@supabase/auth-helpers-nextjs')) {
    const from = moduleOf(index, targetFile, /export\s+(async\s+)?function\s+createClient\b[\s\S]*createServerClient|createServerClient[\s\S]*export\s+(async\s+)?function\s+createClient\b|export\s+const\s+createClient\b[\s\S]*createServerClient/, '@/utils/supabase/server');
    recipes.push({
      label: 'Supabase',
      source: 'library',
      imports: [{ from, names: ['createClient'] }],
      setup: ['const supabase = await createClient()', 'const { data: { user } } = await supabase.auth.getUser()'],
      deny: '!user',
    });
  }
  if (libraries.includes('better-auth')) {
    const from = moduleOf(index, targetFile, /export\s+const\s+auth\s*=\s*betterAuth\s*\(/, '@/lib/auth');
    recipes.push({
      label: 'better-auth',
      source: 'library',
      imports: [{ from, names: ['auth'] }, { from: 'next/headers', names: ['headers'] }],
      setup: ['const session = await auth.api.getSession({ headers: await headers() })'],
      deny: '!session',
    });
  }
  if (libraries.includes('lucia')) {
    const from = moduleOf(index, targetFile, /export\s+(const|async\s+function|function)\s+validateRequest\b/, '@/lib/auth');
    recipes.push({ label: 'Lucia', source: 'library', imports: [{ from, names: ['validateRequest'] }], setup: ['const { user } = await validateRequest()'], deny: '!user' });
  }
  return recipes;
}

/**
 * The guards to offer for an endpoint, the preferred first: the template alone when one is configured
 * (the setting, else the config file's), else the app's own guards, then the libraries' that differ.
 */
export function authGuardRecipes(endpoint: Endpoint, endpoints: readonly Endpoint[], index: ProjectIndex, template?: string): GuardRecipe[] {
  if (endpoint.kind === 'pages-api') return [];
  const configured = template ?? index.authGuardTemplate;
  const fromTemplate = configured ? templateRecipe(configured) : undefined;
  if (fromTemplate) return [fromTemplate];
  const libraries = libraryRecipes(endpoint.file, index);
  // The app's guard that is exactly a library's documented one (Auth.js `auth()` from its auth.ts) is titled by the library.
  const libraryLabels = new Map(libraries.map((recipe) => [recipeKey(recipe), recipe.label]));
  const project = projectRecipes(endpoint, endpoints, index)
    .slice(0, MAX_PROJECT_RECIPES)
    .map((recipe) => ({ ...recipe, label: libraryLabels.get(recipeKey(recipe)) ?? recipe.label }));
  const keys = new Set(project.map(recipeKey));
  const others = libraries.filter((recipe) => !keys.has(recipeKey(recipe)) && !project.some((item) => item.label === recipe.label));
  return [...project, ...others.slice(0, MAX_LIBRARY_RECIPES)];
}

// ---------------------------------------------------------------------------------------------------------
// The edit

/** How this function says "no": a 401 for a handler, the error object its other returns use, else a throw. */
export function unauthorizedStatement(fn: FunctionNode, kind: Endpoint['kind'], sourceFile: ts.SourceFile, style: CodeStyle): string {
  const message = quoted('Unauthorized', style);
  if (kind !== 'action') {
    const nextResponse = [...importedLocals(sourceFile)].find(([, item]) => item.imported === 'NextResponse' && item.from === 'next/server')?.[0];
    if (nextResponse) return `return ${nextResponse}.json({ error: ${message} }, { status: 401 })`;
    if (/\bResponse\.json\s*\(/.test(sourceFile.text)) return `return Response.json({ error: ${message} }, { status: 401 })`;
    return `return new Response(${message}, { status: 401 })`;
  }
  let shape: ts.ObjectLiteralExpression | undefined;
  forEachOwnNode(fn, (node) => {
    if (shape || !ts.isReturnStatement(node) || !node.expression) return;
    const value = unwrap(node.expression);
    if (!ts.isObjectLiteralExpression(value)) return;
    const names = propertyNames(value);
    const refuses = value.properties.some((property) => ts.isPropertyAssignment(property) && /^(ok|success)$/.test(property.name.getText(sourceFile)) && property.initializer.kind === ts.SyntaxKind.FalseKeyword);
    if (names.has('error') || refuses) shape = value;
  });
  if (!shape) return `throw new Error(${message})`;
  const names = propertyNames(shape);
  const parts: string[] = [];
  for (const property of shape.properties) {
    if (ts.isPropertyAssignment(property) && /^(ok|success)$/.test(property.name.getText(sourceFile)) && property.initializer.kind === ts.SyntaxKind.FalseKeyword) parts.push(`${property.name.getText(sourceFile)}: false`);
  }
  parts.push(names.has('error') || !names.has('message') ? `error: ${message}` : `message: ${message}`);
  return `return { ${parts.join(', ')} }`;
}

function propertyNames(value: ts.ObjectLiteralExpression): Set<string> {
  const names = new Set<string>();
  for (const property of value.properties) {
    if ((ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) names.add(property.name.text);
  }
  return names;
}

/** Renames a declared name in a snippet; `{ user }` becomes `{ user: authUser }`. */
function renameInSnippet(snippet: string, from: string, to: string): string {
  const sourceFile = ts.createSourceFile('snippet.ts', snippet, ts.ScriptTarget.Latest, true);
  const edits: TextEdit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === from) {
      const parent = node.parent;
      const start = node.getStart(sourceFile);
      if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node) || (ts.isBindingElement(parent) && parent.propertyName === node)) {
        // a property name, not the variable
      } else if ((ts.isBindingElement(parent) && !parent.propertyName && ts.isObjectBindingPattern(parent.parent)) || ts.isShorthandPropertyAssignment(parent)) {
        edits.push({ start: node.end, end: node.end, newText: `: ${to}` });
      } else edits.push({ start, end: node.end, newText: to });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  let result = snippet;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

function snippetDeclares(statement: string): Set<string> {
  const sourceFile = ts.createSourceFile('snippet.ts', statement, ts.ScriptTarget.Latest, true);
  const names = new Set<string>();
  for (const node of sourceFile.statements) for (const name of declaredBy(node)) names.add(name);
  return names;
}

/**
 * Whether a statement of the function is the recipe's step, possibly under other names: the same text,
 * or a declaration with the same initializer whose binding has the same shape. Returns the step's
 * names → the function's names.
 */
function sameStatement(step: string, statement: ts.Statement, sourceFile: ts.SourceFile): Map<string, string> | undefined {
  if (normalizeStatement(step) === normalizeStatement(statement.getText(sourceFile))) return new Map();
  const snippet = ts.createSourceFile('snippet.ts', step, ts.ScriptTarget.Latest, true).statements[0];
  const wanted = snippet && ts.isVariableStatement(snippet) && snippet.declarationList.declarations.length === 1 ? snippet.declarationList.declarations[0] : undefined;
  const existing = ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1 ? statement.declarationList.declarations[0] : undefined;
  if (!wanted?.initializer || !existing?.initializer) return undefined;
  if (normalizeStatement(wanted.initializer.getText()) !== normalizeStatement(existing.initializer.getText(sourceFile))) return undefined;
  const names = new Map<string, string>();
  return sameBinding(wanted.name, existing.name, names) ? names : undefined;
}

function sameBinding(wanted: ts.BindingName, existing: ts.BindingName, names: Map<string, string>): boolean {
  if (ts.isIdentifier(wanted)) {
    if (!ts.isIdentifier(existing)) return false;
    names.set(wanted.text, existing.text);
    return true;
  }
  if (ts.isObjectBindingPattern(wanted)) {
    if (!ts.isObjectBindingPattern(existing)) return false;
    const key = (element: ts.BindingElement) => (element.propertyName ?? element.name).getText();
    return wanted.elements.every((element) => {
      const other = existing.elements.find((item) => key(item) === key(element));
      return other !== undefined && !element.dotDotDotToken && !other.dotDotDotToken && sameBinding(element.name, other.name, names);
    });
  }
  if (!ts.isArrayBindingPattern(existing)) return false;
  return wanted.elements.every((element, position) => {
    const other = existing.elements[position];
    if (ts.isOmittedExpression(element)) return true;
    return other !== undefined && !ts.isOmittedExpression(other) && sameBinding(element.name, other.name, names);
  });
}

/**
 * The recipe against the statements the function already has: a step it already runs before `limit` (an
 * identity read it never checks) is reused under the names the function gave it, not repeated.
 */
function reuseExisting(recipe: GuardRecipe, statements: readonly ts.Statement[], limit: number, sourceFile: ts.SourceFile) {
  const remaining: string[] = [];
  const reused = new Set<string>();
  const renames = new Map<string, string>();
  const renamed = (snippet: string) => [...renames].reduce((current, [from, to]) => renameInSnippet(current, from, to), snippet);
  let anchor: ts.Statement | undefined;
  let searchFrom = 0;
  for (const original of recipe.setup) {
    const step = renamed(original);
    let match: { position: number; names: Map<string, string> } | undefined;
    // Each step reads what the one before made: after a missing step, a look-alike statement reads another value.
    for (let position = searchFrom; position < limit && !match && !remaining.length; position++) {
      const names = sameStatement(step, statements[position], sourceFile);
      if (names) match = { position, names };
    }
    if (!match) {
      remaining.push(step);
      continue;
    }
    anchor = statements[match.position];
    searchFrom = match.position + 1;
    for (const name of declaredBy(anchor)) reused.add(name);
    for (const [from, to] of match.names) if (from !== to) renames.set(from, to);
  }
  const deny = recipe.deny === undefined ? undefined : renamed(recipe.deny);
  const checked = deny !== undefined && statements.some((statement) => ts.isIfStatement(statement) && normalizeStatement(statement.expression.getText(sourceFile)) === normalizeStatement(deny));
  return { remaining, reused, anchor, deny, checked };
}

/** Where `async` goes so `await` is allowed in a function that is not async yet. */
function asyncInsertion(fn: FunctionNode, sourceFile: ts.SourceFile): TextEdit {
  let start = fn.getStart(sourceFile);
  const modifiers = ts.canHaveModifiers(fn) ? ts.getModifiers(fn) : undefined;
  if (modifiers?.length) start = sourceFile.text.slice(modifiers[modifiers.length - 1].end).search(/\S/) + modifiers[modifiers.length - 1].end;
  return { start, end: start, newText: 'async ' };
}

/**
 * Edits that add the recipe's guard to the endpoint's function; none when it is already there. With the
 * endpoint's evidence, a statement after its first write is never taken as the guard's start.
 */
export function addAuthGuard(text: string, file: string, endpoint: EndpointRef & Partial<Pick<Endpoint, 'file' | 'evidence'>>, recipe: GuardRecipe): TextEdit[] {
  const sourceFile = parseSource(text, file);
  const fn = findEndpointFunction(sourceFile, endpoint);
  if (!fn?.body || endpointAmbiguity(sourceFile, endpoint)) return [];
  // In a function the parser recovered from an error, where a statement ends is a guess: adding one can break more.
  if (hasSyntaxErrorIn(sourceFile, fn)) return [];
  const style = styleOf(sourceFile);
  const indent = bodyIndent(fn, sourceFile, style);
  const unauthorized = unauthorizedStatement(fn, endpoint.kind, sourceFile, style);
  const { directives, statements } = bodyStatements(fn);
  let lines: string[];
  let anchor: ts.Statement | undefined;

  if (recipe.templateBody) {
    lines = recipe.templateBody.map((line) => line.split(UNAUTHORIZED_PLACEHOLDER).join(unauthorized));
    const present = new Set(fn.body.getText(sourceFile).split(/\r?\n/).map(normalizeStatement));
    if (lines.every((line) => !line.trim() || present.has(normalizeStatement(line)))) return [];
  } else {
    const writeLines = (endpoint.evidence ?? []).filter((item) => item.kind === 'mutation' && item.file === endpoint.file).map((item) => item.line);
    const firstWriteAt = statements.findIndex((statement) => writeLines.some((line) => containsLine(statement, sourceFile, line)));
    // The whole guard anywhere means it is there already (the model's lines may be older than the text);
    // otherwise only statements before the first write can start it.
    const everywhere = reuseExisting(recipe, statements, statements.length, sourceFile);
    if (everywhere.remaining.length === 0 && (everywhere.deny === undefined || everywhere.checked)) return [];
    const beforeWrite = reuseExisting(recipe, statements, firstWriteAt === -1 ? statements.length : firstWriteAt, sourceFile);
    const { remaining, reused } = beforeWrite;
    let { checked, deny } = beforeWrite;
    anchor = beforeWrite.anchor;
    const taken = declaredNames(fn);
    for (const name of reused) taken.delete(name);
    for (const name of remaining.flatMap((step) => [...snippetDeclares(step)])) {
      if (!taken.has(name)) continue;
      let fresh = `auth${name[0].toUpperCase()}${name.slice(1)}`;
      for (let suffix = 2; taken.has(fresh); suffix++) fresh = `auth${name[0].toUpperCase()}${name.slice(1)}${suffix}`;
      for (let position = 0; position < remaining.length; position++) remaining[position] = renameInSnippet(remaining[position], name, fresh);
      if (deny !== undefined) deny = renameInSnippet(deny, name, fresh);
      taken.add(fresh);
    }
    // A renamed identity is a new variable: the function's check of its own one does not check it.
    if (deny !== beforeWrite.deny) checked = false;
    lines = remaining.map((step) => step + style.semi);
    if (deny !== undefined && !checked) lines.push(`if (${deny}) ${unauthorized}${style.semi}`);
  }

  const edits: TextEdit[] = [];
  if (!isAsync(fn) && lines.some((line) => /\bawait\b/.test(line))) edits.push(asyncInsertion(fn, sourceFile));
  if (!ts.isBlock(fn.body)) {
    const arrow = fn as ts.ArrowFunction;
    const outer = lineIndentAt(text, fn.getStart(sourceFile));
    // A comment between `=>` and the expression stays, on its own line above the return (after `return` it would end the statement).
    const comments = text.slice(arrow.equalsGreaterThanToken.end, fn.body.getStart(sourceFile)).trim();
    const body = [...lines, ...(comments ? [comments] : []), `return ${fn.body.getText(sourceFile)}${style.semi}`].map((line) => indent + line).join(style.eol);
    edits.push({ start: arrow.equalsGreaterThanToken.end, end: fn.body.end, newText: ` {${style.eol}${body}${style.eol}${outer}}` });
  } else if (anchor) {
    edits.push(insertAfter(anchor.end, sourceFile, lines, indent, style));
  } else if (directives.length) {
    edits.push(insertAfter(directives[directives.length - 1].end, sourceFile, lines, indent, style));
  } else if (statements.length) {
    edits.push(insertBefore(statements[0], sourceFile, lines, indent, style));
  } else {
    edits.push(insertAfter(fn.body.getStart(sourceFile) + 1, sourceFile, lines, indent, style));
  }
  const imports = addImports(sourceFile, recipe.imports, style);
  // A new import goes after the last one: where the parser recovered from an error there, it can land inside it.
  if (imports.length && importsHaveSyntaxErrors(sourceFile)) return [];
  edits.push(...imports);
  return edits;
}
