/** The analyzer, the service and the view logic never import `vscode`: they are tested (and run in the CLI) without an editor. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const src = join(__dirname, '..', '..', 'src');
const VSCODE_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

for (const folder of ['analyzers', 'service', 'views', 'cli']) {
  void test(`no vscode import under src/${folder}/`, () => {
    const offenders = files(join(src, folder)).filter((file) => VSCODE_IMPORT.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });
}

void test('every feature module exports register()', () => {
  const features = readdirSync(join(src, 'features')).filter((name) => name.endsWith('.ts'));
  assert.ok(features.length >= 8, features.join(', '));
  for (const name of features) assert.match(readFileSync(join(src, 'features', name), 'utf8'), /export function register\(/, name);
});
