/** The editor's baseline: which file, what reading it gave, and what the diagnostics and the status bar then show. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoint } from '../../src/analyzers/model';
import { createBaseline, serializeBaseline } from '../../src/baseline/file';
import { type BaselineRead, type BaselineState, baselineFileOf, baselineLogLine, baselineStateOf, withBaseline } from '../../src/views/baseline';
import { BASELINED_SUFFIX, type DescriptorOptions, diagnosticDescriptors, findingFiles } from '../../src/views/diagnostics';
import { statusBarText, statusBarTooltip, totals } from '../../src/views/status';
import { type TreeNode, buildTree } from '../../src/views/tree';
import { endpoint, finding } from './model';

const FOLDER = '/work/shop';

/** Today's scan: `deletePost` has two findings, `ban` (another file) one. */
function todaysEndpoints(): Endpoint[] {
  const deletePost = endpoint({ name: 'deletePost', file: 'app/posts/actions.ts', line: 3 });
  deletePost.findings.push(finding(deletePost, 'missing-auth'), finding(deletePost, 'missing-revalidation', 'warning'));
  const ban = endpoint({ name: 'ban', file: 'app/admin/actions.ts', line: 7 });
  ban.findings.push(finding(ban, 'missing-auth'));
  return [deletePost, ban];
}

/** The baseline recorded when only deletePost's missing-auth was there, written at the folder's root. */
function recordedText(): string {
  const [deletePost] = todaysEndpoints();
  return serializeBaseline(createBaseline({ endpoints: [{ ...deletePost, findings: deletePost.findings.slice(0, 1) }] }));
}

/** A baseline that records every finding of today's scan. */
const everythingRecorded = (): BaselineState => baselineStateOf(`${FOLDER}/next-boundary.baseline.json`, { text: serializeBaseline(createBaseline({ endpoints: todaysEndpoints() })) });

const loaded = (): BaselineState => baselineStateOf(`${FOLDER}/next-boundary.baseline.json`, { text: recordedText() });

/** `file code severity message`, one per descriptor, sorted. */
function shown(state: BaselineState, options: DescriptorOptions): string[] {
  const { endpoints } = withBaseline({ endpoints: todaysEndpoints() }, FOLDER, state);
  return [...diagnosticDescriptors(endpoints, () => undefined, options)]
    .flatMap(([file, list]) => list.map((descriptor) => `${file} ${descriptor.code} ${descriptor.severity} ${descriptor.message}`))
    .sort();
}

void describe('baselineFileOf: the setting, relative to the workspace folder', () => {
  const rows: { setting: string; expected: string | undefined }[] = [
    { setting: '', expected: undefined },
    { setting: 'next-boundary.baseline.json', expected: `${FOLDER}/next-boundary.baseline.json` },
    { setting: './ci/baseline.json', expected: `${FOLDER}/ci/baseline.json` },
    { setting: '../shared/baseline.json', expected: '/work/shared/baseline.json' },
    { setting: '/etc/baseline.json', expected: '/etc/baseline.json' },
  ];
  for (const row of rows) void test(JSON.stringify(row.setting), () => assert.equal(baselineFileOf(FOLDER, row.setting), row.expected));
});

void describe('baselineStateOf: what reading the file gave', () => {
  const file = `${FOLDER}/next-boundary.baseline.json`;
  const rows: { name: string; read: BaselineRead; status: BaselineState['status']; problem?: RegExp }[] = [
    { name: 'a baseline the CLI wrote', read: { text: recordedText() }, status: 'loaded' },
    { name: 'with a byte order mark', read: { text: `\uFEFF${recordedText()}` }, status: 'loaded' },
    { name: 'missing', read: { missing: true }, status: 'unusable', problem: /^file not found$/ },
    { name: 'unreadable', read: { error: 'EACCES: permission denied' }, status: 'unusable', problem: /cannot be read: EACCES/ },
    { name: 'not JSON (a merge conflict)', read: { text: '<<<<<<< HEAD\n{}' }, status: 'unusable', problem: /not valid JSON/ },
    { name: 'empty', read: { text: '' }, status: 'unusable', problem: /not valid JSON/ },
    { name: 'a newer version', read: { text: '{"version": 9, "findings": []}' }, status: 'unusable', problem: /version 9/ },
    { name: 'findings not a list', read: { text: '{"version": 1, "findings": {}}' }, status: 'unusable', problem: /"findings" must be a list/ },
  ];
  for (const row of rows) {
    void test(row.name, () => {
      const state = baselineStateOf(file, row.read);
      assert.equal(state.status, row.status);
      if (state.status === 'unusable') assert.match(state.problem, row.problem ?? /^$/);
    });
  }
});

