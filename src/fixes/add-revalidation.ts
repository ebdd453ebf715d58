/**
 * Quick fix for `missing-revalidation`: call `revalidatePath` (the route segments the action is used from)
 * or `revalidateTag` (a tag the app reads its data with) after the action's last write, and import it from
 * `next/cache`.
 */
import ts from 'typescript';
import type { Endpoint, NextApp } from '../analyzers/model';
import type { TextEdit } from './edits';
import { addImports, importsHaveSyntaxErrors } from './imports';
import { type ProjectIndex, appDirImporters } from './project';
import {
  type CodeStyle,
  type EndpointRef,
  type FunctionNode,
  bodyIndent,
  bodyStatements,
  endpointAmbiguity,
  findEndpointFunction,
  forEachOwnNode,
  hasSyntaxErrorIn,
  insertAfter,
  insertBefore,
  isAsync,
  parseSource,
  quoted,
  styleOf,
} from './source';
import { lineIndentAt } from './edits';

export interface RevalidateTarget {
  path: string;
  /** Needed for dynamic segments (`/projects/[id]`) and to refresh everything under a layout. */
  type?: 'page' | 'layout';
}

export interface RevalidationChoice {
  call: 'revalidatePath' | 'revalidateTag';
  args: string[];
  /** `Add revalidatePath('/projects/[id]', 'page')` */
  title: string;
  preferred: boolean;
}

/** Calls after which the UI is fresh: one of them already in the action means there is nothing to add. */
const REVALIDATING_CALLS = new Set(['revalidatePath', 'revalidateTag', 'updateTag', 'refresh', 'redirect', 'permanentRedirect', 'expirePath', 'expireTag']);
const ROUTE_FILE_RE = /^route\.\w+$/;
const MAX_PATHS = 5;
const MAX_TAGS = 3;

/**
 * The page segment a file under the app dir renders in: route groups and parallel slots leave the URL,
 * a private `_folder` belongs to the segment above it, intercepting markers resolve like URLs. Route
 * handlers render nothing and give none.
 */
export function segmentTarget(fileInAppDir: string): RevalidateTarget | undefined {
  const parts = fileInAppDir.split('/');
  const base = parts.pop()!;
  if (ROUTE_FILE_RE.test(base)) return undefined;
  const segments: string[] = [];
  for (const part of parts) {
    if (part.startsWith('_')) break;
    if (part.startsWith('@') || /^\([^.][^)]*\)$/.test(part)) continue;
    const intercept = /^(\(\.\)|\(\.\.\)(?:\(\.\.\))*|\(\.\.\.\))(.+)$/.exec(part);
    if (intercept) {
      const marker = intercept[1];
      if (marker === '(...)') segments.length = 0;
      else if (marker !== '(.)') segments.length = Math.max(0, segments.length - marker.length / 4);
      segments.push(intercept[2]);
      continue;
    }
    segments.push(part);
  }
  const path = '/' + segments.join('/');
  if (/^layout\./.test(base)) return { path, type: 'layout' };
  return segments.some((segment) => segment.startsWith('[')) ? { path, type: 'page' } : { path };
}

/**
 * The paths to revalidate: the segment of every page, layout or component under the app dir that uses
 * the action. A caller outside it (components/) counts through the app-dir files importing it (one level,
 * when the project's texts are known); failing all that, the action file's own segment, else the root layout.
 */
export function revalidateTargets(endpoint: Pick<Endpoint, 'file' | 'callers'>, app: Pick<NextApp, 'appDir'>, index?: ProjectIndex): RevalidateTarget[] {
  const appDir = app.appDir;
  const targets: RevalidateTarget[] = [];
  const add = (file: string): void => {
    if (!appDir || !file.startsWith(appDir + '/')) return;
    const target = segmentTarget(file.slice(appDir.length + 1));
    if (target && !targets.some((item) => item.path === target.path && item.type === target.type)) targets.push(target);
  };
  for (const caller of endpoint.callers) {
    if (appDir && caller.file.startsWith(appDir + '/')) add(caller.file);
    else if (index) for (const importer of appDirImporters(index, caller.file)) add(importer);
  }
  if (targets.length === 0) add(endpoint.file);
  if (targets.length === 0) targets.push({ path: '/', type: 'layout' });
  return targets.slice(0, MAX_PATHS);
}

