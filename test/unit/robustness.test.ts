import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeWorkspace, nodeFileHost, overlayHost } from '../../src/analyzers';

void test('a folder that does not exist gives an empty model, not an exception', async () => {
  const result = await analyzeWorkspace(join(tmpdir(), 'next-boundary-does-not-exist-' + process.pid));
  assert.deepEqual(result.endpoints, []);
  assert.deepEqual(result.apps, []);
});

void test('unsaved text served by an overlay host is what gets analysed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nb-overlay-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { next: '15.0.0' } }));
    mkdirSync(join(dir, 'app'), { recursive: true });
    const file = join(dir, 'app', 'actions.ts');
    writeFileSync(file, "'use server';\nexport async function save() {}\n");
    const onDisk = await analyzeWorkspace(dir);
    assert.deepEqual(onDisk.endpoints.map((item) => item.name), ['save']);

    const unsaved = "'use server';\nimport { db } from './db';\nexport async function save() {}\nexport async function remove(id: string) { await db.post.delete({ where: { id } }); }\n";
    const edited = await analyzeWorkspace(dir, { host: overlayHost(nodeFileHost, new Map([[file.replace(/\\/g, '/'), unsaved]])) });
    assert.deepEqual(edited.endpoints.map((item) => item.name), ['save', 'remove']);
    const remove = edited.endpoints.find((item) => item.name === 'remove')!;
    assert.equal(remove.auth, 'missing');
    assert.deepEqual(remove.findings.map((item) => item.ruleId).sort(), ['missing-auth', 'missing-revalidation', 'unused-action', 'unvalidated-action-input']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('a file deleted between listing and reading is skipped silently', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nb-deleted-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { next: '15.0.0' } }));
    mkdirSync(join(dir, 'app', 'api', 'x'), { recursive: true });
    const route = join(dir, 'app', 'api', 'x', 'route.ts').replace(/\\/g, '/');
    writeFileSync(route, 'export async function GET() { return Response.json({}) }\n');
    const vanishing = { ...nodeFileHost, readFile: (path: string) => (path === route ? undefined : nodeFileHost.readFile(path)) };
    const result = await analyzeWorkspace(dir, { host: vanishing });
    assert.deepEqual(result.endpoints, []);
    assert.deepEqual(result.skipped, [{ file: 'app/api/x/route.ts', reason: 'could not be read' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
