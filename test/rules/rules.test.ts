import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoint, Evidence, NextApp } from '../../src/analyzers/model';
import { endpoint, route } from '../model-builders';
import { allRules } from '../../src/analyzers/rules';
import type { SuppressionComment } from '../../src/analyzers/rules/rule';
import { WEBHOOK_EVIDENCE_PREFIX } from '../../src/analyzers/rules/webhook-without-verification';
import { pitfallTable } from './pitfall-cases';

const app: NextApp = { root: '', name: 'app', authLibraries: [] };

const webhookHint: Evidence = { kind: 'external-hint', file: 'app/api/webhooks/x/route.ts', line: 1, message: `${WEBHOOK_EVIDENCE_PREFIX} the URL segment /webhooks receives webhooks` };
const verification: Evidence = { kind: 'verification', file: 'app/api/webhooks/x/route.ts', line: 5, message: 'constructEvent()' };
const webhookRoute = (overrides: Partial<Endpoint>) => route({ file: 'app/api/webhooks/x/route.ts', urlPath: '/api/webhooks/x', ...overrides });

interface Case {
  name: string;
  endpoint: Endpoint;
  suppressions?: SuppressionComment[];
  /** Fields of the app the rule reads (Next version, auth libraries, middleware…). */
  app?: Partial<NextApp>;
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
      { name: 'mutating route without a guard', endpoint: webhookRoute({ auth: 'missing' }) },
    ],
  },
  'missing-ownership-check': {
    valid: [
      { name: 'protected action whose write is tied to the caller', endpoint: endpoint({}) },
      { name: 'public read-only action: nothing to tie', endpoint: endpoint({ auth: 'public', mutates: false }) },
    ],
    invalid: [
      {
        name: 'protected action that changes a record the input picks',
        endpoint: endpoint({ signals: { ownershipGap: { file: 'app/posts/actions.ts', line: 4, message: 'db.post.delete() changes a record the input picks, and nothing ties it to the caller' } } }),
      },
    ],
  },
  'missing-revalidation': {
    valid: [
      { name: 'revalidating action', endpoint: endpoint({}) },
      { name: 'read-only action', endpoint: endpoint({ mutates: false, revalidates: false }) },
      { name: 'route handlers are not asked to revalidate', endpoint: webhookRoute({ revalidates: false }) },
      {
        name: 'an action whose only write is a cookie (the page re-renders by itself)',
        endpoint: endpoint({ revalidates: false, effects: [{ kind: 'cookie', scope: 'caller-browser', file: 'app/actions.ts', line: 3, message: 'cookieStore.set() writes only the caller\'s own browser cookie `theme`' }] }),
      },
    ],
    invalid: [
      { name: 'mutating action that revalidates nothing', endpoint: endpoint({ revalidates: false }) },
      {
        name: 'an action that writes a row and a cookie',
        endpoint: endpoint({
          revalidates: false,
          effects: [
            { kind: 'cookie', scope: 'caller-browser', file: 'app/actions.ts', line: 3, message: 'cookieStore.set() writes only the caller\'s own browser cookie `cart`' },
            { kind: 'database', scope: 'shared', file: 'app/actions.ts', line: 4, message: 'db.cart.create() writes data' },
          ],
        }),
      },
    ],
  },
  'webhook-without-verification': {
    valid: [
      { name: 'verified webhook', endpoint: webhookRoute({ evidence: [webhookHint, verification] }) },
      { name: 'not a webhook', endpoint: webhookRoute({ auth: 'missing', evidence: [] }) },
      { name: 'actions are never webhooks here', endpoint: endpoint({ auth: 'missing', evidence: [webhookHint] }) },
    ],
    invalid: [{ name: 'webhook with no signature check', endpoint: webhookRoute({ auth: 'missing', evidence: [webhookHint] }) }],
  },
  'unused-action': {
    valid: [
      { name: 'used action', endpoint: endpoint({}) },
      { name: 'routes have no unused state', endpoint: webhookRoute({ exposure: 'external' }) },
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
  ...pitfallTable,
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
        assert.deepEqual(rule.check({ endpoint: item.endpoint, app: { ...app, ...item.app }, suppressions: item.suppressions ?? [] }), []);
      });
    }
    for (const item of cases?.invalid ?? []) {
      void test(`invalid: ${item.name}`, () => {
        const reports = rule.check({ endpoint: item.endpoint, app: { ...app, ...item.app }, suppressions: item.suppressions ?? [] });
        assert.equal(reports.length, 1);
        assert.ok(reports[0].message.length > 30, 'the message says what to do');
      });
    }
  });
}
