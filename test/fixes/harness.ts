/** Shared by the quick-fix tests: apply a fix, compare with the expected text, check syntax and idempotency. */
import assert from 'node:assert/strict';
import ts from 'typescript';
import { type TextEdit, applyEdits } from '../../src/fixes/edits';
import { parseSource, syntaxErrors } from '../../src/fixes/source';

/** 1-based line of the first line holding `needle` (for evidence lines in hand-built endpoints). */
export function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index !== -1, `${needle} not in the input`);
  return text.slice(0, index).split('\n').length;
}

/**
 * Applies `fix` to `input` and checks: the result is `expected`, it parses with no more syntax errors than
 * the input, and applying the fix again changes nothing.
 */
export function assertFix(input: string, file: string, fix: (text: string) => TextEdit[], expected: string): void {
  const output = applyEdits(input, fix(input));
  assert.equal(output, expected);
  const before = syntaxErrors(parseSource(input, file)).length;
  const after = syntaxErrors(parseSource(output, file)).map((diagnostic) => `${diagnostic.start}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
  assert.ok(after.length <= before, `new syntax errors: ${after.join('; ')}`);
  assert.deepEqual(fix(output), [], 'a second application changes nothing');
}

/** Lines joined with LF; tests read better as arrays of lines. */
export function lines(...items: string[]): string {
  return items.join('\n');
}
