/**
 * Reading a source file for a fix: parsing, the file's code style, the function an endpoint runs, and
 * inserting statements into a function body the way the file already writes them.
 */
import ts from 'typescript';
import { type FunctionNode, hasUseServerDirective, isFunctionNode } from '../analyzers/ast';
import type { Endpoint } from '../analyzers/model';
import { scriptKindOf } from '../analyzers/program';
import { type TextEdit, eolOf, indentUnitOf, lineIndentAt } from './edits';

// The analyzer's notion of a function and its `'use server'` test: the fixes find the same functions it reports.
export { type FunctionNode, isFunctionNode } from '../analyzers/ast';

export interface CodeStyle {
  eol: '\n' | '\r\n';
  indentUnit: string;
  quote: "'" | '"';
  /** `;` when the file ends its statements with one, '' otherwise. */
  semi: ';' | '';
}

export function parseSource(text: string, file: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
}

import { syntaxErrors } from '../analyzers/ast';

export { syntaxErrors };

/** Whether the parser met an error inside `node`, or a token missing at its end (reported where the next token starts). */
export function hasSyntaxErrorIn(sourceFile: ts.SourceFile, node: ts.Node): boolean {
  const start = node.getStart(sourceFile);
  const next = ts.createScanner(ts.ScriptTarget.Latest, true, sourceFile.languageVariant, sourceFile.text, undefined, node.end);
  next.scan();
  const end = next.getTokenStart();
  return syntaxErrors(sourceFile).some((diagnostic) => diagnostic.start >= start && diagnostic.start <= end);
}

export function styleOf(sourceFile: ts.SourceFile): CodeStyle {
  const text = sourceFile.text;
  let withSemi = 0;
  let withoutSemi = 0;
  let quote: CodeStyle['quote'] | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isReturnStatement(node) || ts.isImportDeclaration(node) || ts.isThrowStatement(node)) {
      if (text[node.end - 1] === ';') withSemi++;
      else withoutSemi++;
    }
    if (!quote && ts.isStringLiteral(node) && !ts.isJsxAttribute(node.parent)) quote = text[node.getStart(sourceFile)] === '"' ? '"' : "'";
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { eol: eolOf(text), indentUnit: indentUnitOf(text), quote: quote ?? "'", semi: withoutSemi > withSemi ? '' : ';' };
}

export function quoted(value: string, style: CodeStyle): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(style.quote, 'g'), `\\${style.quote}`);
  return `${style.quote}${escaped}${style.quote}`;
}

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isAwaitExpression(current) || ts.isNonNullExpression(current)) {
    current = current.expression;
  }
  return current;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

export function directiveCount(statements: readonly ts.Statement[]): number {
  let count = 0;
  while (count < statements.length) {
    const statement = statements[count];
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    count++;
  }
  return count;
}

/** A top-level function or variable of this file, by name. */
function localDeclaration(sourceFile: ts.SourceFile, name: string): ts.Expression | FunctionNode | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return statement;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return declaration.initializer;
      }
    }
  }
  return undefined;
}

/**
 * The function that runs for an expression: itself, the function handed to a wrapper or action client
 * (`withAuth(async (req) => …)`, `client.schema(s).action(async ({ parsedInput }) => …)`: the innermost
 * one), or a local function named by an identifier.
 */
function functionOf(sourceFile: ts.SourceFile, node: ts.Expression | FunctionNode, depth = 0): FunctionNode | undefined {
  if (depth > 8) return undefined;
  if (isFunctionNode(node)) return node.body ? node : undefined;
  const expression = unwrap(node);
  if (isFunctionNode(expression)) return expression.body ? expression : undefined;
  if (ts.isCallExpression(expression)) {
    for (let index = expression.arguments.length - 1; index >= 0; index--) {
      const found = functionOf(sourceFile, expression.arguments[index], depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isIdentifier(expression)) {
    const declaration = localDeclaration(sourceFile, expression.text);
    return declaration ? functionOf(sourceFile, declaration, depth + 1) : undefined;
  }
  return undefined;
}

export type EndpointRef = Pick<Endpoint, 'kind' | 'name' | 'line'> & Partial<Pick<Endpoint, 'actionForm'>>;

/** The function an endpoint runs in this file (an export, a route method, or an inline `'use server'` function). */
export function findEndpointFunction(sourceFile: ts.SourceFile, endpoint: EndpointRef): FunctionNode | undefined {
  if (endpoint.actionForm === 'inline') return inlineFunction(sourceFile, endpoint);
  const name = endpoint.name;
  for (const statement of sourceFile.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    if (ts.isFunctionDeclaration(statement) && exported && statement.body) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if ((isDefault && name === 'default') || (!isDefault && statement.name?.text === name)) return statement;
    }
    if (ts.isVariableStatement(statement) && exported) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return functionOf(sourceFile, declaration.initializer);
      }
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default') return functionOf(sourceFile, statement.expression);
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const specifier = statement.exportClause.elements.find((element) => element.name.text === name);
      const declaration = specifier && localDeclaration(sourceFile, (specifier.propertyName ?? specifier.name).text);
      if (declaration) return functionOf(sourceFile, declaration);
    }
  }
  return undefined;
}

