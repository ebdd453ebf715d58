/**
 * What the pitfall rules read (EndpointSignals): webhook signature headers and verifiers, origin and CSRF checks,
 * API-key headers, session cookies, streamed responses, files in the input and their size checks, structured throws.
 */
import ts from 'typescript';
import { calleeName, isFunctionNode, memberPath, unwrapExpression } from '../ast';
import {
  NON_VALIDATING_RECEIVER_RE,
  ORIGIN_CHECK_CALL_RE,
  ORIGIN_HEADER_RE,
  PLAIN_VALIDATION_CALL_RE,
  SIGNATURE_HEADER_RE,
  STREAM_RESPONSE_CALL_RE,
  TOKEN_AUTH_CALL_RE,
  TOKEN_HEADER_RE,
  VALIDATION_CALL_RE,
  WEBHOOK_VERIFIER_CALL_RE,
} from '../knowledge';
import type { Callee } from './analyzer';
import { addParameterFact, inputSizesMentioned, inputSourceOf, inputsMentioned } from './input-flow';
import { callText, containsJsonStringify, enclosingFunction, insideTryWithCatch, isEquality, isPropertyName, isRelational, mentions, truncate } from './syntax';
import type { CallKind, FunctionFacts } from './types';
import type { Walk } from './walk';

/** Type annotations that say a value is a file. */
const FILE_TYPE_RE = /^(File|Blob)(\s*\[\])?$|^(Array|ReadonlyArray)<(File|Blob)>$|^(File|Blob)\s*\|\s*null$/;

export function onElementAccess(w: Walk, node: ts.ElementAccessExpression): void {
  // Pages API: `req.headers['stripe-signature']`
  const key = node.argumentExpression;
  // `headers['webhook-signature'] = sign(…)` sends a webhook; only a read receives one.
  const assigned = ts.isBinaryExpression(node.parent) && node.parent.left === node && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  if (ts.isStringLiteralLike(key) && SIGNATURE_HEADER_RE.test(key.text) && !w.facts.signatureHeader && !assigned) {
    w.facts.signatureHeader = w.ev('external-hint', node, `reads the ${key.text} header`);
  }
}

export function onNew(w: Walk, node: ts.NewExpression): void {
  const name = calleeName(node);
  if (name && /^(Webhook|Receiver|LinearWebhooks|Webhooks)$/.test(name)) {
    if (!w.facts.signatureHeader) w.facts.signatureHeader = w.ev('external-hint', node, `creates a ${name} verifier`);
    if (!w.facts.webhookVerifier) w.facts.webhookVerifier = w.sig(node, `creates a ${name} webhook verifier`);
  }
  if (name && /^(ReadableStream|TransformStream|StreamingTextResponse|EventSource)$/.test(name) && !w.facts.streams) w.facts.streams = w.sig(node, `streams its response (new ${name})`);
}

/** `throw new Error(JSON.stringify(…))`, `throw new QuotaError(…)`, `throw { code }`: data the client will not get in production. */
export function onThrow(w: Walk, node: ts.ThrowStatement): void {
  if (w.facts.structuredThrow || enclosingFunction(node) !== w.fn || insideTryWithCatch(node, w.fn)) return;
  const value = unwrapExpression(node.expression);
  let reason: string | undefined;
  if (ts.isObjectLiteralExpression(value)) reason = 'throws a plain object';
  else if (ts.isCallExpression(value) && memberPath(value.expression)?.join('.') === 'Object.assign') reason = 'throws an error with fields added by Object.assign';
  else if (ts.isNewExpression(value)) {
    const message = value.arguments?.[0];
    if (message && containsJsonStringify(message)) reason = 'puts JSON in the error message';
    else {
      const callee = w.analyzer.resolve(value.expression);
      const declaration = callee.kind === 'value' ? callee.declaration : undefined;
      const isClass = !!declaration && (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration) || (ts.isVariableDeclaration(declaration) && !!declaration.initializer && ts.isClassExpression(unwrapExpression(declaration.initializer))));
      if (isClass && callee.kind === 'value') reason = `throws \`${callee.name}\`, a custom error class`;
    }
  }
  if (reason) w.facts.structuredThrow = w.sig(node, reason);
}

