import ts from 'typescript';
import { type FunctionNode, bindingDeclaration, directivesOf, enclosingStatement, hasUseServerDirective, importedNameOf, isFunctionNode, moduleOfImport, startOf } from './ast';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const HTTP_METHOD_SET = new Set<string>(HTTP_METHODS);

/** One exported name of an endpoint file and where its code is. */
export interface ExportedEndpoint {
  name: string;
  /** The node whose position is the export's line (declaration, specifier, or `export *` statement). */
  site: ts.Node;
  /** The statement that carries the export; its leading comments hold suppressions. */
  statement: ts.Node;
  target: ExportTarget;
}

export type ExportTarget =
  | { kind: 'function'; fn: FunctionNode }
  | { kind: 'expression'; expression: ts.Expression }
  | { kind: 'destructured'; source: ts.Expression; property: string }
  | { kind: 'external'; module: string; name: string }
  | { kind: 'unreadable'; reason: string };

export function isUseServerFile(sourceFile: ts.SourceFile): boolean {
  return directivesOf(sourceFile.statements).includes('use server');
}

/**
 * Every value export of a module as the type checker sees it: local declarations, `export { a as b }`,
 * imported-then-exported names, `export … from`, and `export *` (resolved through the other file).
 */
export function moduleExports(checker: ts.TypeChecker, sourceFile: ts.SourceFile): { name: string; symbol: ts.Symbol }[] {
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) return [];
  let exports: ts.Symbol[];
  try {
    exports = checker.getExportsOfModule(moduleSymbol);
  } catch {
    return [];
  }
  return exports.map((symbol) => ({ name: symbol.name, symbol }));
}

/** Describes one exported symbol: where its line is in this file, and what code runs for it. */
export function describeExport(checker: ts.TypeChecker, sourceFile: ts.SourceFile, name: string, symbol: ts.Symbol): ExportedEndpoint | undefined {
  const localDeclaration = symbol.declarations?.find((declaration) => declaration.getSourceFile() === sourceFile);
  let resolved = symbol;
  if (symbol.flags & ts.SymbolFlags.Alias) {
    try {
      resolved = checker.getAliasedSymbol(symbol);
    } catch {
      resolved = symbol;
    }
  }
  if (!(resolved.flags & ts.SymbolFlags.Value) && resolved.declarations?.length) return undefined; // types only
  if (localDeclaration && isTypeOnly(localDeclaration)) return undefined;

  const site = localDeclaration ? siteOf(localDeclaration) : exportStarSite(checker, sourceFile, name);
  if (!site) return undefined;
  const statement = enclosingStatement(site);

  const declaration = resolved.valueDeclaration ?? resolved.declarations?.[0];
  if (!declaration) {
    const module = moduleOfImport(localDeclaration);
    return { name, site, statement, target: module ? { kind: 'external', module, name: importedNameOf(localDeclaration) ?? name } : { kind: 'unreadable', reason: `\`${name}\` could not be resolved` } };
  }
  return { name, site, statement, target: targetOf(declaration, name) };
}

function targetOf(declaration: ts.Declaration, name: string): ExportTarget {
  if (isFunctionNode(declaration)) return { kind: 'function', fn: declaration };
  if (ts.isVariableDeclaration(declaration)) {
    if (!declaration.initializer) return { kind: 'unreadable', reason: `\`${name}\` has no initializer` };
    return { kind: 'expression', expression: declaration.initializer };
  }
  if (ts.isBindingElement(declaration)) {
    const variable = bindingDeclaration(declaration);
    const property = declaration.propertyName ? declaration.propertyName.getText() : declaration.name.getText();
    if (variable && ts.isVariableDeclaration(variable) && variable.initializer) return { kind: 'destructured', source: variable.initializer, property };
    return { kind: 'unreadable', reason: `\`${name}\` is destructured from something unreadable` };
  }
  if (ts.isExportAssignment(declaration)) return { kind: 'expression', expression: declaration.expression };
  if (ts.isPropertyAssignment(declaration)) return { kind: 'expression', expression: declaration.initializer };
  if (ts.isShorthandPropertyAssignment(declaration)) return { kind: 'expression', expression: declaration.name };
  return { kind: 'unreadable', reason: `\`${name}\` is a ${ts.SyntaxKind[declaration.kind]}` };
}

