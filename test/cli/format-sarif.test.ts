import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as Sarif from 'sarif';
import { allRules } from '../../src/analyzers/rules';
import { ruleHelpUri } from '../../src/analyzers/rules/rule';
import { FINGERPRINT_KEY, fileUri, formatSarif, toSarif } from '../../src/cli/format-sarif';
import { VERSION } from '../../src/cli/version';
import { endpoint, result, ROOT, sampleResult, withFindings } from './builder';

const options = { rules: allRules, version: VERSION };

function run(log: Sarif.Log): Sarif.Run {
  assert.equal(log.runs.length, 1);
  return log.runs[0];
}

function fingerprintOf(item: Sarif.Result): string {
  const value = item.partialFingerprints?.[FINGERPRINT_KEY];
  assert.ok(value, 'result has a fingerprint');
  return value;
}

void describe('SARIF log', () => {
  void test('required top-level fields and the tool driver', () => {
    const log = JSON.parse(formatSarif(sampleResult(), options)) as Sarif.Log;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-2\.1\.0/);
    const driver = run(log).tool.driver;
    assert.equal(driver.name, 'Next Boundary');
    assert.equal(driver.version, VERSION);
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
    assert.equal(driver.informationUri, 'https://github.com/next-boundary/next-boundary');
    assert.deepEqual(run(log).originalUriBaseIds, { '%SRCROOT%': { uri: `file://${ROOT}/` } });
  });

  void test('every registry rule is described, in registry order', () => {
    const rules = run(toSarif(sampleResult(), options)).tool.driver.rules ?? [];
    assert.deepEqual(
      rules.map((rule) => rule.id),
      allRules.map((rule) => rule.id),
    );
    for (const [index, rule] of rules.entries()) {
      const source = allRules[index];
      assert.ok(rule.name && /^[A-Z][A-Za-z0-9]*$/.test(rule.name), `name of ${rule.id}`);
      assert.ok(rule.shortDescription?.text && source.description.startsWith(rule.shortDescription.text));
      assert.equal(rule.fullDescription?.text, source.description);
      assert.equal(rule.helpUri, ruleHelpUri(source.id));
      const expected = { error: 'error', warning: 'warning', info: 'note' }[source.defaultSeverity];
      assert.equal(rule.defaultConfiguration?.level, expected);
    }
    assert.equal(rules.find((rule) => rule.id === 'missing-auth')?.name, 'MissingAuth');
  });

  void test('one result per unsuppressed finding with ruleId, ruleIndex, level, message and location', () => {
    const sarif = run(toSarif(sampleResult(), options));
    const rules = sarif.tool.driver.rules ?? [];
    const results = sarif.results ?? [];
    assert.deepEqual(
      results.map((item) => `${item.ruleId}@${item.locations?.[0].physicalLocation?.artifactLocation?.uri}:${item.locations?.[0].physicalLocation?.region?.startLine}`),
      [
        'missing-auth@app/api/projects/%5Bid%5D/route.ts:9',
        'missing-auth@app/posts/actions.ts:12',
        'missing-revalidation@app/posts/actions.ts:12',
        'unused-action@app/posts/actions.ts:30',
      ],
    );
    for (const item of results) {
      assert.equal(rules[item.ruleIndex ?? -1].id, item.ruleId);
      assert.equal(item.message.text, `${item.ruleId} message`);
      assert.equal(item.locations?.[0].physicalLocation?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.equal(item.suppressions, undefined);
    }
    assert.deepEqual(
      results.map((item) => item.level),
      ['error', 'error', 'warning', 'note'],
    );
  });

  void test('level follows the finding severity, not only the rule default', () => {
    const base = endpoint({ file: 'a.ts', name: 'a' });
    const item = { ...withFindings(base, []), findings: [{ ...withFindings(base, ['missing-auth']).findings[0], severity: 'info' as const }] };
    assert.equal(run(toSarif(result({ endpoints: [item] }), options)).results?.[0].level, 'note');
  });

  void test('suppressed findings are results with an inSource suppression and its justification', () => {
    const base = endpoint({ file: 'app/actions.ts', name: 'save', line: 7 });
    const log = toSarif(result({ endpoints: [withFindings(base, ['missing-auth'], { 'missing-revalidation': 'the page is dynamic' })] }), options);
    const results = run(log).results ?? [];
    assert.equal(results.length, 2);
    assert.equal(results[0].suppressions, undefined);
    assert.equal(results[1].ruleId, 'missing-revalidation');
    assert.deepEqual(results[1].suppressions, [{ kind: 'inSource', justification: 'the page is dynamic' }]);
  });

  void test('fingerprints: stable across line changes, different per rule, file and endpoint', () => {
    const at = (line: number, name = 'save', file = 'app/actions.ts', rule = 'missing-auth'): string => {
      const log = toSarif(result({ endpoints: [withFindings(endpoint({ file, name, line }), [rule])] }), options);
      return fingerprintOf((run(log).results ?? [])[0]);
    };
    assert.match(at(7), /^[0-9a-f]{32}$/);
    assert.equal(at(7), at(42));
    assert.notEqual(at(7), at(7, 'remove'));
    assert.notEqual(at(7), at(7, 'save', 'app/other.ts'));
    assert.notEqual(at(7), at(7, 'save', 'app/actions.ts', 'unused-action'));
  });

  void test('fingerprints of anonymous inline actions do not depend on their line', () => {
    const fingerprints = (lines: [number, number]): string[] => {
      const endpoints = lines.map((line) => withFindings(endpoint({ file: 'app/page.tsx', name: `inline@${line}`, line }), ['missing-auth']));
      return (run(toSarif(result({ endpoints }), options)).results ?? []).map(fingerprintOf);
    };
    const before = fingerprints([10, 20]);
    assert.notEqual(before[0], before[1]);
    assert.deepEqual(fingerprints([13, 31]), before);
  });

  void test('two findings of one rule on one endpoint get distinct fingerprints', () => {
    const base = endpoint({ file: 'a.ts', name: 'a' });
    const results = run(toSarif(result({ endpoints: [withFindings(base, ['missing-auth', 'missing-auth'])] }), options)).results ?? [];
    assert.notEqual(fingerprintOf(results[0]), fingerprintOf(results[1]));
  });

  void test('a finding of a rule outside the registry still gets a descriptor and a valid ruleIndex', () => {
    const base = endpoint({ file: 'a.ts', name: 'a' });
    const sarif = run(toSarif(result({ endpoints: [withFindings(base, ['rule-from-the-future'])] }), options));
    const rules = sarif.tool.driver.rules ?? [];
    const item = (sarif.results ?? [])[0];
    assert.equal(rules.length, allRules.length + 1);
    assert.equal(rules[item.ruleIndex ?? -1].id, 'rule-from-the-future');
  });

  void test('no findings: an empty results array (what code scanning expects to close alerts)', () => {
    assert.deepEqual(run(toSarif(result(), options)).results, []);
  });
});

