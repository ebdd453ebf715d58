/**
 * "Mark as public with a reason" and its kin: the `// next-boundary-ignore <rule>: <reason>` comment above
 * the statement the analyzer reads suppressions from (src/analyzers/suppressions.ts, read back with the same
 * function, so what this writes is what the analyzer honours). Pure: source text in, one insertion out, plus
 * where its reason is, so the editor can select it for the user to type over.
 */
import ts from 'typescript';
import { enclosingStatement } from '../analyzers/ast';
import { suppressionsAbove } from '../analyzers/suppressions';
import type { TextEdit } from './edits';
import { eolOf, lineIndentAt } from './edits';
import { type EndpointRef, findEndpointFunction, hasSyntaxErrorIn, parseSource } from './source';

export const SUPPRESSION_PREFIX = 'next-boundary-ignore';

export interface SuppressionEdit {
  edit: TextEdit;
  /** Offsets, inside `edit.newText`, of the reason (the part the user should replace). */
  reason: { start: number; end: number };
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

function isDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
}

function bindsName(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, wanted));
}

/**
 * The statement whose leading comments suppress the endpoint's findings, as the analyzer picks it
 * (src/analyzers/exports.ts, workspace-analyzer.ts): the exporting declaration, the `export { … }` list that
 * names it, `export default …`, or for an inline action its function declaration or enclosing statement.
 */
export function suppressionAnchor(sourceFile: ts.SourceFile, endpoint: EndpointRef): ts.Node | undefined {
  if (endpoint.kind === 'procedure') return procedureAnchor(sourceFile, endpoint);
  if (endpoint.actionForm === 'inline') {
    const fn = findEndpointFunction(sourceFile, endpoint);
    if (!fn) return undefined;
    return ts.isFunctionDeclaration(fn) ? fn : enclosingStatement(fn);
  }
  const name = endpoint.name;
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && (isDefault(statement) ? name === 'default' : statement.name?.text === name)) return statement;
    if (ts.isVariableStatement(statement) && isExported(statement) && statement.declarationList.declarations.some((declaration) => bindsName(declaration.name, name))) return statement;
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default') return statement;
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.some((element) => element.name.text === name)) return statement;
  }
  return undefined;
}

/**
 * A procedure's comment goes where the analyzer reads it (procedureComments in workspace-analyzer.ts): above the
 * router's property (`create: protectedProcedure…`), above the declaration of a procedure listed by name
 * (`const remove = …`), or above the statement that registers a Hono route (the whole chain's, for a chain).
 * Found by name, the nearest to the model's line: after an edit above it the line may be one or two off.
 */
function procedureAnchor(sourceFile: ts.SourceFile, endpoint: EndpointRef): ts.Node | undefined {
  const candidates: ts.Node[] = [];
  const space = endpoint.name.indexOf(' ');
  const key = space < 0 ? endpoint.name.slice(endpoint.name.lastIndexOf('.') + 1) : undefined;
  const method = space < 0 ? undefined : endpoint.name.slice(0, space).toLowerCase();
  const path = space < 0 ? '' : endpoint.name.slice(space + 1);
  const visit = (node: ts.Node): void => {
    if (key !== undefined) {
      if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && node.name.getText(sourceFile) === key) candidates.push(node);
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === key && node.initializer) candidates.push(enclosingStatement(node));
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === method) {
      const first = node.arguments[0];
      const registered = first && ts.isStringLiteralLike(first) ? `/${first.text.replace(/^\/+|\/+$/g, '')}` : undefined;
      if (registered !== undefined && (path === registered || path.endsWith(registered === '/' ? '' : registered))) candidates.push(enclosingStatement(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const distance = (node: ts.Node) => Math.abs(sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1 - endpoint.line);
  return candidates.sort((a, b) => distance(a) - distance(b))[0];
}

/** A reason as one comment line can hold it: no line breaks, no `*​/`, never empty. */
function oneLine(reason: string): string {
  const text = reason.replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim();
  return text || 'TODO: say why';
}

/**
 * The edit that silences `rule` on the endpoint with `reason`: a comment line right above its statement
 * (after its JSDoc, indented like it), or, when a comment there already names only this rule and gives no
 * reason, that reason added to it. Undefined when the rule is already silenced with a reason (nothing to
 * do), when the endpoint is not found in `text`, or when its statement did not parse.
 */
export function addSuppression(text: string, file: string, endpoint: EndpointRef, rule: string, reason: string): SuppressionEdit | undefined {
  const sourceFile = parseSource(text, file);
  const anchor = suppressionAnchor(sourceFile, endpoint);
  if (!anchor || hasSyntaxErrorIn(sourceFile, anchor)) return undefined;
  const existing = suppressionsAbove(sourceFile, anchor);
  if (existing.some((item) => item.reason && item.rules.includes(rule))) return undefined;
  const because = oneLine(reason);

  // `// next-boundary-ignore missing-auth` (no reason): it silences nothing; give it the reason.
  const bare = existing.find((item) => !item.reason && item.rules.length === 1 && item.rules[0] === rule);
  if (bare) {
    const lineStart = sourceFile.getPositionOfLineAndCharacter(bare.line - 1, 0);
    const lineEnd = text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd);
    const match = new RegExp(`${SUPPRESSION_PREFIX}\\s+${rule.replace(/[-]/g, '\\-')}`).exec(line);
    if (match) {
      const ruleEnd = lineStart + match.index + match[0].length;
      const rest = /^[ \t]*:?[ \t]*/.exec(text.slice(ruleEnd, lineEnd))![0];
      const after = text.slice(ruleEnd + rest.length, lineEnd);
      const newText = `: ${because}${after.startsWith('*/') ? ' ' : ''}`;
      return { edit: { start: ruleEnd, end: ruleEnd + rest.length, newText }, reason: { start: 2, end: 2 + because.length } };
    }
  }

  const start = anchor.getStart(sourceFile);
  const indent = lineIndentAt(text, start);
  const eol = eolOf(text);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  // Something else before the statement on its line (`'use server'; export …`): the comment gets a line of its own.
  const alone = /^[ \t]*$/.test(text.slice(lineStart, start));
  const head = `${alone ? '' : eol + indent}// ${SUPPRESSION_PREFIX} ${rule}: `;
  return { edit: { start, end: start, newText: `${head}${because}${eol}${indent}` }, reason: { start: head.length, end: head.length + because.length } };
}
