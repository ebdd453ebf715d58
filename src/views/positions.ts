/**
 * Where an endpoint's name sits in its file. The model points at the export statement (1-based line and
 * column); lenses, diagnostics and hovers want the exported NAME, found here from the document text.
 * Pure: no `vscode` import.
 */
import type { Endpoint, Finding } from '../analyzers/model';
import { escapeRegex } from '../analyzers/paths';

/** A single-line range, 0-based like the editor's: `line`, and `start`..`end` characters (end exclusive). */
export interface TextRange {
  line: number;
  start: number;
  end: number;
}

/** The text of a 0-based line, or undefined past the end of the file. */
export type LineSource = (line: number) => string | undefined;

export function linesOf(text: string): LineSource {
  const lines = text.split(/\r\n|\r|\n/);
  return (line) => lines[line];
}

/** How many lines below the export statement a name may start (`export {` on one line, names on the next). */
const LOOKAHEAD_LINES = 3;
const IDENTIFIER_CHAR = /[\w$]/;

/** Index of `name` as a whole identifier in `text`, at or after `from`; -1 if absent. */
function findIdentifier(text: string, name: string, from: number): number {
  const pattern = new RegExp(`(?<![\\w$])${escapeRegex(name)}(?![\\w$])`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match ? match.index : -1;
}

/** The identifier-like word starting at `at`, or undefined. */
function wordAt(text: string, at: number): number | undefined {
  let end = at;
  while (end < text.length && IDENTIFIER_CHAR.test(text[end])) end++;
  return end > at ? end : undefined;
}

function statementRest(line: number, text: string, start: number): TextRange {
  const rest = text.slice(start).trimEnd();
  return { line, start, end: start + Math.max(rest.length, 0) };
}

/**
 * The name as the source writes it: a tRPC procedure `post.create` is the key `create`, a Hono route
 * `POST /api/posts` the method call `.post(`.
 */
function sourceName(endpoint: Pick<Endpoint, 'name'> & Partial<Pick<Endpoint, 'kind' | 'router'>>): string {
  if (endpoint.kind !== 'procedure') return endpoint.name;
  if (endpoint.router === 'hono') return endpoint.name.slice(0, endpoint.name.indexOf(' ')).toLowerCase();
  return endpoint.name.slice(endpoint.name.lastIndexOf('.') + 1);
}

/**
 * The range of the endpoint's name: the exported name (`GET` in `export { handler as GET }`, `default` in
 * `export default handler`), the variable of an inline action, or for an anonymous inline action
 * (`inline@<line>`) the start of its function. Falls back to the rest of the export statement's line, so
 * a stale model never points past the text.
 */
export function nameRange(endpoint: Pick<Endpoint, 'name' | 'line' | 'column'> & Partial<Pick<Endpoint, 'kind' | 'router'>>, lineAt: LineSource): TextRange {
  const line = Math.max(endpoint.line - 1, 0);
  const column = Math.max(endpoint.column - 1, 0);
  const text = lineAt(line);
  if (text === undefined) return { line, start: column, end: column };
  const start = Math.min(column, text.length);

  if (/^inline@\d+$/.test(endpoint.name)) {
    const end = wordAt(text, start);
    if (end !== undefined) return { line, start, end };
    const brace = text.indexOf('{', start);
    const until = (brace > start ? text.slice(start, brace) : text.slice(start)).trimEnd();
    return { line, start, end: start + Math.max(until.length, 1) };
  }

  const name = sourceName(endpoint);
  let index = findIdentifier(text, name, start);
  if (index < 0) index = findIdentifier(text, name, 0);
  if (index >= 0) return { line, start: index, end: index + name.length };
  for (let next = line + 1; next <= line + LOOKAHEAD_LINES; next++) {
    const nextText = lineAt(next);
    if (nextText === undefined) break;
    const found = findIdentifier(nextText, name, 0);
    if (found >= 0) return { line: next, start: found, end: found + name.length };
  }
  return statementRest(line, text, start);
}

/** The non-blank part of a 1-based line (findings reported away from the export, e.g. on a comment). */
export function lineRange(oneBasedLine: number, lineAt: LineSource): TextRange {
  const line = Math.max(oneBasedLine - 1, 0);
  const text = lineAt(line) ?? '';
  const start = text.length - text.trimStart().length;
  return { line, start, end: Math.max(text.trimEnd().length, start) };
}

/**
 * Where a finding's diagnostic sits: on the endpoint's name when the finding is reported at the export,
 * else on its own line (a suppression comment above, a line in another file). `lineAt` reads the
 * finding's file.
 */
export function findingRange(
  endpoint: Pick<Endpoint, 'file' | 'name' | 'line' | 'column'>,
  finding: Pick<Finding, 'file' | 'line'>,
  lineAt: LineSource,
): TextRange {
  return finding.file === endpoint.file && finding.line === endpoint.line ? nameRange(endpoint, lineAt) : lineRange(finding.line, lineAt);
}

export function rangeContains(range: TextRange, line: number, character: number): boolean {
  return range.line === line && character >= range.start && character <= range.end;
}
