/** The shared helpers of src/fixes: text edits, imports, and which fixes an endpoint gets. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, eolOf, indentUnitOf, positionAt } from '../../src/fixes/edits';
import { type ImportSpec, addImports, parseImportLine } from '../../src/fixes/imports';
import { wantedFixes } from '../../src/fixes/offers';
import { parseSource, styleOf } from '../../src/fixes/source';
import { endpoint, route } from '../model-builders';

void describe('edits', () => {
  void test('applies edits in offset order, insertions at one offset in the order given', () => {
    const edits = [
      { start: 4, end: 4, newText: 'B' },
      { start: 0, end: 1, newText: 'x' },
      { start: 4, end: 4, newText: 'C' },
    ];
    assert.equal(applyEdits('abcdef', edits), 'xbcdBCef');
  });
  void test('overlapping edits are a bug and throw', () => {
    assert.throws(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]));
  });
  void test('positions, line endings and indentation', () => {
    assert.deepEqual(positionAt('ab\ncd\r\nef', 8), { line: 2, character: 1 });
    assert.equal(eolOf('a\r\nb\n'), '\r\n');
    assert.equal(eolOf('a\nb'), '\n');
    assert.equal(indentUnitOf('a {\n\tb\n\t\tc\n}'), '\t');
    assert.equal(indentUnitOf('/**\n * doc\n */\nf {\n    a\n        b\n}'), '    ');
    assert.equal(indentUnitOf('one line'), '  ');
  });
});

void describe('addImports', () => {
  const cases: { name: string; input: string; specs: ImportSpec[]; expected: string }[] = [
    { name: 'a new declaration after the last import', input: "import a from 'a';\n\nx();\n", specs: [{ from: 'm', names: ['b'] }], expected: "import a from 'a';\nimport { b } from 'm';\n\nx();\n" },
    { name: 'a name merged into the named imports of the module', input: "import { a } from 'm';\n", specs: [{ from: 'm', names: ['b', 'c as d'] }], expected: "import { a, b, c as d } from 'm';\n" },
    { name: 'named imports added to a default import', input: "import D from 'm';\n", specs: [{ from: 'm', names: ['b'] }], expected: "import D, { b } from 'm';\n" },
    { name: 'a type-only import is not merged into', input: "import type { T } from 'm';\n", specs: [{ from: 'm', names: ['b'] }], expected: "import type { T } from 'm';\nimport { b } from 'm';\n" },
    { name: 'a namespace import is not merged into', input: "import * as m from 'm';\n", specs: [{ from: 'm', names: ['b'] }], expected: "import * as m from 'm';\nimport { b } from 'm';\n" },
    { name: 'a name the file binds already is skipped, from any module or its own code', input: "import { auth } from '@/auth';\nfunction headers() {}\n", specs: [{ from: 'x', names: ['auth'] }, { from: 'next/headers', names: ['headers'] }], expected: "import { auth } from '@/auth';\nfunction headers() {}\n" },
    { name: 'default and namespace imports', input: "'use server'\n\nx()\n", specs: [{ from: 'a', defaultName: 'A' }, { from: 'b', namespace: 'B' }], expected: "'use server'\n\nimport A from 'a'\nimport * as B from 'b'\n\nx()\n" },
    { name: 'a directive with code right under it: blank lines around the import', input: "'use server';\nexport async function a() {}\n", specs: [{ from: 'm', names: ['b'] }], expected: "'use server';\n\nimport { b } from 'm';\n\nexport async function a() {}\n" },
  ];
  for (const item of cases) {
    void test(item.name, () => {
      const sourceFile = parseSource(item.input, 'a.ts');
      assert.equal(applyEdits(item.input, addImports(sourceFile, item.specs, styleOf(sourceFile))), item.expected);
    });
  }

  void test('parseImportLine reads every clause form', () => {
    assert.deepEqual(parseImportLine("import D, { a, b as c } from 'm'"), { from: 'm', defaultName: 'D', names: ['a', 'b as c'] });
    assert.deepEqual(parseImportLine("import * as ns from 'm';"), { from: 'm', namespace: 'ns' });
    assert.equal(parseImportLine('const x = 1'), undefined);
  });
});

void describe('wantedFixes', () => {
  const none = new Set<string>();
  void test('a diagnostic asks for its fix', () => {
    assert.deepEqual(wantedFixes(endpoint({ auth: 'missing', revalidates: false }), new Set(['missing-auth']), false), { revalidation: false, auth: true, suppress: [] });
    assert.deepEqual(wantedFixes(endpoint({ revalidates: false }), new Set(['missing-revalidation']), false), { revalidation: true, auth: false, suppress: [] });
  });
  void test("on the name, the endpoint's state decides (a silenced rule keeps its fix)", () => {
    assert.deepEqual(wantedFixes(endpoint({ auth: 'missing', revalidates: false }), none, true), { revalidation: true, auth: true, suppress: [] });
    assert.deepEqual(wantedFixes(endpoint({ auth: 'protected', mutates: false, revalidates: false }), none, true), { revalidation: false, auth: false, suppress: [] });
    assert.deepEqual(wantedFixes(endpoint({ auth: 'missing' }), none, false), { revalidation: false, auth: false, suppress: [] });
  });
  void test('route handlers are not asked to revalidate; pages/api gets no guard', () => {
    assert.deepEqual(wantedFixes(route({ auth: 'missing', revalidates: false }), none, true), { revalidation: false, auth: true, suppress: [] });
    assert.deepEqual(wantedFixes(route({ kind: 'pages-api', auth: 'missing' }), new Set(['missing-auth']), true), { revalidation: false, auth: false, suppress: [] });
  });
  void test('a suppression is offered for each auth-ish finding reported now, on its diagnostic or on the name', () => {
    const finding = (ruleId: string) => ({ ruleId, severity: 'error' as const, message: '', file: 'app/posts/actions.ts', line: 3 });
    const reported = endpoint({ auth: 'missing', findings: [finding('missing-revalidation'), finding('missing-ownership-check'), finding('missing-auth')] });
    const cases: { name: string; rules: string[]; onName: boolean; expected: string[] }[] = [
      { name: 'on the name: every auth-ish finding, in the offers\' order', rules: [], onName: true, expected: ['missing-auth', 'missing-ownership-check'] },
      { name: 'on one diagnostic: that rule only', rules: ['missing-ownership-check'], onName: false, expected: ['missing-ownership-check'] },
      { name: 'a rule that is not auth-ish gets none', rules: ['missing-revalidation'], onName: false, expected: [] },
    ];
    for (const item of cases) assert.deepEqual(wantedFixes(reported, new Set(item.rules), item.onName).suppress, item.expected, item.name);
    // Silenced already, or the rule set to off: no finding, nothing to silence (the guard is still offered on the name).
    assert.deepEqual(wantedFixes(endpoint({ auth: 'missing' }), new Set(['missing-auth']), true), { revalidation: false, auth: true, suppress: [] });
    assert.deepEqual(wantedFixes(route({ kind: 'pages-api', auth: 'missing', findings: [finding('missing-auth')] }), new Set(['missing-auth']), false), { revalidation: false, auth: false, suppress: ['missing-auth'] });
  });
});