const STOP_WORDS = new Set(['get', 'set', 'create', 'update', 'delete', 'remove', 'add', 'write', 'writes', 'data', 'call', 'with', 'from', 'the', 'action', 'app', 'api', 'page', 'insert', 'upsert', 'save', 'new', 'edit', 'all', 'list', 'handle', 'submit', 'form', 'lib', 'src', 'server', 'db', 'prisma', 'sql', 'one', 'many', 'index']);

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((word) => (word.length > 3 && word.endsWith('ies') ? word.slice(0, -3) + 'y' : word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word))
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word));
}

/**
 * Tags worth offering: those that name what the action writes (by its name, its file's folders, or the
 * writes the analyzer saw) — `matched` — or, in an app with only one or two tags, those.
 */
export function relevantTags(endpoint: Pick<Endpoint, 'name' | 'file' | 'evidence'>, tags: readonly string[]): { tags: string[]; matched: boolean } {
  const context = new Set([
    ...words(endpoint.name),
    ...words(endpoint.file.replace(/\.\w+$/, '')),
    ...endpoint.evidence.filter((item) => item.kind === 'mutation').flatMap((item) => words(item.message)),
  ]);
  const matching = tags.filter((tag) => words(tag).some((word) => context.has(word)));
  if (matching.length) return { tags: matching.slice(0, MAX_TAGS), matched: true };
  return { tags: tags.length <= 2 ? [...tags] : [], matched: false };
}

function displayCall(call: RevalidationChoice['call'], args: string[]): string {
  return `${call}(${args.map((arg) => `'${arg.replace(/'/g, "\\'")}'`).join(', ')})`;
}

/**
 * The fixes to offer, the preferred one first: a tag that names the action's data when the app has one
 * (tag-cached data is what a tag revalidates), else the first caller's path.
 */
export function revalidationChoices(endpoint: Endpoint, app: NextApp, index?: ProjectIndex): RevalidationChoice[] {
  const { tags, matched } = index ? relevantTags(endpoint, index.tags) : { tags: [], matched: false };
  // Next.js 16 deprecates the one-argument form; 'max' keeps stale-while-revalidate, as its docs advise.
  const tagArgs = (tag: string) => (index?.nextMajor !== undefined && index.nextMajor >= 16 ? [tag, 'max'] : [tag]);
  const tagChoices = tags.map((tag) => ({ call: 'revalidateTag' as const, args: tagArgs(tag) }));
  const pathChoices = revalidateTargets(endpoint, app, index).map((target) => ({ call: 'revalidatePath' as const, args: target.type ? [target.path, target.type] : [target.path] }));
  const ordered = matched ? [...tagChoices, ...pathChoices] : [...pathChoices, ...tagChoices];
  return ordered.map((choice, position) => ({ ...choice, title: `Add ${displayCall(choice.call, choice.args)}`, preferred: position === 0 }));
}

function ownCallNames(fn: FunctionNode): Set<string> {
  const names = new Set<string>();
  forEachOwnNode(fn, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = node.expression;
    if (ts.isIdentifier(callee)) names.add(callee.text);
    else if (ts.isPropertyAccessExpression(callee)) names.add(callee.name.text);
  });
  return names;
}

function freshName(fn: FunctionNode, base: string): string {
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(fn);
  let name = base;
  for (let suffix = 2; used.has(name); suffix++) name = `${base}${suffix}`;
  return name;
}

function lineOf(sourceFile: ts.SourceFile, position: number): number {
  return sourceFile.getLineAndCharacterOfPosition(position).line + 1;
}

function containsLine(node: ts.Node, sourceFile: ts.SourceFile, line: number): boolean {
  return lineOf(sourceFile, node.getStart(sourceFile)) <= line && line <= lineOf(sourceFile, node.getEnd());
}

/** `const result = await <expr>` keeps the write's value while the revalidation runs after it. */
function keepResult(fn: FunctionNode, expression: ts.Expression, sourceFile: ts.SourceFile, style: CodeStyle, indent: string, call: string): { name: string; lines: string[] } {
  const name = freshName(fn, 'result');
  const text = expression.getText(sourceFile);
  const awaited = ts.isAwaitExpression(expression) || !isAsync(fn) ? text : `await ${text}`;
  return { name, lines: [`const ${name} = ${awaited}${style.semi}`, call, `return ${name}${style.semi}`].map((line, index) => (index === 0 ? line : indent + line)) };
}