function inlineFunction(sourceFile: ts.SourceFile, endpoint: EndpointRef): FunctionNode | undefined {
  let byLine: FunctionNode | undefined;
  let byName: FunctionNode | undefined;
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) && hasUseServerDirective(node)) {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      if (line === endpoint.line) byLine ??= node;
      if (localName(node) === endpoint.name) byName ??= node;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return byLine ?? byName;
}

function localName(fn: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

/** The body's statements after its directive prologue (`'use server'`). */
export function bodyStatements(fn: FunctionNode): { directives: ts.Statement[]; statements: ts.Statement[] } {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return { directives: [], statements: [] };
  const count = directiveCount(body.statements);
  return { directives: body.statements.slice(0, count), statements: body.statements.slice(count) };
}

function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}

/** The indentation of statements inside the function's body. */
export function bodyIndent(fn: FunctionNode, sourceFile: ts.SourceFile, style: CodeStyle): string {
  const text = sourceFile.text;
  const body = fn.body;
  if (body && ts.isBlock(body)) {
    const first = body.statements.find((statement) => startsLine(text, statement.getStart(sourceFile)));
    if (first) return lineIndentAt(text, first.getStart(sourceFile));
    if (startsLine(text, body.getEnd() - 1)) return lineIndentAt(text, body.getEnd() - 1) + style.indentUnit;
  }
  return lineIndentAt(text, fn.getStart(sourceFile)) + style.indentUnit;
}

/** Where a statement really starts: before the comments on the lines above it, which belong to it. */
function startWithComments(node: ts.Node, sourceFile: ts.SourceFile): number {
  const text = sourceFile.text;
  const comments = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const first = comments.find((comment) => startsLine(text, comment.pos));
  return first ? first.pos : node.getStart(sourceFile);
}

/** Inserts whole lines before a statement of a block (and its leading comments). */
export function insertBefore(node: ts.Node, sourceFile: ts.SourceFile, lines: readonly string[], indent: string, style: CodeStyle): TextEdit {
  const text = sourceFile.text;
  const start = startWithComments(node, sourceFile);
  if (startsLine(text, start)) {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    return { start: lineStart, end: lineStart, newText: lines.map((line) => indent + line + style.eol).join('') };
  }
  return { start, end: start, newText: lines.map((line) => line + style.eol + indent).join('') };
}

/**
 * Inserts whole lines after `offset` (the end of a statement or of a block's `{`): after the rest of its
 * line when that is blank or a comment, else before the code that follows, which moves to its own line.
 */
export function insertAfter(offset: number, sourceFile: ts.SourceFile, lines: readonly string[], indent: string, style: CodeStyle): TextEdit {
  const text = sourceFile.text;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const rest = text.slice(offset, lineEnd);
  const added = lines.map((line) => style.eol + indent + line).join('');
  if (/^\s*(\/\/.*)?$/.test(rest)) return { start: lineEnd, end: lineEnd, newText: added };
  const codeStart = offset + (/^\s*/.exec(rest)?.[0].length ?? 0);
  return { start: offset, end: codeStart, newText: added + style.eol + indent };
}

/** Statement text without its trailing semicolon, whitespace collapsed: for "is this already there?" checks. */
export function normalizeStatement(text: string): string {
  return text.replace(/;\s*$/, '').replace(/\s+/g, ' ').replace(/\s*([(){}[\],.;:!?=<>|&])\s*/g, '$1').trim();
}

