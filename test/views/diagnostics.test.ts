import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnosticDescriptors, findingFiles, problemsText } from '../../src/views/diagnostics';
import { linesOf } from '../../src/views/positions';
import { scanFixture } from '../helpers';
import { endpoint, finding, fixtureLines } from './model';

/** A compact view of a descriptor: `file:line:start-end severity code`. */
function brief(file: string, descriptor: { range: { line: number; start: number; end: number }; severity: string; code: string }): string {
  return `${file}:${descriptor.range.line + 1}:${descriptor.range.start + 1}-${descriptor.range.end + 1} ${descriptor.severity} ${descriptor.code}`;
}

async function descriptorsOf(fixture: string): Promise<string[]> {
  const result = await scanFixture(fixture);
  const byFile = diagnosticDescriptors(result.endpoints, (file) => fixtureLines(fixture, file));
  return [...byFile.entries()].flatMap(([file, list]) => list.map((descriptor) => brief(file, descriptor))).sort();
}

void describe('diagnostics from real scans: one per finding, on the name, rule id as code', () => {
  const table: { fixture: string; expected: string[] }[] = [
    {
      fixture: 'actions-suppression',
      // The suppressed missing-auth on addGuestbookEntry is absent; the reason-less comment is flagged on its own line.
      // Both actions write the form's fields unchecked (the suppression names missing-auth only).
      expected: [
        'app/guestbook/actions.ts:14:1-37 warning suppression-without-reason',
        'app/guestbook/actions.ts:15:23-41 error missing-auth',
        'app/guestbook/actions.ts:15:23-41 warning unvalidated-action-input',
        'app/guestbook/actions.ts:7:23-40 warning unvalidated-action-input',
      ],
    },
    {
      fixture: 'actions-inline',
      expected: [
        'app/notes/[id]/page.tsx:20:9-18 error missing-auth',
        'app/notes/[id]/page.tsx:20:9-18 warning missing-revalidation',
        'app/notes/page.tsx:32:23-28 error missing-auth',
        'app/notes/page.tsx:9:18-25 warning unvalidated-action-input',
      ],
    },
    {
      fixture: 'routes-monorepo',
      expected: ['apps/admin/src/app/api/search/route.ts:3:23-26 error missing-auth', 'apps/web/app/actions.ts:5:23-32 warning missing-revalidation', 'apps/web/app/actions.ts:5:23-32 warning unvalidated-action-input', 'apps/web/app/api/profile/route.ts:4:23-28 warning route-mutation-without-origin-check'],
    },
  ];
  for (const row of table) {
    void test(row.fixture, async () => {
      assert.deepEqual(await descriptorsOf(row.fixture), row.expected);
    });
  }

  void test('message, README link and related evidence of a missing-auth route behind middleware', async () => {
    const result = await scanFixture('routes-classify');
    const byFile = diagnosticDescriptors(result.endpoints, (file) => fixtureLines('routes-classify', file));
    const [descriptor] = byFile.get('app/api/admin/reset/route.ts') ?? [];
    assert.ok(descriptor);
    assert.equal(descriptor.code, 'missing-auth');
    assert.equal(descriptor.href, 'https://github.com/next-boundary/next-boundary#rule-missing-auth');
    assert.equal(descriptor.message, 'This POST handler writes shared data but checks no auth.', 'the Problems panel gets the first sentence, plain');
    assert.deepEqual(
      descriptor.related.map((item) => `${item.file}:${item.line}`),
      ['app/api/admin/reset/route.ts:5', 'middleware.ts:1'],
    );
  });
});

void describe('diagnostics from small models', () => {
  void test('no findings, no diagnostics; findingFiles lists only the files that need text', () => {
    const quiet = endpoint();
    const loud = endpoint({ file: 'app/b.ts', findings: [finding({ file: 'app/b.ts', line: 3 }, 'missing-auth')] });
    assert.deepEqual(findingFiles([quiet, loud]), ['app/b.ts']);
    assert.equal(diagnosticDescriptors([quiet], () => undefined).size, 0);
  });

  void test('an unreadable file: the diagnostic falls back to the model column, never throws', () => {
    const item = endpoint({ line: 3, column: 1, findings: [finding({ file: 'app/posts/actions.ts', line: 3 }, 'missing-auth')] });
    const [descriptor] = diagnosticDescriptors([item], () => undefined).get('app/posts/actions.ts') ?? [];
    assert.deepEqual(descriptor?.range, { line: 2, start: 0, end: 0 });
  });

  void test('severity comes from the finding (the analyzer applied the settings); several per line sorted by column then code', () => {
    const at = { file: 'app/posts/actions.ts', line: 1 };
    const item = endpoint({ line: 1, findings: [finding(at, 'unused-action', 'info'), finding(at, 'missing-auth', 'warning')] });
    const list = diagnosticDescriptors([item], () => linesOf('export async function createPost() {}')).get(at.file) ?? [];
    assert.deepEqual(
      list.map((descriptor) => `${descriptor.code}:${descriptor.severity}:${descriptor.range.start}`),
      ['missing-auth:warning:22', 'unused-action:info:22'],
    );
  });
});

void describe('problemsText', () => {
  const rows: { text: string; expected: string }[] = [
    { text: 'This Server Action writes data but checks no auth. Check the session (e.g. `const session = await auth()`) first.', expected: 'This Server Action writes data but checks no auth.' },
    { text: 'Its parameter `cart`: a Cart instance (a class with methods, e.g. add()): React cannot serialize it (vercel.json:2). Instead, pass a plain object.', expected: 'Its parameter cart: a Cart instance (a class with methods, e.g. add()): React cannot serialize it (vercel.json:2).' },
    { text: 'One sentence with `code` and no end', expected: 'One sentence with code and no end' },
  ];
  for (const row of rows) void test(row.expected, () => assert.equal(problemsText(row.text), row.expected));
});
