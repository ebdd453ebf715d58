import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixturesRoot = join(__dirname, 'fixtures');
const fileCache = new Map<string, string[]>();

function linesOf(fixture: string, file: string): string[] {
  const key = `${fixture}/${file}`;
  let lines = fileCache.get(key);
  if (!lines) {
    lines = readFileSync(join(fixturesRoot, fixture, file), 'utf8').split(/\r?\n/);
    fileCache.set(key, lines);
  }
  return lines;
}

/**
 * 1-based line of `text` in test/fixtures/<fixture>/<file>.
 * Without `nth` the text must occur on exactly one line (so a fixture edit cannot silently move an assertion);
 * with `nth` (1-based) the nth line containing it is returned.
 */
export function lineIn(fixture: string, file: string, text: string, nth?: number): number {
  const hits: number[] = [];
  linesOf(fixture, file).forEach((line, index) => {
    if (line.includes(text)) hits.push(index + 1);
  });
  if (hits.length === 0) {
    throw new Error(`lineIn: "${text}" not found in ${fixture}/${file}`);
  }
  if (nth === undefined) {
    if (hits.length > 1) {
      throw new Error(`lineIn: "${text}" is on several lines of ${fixture}/${file} (${hits.join(', ')}); pass nth`);
    }
    return hits[0];
  }
  const line = hits[nth - 1];
  if (line === undefined) {
    throw new Error(`lineIn: "${text}" occurs ${hits.length} time(s) in ${fixture}/${file}, not ${nth}`);
  }
  return line;
}

/** A line finder bound to one fixture: `const at = linesFor('actions-x'); at('app/a.ts', 'export async function')`. */
export function linesFor(fixture: string): (file: string, text: string, nth?: number) => number {
  return (file, text, nth) => lineIn(fixture, file, text, nth);
}
