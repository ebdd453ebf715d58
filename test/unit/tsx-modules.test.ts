/**
 * Modules that hold JSX but are asked for a function (`sendFeedbackEmail` from send.tsx) are read like plain modules;
 * components (asked for by PascalCase names) stay out of the program.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpoint, scanFixture } from '../helpers';

const FIXTURE = 'actions-tsx-modules';

void describe('actions-tsx-modules: a .tsx module with a function, and a component', () => {
  void test('the email the .tsx module sends is the action\'s effect', async () => {
    const item = endpoint(await scanFixture(FIXTURE), 'app/feedback/actions.ts', 'sendFeedback');
    assert.equal(item.mutates, true);
    assert.deepEqual(item.effects?.map((effect) => `${effect.kind}/${effect.file}`), ['email/app/feedback/actions.ts']);
    assert.match(item.effects?.[0]?.message ?? '', /sendFeedbackEmail\(\) → getTransport\(\)\.sendMail\(\)/);
  });

  void test('only the action file and the modules it reaches are in the program, not the component', async () => {
    const result = await scanFixture(FIXTURE);
    // actions.ts, lib/email/index.ts, lib/email/send.tsx, lib/email/transport.ts
    assert.equal(result.stats?.programFiles, 4);
  });
});
