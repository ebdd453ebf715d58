/**
 * Where values come from: the caller's input (parameters, the request body, form data) as it flows through
 * variables, and cookies read by the code. Records the parameter facts (input validated, input written).
 */
import ts from 'typescript';
import { calleeName, isFunctionNode, memberPath, unwrapExpression } from '../ast';
import { isNextHeadersCall } from './origins';
import { callText, isPropertyName, mentions, truncate } from './syntax';
import { type CallKind, PARAMETER_FACT_KEYS, type ParameterFactKey } from './types';
import type { Walk } from './walk';

/** Methods whose result is still the caller's input: `formData.get('x')`, `title.trim()`. */
const INPUT_READ_METHODS = new Set(['get', 'getAll', 'entries', 'values', 'toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'split', 'slice', 'at', 'valueOf', 'normalize', 'replace', 'replaceAll', 'json', 'text', 'formData']);
/** Helpers named for taking a request apart (`getSearchParams(req.url)`, `parseBody(req)`). */
const REQUEST_PARSER_RE = /^(get|parse|extract|read)(Search|Query|Url|URL|Request)?(Params|Param|Query|Body|Input)$/;
/** Conversions whose result is still the caller's input. */
const INPUT_CONVERSIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'Object.fromEntries', 'Object.assign', 'Array.from', 'JSON.parse', 'decodeURIComponent', 'structuredClone']);

export function addParameterFact(w: Walk, key: ParameterFactKey, node: ts.Node, message: string, parameters: Iterable<number>): void {
  const known = w.facts[key];
  if (known) {
    const merged = new Set(known.parameters);
    for (const index of parameters) merged.add(index);
    w.facts[key] = { signal: known.signal, parameters: merged };
  } else {
    w.facts[key] = { signal: w.sig(node, message), parameters: new Set(parameters) };
  }
}

/**
 * The parameter a value comes straight from: the parameter itself, a field or method result of it
 * (`formData.get('x')`, `data.title.trim()`), a conversion (`String(x)`, `Object.fromEntries(formData)`, `JSON.parse(x)`),
 * or a literal built from one. Any other call's result is not the caller's input any more.
 */