void describe('SARIF with a baseline', () => {
  const recordedEndpoint = endpoint({ file: 'app/a.ts', name: 'a' });
  const recorded = withFindings(recordedEndpoint, ['missing-revalidation']);
  const compared = {
    ...withFindings(endpoint({ file: 'app/a.ts', name: 'a' }), ['missing-auth']),
    baselined: recorded.findings,
  };
  const absent = { rule: 'unused-action', kind: 'action' as const, file: 'app/gone.ts', endpoint: 'old', message: 'No code in this app uses this Server Action.' };

  void test('new, unchanged and absent results; unchanged ones suppressed externally, absent ones a pass', () => {
    const results = run(toSarif(result({ endpoints: [compared] }), { ...options, baseline: { file: 'next-boundary.baseline.json', absent: [absent] } })).results ?? [];
    assert.deepEqual(
      results.map((item) => [item.ruleId, item.baselineState, item.kind ?? 'fail', item.level, item.suppressions?.[0]?.kind ?? '-']),
      [
        ['missing-auth', 'new', 'fail', 'error', '-'],
        ['missing-revalidation', 'unchanged', 'fail', 'warning', 'external'],
        ['unused-action', 'absent', 'pass', 'none', '-'],
      ],
    );
    assert.equal(results[2].locations?.[0].physicalLocation?.artifactLocation?.uri, 'app/gone.ts');
    assert.equal(results[2].locations?.[0].physicalLocation?.region, undefined);
  });

  void test('a finding keeps its fingerprint whether it is new, unchanged, or absent', () => {
    const plain = run(toSarif(result({ endpoints: [withFindings(endpoint({ file: 'app/gone.ts', name: 'old' }), ['unused-action'])] }), options)).results ?? [];
    const gone = run(toSarif(result({ endpoints: [] }), { ...options, baseline: { file: 'b.json', absent: [absent] } })).results ?? [];
    assert.equal(fingerprintOf(gone[0]), fingerprintOf(plain[0]));
    const unchanged = run(toSarif(result({ endpoints: [compared] }), { ...options, baseline: { file: 'b.json', absent: [] } })).results ?? [];
    const asNew = run(toSarif(result({ endpoints: [recorded] }), options)).results ?? [];
    assert.equal(fingerprintOf(unchanged[1]), fingerprintOf(asNew[0]));
  });

  void test('without a baseline no result carries baselineState', () => {
    assert.ok((run(toSarif(sampleResult(), options)).results ?? []).every((item) => item.baselineState === undefined));
  });
});

void describe('fileUri', () => {
  void test('relative POSIX URI references, special characters escaped per segment', () => {
    assert.equal(fileUri('app/(marketing)/api/@slot/[id]/route.ts'), 'app/(marketing)/api/%40slot/%5Bid%5D/route.ts');
    assert.equal(fileUri('app/[...slug]/my file#1?.ts'), 'app/%5B...slug%5D/my%20file%231%3F.ts');
    assert.equal(fileUri('c:colon/x.ts'), 'c%3Acolon/x.ts');
    assert.equal(fileUri('app\\win\\route.ts'), 'app/win/route.ts');
  });
});
