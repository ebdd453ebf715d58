import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpointLabel, formatTable, noNextAppMessage, summaryLine } from '../../src/cli/format-table';
import { ROOT, app, endpoint, result, sampleResult, withFindings } from './builder';

const ANSI = /\u001b\[[0-9;]*m/g;

void describe('formatTable', () => {
  void test('one aligned row per endpoint, sorted by file/line/name, then summary and skipped files', () => {
    const expected = [
      'KIND       ENDPOINT                 LOCATION                          EXPOSURE  AUTH       FINDINGS',
      'route      GET /api/projects/[id]   app/api/projects/[id]/route.ts:3  external  public     -',
      'route      POST /api/projects/[id]  app/api/projects/[id]/route.ts:9  external  missing    missing-auth',
      'action     createPost               app/posts/actions.ts:12           internal  missing    missing-auth, missing-revalidation',
      'action     deletePost               app/posts/actions.ts:30           unused    protected  unused-action',
      'pages-api  /api/legacy              pages/api/legacy.ts:5             external  unknown    -',
      '',
      '2 actions, 2 routes, 1 pages-api · 4 findings (2 missing-auth, 1 missing-revalidation, 1 unused-action) · 1 file skipped',
      '',
      'Skipped 1 file:',
      '  app/broken/page.tsx — syntax error: unexpected token (4:10)',
      '',
    ].join('\n');
    assert.equal(formatTable(sampleResult(), { color: false }), expected);
  });

  void test('columns line up: every row has the same offset for each column', () => {
    const lines = formatTable(sampleResult(), { color: false }).split('\n').slice(0, 6);
    const header = lines[0];
    for (const column of ['ENDPOINT', 'LOCATION', 'EXPOSURE', 'AUTH', 'FINDINGS']) {
      const offset = header.indexOf(column);
      for (const line of lines.slice(1)) {
        assert.notEqual(line[offset - 1], undefined);
        assert.equal(line[offset - 2] + line[offset - 1], '  ', `column ${column} in ${JSON.stringify(line)}`);
        assert.notEqual(line[offset], ' ', `column ${column} in ${JSON.stringify(line)}`);
      }
    }
  });

  void test('colour only when asked, and the colourless text is identical', () => {
    const plain = formatTable(sampleResult(), { color: false });
    const coloured = formatTable(sampleResult(), { color: true });
    assert.doesNotMatch(plain, ANSI);
    assert.match(coloured, ANSI);
    assert.equal(coloured.replace(ANSI, ''), plain);
    // auth "missing" is red
    assert.match(coloured, /\u001b\[31mmissing\u001b\[39m/);
  });

  void test('groups by app when there are several, with global column widths', () => {
    const web = withFindings(
      endpoint({ app: 'apps/web', file: 'apps/web/app/actions.ts', name: 'save', line: 4, mutates: true, auth: 'missing' }),
      ['missing-auth'],
      { 'missing-revalidation': 'revalidated by the caller' },
    );
    const admin = endpoint({ app: 'apps/admin', kind: 'route', file: 'apps/admin/app/api/route.ts', name: 'POST', urlPath: '/api', line: 2 });
    const text = formatTable(
      result({ apps: [app('apps/web'), { ...app('apps/admin'), name: '@acme/admin' }, app('apps/docs')], endpoints: [web, admin] }),
      { color: false },
    );
    assert.equal(
      text,
      [
        'apps/admin (@acme/admin) — 1 endpoint',
        'KIND    ENDPOINT   LOCATION                       EXPOSURE  AUTH       FINDINGS',
        'route   POST /api  apps/admin/app/api/route.ts:2  internal  protected  -',
        '',
        'apps/docs — 0 endpoints',
        '',
        'apps/web — 1 endpoint',
        'KIND    ENDPOINT   LOCATION                       EXPOSURE  AUTH       FINDINGS',
        'action  save       apps/web/app/actions.ts:4      internal  missing    missing-auth, missing-revalidation (suppressed)',
        '',
        '3 apps · 1 action, 1 route · 1 finding (1 missing-auth) · 1 suppressed',
        '',
      ].join('\n'),
    );
  });

  void test('no headings for a single app', () => {
    const text = formatTable(result({ endpoints: [endpoint({ file: 'app/a.ts', name: 'a' })] }), { color: false });
    assert.ok(text.startsWith('KIND '), text);
  });

  void test('an empty scan says so', () => {
    assert.equal(
      formatTable(result(), { color: false }),
      'No Server Actions, Route Handlers or pages/api routes found.\n\nno endpoints · no findings\n',
    );
  });

  void test('a scan that found no Next.js app says so first, above any endpoints found outside an app', () => {
    const notice = noNextAppMessage(ROOT);
    assert.match(notice, /^No Next\.js app found in \/work\/project /);
    assert.equal(formatTable(result({ apps: [] }), { color: false }), `${notice}\n\nno endpoints · no findings\n`);
    const stray = formatTable(result({ apps: [], endpoints: [endpoint({ file: 'lib/actions.ts', name: 'save' })] }), { color: false });
    assert.ok(stray.startsWith(`${notice}\n\nKIND `), stray);
  });

  void test('skipped files are listed sorted, reasons on one line', () => {
    const text = formatTable(
      result({
        skipped: [
          { file: 'b.ts', reason: 'larger than 1 MB' },
          { file: 'a.ts', reason: 'syntax error:\n  missing }' },
        ],
      }),
      { color: false },
    );
    assert.match(text, /· 2 files skipped\n\nSkipped 2 files:\n {2}a\.ts — syntax error: missing }\n {2}b\.ts — larger than 1 MB\n$/);
  });
});

void describe('summaryLine', () => {
  void test('singular forms and a finding breakdown by count, then id', () => {
    const a = endpoint({ file: 'a.ts', name: 'a' });
    const b = endpoint({ file: 'b.ts', name: 'b' });
    assert.equal(
      summaryLine({ endpoints: [withFindings(a, ['unused-action', 'missing-auth']), withFindings(b, ['missing-auth'])], skipped: [] }),
      '2 actions · 3 findings (2 missing-auth, 1 unused-action)',
    );
    assert.equal(summaryLine({ endpoints: [a], skipped: [{ file: 'x', reason: 'y' }] }), '1 action · no findings · 1 file skipped');
  });
});

void describe('endpointLabel', () => {
  void test('routes show method and URL, pages-api the URL, actions the name', () => {
    assert.equal(endpointLabel(endpoint({ kind: 'route', file: 'r.ts', name: 'DELETE', urlPath: '/api/x' })), 'DELETE /api/x');
    assert.equal(endpointLabel(endpoint({ kind: 'pages-api', file: 'p.ts', name: 'default', urlPath: '/api/p' })), '/api/p');
    assert.equal(endpointLabel(endpoint({ file: 'a.ts', name: 'inline@12' })), 'inline@12');
  });
});

void describe('formatTable with a baseline and --changed-since', () => {
  const recorded = withFindings(endpoint({ file: 'app/a.ts', name: 'a', auth: 'missing' }), ['missing-auth']);
  const compared = { ...withFindings(endpoint({ file: 'app/a.ts', name: 'a', auth: 'missing' }), ['missing-revalidation']), baselined: recorded.findings };
  const context = {
    baseline: {
      file: 'next-boundary.baseline.json',
      comparison: { new: 1, unchanged: 1, absent: [{ rule: 'unused-action', kind: 'action' as const, file: 'app/gone.ts', endpoint: 'old', message: 'm' }] },
    },
    changedSince: { ref: 'origin/main', base: '0123456789abcdef0123', changedFiles: 3, endpointsShown: 1, endpointsTotal: 12 },
  };
  const text = formatTable(result({ endpoints: [compared] }), { color: false, context });

  void test('recorded findings are marked, and the summary counts new ones apart', () => {
    assert.match(text, /missing-revalidation, missing-auth \(baseline\)/);
    assert.match(text, /1 action · 1 new finding \(1 missing-revalidation\) · 1 in the baseline/);
  });

  void test('the narrowing and the fixed entries are said under the summary', () => {
    assert.match(text, /^Changed since origin\/main \(0123456789ab\): 3 files changed; 1 of 12 endpoints shown/m);
    assert.match(text, /^Baseline next-boundary\.baseline\.json: 1 recorded finding still present, not counted as new\.$/m);
    assert.match(text, /^1 baseline entry no longer found \(fixed\)/m);
    assert.match(text, /^ {2}unused-action {2}action old {2}app\/gone\.ts$/m);
  });

  void test('without a baseline the summary says "findings", not "new findings"', () => {
    assert.match(formatTable(result({ endpoints: [recorded] }), { color: false }), /1 action · 1 finding \(1 missing-auth\)$/m);
  });
});
