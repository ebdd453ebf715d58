import ts from 'typescript';
import type { ConfigUrl } from './app-settings';
import { isFunctionNode } from './ast';
import { words } from './words';
import { type FunctionFacts, signalOf } from './facts';
import type { HandlerFacts } from './handlers';
import type { Endpoint, EndpointSignals, Signal, WriteSignal } from './model';
import { segmentUrlPath } from './paths';

export interface SignalInput {
  endpoint: Endpoint;
  handler: HandlerFacts;
  appDir?: string;
  configUrls?: readonly ConfigUrl[];
}

/** `sameSite: 'strict'` / `SameSite=Lax` in code or a comment of the handler's file. */
const SAME_SITE_RE = /same-?site/i;
/** The CORS header, or a CORS helper (`corsHeaders`, `COMMON_CORS_HEADERS`, the `cors` package). */
const CORS_RE = /access-control-allow-origin|cors/i;
const DOWNLOAD_RE = /content-disposition/i;
/** A size limit as written: a `.size` comparison, or a `MAX_FILE_SIZE`-like name. */
const SIZE_LIMIT_RE = /\.size\s*[<>]=?|[<>]=?\s*[\w.]*\.size\b|\bmax_?(file_?)?size\b|\bMAX_\w*SIZE\b|\bmaxSize\b|\bmaxFileSize\b|\bfileSizeLimit\b|\bsizeLimit\b/i;

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function textSignal(file: string, text: string, pattern: RegExp, message: string): Signal | undefined {
  const match = pattern.exec(text);
  return match ? { file, line: lineOfOffset(text, match.index), message } : undefined;
}

/**
 * A size limit in the action's own code (a check the walk missed, in a callback) or at the top of its file (a schema
 * const: `z.instanceof(File).refine((f) => f.size < MAX)`), but not in the file's other functions.
 */
function sizeLimitNear(fn: ts.Node, file: string): Signal | undefined {
  const sourceFile = fn.getSourceFile();
  const places: ts.Node[] = [fn];
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const holdsFunction = statement.declarationList.declarations.some((declaration) => {
      const value = declaration.initializer;
      return !!value && (isFunctionNode(value) || declaration === fn.parent);
    });
    if (!holdsFunction) places.push(statement);
  }
  for (const place of places) {
    const text = place.getText(sourceFile);
    const match = SIZE_LIMIT_RE.exec(text);
    if (match) return { file, line: sourceFile.getLineAndCharacterOfPosition(place.getStart(sourceFile) + match.index).line + 1, message: 'a file size limit is written next to the action' };
  }
  return undefined;
}

/** The action's page URL (for a 'use server' file under app/, its folder) and its name in kebab case. */
function actionNamesInUrls(endpoint: Endpoint, appDir: string | undefined): { page?: string; kebab: string } {
  const page = appDir && endpoint.file.startsWith(appDir + '/') ? segmentUrlPath(endpoint.file.slice(appDir.length + 1)) : undefined;
  return { ...(page !== undefined && { page }), kebab: words(endpoint.name).join('-') };
}

function configUrlOf(input: SignalInput): Signal | undefined {
  const { endpoint } = input;
  if (!input.configUrls?.length) return undefined;
  // A route (or a router's route) at a URL the config names, a cron's: its caller is the scheduler, by contract.
  if (endpoint.kind !== 'action') {
    const path = endpoint.urlPath?.replace(/\/+$/, '');
    const url = path ? input.configUrls.find((item) => item.cron && item.path.replace(/\/+$/, '') === path) : undefined;
    return url && { file: url.file, line: url.line, message: `${url.message}: the scheduler calls it` };
  }
  if (endpoint.callers.length) return undefined;
  const { page, kebab } = actionNamesInUrls(endpoint, input.appDir);
  for (const url of input.configUrls) {
    const last = url.path.replace(/\/+$/, '').split('/').pop()?.toLowerCase() ?? '';
    if ((page !== undefined && page !== '/' && url.path.replace(/\/+$/, '') === page) || last === kebab || last === endpoint.name.toLowerCase()) {
      return { file: url.file, line: url.line, message: `${url.message}, a URL for an outside caller, and no app code calls the action` };
    }
  }
  return undefined;
}

