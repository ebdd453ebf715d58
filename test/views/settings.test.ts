import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baselineSettingsFromSettings, scanOptionsFromSettings } from '../../src/views/settings';

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

void describe('settings → baseline settings', () => {
  const table: { name: string; settings: Record<string, unknown>; expected: ReturnType<typeof baselineSettingsFromSettings> }[] = [
    { name: 'nothing set: no baseline, hints', settings: {}, expected: { file: '', findings: 'hint' } },
    { name: 'as documented', settings: { baseline: 'next-boundary.baseline.json', baselineFindings: 'hide' }, expected: { file: 'next-boundary.baseline.json', findings: 'hide' } },
    { name: 'spaces around the path are dropped', settings: { baseline: '  ci/baseline.json ', baselineFindings: 'hint' }, expected: { file: 'ci/baseline.json', findings: 'hint' } },
    { name: 'hand-edited junk: no baseline, hints (never hides by mistake)', settings: { baseline: ['a.json'], baselineFindings: 'off' }, expected: { file: '', findings: 'hint' } },
    { name: 'only spaces: no baseline', settings: { baseline: '   ' }, expected: { file: '', findings: 'hint' } },
  ];
  for (const row of table) {
    void test(row.name, () => {
      assert.deepEqual(
        baselineSettingsFromSettings((key) => row.settings[key]),
        row.expected,
      );
    });
  }
});