export function inputSourceOf(w: Walk, expression: ts.Expression): number | undefined {
  const value = unwrapExpression(expression);
  if (ts.isIdentifier(value)) return w.inputNames.get(value.text);
  if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) return inputSourceOf(w, value.expression);
  if (ts.isCallExpression(value)) {
    const callee = unwrapExpression(value.expression);
    if (ts.isPropertyAccessExpression(callee) && INPUT_READ_METHODS.has(callee.name.text)) {
      const fromReceiver = inputSourceOf(w, callee.expression);
      if (fromReceiver !== undefined) return fromReceiver;
    }
    const path = memberPath(value.expression)?.join('.');
    if (path && INPUT_CONVERSIONS.has(path) && value.arguments[0]) return inputSourceOf(w, value.arguments[0]);
    // `getSearchParams(req.url)`, `parseQuery(request)`: a helper that takes the request apart hands back its input.
    if (REQUEST_PARSER_RE.test(calleeName(value) ?? '') && value.arguments[0]) return inputSourceOf(w, value.arguments[0]);
    return undefined;
  }
  // `new URL(req.url)`, `new URLSearchParams(body)`: the caller's input, parsed.
  if (ts.isNewExpression(value) && /^(URL|URLSearchParams)$/.test(value.expression.getText()) && value.arguments?.[0]) return inputSourceOf(w, value.arguments[0]);
  if (ts.isTemplateExpression(value)) {
    for (const span of value.templateSpans) {
      const found = inputSourceOf(w, span.expression);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (ts.isBinaryExpression(value)) return inputSourceOf(w, value.left) ?? inputSourceOf(w, value.right);
  if (ts.isConditionalExpression(value)) return inputSourceOf(w, value.whenTrue) ?? inputSourceOf(w, value.whenFalse);
  if (ts.isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      const found = ts.isPropertyAssignment(property)
        ? inputSourceOf(w, property.initializer)
        : ts.isShorthandPropertyAssignment(property)
          ? w.inputNames.get(property.name.text)
          : ts.isSpreadAssignment(property)
            ? inputSourceOf(w, property.expression)
            : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (ts.isArrayLiteralExpression(value)) {
    for (const element of value.elements) {
      const found = inputSourceOf(w, ts.isSpreadElement(element) ? element.expression : element);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The parameters whose input an expression carries anywhere inside it. */
export function inputsMentioned(w: Walk, expression: ts.Node): Set<number> {
  const found = new Set<number>();
  if (!w.inputNames.size) return found;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const index = w.inputNames.get(node.text);
      if (index !== undefined && !isPropertyName(node)) found.add(index);
      return;
    }
    if (ts.isShorthandPropertyAssignment(node)) {
      const index = w.inputNames.get(node.name.text);
      if (index !== undefined) found.add(index);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

export function inputsInArguments(w: Walk, call: ts.CallExpression): Set<number> {
  const found = new Set<number>();
  for (const argument of call.arguments) for (const index of inputsMentioned(w, argument)) found.add(index);
  return found;
}

/** `file.size` of an input value inside an expression. */
export function inputSizesMentioned(w: Walk, expression: ts.Node): Set<number> {
  const found = new Set<number>();
  if (!mentions(w.sourceFile, 'size')) return found;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'size') {
      const index = inputSourceOf(w, node.expression);
      if (index !== undefined) found.add(index);
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/** `await req.json()`, `formData.get(…)`, or a value computed from one. */
export function readsBody(w: Walk, expression: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && w.bodyNames.has(node.text) && !isPropertyName(node)) found = true;
    else if (ts.isCallExpression(node) && /^(json|formData|text)$/.test(calleeName(node) ?? '') && ts.isPropertyAccessExpression(node.expression)) {
      const receiver = unwrapExpression(node.expression.expression);
      if (ts.isIdentifier(receiver) && (receiver.text === w.firstParameter || /^(req|request)$/.test(receiver.text))) found = true;
      else ts.forEachChild(node, visit);
    } else ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

export function referencesParameter(w: Walk, expression: ts.Node): boolean {
  if (!w.parameterNames.size) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isIdentifier(node) && w.parameterNames.has(node.text) && !isPropertyName(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

export function onVariable(w: Walk, initializer: ts.Expression, value: ts.Expression, names: ts.Identifier[]): void {
  if (ts.isCallExpression(value) && isNextHeadersCall(w, value, 'cookies')) for (const id of names) w.cookieNames.add(id.text);
  if (readsBody(w, initializer)) for (const id of names) w.bodyNames.add(id.text);
  // `const isAdmin = session?.user?.role.includes('admin')`: a value computed from a parameter checks that parameter.
  if (referencesParameter(w, initializer)) for (const id of names) w.parameterNames.add(id.text);
  const input = inputSourceOf(w, initializer);
  if (input !== undefined) for (const id of names) w.inputNames.set(id.text, input);
}

export function onAssign(w: Walk, target: ts.Identifier, value: ts.Expression): void {
  const input = inputSourceOf(w, value);
  if (input !== undefined) w.inputNames.set(target.text, input);
}

/** `if (!title) return …`: the input is checked before use. */
export function onStoppingIf(w: Walk, node: ts.IfStatement): void {
  const checkedInputs = inputsMentioned(w, node.expression);
  if (checkedInputs.size) addParameterFact(w, 'inputValidation', node, `\`if (${truncate(node.expression.getText(w.sourceFile))})\` checks the input and stops`, checkedInputs);
}

/** Input validated by a call, written by a call, or handed to a helper that does either. */
export function onCall(w: Walk, node: ts.CallExpression, kind: CallKind): void {
  if (kind.validation) {
    const inputs = inputsInArguments(w, node);
    if (inputs.size) addParameterFact(w, 'inputValidation', node, `${callText(node)} validates the input`, inputs);
  }
  if (kind.mutation && !kind.calleeFacts && kind.writes?.some((write) => write.write === 'database')) {
    const inputs = inputsInArguments(w, node);
    if (inputs.size) addParameterFact(w, 'parameterToDatabase', node, `${callText(node)} writes what the caller sent`, inputs);
  }
  if (!kind.calleeFacts) return;
  // What the helper does with its parameters, for the arguments that carry the caller's input.
  const name = calleeName(node) ?? 'a helper';
  node.arguments.forEach((argument, index) => {
    if (ts.isSpreadElement(argument)) return;
    const inputs = inputsMentioned(w, argument);
    if (!inputs.size) return;
    for (const key of PARAMETER_FACT_KEYS) {
      const fact = kind.calleeFacts?.[key];
      if (fact?.parameters.has(index)) addParameterFact(w, key, node, `${name}() is given the input: ${fact.signal.message}`, inputs);
    }
  });
}