function firstOf(facts: readonly FunctionFacts[], pick: (facts: FunctionFacts) => Signal | undefined): Signal | undefined {
  for (const item of facts) {
    const found = pick(item);
    if (found) return found;
  }
  return undefined;
}

/**
 * The signals of one endpoint, from the facts of its body (and of the wrappers it was read through), the type checker's
 * findings, the text of its file and the app's config. Undefined when there is none.
 */
export function endpointSignals(input: SignalInput, cacheRevalidation: Signal | undefined): EndpointSignals | undefined {
  const { endpoint, handler } = input;
  const body = handler.bodyFacts;
  const all = [...(body ? [body] : []), ...(handler.wrapperFacts ?? [])];
  const signals: EndpointSignals = {};
  // File-level notes are read from the endpoint's own file (a handler imported from elsewhere has its own).
  const sourceFile = handler.body?.getSourceFile();
  const text = sourceFile && sourceFile.fileName.endsWith('/' + endpoint.file) ? sourceFile.text : undefined;

  if (body?.signatureHeader) signals.signatureHeader = signalOf(body.signatureHeader);
  const verifier = firstOf(all, (facts) => facts.webhookVerifier);
  if (verifier) signals.webhookVerifier = verifier;

  const writes: WriteSignal[] = [...(body?.writes ?? [])];
  if (endpoint.kind !== 'action' && cacheRevalidation && !writes.some((write) => write.write === 'cache')) writes.push({ ...cacheRevalidation, write: 'cache', depth: 0 });
  if (writes.length) signals.writes = writes;

  const configUrl = configUrlOf(input);
  if (configUrl) signals.configUrl = configUrl;
  if (endpoint.kind === 'action') {
    if (handler.nonSerializable?.length) signals.nonSerializable = handler.nonSerializable;
    // An action client's body gets the client's parsed input, not the request's: the input facts are the client's business.
    if (body && !handler.bodyWrapped) {
      if (body.parameterToDatabase) signals.inputToDatabase = body.parameterToDatabase.signal;
      if (body.inputValidation) signals.inputValidation = body.inputValidation.signal;
      if (body.fileInput) signals.fileInput = body.fileInput.signal;
      if (body.fileSizeCheck) signals.fileSizeCheck = body.fileSizeCheck.signal;
      else if (body.fileInput && handler.body) {
        const sizeLimit = sizeLimitNear(handler.body, input.endpoint.file);
        if (sizeLimit) signals.fileSizeCheck = sizeLimit;
      }
      if (body.structuredThrow) signals.structuredThrow = body.structuredThrow;
    }
  } else {
    const originCheck = firstOf(all, (facts) => facts.originCheck);
    if (originCheck) signals.originCheck = originCheck;
    const tokenAuth = firstOf(all, (facts) => facts.tokenAuth);
    if (tokenAuth) signals.tokenAuth = tokenAuth;
    const sessionCookie = firstOf(all, (facts) => facts.sessionCookie);
    if (sessionCookie) signals.sessionCookie = sessionCookie;
    if (body?.streams) signals.streams = body.streams;
    if (body?.fileInput) signals.fileInput = body.fileInput.signal;
    if (text !== undefined) {
      const sameSite = textSignal(endpoint.file, text, SAME_SITE_RE, 'the file says how its cookies are SameSite');
      if (sameSite) signals.sameSiteNote = sameSite;
      const cors = textSignal(endpoint.file, text, CORS_RE, 'the response allows other origins (Access-Control-Allow-Origin)');
      if (cors) signals.cors = cors;
      const download = textSignal(endpoint.file, text, DOWNLOAD_RE, 'the response is a file download (Content-Disposition)');
      if (download) signals.fileResponse = download;
    }
  }
  return Object.keys(signals).length ? signals : undefined;
}
