import ts from 'typescript';

/** Strips `await`, parentheses, `as`, `satisfies`, `!` and type assertions around an expression. */
export function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    else if (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression;
    else return current;
  }
}

/** `a.b.c` → ['a','b','c']; `a().b` → ['a()','b']; `this.x` → ['this','x']; undefined for other shapes. */
export function memberPath(node: ts.Expression): string[] | undefined {
  const expression = unwrapExpression(node);
  if (ts.isIdentifier(expression)) return [expression.text];
  if (expression.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (ts.isPropertyAccessExpression(expression)) {
    const head = memberPath(expression.expression);
    return head ? [...head, expression.name.text] : undefined;
  }
  if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) {
    const head = memberPath(expression.expression);
    return head ? [...head, expression.argumentExpression.text] : undefined;
  }
  if (ts.isCallExpression(expression)) {
    const head = memberPath(expression.expression);
    return head ? [...head.slice(0, -1), head[head.length - 1] + '()'] : undefined;
  }
  return undefined;
}

/** The name a call is made by: `foo()` → foo, `a.b.foo()` → foo. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** The parser's syntax errors (a public field of every parsed file, missing from the public typings). */
export function syntaxErrors(sourceFile: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

export function lineOf(sourceFile: ts.SourceFile, position: number): number {
  return sourceFile.getLineAndCharacterOfPosition(position).line + 1;
}

export function columnOf(sourceFile: ts.SourceFile, position: number): number {
  return sourceFile.getLineAndCharacterOfPosition(position).character + 1;
}

export function startOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return node.getStart(sourceFile, false);
}

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

/** True when the function's body starts with a `'use server'` directive. */
export function hasUseServerDirective(fn: FunctionNode): boolean {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return false;
  return directivesOf(body.statements).includes('use server');
}

/** The directive prologue of a file or function body. */
export function directivesOf(statements: ts.NodeArray<ts.Statement>): string[] {
  const directives: string[] = [];
  for (const statement of statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) directives.push(statement.expression.text);
    else break;
  }
  return directives;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

export function isAsyncFunction(fn: FunctionNode): boolean {
  return hasModifier(fn, ts.SyntaxKind.AsyncKeyword);
}

/** Names bound by a binding pattern or identifier (`{ a, b: { c } }` → a, c). */
export function boundNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const names: ts.Identifier[] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    names.push(...boundNames(element.name));
  }
  return names;
}

/** Calls `visit` on every descendant in source order; returning false skips that node's children. */
export function walk(node: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const recurse = (child: ts.Node): void => {
    if (visit(child) === false) return;
    ts.forEachChild(child, recurse);
  };
  ts.forEachChild(node, recurse);
}

/** The first statement-level ancestor of a node (the one whose leading comments annotate it). */
export function enclosingStatement(node: ts.Node): ts.Node {
  let current: ts.Node = node;
  while (current.parent && !ts.isSourceFile(current.parent) && !ts.isBlock(current.parent) && !ts.isModuleBlock(current.parent)) {
    current = current.parent;
  }
  return current;
}

/** The module an import (or re-export) declaration names: `import { x } from 'mod'` → 'mod'. */
export function moduleOfImport(declaration: ts.Node | undefined): string | undefined {
  let node: ts.Node | undefined = declaration;
  while (node && !ts.isImportDeclaration(node) && !ts.isExportDeclaration(node) && !ts.isSourceFile(node)) node = node.parent;
  if (node && (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return node.moduleSpecifier.text;
  }
  if (declaration && ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference)) {
    const expression = declaration.moduleReference.expression;
    return ts.isStringLiteral(expression) ? expression.text : undefined;
  }
  return undefined;
}

/** The name an import or export specifier takes from its module ('default' for a default import). */
export function importedNameOf(declaration: ts.Node | undefined): string | undefined {
  if (!declaration) return undefined;
  if (ts.isImportSpecifier(declaration) || ts.isExportSpecifier(declaration)) return (declaration.propertyName ?? declaration.name).text;
  if (ts.isImportClause(declaration)) return 'default';
  return undefined;
}

/** The variable declaration a (possibly nested) destructured binding belongs to. */
export function bindingDeclaration(element: ts.BindingElement): ts.VariableDeclaration | undefined {
  const owner = bindingOwner(element);
  return owner && ts.isVariableDeclaration(owner) ? owner : undefined;
}

/** What holds the outermost pattern a binding element sits in: a variable declaration, a parameter, a catch clause… */
export function bindingOwner(element: ts.BindingElement): ts.Node | undefined {
  let node: ts.Node = element;
  while (node.parent && (ts.isBindingElement(node.parent) || ts.isObjectBindingPattern(node.parent) || ts.isArrayBindingPattern(node.parent))) node = node.parent;
  return node.parent;
}
