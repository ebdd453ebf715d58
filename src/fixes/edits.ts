/**
 * Text edits shared by every fix in src/fixes (pure: no `vscode` import).
 *
 * A fix is a function from source text (plus the model) to `TextEdit[]`: offsets into that same text, never
 * overlapping, applied together as one change. The editor turns them into one WorkspaceEdit (one undo step)
 * with `document.positionAt(start/end)`; tests apply them with `applyEdits`.
 *
 * Stable API (other fixes use it): TextEdit, applyEdits, positionAt, eolOf, indentUnitOf, lineIndentAt.
 */

export interface TextEdit {
  /** Offset (UTF-16 code units) of the first replaced character. */
  start: number;
  /** Offset just past the last replaced character; equal to `start` for an insertion. */
  end: number;
  newText: string;
}

/**
 * Applies edits made against `text`. Insertions at the same offset keep their order; overlapping edits
 * are a bug in the fix and throw.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index);
  let result = '';
  let cursor = 0;
  for (const { edit } of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`overlapping or out-of-range edit at ${edit.start}-${edit.end}`);
    }
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** 0-based line and character of an offset. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, character: offset - lineStart };
}

/** The file's line ending: CRLF when its first line break is one, LF otherwise. */
export function eolOf(text: string): '\n' | '\r\n' {
  const index = text.indexOf('\n');
  return index > 0 && text[index - 1] === '\r' ? '\r\n' : '\n';
}

/** One level of indentation as the file writes it: a tab, or the smallest run of leading spaces (2 when unknown). */
export function indentUnitOf(text: string): string {
  let tabs = 0;
  let spaced = 0;
  let smallest = Infinity;
  for (const match of text.matchAll(/^([ \t]+)\S/gm)) {
    const indent = match[1];
    if (indent.startsWith('\t')) tabs++;
    else {
      spaced++;
      // Odd runs are usually alignment inside JSDoc (` * `), not indentation.
      if (indent.length % 2 === 0 && indent.length < smallest) smallest = indent.length;
    }
  }
  if (tabs > spaced) return '\t';
  return ' '.repeat(Number.isFinite(smallest) ? smallest : 2);
}

/** The leading whitespace of the line holding `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}