void describe('baselineLogLine: one clear line per state', () => {
  const file = `${FOLDER}/next-boundary.baseline.json`;
  const rows: { name: string; state: BaselineState; findings: 'hint' | 'hide'; level: 'info' | 'warn'; message: RegExp }[] = [
    { name: 'none set', state: { status: 'none' }, findings: 'hint', level: 'info', message: /^\/work\/shop: no baseline .*every finding is shown$/ },
    { name: 'loaded, hints', state: loaded(), findings: 'hint', level: 'info', message: /baseline \/work\/shop\/next-boundary\.baseline\.json records 1 finding; those still found are shown as hints$/ },
    { name: 'loaded, hidden', state: loaded(), findings: 'hide', level: 'info', message: /records 1 finding; those still found are hidden$/ },
    { name: 'missing', state: { status: 'unusable', file, problem: 'file not found' }, findings: 'hint', level: 'warn', message: /next-boundary\.baseline\.json not used \(file not found\); every finding is shown\. Write it with `next-boundary baseline`/ },
  ];
  for (const row of rows) {
    void test(row.name, () => {
      const line = baselineLogLine(FOLDER, row.state, row.findings);
      assert.equal(line.level, row.level);
      assert.match(line.message, row.message);
    });
  }

  void test('each state says something different, so a change is logged and a repeat is not', () => {
    const messages = rows.map((row) => baselineLogLine(FOLDER, row.state, row.findings).message);
    assert.equal(new Set(messages).size, messages.length);
  });
});

void describe('diagnostics through a baseline', () => {
  const deletePostAuth = 'app/posts/actions.ts missing-auth';
  const rows: { name: string; state: BaselineState; options: DescriptorOptions; expected: string[] }[] = [
    {
      name: 'no baseline: every finding at its own severity',
      state: { status: 'none' },
      options: { baselined: 'hint' },
      expected: ['app/admin/actions.ts missing-auth error missing-auth message', `${deletePostAuth} error missing-auth message`, 'app/posts/actions.ts missing-revalidation warning missing-revalidation message'],
    },
    {
      name: 'hint: the recorded finding is a hint that says why; the new ones are as before',
      state: loaded(),
      options: { baselined: 'hint' },
      expected: ['app/admin/actions.ts missing-auth error missing-auth message', `${deletePostAuth} hint missing-auth message${BASELINED_SUFFIX}`, 'app/posts/actions.ts missing-revalidation warning missing-revalidation message'],
    },
    {
      name: 'no option given: hint, so a baseline never hides by default',
      state: loaded(),
      options: {},
      expected: ['app/admin/actions.ts missing-auth error missing-auth message', `${deletePostAuth} hint missing-auth message${BASELINED_SUFFIX}`, 'app/posts/actions.ts missing-revalidation warning missing-revalidation message'],
    },
    {
      name: 'hide: the recorded finding is not shown',
      state: loaded(),
      options: { baselined: 'hide' },
      expected: ['app/admin/actions.ts missing-auth error missing-auth message', 'app/posts/actions.ts missing-revalidation warning missing-revalidation message'],
    },
    {
      name: 'a missing baseline file: every finding at its own severity, even with hide',
      state: baselineStateOf(`${FOLDER}/next-boundary.baseline.json`, { missing: true }),
      options: { baselined: 'hide' },
      expected: ['app/admin/actions.ts missing-auth error missing-auth message', `${deletePostAuth} error missing-auth message`, 'app/posts/actions.ts missing-revalidation warning missing-revalidation message'],
    },
    {
      name: 'a malformed baseline file: every finding at its own severity, even with hide',
      state: baselineStateOf(`${FOLDER}/next-boundary.baseline.json`, { text: '{"version": 1, "findings": [{"rule": "missing-auth"}]}' }),
      options: { baselined: 'hide' },
      expected: ['app/admin/actions.ts missing-auth error missing-auth message', `${deletePostAuth} error missing-auth message`, 'app/posts/actions.ts missing-revalidation warning missing-revalidation message'],
    },
  ];
  for (const row of rows) void test(row.name, () => assert.deepEqual(shown(row.state, row.options), row.expected));

  void test('a baseline elsewhere (root recorded relative to it) still matches the folder\'s files', () => {
    const [deletePost] = todaysEndpoints();
    const text = serializeBaseline(createBaseline({ endpoints: [{ ...deletePost, findings: deletePost.findings.slice(0, 1) }] }, '../shop'));
    const state = baselineStateOf('/work/ci/baseline.json', { text });
    assert.deepEqual(
      shown(state, { baselined: 'hide' }).map((line) => line.split(' ').slice(0, 2).join(' ')),
      ['app/admin/actions.ts missing-auth', 'app/posts/actions.ts missing-revalidation'],
    );
  });

  void test('findingFiles asks for the text of a file whose findings are all baselined only when they show', () => {
    const { endpoints } = withBaseline({ endpoints: [todaysEndpoints()[0]] }, FOLDER, everythingRecorded());
    assert.deepEqual(findingFiles(endpoints, { baselined: 'hint' }), ['app/posts/actions.ts']);
    assert.deepEqual(findingFiles(endpoints, { baselined: 'hide' }), []);
  });
});