/** Names a function binds anywhere in itself (parameters and declarations, nested ones included). */
export function declaredNames(fn: FunctionNode): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isParameter(node) || ts.isVariableDeclaration(node)) addBinding(node.name);
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return names;
}

/** Calls `visit` on every node of the function that runs with it (nested functions are skipped). */
export function forEachOwnNode(fn: FunctionNode, visit: (node: ts.Node) => void): void {
  const recurse = (node: ts.Node): void => {
    visit(node);
    if (isFunctionNode(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, recurse);
  };
  if (fn.body) recurse(fn.body);
}

export function isAsync(fn: FunctionNode): boolean {
  return hasModifier(fn, ts.SyntaxKind.AsyncKeyword);
}

/** Top-level declarations of `name` that give it a value: function implementations (not overload signatures), classes, variables. */
function valueDeclarations(sourceFile: ts.SourceFile, name: string): ts.Node[] {
  const found: ts.Node[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body && statement.name?.text === name) found.push(statement);
    if (ts.isClassDeclaration(statement) && statement.name?.text === name) found.push(statement);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name) && declaration.name.text === name) found.push(declaration);
    }
  }
  return found;
}

/**
 * Why the function an endpoint runs cannot be told apart in this text, or undefined when it can: its name
 * exported twice (or two default exports), two implementations of it, several inline actions of its name
 * with none on its line. A fix refuses then rather than edit a guess.
 */
export function endpointAmbiguity(sourceFile: ts.SourceFile, endpoint: EndpointRef): string | undefined {
  const file = sourceFile.fileName;
  const name = endpoint.name;
  if (endpoint.actionForm === 'inline') {
    let onLine = false;
    let named = 0;
    const visit = (node: ts.Node): void => {
      if (isFunctionNode(node) && hasUseServerDirective(node)) {
        if (sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1 === endpoint.line) onLine = true;
        if (localName(node) === name) named++;
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return !onLine && named > 1 ? `${file} has ${named} inline Server Actions named ${name}; rename all but one first` : undefined;
  }
  let exports = 0;
  const locals = new Set<string>();
  for (const statement of sourceFile.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && (!ts.isFunctionDeclaration(statement) || statement.body)) {
      if (isDefault ? name === 'default' : statement.name?.text === name) exports++;
      if (!isDefault && statement.name?.text === name) locals.add(name);
    }
    if (exported && ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
          exports++;
          locals.add(name);
        }
      }
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default') exports++;
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        if (element.name.text !== name) continue;
        exports++;
        if (!statement.moduleSpecifier) locals.add((element.propertyName ?? element.name).text);
      }
    }
  }
  if (exports > 1) return name === 'default' ? `${file} has more than one default export; keep one first` : `${file} exports ${name} more than once; rename or remove one first`;
  for (const local of locals) {
    if (valueDeclarations(sourceFile, local).length > 1) return `${file} declares ${local} more than once; rename or remove one first`;
  }
  return undefined;
}

/** Whether the function is declared with overload signatures (`function f(a: string): void;` above it). */
export function hasOverloads(sourceFile: ts.SourceFile, fn: FunctionNode): boolean {
  if (!ts.isFunctionDeclaration(fn) || !fn.name) return false;
  const name = fn.name.text;
  return sourceFile.statements.some((statement) => ts.isFunctionDeclaration(statement) && !statement.body && statement.name?.text === name);
}

/**
 * The name the default export is written under: the function's own (`export default async function save`),
 * the local it exports (`export default save`, `export { save as default }`), or the variable holding the
 * function. Undefined for an anonymous function.
 */
export function defaultExportName(sourceFile: ts.SourceFile, fn: FunctionNode): string | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) return statement.expression.text;
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const element = statement.exportClause.elements.find((item) => item.name.text === 'default');
      if (element?.propertyName && ts.isIdentifier(element.propertyName)) return element.propertyName.text;
    }
  }
  return localName(fn);
}

/** Names a module exports as values (`export function f`, `export const x`, `export { a as b }`); types aside. */
export function exportedValueNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword) && !hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.add(statement.name.text);
    if (exported && ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    }
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.add(element.name.text);
    }
  }
  return names;
}
