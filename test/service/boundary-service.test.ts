import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BoundaryService, type BoundaryServiceOptions } from '../../src/service/boundary-service';
import type { AnalysisEngine } from '../../src/service/engine';
import { InProcessEngine } from '../../src/service/in-process-engine';
import { WorkerEngine } from '../../src/service/worker-engine';
import { fixturesDir } from '../helpers';

/** The built worker (npm test builds before it tests): the editor runs the analysis there. */
const workerPath = join(__dirname, '../../dist/analysis-worker.js');

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

const engines: [string, () => AnalysisEngine][] = [
  ['in this thread', () => new InProcessEngine()],
  ['in a worker thread', () => new WorkerEngine(workerPath)],
];

for (const [where, makeEngine] of engines) {
  void describe(`the service with the analysis ${where}`, () => {
    const newService = (options: BoundaryServiceOptions) => new BoundaryService([folder], makeEngine(), options);

    void test('the first scan publishes the model of each folder', async () => {
      const service = newService({ debounceMs: 10 });
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
      const service = newService({ debounceMs: 20 });
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
    
    void test('before the first scan is in, a file asked for gets a first look (its endpoints, no callers); the scan then replaces it', async () => {
      const service = newService({ debounceMs: 10 });
      try {
        const file = `${folder}/app/projects/actions.ts`;
        const looked = new Promise<void>((resolve) => service.onDidFirstLook(resolve));
        service.requestFirstLook(file);
        service.requestFirstLook(`${folder}/README.md`);
        await looked;
        const first = service.firstLookIn(file);
        assert.ok(first.some((endpoint) => endpoint.name === 'addComment'), JSON.stringify(first.map((endpoint) => endpoint.name)));
        assert.ok(first.every((endpoint) => endpoint.file === 'app/projects/actions.ts' && endpoint.callers.every((caller) => caller.file === endpoint.file)));
        assert.deepEqual(service.endpointsIn(file), [], 'a first look is not the model');
        assert.equal(service.snapshot.version, 0, 'a first look publishes nothing to the other views');
        await service.rescanAll();
        assert.deepEqual(service.firstLookIn(file), [], 'the scan replaces the first look');
        const scanned = service.endpointsIn(file).find((endpoint) => endpoint.name === 'addComment');
        assert.equal(scanned?.auth, first.find((endpoint) => endpoint.name === 'addComment')?.auth);
        // Once the folder is scanned, asking again does nothing.
        service.requestFirstLook(`${folder}/app/projects/page.tsx`);
        assert.deepEqual(service.firstLookIn(`${folder}/app/projects/page.tsx`), []);
      } finally {
        service.dispose();
      }
    });

    void test('files outside the folders are ignored, and settings reach the analyzer', async () => {
      const service = newService({ debounceMs: 10, scanOptions: () => ({ severities: { 'missing-revalidation': 'off' } }) });
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
    
    void test('each folder of a multi-root workspace is analysed with its own settings', async () => {
      const second = mkdtempSync(join(tmpdir(), 'nb-service-second-')).replace(/\\/g, '/');
      cpSync(join(fixturesDir, 'actions-mutations'), second, { recursive: true });
      const service = new BoundaryService([folder, second], makeEngine(), {
        debounceMs: 10,
        scanOptions: (root) => (root === second ? { severities: { 'missing-revalidation': 'off' } } : {}),
      });
      try {
        await service.rescanAll();
        const rules = (root: string) => service.snapshot.folders.get(root)!.endpoints.flatMap((endpoint) => endpoint.findings.map((finding) => finding.ruleId));
        assert.ok(rules(folder).includes('missing-revalidation'));
        assert.ok(!rules(second).includes('missing-revalidation'));
      } finally {
        service.dispose();
        rmSync(second, { recursive: true, force: true });
      }
    });

    void test('removing a folder publishes a model without it', async () => {
      const service = newService({ debounceMs: 10 });
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
      const service = newService({ debounceMs: 10 });
      try {
        await service.rescanAll();
        const changed = nextChange(service);
        service.fileChanged(`${folder}/app/projects`);
        assert.equal(await changed, 2);
      } finally {
        service.dispose();
      }
    });
  });
}

void test('a worker that dies is logged, not thrown, and the next round starts a new one that gets the unsaved texts again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nb-worker-'));
  const marker = join(dir, 'died-once');
  // Dies the first time it is started, then is the real worker.
  const flaky = join(dir, 'flaky-worker.js');
  writeFileSync(flaky, `const fs = require('fs');\nif (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.exit(3); }\nrequire(${JSON.stringify(workerPath)});\n`);
  const logs: string[] = [];
  const service = new BoundaryService([folder], new WorkerEngine(flaky, (message) => logs.push(message)), { debounceMs: 10, log: (message) => logs.push(message) });
  try {
    const file = `${folder}/app/projects/actions.ts`;
    service.documentChanged(file, readFileSync(file, 'utf8') + '\nexport async function typedBeforeTheCrash() {}\n');
    await service.rescanAll();
    assert.ok(logs.some((line) => /analysis failed: .*exit code 3/.test(line)), logs.join('\n'));
    assert.equal(service.snapshot.version, 0, 'nothing published from a dead worker');

    await service.rescanAll();
    assert.equal(service.snapshot.version, 1);
    assert.ok(service.endpointsIn(file).some((endpoint) => endpoint.name === 'typedBeforeTheCrash'), 'the new worker was sent the unsaved text');
  } finally {
    service.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
