/** `fixes.authGuard` in next-boundary.config.json / package.json#nextBoundary, and the purity of src/fixes. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { mergeConfigs, readConfigIn } from '../../src/analyzers/config';
import type { FileHost } from '../../src/analyzers/host';

function host(files: Record<string, string>): FileHost {
  return {
    readFile: (path) => files[path],
    fileSize: (path) => files[path]?.length,
    fileExists: (path) => path in files,
    directoryExists: () => true,
    readDirectory: () => [],
  };
}

const TEMPLATE = "import { requireUser } from '@/lib/auth'\nawait requireUser()";

void describe('fixes.authGuard config', () => {
  void test('read from next-boundary.config.json', () => {
    const config = readConfigIn(host({ '/app/next-boundary.config.json': JSON.stringify({ guards: ['x'], fixes: { authGuard: TEMPLATE } }) }), '/app', []);
    assert.deepEqual(config?.fixes, { authGuard: TEMPLATE });
    assert.deepEqual(config?.guards, ['x']);
  });

  void test("read from package.json's nextBoundary key", () => {
    const config = readConfigIn(host({ '/app/package.json': JSON.stringify({ nextBoundary: { fixes: { authGuard: TEMPLATE } } }) }), '/app', []);
    assert.equal(config?.fixes?.authGuard, TEMPLATE);
  });

  void test('absent, blank or not a string: no template', () => {
    for (const fixes of [undefined, {}, { authGuard: '  ' }, { authGuard: ['await x()'] }, 'await x()']) {
      const config = readConfigIn(host({ '/app/next-boundary.config.json': JSON.stringify({ fixes }) }), '/app', []);
      assert.equal(config?.fixes, undefined, JSON.stringify(fixes));
    }
  });

  void test('merging: the last config that sets a template wins, one without keeps the earlier', () => {
    const base = { guards: [], wrappers: [], publicPaths: [], exclude: [] };
    assert.deepEqual(mergeConfigs({ ...base, fixes: { authGuard: 'a' } }, { ...base, fixes: { authGuard: 'b' } }).fixes, { authGuard: 'b' });
    assert.deepEqual(mergeConfigs({ ...base, fixes: { authGuard: 'a' } }, base).fixes, { authGuard: 'a' });
    assert.equal(mergeConfigs(base, base).fixes, undefined);
  });
});

void test('src/fixes never imports vscode', () => {
  const dir = join(__dirname, '..', '..', 'src', 'fixes');
  const offenders = readdirSync(dir).filter((name) => /(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/.test(readFileSync(join(dir, name), 'utf8')));
  assert.deepEqual(offenders, []);
});