function isTypeOnly(declaration: ts.Declaration): boolean {
  if (ts.isExportSpecifier(declaration)) return declaration.isTypeOnly || declaration.parent.parent.isTypeOnly;
  return ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration);
}

function siteOf(declaration: ts.Declaration): ts.Node {
  if (ts.isVariableDeclaration(declaration)) {
    const list = declaration.parent;
    if (ts.isVariableDeclarationList(list) && list.declarations.length === 1 && ts.isVariableStatement(list.parent)) return list.parent;
    return declaration;
  }
  if (ts.isBindingElement(declaration)) {
    let node: ts.Node = declaration;
    while (node.parent && !ts.isVariableStatement(node)) node = node.parent;
    return ts.isVariableStatement(node) ? node : declaration;
  }
  return declaration;
}

/** For a name that reaches this file through `export * from`, the `export *` statement that brings it. */
function exportStarSite(checker: ts.TypeChecker, sourceFile: ts.SourceFile, name: string): ts.Node | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isExportDeclaration(statement) || statement.exportClause || !statement.moduleSpecifier) continue;
    const target = checker.getSymbolAtLocation(statement.moduleSpecifier);
    if (!target) continue;
    try {
      if (checker.getExportsOfModule(target).some((symbol) => symbol.name === name)) return statement;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** Exports of a 'use server' file that are Server Actions (values that can be functions). */
export function actionExports(checker: ts.TypeChecker, sourceFile: ts.SourceFile): ExportedEndpoint[] {
  const found: ExportedEndpoint[] = [];
  for (const { name, symbol } of moduleExports(checker, sourceFile)) {
    const described = describeExport(checker, sourceFile, name, symbol);
    if (!described) continue;
    if (described.target.kind === 'expression' && isPlainData(described.target.expression)) continue;
    found.push(described);
  }
  return found;
}

/** Exported HTTP methods of a route file (segment config like `dynamic` is not an endpoint). */
export function routeExports(checker: ts.TypeChecker, sourceFile: ts.SourceFile): ExportedEndpoint[] {
  const found: ExportedEndpoint[] = [];
  for (const { name, symbol } of moduleExports(checker, sourceFile)) {
    if (!HTTP_METHOD_SET.has(name)) continue;
    const described = describeExport(checker, sourceFile, name, symbol);
    if (described) found.push(described);
  }
  return found;
}

/** The default export of a pages/api file. */
export function pagesApiExport(checker: ts.TypeChecker, sourceFile: ts.SourceFile): ExportedEndpoint | undefined {
  const entry = moduleExports(checker, sourceFile).find((item) => item.name === 'default');
  return entry ? describeExport(checker, sourceFile, 'default', entry.symbol) : undefined;
}

function isPlainData(expression: ts.Expression): boolean {
  return (
    ts.isStringLiteralLike(expression) ||
    ts.isNumericLiteral(expression) ||
    ts.isObjectLiteralExpression(expression) ||
    ts.isArrayLiteralExpression(expression) ||
    expression.kind === ts.SyntaxKind.TrueKeyword ||
    expression.kind === ts.SyntaxKind.FalseKeyword ||
    expression.kind === ts.SyntaxKind.NullKeyword ||
    ts.isRegularExpressionLiteral(expression)
  );
}

export interface InlineAction {
  fn: FunctionNode;
  name: string;
  /** The local name other code in the file refers to it by, if any. */
  localName?: string;
}

/** Functions whose body starts with 'use server' (in files that are not 'use server' modules). */
export function inlineActions(sourceFile: ts.SourceFile): InlineAction[] {
  const found: InlineAction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) && hasUseServerDirective(node)) {
      const localName = localNameOf(node);
      const line = sourceFile.getLineAndCharacterOfPosition(startOf(node, sourceFile)).line + 1;
      found.push({ fn: node, name: localName ?? `inline@${line}`, ...(localName !== undefined && { localName }) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function localNameOf(fn: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(fn)) {
    const name = ts.isMethodDeclaration(fn) ? fn.name : (parent as ts.PropertyAssignment).name;
    return ts.isIdentifier(name) ? name.text : undefined;
  }
  return undefined;
}
