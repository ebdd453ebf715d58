import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from './helpers';

const fileCache = new Map<string, string[]>();

function linesOf(path: string): string[] {
  let lines = fileCache.get(path);
  if (!lines) {
    lines = readFileSync(path, 'utf8').split(/\r?\n/);
    fileCache.set(path, lines);
  }
  return lines;
}

/**
 * 1-based line of the line holding `marker` in test/fixtures/<fixture>/<file>.
 * The marker must occur on exactly one line unless `occurrence` (1-based) picks one,
 * so that an edit to a fixture cannot silently move an expectation to another line.
 */
export function lineOf(fixture: string, file: string, marker: string, occurrence?: number): number {
  const lines = linesOf(join(fixturesDir, fixture, file));
  const hits: number[] = [];
  lines.forEach((text, index) => {
    if (text.includes(marker)) hits.push(index + 1);
  });
  if (hits.length === 0) throw new Error(`marker not found in ${fixture}/${file}: ${marker}`);
  if (occurrence === undefined) {
    if (hits.length > 1) {
      throw new Error(`marker found on lines ${hits.join(', ')} of ${fixture}/${file}, pass an occurrence: ${marker}`);
    }
    return hits[0];
  }
  const line = hits[occurrence - 1];
  if (line === undefined) throw new Error(`marker occurs ${hits.length} time(s) in ${fixture}/${file}: ${marker}`);
  return line;
}

/** Binds lineOf to one fixture: `const at = linesIn('routes-exports'); at('app/route.ts', 'export async function GET')`. */
export function linesIn(fixture: string): (file: string, marker: string, occurrence?: number) => number {
  return (file, marker, occurrence) => lineOf(fixture, file, marker, occurrence);
}