/** `formData.get('file') as File` */
export function onAs(w: Walk, node: ts.AsExpression): void {
  if (!FILE_TYPE_RE.test(node.type.getText(w.sourceFile))) return;
  const inputs = inputsMentioned(w, node.expression);
  if (inputs.size) addParameterFact(w, 'fileInput', node, `\`${truncate(node.getText(w.sourceFile))}\` reads a file from the input`, inputs);
}

/** Pages API: `req.headers.authorization`. */
export function onPropertyAccess(w: Walk, node: ts.PropertyAccessExpression): void {
  if (w.facts.tokenAuth || !TOKEN_HEADER_RE.test(node.name.text)) return;
  if (/headers$/i.test(node.expression.getText(w.sourceFile))) w.facts.tokenAuth = w.sig(node, `reads the ${node.name.text} header`);
}

/** The Origin (or Host, Referer, Sec-Fetch-Site) header, or a value computed from it. */
export function mentionsOrigin(w: Walk, expression: ts.Node): boolean {
  if (!mentions(w.sourceFile, 'origin')) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node)) return;
    if (ts.isIdentifier(node) && w.originNames.has(node.text) && !isPropertyName(node)) found = true;
    else if (ts.isCallExpression(node) && w.classifyCall(node).originRead) found = true;
    else if (ts.isPropertyAccessExpression(node) && ORIGIN_HEADER_RE.test(node.name.text) && /headers$/i.test(node.expression.getText(w.sourceFile))) found = true;
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && ORIGIN_HEADER_RE.test(node.argumentExpression.text) && /headers$/i.test(node.expression.getText(w.sourceFile))) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/** Signals a call gives whatever else it is: header reads, origin/CSRF and API-key checks, validation, verifiers, streams. */
export function classifyCall(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, result: CallKind): void {
  const receiver = path && path.length > 1 ? path.slice(0, -1).join('.') : undefined;
  const first = node.arguments[0];
  if (name === 'get' && first && receiver !== undefined) {
    const key = ts.isStringLiteralLike(first) ? first.text : ts.isIdentifier(first) ? first.text : undefined;
    if (key !== undefined && ts.isStringLiteralLike(first) && ORIGIN_HEADER_RE.test(key)) result.originRead = true;
    else if (key !== undefined && ts.isStringLiteralLike(first) && TOKEN_HEADER_RE.test(key) && /header/i.test(receiver)) result.tokenAuth = w.sig(node, `reads the ${key} header`);
    else if (key !== undefined && (/cookie/i.test(receiver.split('.').pop() ?? '') || w.cookieNames.has(receiver)) && /session|token|auth|sid|jwt|access|user/i.test(key)) {
      result.sessionCookie = w.sig(node, `reads the ${key} cookie`);
    }
  }
  if (ORIGIN_CHECK_CALL_RE.test(name)) result.originCheck = w.sig(node, `${callText(node)} checks the request's origin or CSRF token`);
  if (TOKEN_AUTH_CALL_RE.test(name)) result.tokenAuth = w.sig(node, `${callText(node)} checks an API key or bearer token`);
  if (STREAM_RESPONSE_CALL_RE.test(name)) result.streams = w.sig(node, `streams its response (${name})`);
  if ((VALIDATION_CALL_RE.test(name) && !(receiver !== undefined && NON_VALIDATING_RECEIVER_RE.test(receiver))) || (PLAIN_VALIDATION_CALL_RE.test(name) && receiver === undefined)) {
    result.validation = true;
  }
}

/** `function upload(file: File)`: a file comes in. */
export function onParameter(w: Walk, parameter: ts.ParameterDeclaration, index: number): void {
  if (parameter.type && FILE_TYPE_RE.test(parameter.type.getText(w.sourceFile))) {
    addParameterFact(w, 'fileInput', parameter, `parameter \`${parameter.name.getText(w.sourceFile)}\` is a ${parameter.type.getText(w.sourceFile)}`, [index]);
  }
}

export function onVariable(w: Walk, initializer: ts.Expression, names: ts.Identifier[]): void {
  if (mentionsOrigin(w, initializer)) for (const id of names) w.originNames.add(id.text);
}

export function onAssign(w: Walk, target: ts.Identifier, value: ts.Expression): void {
  if (mentionsOrigin(w, value)) w.originNames.add(target.text);
}

export function onStringLiteral(w: Walk, node: ts.StringLiteral): void {
  if (node.text === 'text/event-stream' && !w.facts.streams) w.facts.streams = w.sig(node, 'answers with server-sent events (text/event-stream)');
}

