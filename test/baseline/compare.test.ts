import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoint } from '../../src/analyzers/model';
import { compareWithBaseline } from '../../src/baseline/compare';
import { createBaseline } from '../../src/baseline/file';
import { endpoint, finding } from '../cli/builder';

function withRules(partial: Partial<Endpoint> & Pick<Endpoint, 'file' | 'name'>, ...rules: string[]): Endpoint {
  const item = endpoint(partial);
  item.findings.push(...rules.map((rule) => finding(item, rule)));
  return item;
}

const rules = (item: Endpoint | undefined) => ({ findings: item?.findings.map((f) => f.ruleId) ?? [], baselined: item?.baselined?.map((f) => f.ruleId) ?? [] });

void describe('compareWithBaseline', () => {
  const before = [withRules({ file: 'app/actions.ts', name: 'deletePost', line: 5 }, 'missing-auth'), withRules({ file: 'app/actions.ts', name: 'rename', line: 20 }, 'missing-revalidation')];
  const baseline = createBaseline({ endpoints: before });

  void test('the same findings are all unchanged, moved from findings to baselined', () => {
    const { result, comparison } = compareWithBaseline({ endpoints: before }, baseline);
    assert.deepEqual(comparison, { new: 0, unchanged: 2, absent: [] });
    assert.deepEqual(result.endpoints.map(rules), [
      { findings: [], baselined: ['missing-auth'] },
      { findings: [], baselined: ['missing-revalidation'] },
    ]);
  });

  void test('a finding on an endpoint the baseline does not name is new; one the code fixed is absent', () => {
    const after = [withRules({ file: 'app/actions.ts', name: 'deletePost', line: 5 }), withRules({ file: 'app/actions.ts', name: 'rename', line: 20 }, 'missing-revalidation'), withRules({ file: 'app/actions.ts', name: 'ban', line: 40 }, 'missing-auth')];
    const { result, comparison } = compareWithBaseline({ endpoints: after }, baseline);
    assert.equal(comparison.new, 1);
    assert.equal(comparison.unchanged, 1);
    assert.deepEqual(comparison.absent.map((entry) => [entry.endpoint, entry.rule]), [['deletePost', 'missing-auth']]);
    assert.deepEqual(rules(result.endpoints.find((item) => item.name === 'ban')), { findings: ['missing-auth'], baselined: [] });
  });

  void test('counts matter: one recorded finding covers one of two with the same identity', () => {
    const twice = withRules({ file: 'app/x.ts', name: 'a' }, 'missing-auth');
    const recorded = createBaseline({ endpoints: [twice] });
    const { comparison } = compareWithBaseline({ endpoints: [withRules({ file: 'app/x.ts', name: 'a' }, 'missing-auth', 'missing-auth')] }, recorded);
    assert.deepEqual([comparison.new, comparison.unchanged], [1, 1]);
  });

  void test('a finding of another kind of endpoint with the same file and name is not the same finding', () => {
    const recorded = createBaseline({ endpoints: [withRules({ file: 'app/x.ts', name: 'POST', kind: 'route' }, 'missing-auth')] });
    const { comparison } = compareWithBaseline({ endpoints: [withRules({ file: 'app/x.ts', name: 'POST', kind: 'action' }, 'missing-auth')] }, recorded);
    assert.deepEqual([comparison.new, comparison.unchanged, comparison.absent.length], [1, 0, 1]);
  });

  void test('placed: a baseline written for apps/web matches a scan of the monorepo root, and the reverse', () => {
    const inApp = [withRules({ file: 'app/actions.ts', name: 'deletePost' }, 'missing-auth')];
    const atRoot = [withRules({ file: 'apps/web/app/actions.ts', name: 'deletePost' }, 'missing-auth')];
    const appBaseline = createBaseline({ endpoints: inApp }, '.');
    const fromRoot = compareWithBaseline({ endpoints: atRoot }, appBaseline, { scanRoot: '/repo', baselineFile: '/repo/apps/web/next-boundary.baseline.json' });
    assert.deepEqual([fromRoot.comparison.new, fromRoot.comparison.unchanged], [0, 1]);

    const rootBaseline = createBaseline({ endpoints: [...atRoot, withRules({ file: 'apps/admin/app/a.ts', name: 'x' }, 'missing-auth')] }, '../../..');
    const fromApp = compareWithBaseline({ endpoints: inApp }, rootBaseline, { scanRoot: '/repo/apps/web', baselineFile: '/repo/apps/web/ci/baseline.json' });
    // The admin app's entry lies outside the scanned folder: out of view, not fixed.
    assert.deepEqual([fromApp.comparison.new, fromApp.comparison.unchanged, fromApp.comparison.absent.length], [0, 1, 0]);
  });

  void test('absent entries are named relative to the scan', () => {
    const recorded = createBaseline({ endpoints: [withRules({ file: 'app/gone.ts', name: 'old' }, 'missing-auth')] }, '.');
    const { comparison } = compareWithBaseline({ endpoints: [] }, recorded, { scanRoot: '/repo', baselineFile: '/repo/apps/web/next-boundary.baseline.json' });
    assert.deepEqual(comparison.absent.map((entry) => entry.file), ['apps/web/app/gone.ts']);
  });
});