/**
 * The block holding the action's last write: the body itself, or the `try` block around the write (code
 * after a try/catch that returns on both sides would never run).
 */
function writeBlock(fn: FunctionNode, sourceFile: ts.SourceFile, writeLine: number | undefined): { statements: readonly ts.Statement[]; block: ts.Block } {
  let block = fn.body as ts.Block;
  let statements: readonly ts.Statement[] = bodyStatements(fn).statements;
  for (;;) {
    if (writeLine === undefined) return { statements, block };
    const holder = [...statements].reverse().find((statement) => containsLine(statement, sourceFile, writeLine));
    if (!holder || !ts.isTryStatement(holder) || !containsLine(holder.tryBlock, sourceFile, writeLine)) return { statements, block };
    block = holder.tryBlock;
    statements = block.statements;
  }
}

/** Edits that add the chosen revalidation to the endpoint's function; none when it already revalidates. */
export function addRevalidation(text: string, file: string, endpoint: EndpointRef & Pick<Endpoint, 'file' | 'evidence'>, choice: Pick<RevalidationChoice, 'call' | 'args'>): TextEdit[] {
  const sourceFile = parseSource(text, file);
  const fn = findEndpointFunction(sourceFile, endpoint);
  if (!fn?.body || endpointAmbiguity(sourceFile, endpoint)) return [];
  // In a function the parser recovered from an error, where a statement ends is a guess: adding one can break more.
  if (hasSyntaxErrorIn(sourceFile, fn)) return [];
  if ([...ownCallNames(fn)].some((name) => REVALIDATING_CALLS.has(name))) return [];
  const style = styleOf(sourceFile);
  const indent = bodyIndent(fn, sourceFile, style);
  const call = `${choice.call}(${choice.args.map((arg) => quoted(arg, style)).join(', ')})${style.semi}`;
  const edits: TextEdit[] = [];

  if (!ts.isBlock(fn.body)) {
    const arrow = fn as ts.ArrowFunction;
    const outer = lineIndentAt(text, fn.getStart(sourceFile));
    const kept = keepResult(fn, fn.body, sourceFile, style, indent, call);
    const block = ` {${style.eol}${indent}${kept.lines.join(style.eol)}${style.eol}${outer}}`;
    edits.push({ start: arrow.equalsGreaterThanToken.end, end: fn.body.end, newText: block });
  } else {
    const writeLines = endpoint.evidence.filter((item) => item.kind === 'mutation' && item.file === endpoint.file).map((item) => item.line);
    const ownLines = writeLines.filter((line) => containsLine(fn.body!, sourceFile, line));
    const writeLine = ownLines.length ? Math.max(...ownLines) : undefined;
    const { statements, block } = writeBlock(fn, sourceFile, writeLine);
    const last = statements[statements.length - 1];
    const blockIndent = block === fn.body ? indent : statements.length ? lineIndentAt(text, statements[0].getStart(sourceFile)) : indent + style.indentUnit;
    if (!last) {
      const directives = bodyStatements(fn).directives;
      const after = block === fn.body && directives.length ? directives[directives.length - 1].end : block.getStart(sourceFile) + 1;
      edits.push(insertAfter(after, sourceFile, [call], blockIndent, style));
    } else if (ts.isReturnStatement(last) && last.expression && writeLine !== undefined && containsLine(last, sourceFile, writeLine)) {
      // `return db.post.create(…)`: the write is the returned value.
      const kept = keepResult(fn, last.expression, sourceFile, style, blockIndent, call);
      edits.push({ start: last.getStart(sourceFile), end: last.end, newText: kept.lines.join(style.eol) });
    } else if (ts.isReturnStatement(last)) {
      edits.push(insertBefore(last, sourceFile, [call], blockIndent, style));
    } else {
      edits.push(insertAfter(last.end, sourceFile, [call], blockIndent, style));
    }
  }
  const imports = addImports(sourceFile, [{ from: 'next/cache', names: [choice.call] }], style);
  // A new import goes after the last one: where the parser recovered from an error there, it can land inside it.
  if (imports.length && importsHaveSyntaxErrors(sourceFile)) return [];
  edits.push(...imports);
  return edits;
}
