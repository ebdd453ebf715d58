import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { formatJson } from '../../src/cli/format-json';
import { app, endpoint, result, ROOT, sampleResult } from './builder';

function parse(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

void describe('formatJson', () => {
  void test('top-level shape: schemaVersion, absolute root, apps, endpoints, skipped; no stats', () => {
    const json = parse(formatJson(sampleResult()));
    assert.deepEqual(Object.keys(json), ['schemaVersion', 'root', 'apps', 'endpoints', 'skipped']);
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.root, ROOT);
    assert.deepEqual(json.skipped, sampleResult().skipped);
    assert.deepEqual(json.apps, [app()]);
  });

  void test('a relative root is made absolute', () => {
    const json = parse(formatJson(result({ root: 'some/dir' })));
    assert.equal(json.root, resolve('some/dir'));
  });

  void test('endpoints sorted by file, then line, then name', () => {
    const endpoints = [
      endpoint({ file: 'b.ts', name: 'x', line: 1 }),
      endpoint({ file: 'a.ts', name: 'z', line: 10 }),
      endpoint({ file: 'a.ts', name: 'y', line: 2 }),
      endpoint({ file: 'a.ts', name: 'b', line: 10 }),
      endpoint({ file: 'B.ts', name: 'q', line: 1 }),
    ];
    const json = parse(formatJson(result({ endpoints })));
    const order = (json.endpoints as { file: string; name: string }[]).map((item) => `${item.file}#${item.name}`);
    assert.deepEqual(order, ['B.ts#q', 'a.ts#y', 'a.ts#b', 'a.ts#z', 'b.ts#x']);
  });

  void test('deterministic: the same output whatever the input order, pretty-printed with a final newline', () => {
    const forward = sampleResult();
    const shuffled = sampleResult();
    shuffled.endpoints.reverse();
    shuffled.apps.reverse();
    const callers = [
      { file: 'app/z.tsx', line: 3, how: 'call' as const },
      { file: 'app/a.tsx', line: 9, how: 'form-action' as const },
      { file: 'app/a.tsx', line: 2, how: 'call' as const },
    ];
    forward.endpoints[0].callers = [...callers];
    shuffled.endpoints[shuffled.endpoints.length - 1].callers = [...callers].reverse();
    const text = formatJson(forward);
    assert.equal(formatJson(shuffled), text);
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.includes('\n  "schemaVersion": 1,\n'), 'two-space indentation');
    const first = (parse(text).endpoints as { name: string; callers: { file: string; line: number }[] }[]).find(
      (item) => item.name === 'deletePost',
    );
    assert.deepEqual(
      first?.callers.map((caller) => `${caller.file}:${caller.line}`),
      ['app/a.tsx:2', 'app/a.tsx:9', 'app/z.tsx:3'],
    );
  });

  void test('endpoint objects keep every model field', () => {
    const source = sampleResult();
    const json = parse(formatJson(source));
    const post = (json.endpoints as { name: string }[]).find((item) => item.name === 'POST');
    assert.deepEqual(
      post,
      source.endpoints.find((item) => item.name === 'POST'),
    );
  });

  void test('does not mutate its input', () => {
    const source = sampleResult();
    const before = JSON.stringify(source);
    formatJson(source);
    assert.equal(JSON.stringify(source), before);
  });
});
