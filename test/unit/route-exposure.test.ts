/**
 * A route's exposure from who calls it. A route that checks a shared secret or API key also lets outside callers in,
 * but when this app's own code fetches it, the app is who it is for: internal, with a hint that outsiders may call it
 * too. A URL only mentioned (an OpenAPI document, a constant) is what the app tells outside callers: still external.
 * A URL kept in a local (`const url = new URL('/api/x', origin); fetch(url)`) is called where the local is used.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { WorkspaceAnalyzer } from '../../src/analyzers/workspace-analyzer';
import type { Endpoint } from '../../src/analyzers';
import { writeTempTree } from '../helpers';

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

const SECRET_ROUTE = `export async function GET(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${process.env.API_SECRET}\`) return new Response('no', { status: 401 });
  return Response.json({ ok: true });
}`;

const PLAIN_ROUTE = 'export async function GET() { return Response.json({ ok: true }); }';

function route(files: Record<string, string>): Endpoint {
  const root = writeTempTree('nb-exposure-', {
    'package.json': JSON.stringify({ name: 'app', dependencies: { next: '15.0.0' } }),
    'app/page.tsx': 'export default function Page() { return null; }',
    ...files,
  });
  roots.push(root);
  const analyzer = new WorkspaceAnalyzer(root);
  try {
    const found = analyzer.scan().endpoints.find((item) => item.file === 'app/api/report/route.ts' && item.name === 'GET');
    assert.ok(found, 'the route is found');
    return found;
  } finally {
    analyzer.dispose();
  }
}

const client = (body: string) => `'use client';\nexport async function load() {\n${body}\n}`;

const cases: { name: string; files: Record<string, string>; exposure: Endpoint['exposure']; how?: string; hint?: RegExp }[] = [
  {
    name: 'a secret-checking route fetched by the app is internal, with a hint that outsiders may call it',
    files: { 'app/api/report/route.ts': SECRET_ROUTE, 'components/report.tsx': client("  return fetch('/api/report');") },
    exposure: 'internal',
    how: 'fetch',
    hint: /outside callers may reach it too/,
  },
  {
    name: 'a secret-checking route only mentioned (an API document) is external',
    files: { 'app/api/report/route.ts': SECRET_ROUTE, 'lib/openapi.ts': "export const paths = { '/api/report': { get: { summary: 'Report' } } };" },
    exposure: 'external',
    how: 'reference',
    hint: /verifies a signature or shared secret/,
  },
  {
    name: 'a secret-checking route nothing mentions is external',
    files: { 'app/api/report/route.ts': SECRET_ROUTE },
    exposure: 'external',
    hint: /verifies a signature or shared secret/,
  },
  {
    name: 'new URL(path, origin) kept in a local and fetched is a fetch',
    files: {
      'app/api/report/route.ts': PLAIN_ROUTE,
      'components/report.tsx': client("  const url = new URL('/api/report', window.location.origin);\n  url.searchParams.set('q', 'x');\n  return fetch(url, { method: 'GET' });"),
    },
    exposure: 'internal',
    how: 'fetch',
  },
  {
    name: 'a path in a local passed to fetch through .toString() is a fetch',
    files: { 'app/api/report/route.ts': PLAIN_ROUTE, 'components/report.tsx': client("  const path = '/api/report';\n  return fetch(path.toString());") },
    exposure: 'internal',
    how: 'fetch',
  },
  {
    name: 'a path in a local that is never called stays a reference',
    files: { 'app/api/report/route.ts': PLAIN_ROUTE, 'components/report.tsx': client("  const path = '/api/report';\n  console.log(path);") },
    exposure: 'internal',
    how: 'reference',
  },
];

void describe('route exposure and how a URL is called', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const endpoint = route(item.files);
      assert.equal(endpoint.exposure, item.exposure);
      if (item.how) assert.deepEqual(endpoint.callers.map((caller) => caller.how), [item.how]);
      else assert.equal(endpoint.callers.length, 0);
      if (item.hint) assert.ok(endpoint.evidence.some((evidence) => evidence.kind === 'external-hint' && item.hint!.test(evidence.message)), JSON.stringify(endpoint.evidence));
    });
  }
});
