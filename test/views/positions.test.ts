import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingRange, lineRange, linesOf, nameRange, rangeContains } from '../../src/views/positions';
import { endpoint as endpointIn, scanFixture } from '../helpers';
import { endpoint, fixtureLines, textAt } from './model';

void describe('nameRange on real scans: the range covers the exported name', () => {
  const table: { fixture: string; file: string; name: string; text: string; line: number }[] = [
    { fixture: 'actions-export-forms', file: 'app/posts/actions.ts', name: 'listPosts', text: 'listPosts', line: 7 },
    { fixture: 'actions-export-forms', file: 'app/posts/actions.ts', name: 'countPosts', text: 'countPosts', line: 11 },
    { fixture: 'actions-export-forms', file: 'app/posts/actions.ts', name: 'default', text: 'default', line: 19 },
    { fixture: 'actions-export-forms', file: 'app/posts/archive.ts', name: 'archivePost', text: 'archivePost', line: 3 },
    // `suggestTitles as suggest`: the exported name, not the local one that starts with the same letters.
    { fixture: 'actions-export-forms', file: 'app/posts/search.ts', name: 'suggest', text: 'suggest', line: 23 },
    { fixture: 'routes-exports', file: 'app/api/echo/route.ts', name: 'POST', text: 'POST', line: 11 },
    { fixture: 'routes-exports', file: 'app/api/inngest/route.ts', name: 'PUT', text: 'PUT', line: 4 },
    { fixture: 'routes-exports', file: 'app/api/stats/route.ts', name: 'GET', text: 'GET', line: 7 },
    { fixture: 'routes-exports', file: 'pages/api/reports/index.ts', name: 'default', text: 'default', line: 9 },
    // `export * from '../projects/route'`: no name to point at, so the whole statement.
    { fixture: 'routes-exports', file: 'app/api/boards/route.ts', name: 'HEAD', text: "export * from '../projects/route';", line: 2 },
    // Inline actions: the variable of `const shareNote = async () => {`, the function of an anonymous one.
    { fixture: 'actions-inline', file: 'app/notes/[id]/page.tsx', name: 'shareNote', text: 'shareNote', line: 20 },
    { fixture: 'actions-inline', file: 'app/notes/[id]/page.tsx', name: 'pinNote', text: 'pinNote', line: 12 },
    { fixture: 'actions-inline', file: 'app/notes/page.tsx', name: 'inline@32', text: 'async', line: 32 },
    // Procedures: a tRPC path's last part (its key, or the variable listed under it), a Hono route's method call.
    { fixture: 'routers-trpc', file: 'server/api/routers/billing.ts', name: 'billing.subscriptionUpdated', text: 'subscriptionUpdated', line: 7 },
    { fixture: 'routers-trpc', file: 'server/api/routers/comment.ts', name: 'comment.remove', text: 'remove', line: 6 },
    { fixture: 'routers-hono', file: 'app/api/[[...route]]/route.ts', name: 'POST /api/posts', text: 'post', line: 12 },
    { fixture: 'routers-hono', file: 'app/api/[[...route]]/route.ts', name: 'POST /api/open', text: 'post', line: 19 },
  ];
  for (const row of table) {
    void test(`${row.fixture} ${row.file}#${row.name}`, async () => {
      const item = endpointIn(await scanFixture(row.fixture), row.file, row.name);
      const lines = fixtureLines(row.fixture, row.file);
      const range = nameRange(item, lines);
      assert.equal(textAt(lines, range), row.text);
      assert.equal(range.line + 1, row.line);
    });
  }
});

void describe('nameRange on hand-written text', () => {
  const table: { name: string; text: string; at: { name: string; line: number; column: number }; expected: { line: number; start: number; end: number } }[] = [
    { name: 'name after the column', text: 'export async function save() {}', at: { name: 'save', line: 1, column: 1 }, expected: { line: 0, start: 22, end: 26 } },
    { name: 'name on the next line of a multi-line export', text: 'export {\n  handler as GET,\n};', at: { name: 'GET', line: 1, column: 1 }, expected: { line: 1, start: 13, end: 16 } },
    { name: 'a $ in the name', text: 'export const $save = async () => {};', at: { name: '$save', line: 1, column: 1 }, expected: { line: 0, start: 13, end: 18 } },
    { name: 'whole identifiers only', text: 'export { saveAll as save };', at: { name: 'save', line: 1, column: 1 }, expected: { line: 0, start: 20, end: 24 } },
    { name: 'stale model: name gone, rest of the line', text: '  export const renamed = 1;  ', at: { name: 'save', line: 1, column: 3 }, expected: { line: 0, start: 2, end: 27 } },
    { name: 'stale model: line past the end', text: 'export {}', at: { name: 'save', line: 9, column: 4 }, expected: { line: 8, start: 3, end: 3 } },
    { name: 'anonymous inline arrow without async', text: '<form action={(data) => {', at: { name: 'inline@1', line: 1, column: 15 }, expected: { line: 0, start: 14, end: 23 } },
  ];
  for (const row of table) {
    void test(row.name, () => {
      assert.deepEqual(nameRange(endpoint(row.at), linesOf(row.text)), row.expected);
    });
  }
});

void describe('findingRange and lineRange', () => {
  void test('a finding reported at the export sits on the name', () => {
    const item = endpoint({ name: 'save', line: 2 });
    const lines = linesOf('// next-boundary-ignore missing-auth\nexport async function save() {}');
    assert.deepEqual(findingRange(item, { file: item.file, line: 2 }, lines), { line: 1, start: 22, end: 26 });
  });
  void test('a finding reported on another line (a suppression comment) covers that line without indentation', () => {
    const item = endpoint({ name: 'save', line: 2 });
    const lines = linesOf('  // next-boundary-ignore missing-auth  \nexport async function save() {}');
    assert.deepEqual(findingRange(item, { file: item.file, line: 1 }, lines), { line: 0, start: 2, end: 38 });
  });
  void test('lineRange of a blank or missing line is empty', () => {
    assert.deepEqual(lineRange(5, linesOf('a')), { line: 4, start: 0, end: 0 });
  });
  void test('rangeContains is inclusive of both ends (the cursor right after a name still hovers it)', () => {
    const range = { line: 3, start: 4, end: 8 };
    assert.deepEqual(
      [3, 4, 8, 9].map((character) => rangeContains(range, 3, character)),
      [false, true, true, false],
    );
    assert.equal(rangeContains(range, 2, 5), false);
  });
  void test('linesOf splits CRLF and CR', () => {
    const lines = linesOf('a\r\nb\rc\nd');
    assert.deepEqual([0, 1, 2, 3, 4].map(lines), ['a', 'b', 'c', 'd', undefined]);
  });
});
