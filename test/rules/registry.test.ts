import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../src/analyzers/rules';

const rulesDir = join(__dirname, '..', '..', 'src', 'analyzers', 'rules');

void test('every rule file is registered, and every registered rule has a file named after its id', () => {
  const files = readdirSync(rulesDir)
    .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && file !== 'rule.ts')
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(allRules.map((rule) => rule.id).sort(), files);
});

void test('rule ids are unique kebab-case and each rule documents itself', () => {
  const ids = new Set<string>();
  for (const rule of allRules) {
    assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(!ids.has(rule.id), `duplicate rule id ${rule.id}`);
    ids.add(rule.id);
    assert.ok(rule.description.length > 20, `${rule.id} needs a description`);
    assert.ok(['error', 'warning', 'info'].includes(rule.defaultSeverity));
  }
});
