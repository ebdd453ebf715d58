/** Small hand-built models for the view tests, and the text of fixture files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoint, Finding, Severity } from '../../src/analyzers/model';
import { type LineSource, linesOf } from '../../src/views/positions';
import { fixturesDir } from '../helpers';

export { endpoint, route } from '../model-builders';

export function finding(at: Pick<Endpoint, 'file' | 'line'>, ruleId: string, severity: Severity = 'error'): Finding {
  return { ruleId, severity, message: `${ruleId} message`, file: at.file, line: at.line };
}

/** Lines of a file under test/fixtures/<fixture>/. */
export function fixtureLines(fixture: string, file: string): LineSource {
  return linesOf(readFileSync(join(fixturesDir, fixture, file), 'utf8'));
}

/** The text a range covers. */
export function textAt(lines: LineSource, range: { line: number; start: number; end: number }): string {
  return (lines(range.line) ?? '').slice(range.start, range.end);
}
