import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { statusBarText, statusBarTooltip, totals } from '../../src/views/status';
import { scanFixture } from '../helpers';
import { endpoint, finding, route } from './model';

void describe('status bar', () => {
  const table: { fixtures: string[]; text: string; tooltip: string[] }[] = [
    {
      fixtures: ['routes-classify'],
      text: '$(zap) 0 · $(globe) 21 · $(warning) 9',
      tooltip: ['Next Boundary: 0 Server Actions, 21 routes', '9 findings (5 missing-auth, 3 route-only-called-internally, 1 webhook-without-verification)', 'Click to show the Boundary tree'],
    },
    {
      fixtures: ['actions-suppression'],
      text: '$(zap) 3 · $(globe) 0 · $(warning) 4',
      tooltip: ['Next Boundary: 3 Server Actions, 0 routes', '4 findings (2 unvalidated-action-input, 1 missing-auth, 1 suppression-without-reason)', '2 ignored by comment', 'Click to show the Boundary tree'],
    },
    {
      // Two workspace folders: the totals add up; pages/api routes count as routes.
      fixtures: ['routes-monorepo', 'routes-exports'],
      text: '$(zap) 1 · $(globe) 32 · $(warning) 8',
      tooltip: ['Next Boundary: 1 Server Action, 32 routes in 3 apps', '8 findings (5 missing-auth, 1 missing-revalidation, 1 route-mutation-without-origin-check, 1 unvalidated-action-input)', 'Click to show the Boundary tree'],
    },
  ];
  for (const row of table) {
    void test(row.fixtures.join(' + '), async () => {
      const sum = totals(await Promise.all(row.fixtures.map((fixture) => scanFixture(fixture))));
      assert.equal(statusBarText(sum), row.text);
      assert.equal(statusBarTooltip(sum), row.tooltip.join('\n'));
    });
  }

  void test('no findings: no warning part; skipped files are mentioned', () => {
    const sum = totals([{ apps: [], endpoints: [endpoint(), route()], skipped: [{ file: 'a.ts', reason: 'syntax error' }] }]);
    assert.equal(statusBarText(sum), '$(zap) 1 · $(globe) 1');
    assert.equal(statusBarTooltip(sum), ['Next Boundary: 1 Server Action, 1 route', 'No findings', '1 file skipped (see the output log)', 'Click to show the Boundary tree'].join('\n'));
  });

  void test('findings are counted one by one, per rule', () => {
    const at = { file: 'a', line: 1 };
    const sum = totals([{ apps: [], endpoints: [endpoint({ findings: [finding(at, 'missing-auth'), finding(at, 'unused-action', 'info')] }), route({ findings: [finding(at, 'missing-auth')] })], skipped: [] }]);
    assert.equal(sum.findings, 3);
    assert.deepEqual([...sum.byRule], [['missing-auth', 2], ['unused-action', 1]]);
  });
});
