/**
 * Effects that happen only in one mode of a helper: `if (auth === 'session') { …with the caller's token… } else { …with
 * the app's… }`. The effect keeps the condition on its parameter; each call decides it by what it passes (a literal, an
 * object literal's field, or its own parameter, which hands the question to its callers).
 */
import ts from 'typescript';
import { unwrapExpression } from '../ast';
import { terminates } from './syntax';
import type { ParamCondition } from './types';
import type { Walk } from './walk';

/** Where a value comes from among the function's parameters: parameter `param`, then the fields in `path`. */
interface ParamPath {
  param: number;
  path: string[];
}

const MAX_PATH = 4;

/** The innermost `if (param === 'literal')` (or `!==`) around `node` inside the walked function, as a condition on a parameter. */
export function branchCondition(w: Walk, node: ts.Node): ParamCondition | undefined {
  for (let child: ts.Node = node, parent = node.parent; parent && parent !== w.fn; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      const test = literalTest(w, parent.expression);
      if (test) return { param: test.param, path: test.path, value: test.value, equals: test.equals === (child === parent.thenStatement) };
    }
    // `if (auth === 'session') return viaSession(); return viaApp();`: what follows an if that returns is its else.
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      const statements = parent.statements;
      for (let index = statements.indexOf(child as ts.Statement) - 1; index >= 0; index--) {
        const earlier = statements[index];
        if (!ts.isIfStatement(earlier) || earlier.elseStatement || !terminates(earlier.thenStatement)) continue;
        const test = literalTest(w, earlier.expression);
        if (test) return { param: test.param, path: test.path, value: test.value, equals: !test.equals };
      }
    }
  }
  return undefined;
}

/** `auth === 'session'`, `'session' !== options.auth`: a parameter's field compared with a string. */
function literalTest(w: Walk, expression: ts.Expression): (ParamPath & { value: string; equals: boolean }) | undefined {
  const test = unwrapExpression(expression);
  if (!ts.isBinaryExpression(test)) return undefined;
  const operator = test.operatorToken.kind;
  const equals = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
  if (!equals && operator !== ts.SyntaxKind.ExclamationEqualsEqualsToken && operator !== ts.SyntaxKind.ExclamationEqualsToken) return undefined;
  const [literal, other] = ts.isStringLiteralLike(test.right) ? [test.right, test.left] : ts.isStringLiteralLike(test.left) ? [test.left, test.right] : [];
  if (!literal || !other) return undefined;
  const source = paramPathOf(w, other);
  return source ? { ...source, value: literal.text, equals } : undefined;
}

/** `auth` (a parameter), `options.auth`, or `auth` bound by `const { auth } = options`: which parameter and field. */
export function paramPathOf(w: Walk, expression: ts.Expression, depth = 0): ParamPath | undefined {
  if (depth > MAX_PATH) return undefined;
  const value = unwrapExpression(expression);
  if (ts.isPropertyAccessExpression(value)) {
    const head = paramPathOf(w, value.expression, depth + 1);
    return head && head.path.length < MAX_PATH ? { param: head.param, path: [...head.path, value.name.text] } : undefined;
  }
  if (!ts.isIdentifier(value)) return undefined;
  const resolved = w.analyzer.resolve(value);
  if (resolved.kind !== 'value') return undefined;
  return declarationPath(w, resolved.declaration, depth);
}

function declarationPath(w: Walk, declaration: ts.Node, depth: number): ParamPath | undefined {
  if (ts.isParameter(declaration)) {
    const index = w.fn.parameters.indexOf(declaration);
    return index >= 0 && ts.isIdentifier(declaration.name) ? { param: index, path: [] } : undefined;
  }
  if (!ts.isBindingElement(declaration)) {
    if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name) && isConst(declaration)) return paramPathOf(w, declaration.initializer, depth + 1);
    return undefined;
  }
  // `{ auth }` or `{ mode: auth }` in a pattern: the field it takes, under whatever the pattern destructures.
  const fields: string[] = [];
  let element: ts.BindingElement = declaration;
  for (;;) {
    if (!ts.isObjectBindingPattern(element.parent) || element.dotDotDotToken) return undefined;
    const key = element.propertyName ?? element.name;
    if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) return undefined;
    fields.unshift(key.text);
    const holder = element.parent.parent;
    if (ts.isBindingElement(holder)) {
      element = holder;
      continue;
    }
    if (ts.isParameter(holder)) {
      const index = w.fn.parameters.indexOf(holder);
      return index >= 0 ? { param: index, path: fields } : undefined;
    }
    if (ts.isVariableDeclaration(holder) && holder.initializer && isConst(holder)) {
      const base = paramPathOf(w, holder.initializer, depth + 1);
      return base && base.path.length + fields.length <= MAX_PATH ? { param: base.param, path: [...base.path, ...fields] } : undefined;
    }
    return undefined;
  }
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

/**
 * A helper's condition seen from a call to it: `'holds'` or `'fails'` when the call passes a literal there, the same
 * question on the caller's own parameter when it passes that along, and undefined when nothing says (the effect stays).
 */
export function conditionAtCall(w: Walk, condition: ParamCondition, call: ts.CallExpression): 'holds' | 'fails' | ParamCondition | undefined {
  const argument = call.arguments[condition.param];
  if (!argument) return undefined;
  const passed = fieldPassed(argument, condition.path);
  if (passed === undefined) return undefined;
  const value = unwrapExpression(passed.expression);
  if (!passed.rest.length && ts.isStringLiteralLike(value)) return (value.text === condition.value) === condition.equals ? 'holds' : 'fails';
  const source = paramPathOf(w, value);
  if (!source || source.path.length + passed.rest.length > MAX_PATH) return undefined;
  return { ...condition, param: source.param, path: [...source.path, ...passed.rest] };
}

/**
 * The expression a call passes for a field of its argument: `{ ...options, auth: 'session' }` passes `'session'` for
 * `auth`; a field the literal does not set is still to be found in what it spreads (`rest`).
 */
function fieldPassed(argument: ts.Expression, path: readonly string[]): { expression: ts.Expression; rest: string[] } | undefined {
  let expression = unwrapExpression(argument);
  for (let index = 0; index < path.length; index++) {
    if (!ts.isObjectLiteralExpression(expression)) return { expression, rest: path.slice(index) };
    const field = path[index];
    let found: ts.Expression | undefined;
    let spread: ts.Expression | undefined;
    // The last property that sets the field wins, as at run time.
    for (const property of expression.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === field) [found, spread] = [property.initializer, undefined];
      else if (ts.isShorthandPropertyAssignment(property) && property.name.text === field) [found, spread] = [property.name, undefined];
      else if (ts.isSpreadAssignment(property)) spread = property.expression;
    }
    if (spread) return { expression: spread, rest: path.slice(index) };
    if (!found) return undefined;
    expression = unwrapExpression(found);
  }
  return { expression, rest: [] };
}
