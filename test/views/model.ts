/** Small hand-built models for the view tests, and the text of fixture files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoint, Finding, Severity } from '../../src/analyzers/model';
import { type LineSource, linesOf } from '../../src/views/positions';
import { fixturesDir } from '../helpers';

export function endpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    kind: 'action',
    name: 'createPost',
    file: 'app/posts/actions.ts',
    line: 3,
    column: 1,
    app: '',
    actionForm: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [],
    findings: [],
    suppressed: [],
    ...overrides,
  };
}

export function route(overrides: Partial<Endpoint> = {}): Endpoint {
  return endpoint({ kind: 'route', name: 'POST', file: 'app/api/x/route.ts', urlPath: '/api/x', exposure: 'external', actionForm: undefined, ...overrides });
}

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