/** A file size or the request's origin checked in a condition that stops. */
export function onStoppingIf(w: Walk, node: ts.IfStatement): void {
  const condition = () => `\`if (${truncate(node.expression.getText(w.sourceFile))})\``;
  const sizes = inputSizesMentioned(w, node.expression);
  if (sizes.size) addParameterFact(w, 'fileSizeCheck', node, `${condition()} checks the file size`, sizes);
  if (!w.facts.originCheck && mentionsOrigin(w, node.expression)) w.facts.originCheck = w.sig(node, `${condition()} checks where the request comes from`);
}

/** `x instanceof File`, `file.size > MAX`, `origin === expected`. */
export function onBinary(w: Walk, node: ts.BinaryExpression): void {
  const operator = node.operatorToken.kind;
  if (operator === ts.SyntaxKind.InstanceOfKeyword && /^(File|Blob)$/.test(node.right.getText(w.sourceFile))) {
    const inputs = inputsMentioned(w, node.left);
    if (inputs.size) addParameterFact(w, 'fileInput', node, `\`${truncate(node.getText(w.sourceFile))}\` reads a file from the input`, inputs);
  }
  if (isRelational(operator)) {
    const sizes = inputSizesMentioned(w, node);
    if (sizes.size) addParameterFact(w, 'fileSizeCheck', node, `\`${truncate(node.getText(w.sourceFile))}\` checks the file size`, sizes);
  }
  if (isEquality(operator) && !w.facts.originCheck && (mentionsOrigin(w, node.left) || mentionsOrigin(w, node.right))) {
    w.facts.originCheck = w.sig(node, `\`${truncate(node.getText(w.sourceFile))}\` compares where the request comes from`);
  }
}

export function onCall(w: Walk, node: ts.CallExpression, kind: CallKind): void {
  const facts = w.facts;
  if (kind.webhookVerifier) facts.webhookVerifier ??= kind.webhookVerifier;
  if (kind.originCheck) facts.originCheck ??= kind.originCheck;
  if (kind.tokenAuth) facts.tokenAuth ??= kind.tokenAuth;
  if (kind.sessionCookie) facts.sessionCookie ??= kind.sessionCookie;
  if (kind.streams) facts.streams ??= kind.streams;
  if (kind.signatureHeader && !facts.signatureHeader) facts.signatureHeader = kind.signatureHeader;
  const callee = unwrapExpression(node.expression);
  if (ts.isPropertyAccessExpression(callee) && /^(arrayBuffer|stream|bytes)$/.test(callee.name.text)) {
    const input = inputSourceOf(w, callee.expression);
    if (input !== undefined) addParameterFact(w, 'fileInput', node, `${callText(node)} reads a file from the input`, [input]);
  }
}

/** Reading a webhook signature header: `request.headers.get('stripe-signature')`. */
export function classifySignatureHeaderRead(w: Walk, node: ts.CallExpression, name: string, result: CallKind): boolean {
  const first = node.arguments[0];
  if (name !== 'get' || !first || !ts.isStringLiteralLike(first) || !SIGNATURE_HEADER_RE.test(first.text)) return false;
  result.signatureHeader = w.ev('external-hint', node, `reads the ${first.text} header`);
  return true;
}

/** A provider's verifier by its name, unless it is the app's own function (then its body says what it does). */
export function classifyVerifier(w: Walk, node: ts.CallExpression, name: string, path: string[] | undefined, callee: Callee, result: CallKind): void {
  if (callee.kind !== 'function' && (WEBHOOK_VERIFIER_CALL_RE.test(name) || (name === 'verify' && path && path.length > 1 && /webhook|^wh$|svix|receiver/i.test(path.slice(0, -1).join('.'))))) {
    result.webhookVerifier = w.sig(node, `${callText(node)} verifies a webhook payload`);
  }
}

/** What a helper's body shows, seen from its call. */
export function fromCallee(facts: FunctionFacts, result: CallKind): void {
  if (facts.webhookVerifier) result.webhookVerifier ??= facts.webhookVerifier;
  if (facts.originCheck) result.originCheck ??= facts.originCheck;
  if (facts.tokenAuth) result.tokenAuth ??= facts.tokenAuth;
  if (facts.sessionCookie) result.sessionCookie ??= facts.sessionCookie;
  if (facts.streams) result.streams ??= facts.streams;
}
