// Editor benchmark: the service as the extension runs it, with the analysis in a worker thread (dist/analysis-worker.js).
//
// usage: node bench/editor-benchmark.mjs [--edits N] [--app DIR] [--json FILE]     (after `npm run build`; uses .bench/app-4000 from `npm run bench`)
//
// Prints, for the extension host's thread: the longest event-loop stall while the worker does the cold scan (the
// time the editor could not answer anything), and the median time from a keystroke in a Server Action file to
// the new model being published (without the debounce), worker round trip included.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { bundleForNode } from './bundle.mjs';

const { values: opts } = parseArgs({ options: { edits: { type: 'string', default: '41' }, app: { type: 'string', default: '.bench/app-4000' }, json: { type: 'string' } } });
const root = path.resolve(opts.app).replace(/\\/g, '/');
const workerPath = path.resolve('dist/analysis-worker.js');
if (!existsSync(root) || !existsSync(workerPath)) {
  console.error(`needs ${root} (npm run bench) and ${workerPath} (npm run build)`);
  process.exit(2);
}
const entry = await bundleForNode('bench/editor-entry.ts', path.resolve('.bench/editor-entry.js'));
const { BoundaryService, WorkerEngine } = createRequire(import.meta.url)(entry);

const service = new BoundaryService([root], new WorkerEngine(workerPath), { debounceMs: 0 });
const stalls = monitorEventLoopDelay({ resolution: 1 });
stalls.enable();
let started = performance.now();
await service.rescanAll();
const coldMs = performance.now() - started;
stalls.disable();
const result = service.snapshot.folders.get(root);
console.log(`\nNext Boundary editor benchmark — ${path.relative(process.cwd(), root)}: ${result.stats.filesSeen} files, ${result.endpoints.length} endpoints`);
console.log(`  cold scan in the worker                 ${Math.round(coldMs)} ms wall`);
console.log(`  extension host, longest stall meanwhile ${(stalls.max / 1e6).toFixed(1)} ms (p99 ${(stalls.percentile(99) / 1e6).toFixed(1)} ms)`);

// A called action's file, or (an app of routes only) a route file.
const edited = result.endpoints.find((e) => e.kind === 'action' && e.actionForm === 'file' && e.callers.length > 0) ?? result.endpoints.find((e) => e.kind === 'route') ?? result.endpoints[0];
const file = `${root}/${edited.file}`;
const original = readFileSync(file, 'utf8');
const edits = Math.max(3, Number(opts.edits));
const times = [];
for (let i = 0; i <= edits; i++) {
  const published = new Promise((resolve) => {
    const subscription = service.onDidChange(() => {
      subscription.dispose();
      resolve();
    });
  });
  started = performance.now();
  service.documentChanged(file, `${original}\n// edit ${'x'.repeat(i)}\n`);
  await published;
  if (i > 0) times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(`  keystroke → model published (worker)    median ${times[times.length >> 1].toFixed(1)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(1)} ms  (${path.relative(root, file)})`);
service.dispose();
if (opts.json) {
  const report = { coldMs, stallMaxMs: stalls.max / 1e6, stallP99Ms: stalls.percentile(99) / 1e6, keystrokeMedianMs: times[times.length >> 1] };
  writeFileSync(path.resolve(opts.json), JSON.stringify(report, null, 2) + '\n');
}
