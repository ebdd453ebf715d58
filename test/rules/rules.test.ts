import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoint, Evidence, NextApp } from '../../src/analyzers/model';
import { allRules } from '../../src/analyzers/rules';
import type { SuppressionComment } from '../../src/analyzers/rules/rule';
import { WEBHOOK_EVIDENCE_PREFIX } from '../../src/analyzers/rules/webhook-without-verification';

const app: NextApp = { root: '', name: 'app', authLibraries: [] };

function endpoint(overrides: Partial<Endpoint>): Endpoint {
  return {
    kind: 'action',
    name: 'createPost',
    file: 'app/actions.ts',
    line: 3,
    column: 1,
    app: '',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [],
    findings: [],
    suppressed: [],
    ...overrides,
  };
}

const webhookHint: Evidence = { kind: 'external-hint', file: 'app/api/webhooks/x/route.ts', line: 1, message: `${WEBHOOK_EVIDENCE_PREFIX} the URL segment /webhooks receives webhooks` };
const verification: Evidence = { kind: 'verification', file: 'app/api/webhooks/x/route.ts', line: 5, message: 'constructEvent()' };
const route = (overrides: Partial<Endpoint>) => endpoint({ kind: 'route', name: 'POST', file: 'app/api/webhooks/x/route.ts', urlPath: '/api/webhooks/x', exposure: 'external', ...overrides });

interface Case {
  name: string;
  endpoint: Endpoint;
  suppressions?: SuppressionComment[];
}

/** valid: the rule stays silent; invalid: it reports exactly once. */
const table: Record<string, { valid: Case[]; invalid: Case[] }> = {
  'missing-auth': {
    valid: [
      { name: 'protected mutating action', endpoint: endpoint({}) },
      { name: 'read-only public action', endpoint: endpoint({ auth: 'public', mutates: false }) },
      { name: 'public by design sign-up', endpoint: endpoint({ name: 'signUp', auth: 'public' }) },
      { name: 'unknown wrapper is not called missing', endpoint: endpoint({ auth: 'unknown' }) },
    ],
    invalid: [
      { name: 'mutating action without a guard', endpoint: endpoint({ auth: 'missing' }) },
      { name: 'mutating route without a guard', endpoint: route({ auth: 'missing' }) },
    ],
  },
  'missing-revalidation': {
    valid: [
      { name: 'revalidating action', endpoint: endpoint({}) },
      { name: 'read-only action', endpoint: endpoint({ mutates: false, revalidates: false }) },
      { name: 'route handlers are not asked to revalidate', endpoint: route({ revalidates: false }) },
    ],
    invalid: [{ name: 'mutating action that revalidates nothing', endpoint: endpoint({ revalidates: false }) }],
  },
  'webhook-without-verification': {
    valid: [
      { name: 'verified webhook', endpoint: route({ evidence: [webhookHint, verification] }) },
      { name: 'not a webhook', endpoint: route({ auth: 'missing', evidence: [] }) },
      { name: 'actions are never webhooks here', endpoint: endpoint({ auth: 'missing', evidence: [webhookHint] }) },
    ],
    invalid: [{ name: 'webhook with no signature check', endpoint: route({ auth: 'missing', evidence: [webhookHint] }) }],
  },
  'unused-action': {
    valid: [
      { name: 'used action', endpoint: endpoint({}) },
      { name: 'routes have no unused state', endpoint: route({ exposure: 'external' }) },
    ],
    invalid: [{ name: 'action referenced nowhere', endpoint: endpoint({ exposure: 'unused' }) }],
  },
  'suppression-without-reason': {
    valid: [
      { name: 'no comment', endpoint: endpoint({}) },
      { name: 'comment with a reason', endpoint: endpoint({}), suppressions: [{ rules: ['missing-auth'], reason: 'public guestbook', file: 'app/actions.ts', line: 2 }] },
    ],
    invalid: [{ name: 'comment without a reason', endpoint: endpoint({}), suppressions: [{ rules: ['missing-auth'], file: 'app/actions.ts', line: 2 }] }],
  },
};

for (const rule of allRules) {
  void describe(rule.id, () => {
    const cases = table[rule.id];
    void test('has valid and invalid cases', () => {
      assert.ok(cases, `add ${rule.id} to the table`);
      assert.ok(cases.valid.length > 0 && cases.invalid.length > 0);
    });
    for (const item of cases?.valid ?? []) {
      void test(`valid: ${item.name}`, () => {
        assert.deepEqual(rule.check({ endpoint: item.endpoint, app, suppressions: item.suppressions ?? [] }), []);
      });
    }
    for (const item of cases?.invalid ?? []) {
      void test(`invalid: ${item.name}`, () => {
        const reports = rule.check({ endpoint: item.endpoint, app, suppressions: item.suppressions ?? [] });
        assert.equal(reports.length, 1);
        assert.ok(reports[0].message.length > 30, 'the message says what to do');
      });
    }
  });
}
