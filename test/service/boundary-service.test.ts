import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BoundaryService } from '../../src/service/boundary-service';
import { fixturesDir } from '../helpers';

let folder: string;
before(() => {
  folder = mkdtempSync(join(tmpdir(), 'nb-service-')).replace(/\\/g, '/');
  cpSync(join(fixturesDir, 'actions-mutations'), folder, { recursive: true });
});
after(() => rmSync(folder, { recursive: true, force: true }));

function nextChange(service: BoundaryService): Promise<number> {
  return new Promise((resolve) => {
    const subscription = service.onDidChange((snapshot) => {
      subscription.dispose();
      resolve(snapshot.version);
    });
  });
}

void test('the first scan publishes the model of each folder', async () => {
  const service = new BoundaryService([folder], { debounceMs: 10 });
  try {
    await service.rescanAll();
    const result = service.snapshot.folders.get(folder);
    assert.ok(result && result.endpoints.length > 0);
    assert.ok(service.endpointsIn(`${folder}/app/projects/actions.ts`).some((endpoint) => endpoint.name === 'addComment'));
    assert.deepEqual(service.endpointsIn('/elsewhere/actions.ts'), []);
  } finally {
    service.dispose();
  }
});

void test('unsaved text is analysed after the debounce, and several edits make one scan', async () => {
  const service = new BoundaryService([folder], { debounceMs: 20 });
  try {
    await service.rescanAll();
    const file = `${folder}/app/projects/actions.ts`;
    const original = readFileSync(file, 'utf8');
    const changed = nextChange(service);
    service.documentChanged(file, original + '\nexport async function draftOnly() {}\n');
    service.documentChanged(file, original + '\nexport async function addedWhileTyping() {}\n');
    const version = await changed;
    assert.equal(version, 2, 'one scan for the first rescan, one for both edits');
    const names = service.endpointsIn(file).map((endpoint) => endpoint.name);
    assert.ok(names.includes('addedWhileTyping'));
    assert.ok(!names.includes('draftOnly'));

    const reverted = nextChange(service);
    service.documentChanged(file, undefined);
    await reverted;
    assert.ok(!service.endpointsIn(file).some((endpoint) => endpoint.name === 'addedWhileTyping'));
  } finally {
    service.dispose();
  }
});

void test('files outside the folders are ignored, and settings reach the analyzer', async () => {
  const service = new BoundaryService([folder], { debounceMs: 10, scanOptions: () => ({ severities: { 'missing-revalidation': 'off' } }) });
  try {
    service.fileChanged('/somewhere/else.ts');
    await service.rescanAll();
    const findings = service.snapshot.folders.get(folder)!.endpoints.flatMap((endpoint) => endpoint.findings.map((finding) => finding.ruleId));
    assert.ok(!findings.includes('missing-revalidation'));
    assert.equal(service.snapshot.version, 1);
  } finally {
    service.dispose();
  }
});

void test('removing a folder publishes a model without it', async () => {
  const service = new BoundaryService([folder], { debounceMs: 10 });
  try {
    await service.rescanAll();
    const changed = nextChange(service);
    service.setFolders([]);
    await changed;
    assert.equal(service.snapshot.folders.size, 0);
  } finally {
    service.dispose();
  }
});

void test('a folder event (no file extension) re-scans the folder it is in', async () => {
  const service = new BoundaryService([folder], { debounceMs: 10 });
  try {
    await service.rescanAll();
    const changed = nextChange(service);
    service.fileChanged(`${folder}/app/projects`);
    assert.equal(await changed, 2);
  } finally {
    service.dispose();
  }
});
