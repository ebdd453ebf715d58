import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scanOptionsFromSettings } from '../../src/views/settings';

void describe('settings → scan options', () => {
  const table: { name: string; settings: Record<string, unknown>; expected: ReturnType<typeof scanOptionsFromSettings> }[] = [
    {
      name: 'nothing set',
      settings: {},
      expected: { config: { guards: [], wrappers: [], publicPaths: [], exclude: [] }, severities: {} },
    },
    {
      name: 'lists and severities as documented',
      settings: {
        guards: ['ensureTeamMember'],
        wrappers: ['withTeam', 'teamActionClient'],
        publicPaths: ['/api/public/**'],
        exclude: ['scripts/**'],
        severity: { 'missing-auth': 'warning', 'unused-action': 'off' },
      },
      expected: {
        config: { guards: ['ensureTeamMember'], wrappers: ['withTeam', 'teamActionClient'], publicPaths: ['/api/public/**'], exclude: ['scripts/**'] },
        severities: { 'missing-auth': 'warning', 'unused-action': 'off' },
      },
    },
    {
      name: 'hand-edited junk is dropped, not passed on',
      settings: { guards: 'requireUser', wrappers: ['  withAuth ', 3, '', null], exclude: null, severity: { 'missing-auth': 'fatal', 'missing-revalidation': 'info', x: 1 } },
      expected: { config: { guards: [], wrappers: ['withAuth'], publicPaths: [], exclude: [] }, severities: { 'missing-revalidation': 'info' } },
    },
    {
      name: 'a severity list instead of an object',
      settings: { severity: ['error'] },
      expected: { config: { guards: [], wrappers: [], publicPaths: [], exclude: [] }, severities: {} },
    },
  ];
  for (const row of table) {
    void test(row.name, () => {
      assert.deepEqual(
        scanOptionsFromSettings((key) => row.settings[key]),
        row.expected,
      );
    });
  }
});
