import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateApp } from '../../bench/generate-app.mjs';
import type { AnalysisRequest } from '../../src/service/engine';
import { InProcessEngine, firstLookNow } from '../../src/service/in-process-engine';
import { WorkerEngine } from '../../src/service/worker-engine';

/** The built worker (npm test builds before it tests). */
const workerPath = join(__dirname, '../../dist/analysis-worker.js');

let dir: string;
let app: string;
let actionFile: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-looks-'));
  app = join(dir, 'app').replace(/\\/g, '/');
  generateApp(app, { files: 600 });
  const files = readdirSync(app, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts')).sort();
  const found = files.find((file) => /^'use server'/.test(readFileSync(join(app, file), 'utf8')) && /export async function/.test(readFileSync(join(app, file), 'utf8')));
  assert.ok(found, 'the generated app has an action file');
  actionFile = `${app}/${found.replace(/\\/g, '/')}`;
});
after(() => rmSync(dir, { recursive: true, force: true }));

const scanRequest = (): AnalysisRequest => ({ folders: [app], scan: [app], changed: [], unsaved: [], settings: [] });

void test('a scan that answers a first look at every checkpoint gives the same model as one that answers none', () => {
  const plain = new InProcessEngine().analyseNow(scanRequest());
  let looks = 0;
  const interrupted = new InProcessEngine().analyseNow(scanRequest(), undefined, () => {
    // Every 25th checkpoint, so every phase of the scan is interrupted, in a time a test can afford.
    if (++looks % 25 === 0) assert.ok(firstLookNow({ folder: app, files: [actionFile], settings: {}, unsaved: [] }));
  });
  assert.ok(looks > 600, `checkpoints: ${looks}`);
  const [before, after] = [plain[0], interrupted[0]];
  assert.ok(before.kind === 'scanned' && after.kind === 'scanned');
  assert.deepEqual(after.result.endpoints, before.result.endpoints);
  assert.deepEqual(after.result.skipped, before.result.skipped);
});

void test('in the worker, a first look sent while the cold scan runs is answered before the scan is done', async () => {
  const engine = new WorkerEngine(workerPath);
  try {
    const events: string[] = [];
    let look: Promise<Awaited<ReturnType<WorkerEngine['firstLook']>>> | undefined;
    // Sent once the scan reports progress: the worker is then inside its synchronous scan.
    const scan = engine
      .analyse(scanRequest(), (_done, _total, phase) => {
        events.push(`progress ${phase}`);
        look ??= engine.firstLook({ folder: app, files: [actionFile], settings: {}, unsaved: [] }).then((result) => {
          events.push('first look');
          return result;
        });
      })
      .then((replies) => {
        events.push('scan done');
        return replies;
      });
    const replies = await scan;
    const result = await look;
    assert.ok(events.includes('first look') && events.indexOf('first look') < events.indexOf('scan done'), events.join(', '));
    assert.ok(events.slice(events.indexOf('first look')).some((event) => event.startsWith('progress')), `answered inside the scan: ${events.join(', ')}`);
    const relative = actionFile.slice(app.length + 1);
    const names = (result?.endpoints ?? []).filter((endpoint) => endpoint.file === relative).map((endpoint) => endpoint.name);
    assert.ok(names.length > 0, 'the first look found the file\'s actions');
    const reply = replies[0];
    assert.ok(reply.kind === 'scanned');
    const scanned = reply.result.endpoints.filter((endpoint) => endpoint.file === relative);
    assert.deepEqual(names.sort(), scanned.map((endpoint) => endpoint.name).sort());
    for (const endpoint of result!.endpoints.filter((item) => item.file === relative)) {
      assert.equal(endpoint.auth, scanned.find((item) => item.name === endpoint.name)?.auth, endpoint.name);
    }
  } finally {
    engine.dispose();
  }
});

void test('a first look sent before any scan starts the worker, and the scan that follows still gets every unsaved text', async () => {
  const engine = new WorkerEngine(workerPath);
  try {
    const text = readFileSync(actionFile, 'utf8') + '\nexport async function typedBeforeTheScan() {}\n';
    const result = await engine.firstLook({ folder: app, files: [actionFile], settings: {}, unsaved: [[actionFile, text]] });
    assert.ok(result?.endpoints.some((endpoint) => endpoint.name === 'typedBeforeTheScan'), 'the look read the unsaved text');
    const replies = await engine.analyse({ ...scanRequest(), unsaved: [[actionFile, text]] });
    assert.ok(replies[0].kind === 'scanned' && replies[0].result.endpoints.some((endpoint) => endpoint.name === 'typedBeforeTheScan'));
    // A later request that no longer mentions the buffer: the worker still holds it.
    const again = await engine.analyse(scanRequest());
    assert.ok(again[0].kind === 'scanned' && again[0].result.endpoints.some((endpoint) => endpoint.name === 'typedBeforeTheScan'));
  } finally {
    engine.dispose();
  }
});
