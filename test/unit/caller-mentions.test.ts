/**
 * Which files the callers phase parses. A file that names an action but imports nothing that may hold one (a list
 * of tracked events) cannot call it: it is not parsed. A file that imports the action through a barrel is. When a
 * route can be reached by any path (at / or under a dynamic first segment), every mention is parsed, since a path
 * literal in it may reach that route.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { WorkspaceAnalyzer } from '../../src/analyzers/workspace-analyzer';
import { writeTempTree } from '../helpers';

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function writeApp(files: Record<string, string>): string {
  const root = writeTempTree('nb-mentions-', {
    'package.json': JSON.stringify({ name: 'app', dependencies: { next: '15.0.0' } }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    'app/page.tsx': 'export default function Page() { return null; }',
    'app/projects/actions.ts': "'use server';\nexport async function createProject(name: string) { return name; }",
    'actions/index.ts': "export * from '@/app/projects/actions';",
    'components/create-button.tsx': "'use client';\nimport { createProject } from '@/actions';\nexport function CreateButton() { return <button onClick={() => createProject('x')}>New</button>; }",
    'lib/analytics.ts': "export const TRACKED = ['createProject'] as const;\nexport const HOME = '/welcome';",
    ...files,
  });
  roots.push(root);
  return root;
}

function scan(root: string) {
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    const result = analyzer.scan();
    const action = result.endpoints.find((item) => item.name === 'createProject');
    return { result, parsed: analyzer.lastRound.filesParsed, callers: action?.callers.map((caller) => caller.file) ?? [] };
  } finally {
    analyzer.dispose();
  }
}

void describe('callers phase: which mentions are parsed', () => {
  void test('a file that names an action without importing from an action module is not parsed; the barrel import is a caller', () => {
    const plain = scan(writeApp({}));
    assert.deepEqual(plain.callers, ['components/create-button.tsx']);
    // The same app with the name taken out of the analytics file: the same number of files parsed.
    const without = scan(writeApp({ 'lib/analytics.ts': "export const TRACKED = ['somethingElse'] as const;\nexport const HOME = '/welcome';" }));
    assert.equal(plain.parsed, without.parsed);
  });

  void test('with a route under a dynamic first segment, a mention is parsed and its path literal reaches the route', () => {
    const root = writeApp({ 'app/[slug]/route.ts': 'export async function GET() { return new Response(null); }' });
    const { result, parsed } = scan(root);
    const route = result.endpoints.find((item) => item.kind === 'route' && item.name === 'GET');
    assert.deepEqual(route?.callers.map((caller) => caller.file), ['lib/analytics.ts']);
    const without = scan(writeApp({ 'app/[slug]/route.ts': 'export async function GET() { return new Response(null); }', 'lib/analytics.ts': "export const TRACKED = ['somethingElse'] as const;\nexport const HOME = '/welcome';" }));
    assert.equal(parsed, without.parsed + 1);
  });
});