void describe('status bar through a baseline', () => {
  const rows: { name: string; state: BaselineState; text: string; tooltip: string[] }[] = [
    {
      name: 'no baseline',
      state: { status: 'none' },
      text: '$(zap) 2 · $(globe) 0 · $(warning) 3',
      tooltip: ['Next Boundary: 2 Server Actions, 0 routes', '3 findings (2 missing-auth, 1 missing-revalidation)', 'Click to show the Boundary tree'],
    },
    {
      name: 'baselined findings are not counted as problems',
      state: loaded(),
      text: '$(zap) 2 · $(globe) 0 · $(warning) 2',
      tooltip: ['Next Boundary: 2 Server Actions, 0 routes', '2 new findings (1 missing-auth, 1 missing-revalidation)', '1 finding in the baseline', 'Click to show the Boundary tree'],
    },
    {
      name: 'everything in the baseline: no warning part',
      state: everythingRecorded(),
      text: '$(zap) 2 · $(globe) 0',
      tooltip: ['Next Boundary: 2 Server Actions, 0 routes', 'No new findings', '3 findings in the baseline', 'Click to show the Boundary tree'],
    },
  ];
  for (const row of rows) {
    void test(row.name, () => {
      const sum = totals([withBaseline({ apps: [], endpoints: todaysEndpoints(), skipped: [] }, FOLDER, row.state)]);
      assert.equal(statusBarText(sum), row.text);
      assert.equal(statusBarTooltip(sum), row.tooltip.join('\n'));
    });
  }
});

void describe('the tree through a baseline: badges and "findings only" count new findings, a leaf says what is recorded', () => {
  const outline = (state: BaselineState, findingsOnly: boolean) => {
    const lines: string[] = [];
    const visit = (node: TreeNode, depth: number): void => {
      lines.push(`${'  '.repeat(depth)}${node.label} — ${node.description ?? ''}`);
      for (const child of node.children) visit(child, depth + 1);
    };
    // The scans behind these findings: neither action checks auth.
    const endpoints = todaysEndpoints().map((item): Endpoint => ({ ...item, auth: 'missing' }));
    const result = withBaseline({ apps: [], endpoints, skipped: [] }, FOLDER, state);
    for (const node of buildTree(new Map([[FOLDER, result]]), { groupBy: 'file', findingsOnly })) visit(node, 0);
    return lines;
  };

  void test('no baseline: every finding counts', () => {
    assert.deepEqual(outline({ status: 'none' }, true), [
      'Server Actions — 2 · ⚠ 3',
      '  actions.ts — ⚠ 1 · app/admin',
      '    ban — ⚠ missing auth · internal',
      '  actions.ts — ⚠ 2 · app/posts',
      '    deletePost — ⚠ missing auth · ⚠ missing revalidation · internal',
    ]);
  });

  void test('one recorded finding: not counted, named on its leaf', () => {
    assert.deepEqual(outline(loaded(), false), [
      'Server Actions — 2 · ⚠ 2',
      '  actions.ts — ⚠ 1 · app/admin',
      '    ban — ⚠ missing auth · internal',
      '  actions.ts — ⚠ 1 · app/posts',
      '    deletePost — ✗ no auth check · ⚠ missing revalidation · 1 in the baseline · internal',
    ]);
  });

  void test('everything recorded: "findings only" shows nothing', () => {
    assert.deepEqual(outline(everythingRecorded(), true), []);
  });
});
