// Edit benchmark: how long after a document change the model (and so every lens) is fresh again.
//
// usage: node bench/update-benchmark.mjs [--edits N] [--warmup N] [--app DIR]
//
// Uses the synthetic app that bench/scan-benchmark.mjs generates (.bench/app; run `npm run bench` once, or
// pass --app). In one process it scans the app cold, then applies N edits to each of three kinds of file, each
// edit as unsaved text (as the editor sends it), and times `WorkspaceAnalyzer.update()` until the new model is
// built. Prints the median and the 90th percentile per kind; the target is a median of at most 10 ms. Before the
// measured edits, --warmup edits (default 40) are made to the same file and not timed: in an editor, the first
// keystrokes of a session pay for compiling the update path once (V8's JIT), every later one does not.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const TARGET_MS = 10;
const { values: opts } = parseArgs({ options: { edits: { type: 'string', default: '61' }, warmup: { type: 'string', default: '40' }, app: { type: 'string', default: '.bench/app' } } });
const edits = Math.max(3, Number(opts.edits));
const warmup = Math.max(1, Number(opts.warmup));
const root = path.resolve(opts.app);
if (!existsSync(root)) {
  console.error(`no app at ${root}: run \`npm run bench\` first (it generates .bench/app), or pass --app DIR`);
  process.exit(2);
}

const entry = path.resolve('.bench/update-entry.js');
await esbuild.build({ entryPoints: ['bench/update-entry.ts'], outfile: entry, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['typescript'], logLevel: 'warning' });
const { WorkspaceAnalyzer } = createRequire(import.meta.url)(entry);

const analyzer = new WorkspaceAnalyzer(root);
let started = performance.now();
const result = analyzer.scan();
const coldMs = performance.now() - started;

const pick = (predicate) => result.endpoints.find(predicate)?.file;
const kinds = [
  ['a Server Action file', pick((e) => e.kind === 'action' && e.actionForm === 'file' && e.callers.length > 0)],
  ['a route handler file', pick((e) => e.kind === 'route')],
  ['a client component that calls actions', result.endpoints.flatMap((e) => e.callers).find((c) => c.file.endsWith('.tsx'))?.file],
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
console.log(`\nNext Boundary edit benchmark — ${path.relative(process.cwd(), root)}: ${result.stats.filesSeen} files, ${result.endpoints.length} endpoints, cold scan ${Math.round(coldMs)} ms`);
const medians = [];
for (const [label, file] of kinds) {
  if (!file) continue;
  const absolute = path.join(root, file).replace(/\\/g, '/');
  const original = await readFile(absolute, 'utf8');
  const times = [];
  for (let i = 0; i < warmup + edits; i++) {
    // A keystroke-sized edit inside the file: a comment line that grows.
    const text = `${original}\n// edit ${'x'.repeat(i)}\n`;
    started = performance.now();
    analyzer.update([{ path: absolute, text }]);
    if (i >= warmup) times.push(performance.now() - started);
  }
  analyzer.update([{ path: absolute, text: original }]);
  medians.push(median(times));
  console.log(`  ${label.padEnd(40)} median ${median(times).toFixed(1).padStart(6)} ms   p90 ${percentile(times, 0.9).toFixed(1).padStart(6)} ms   (${file})`);
}
const worst = Math.max(...medians);
console.log(`verdict, edit → fresh model: ${worst <= TARGET_MS ? 'met' : 'not met'} — worst median ${worst.toFixed(1)} ms (target ≤ ${TARGET_MS} ms; the editor adds its debounce on top)`);
analyzer.dispose();
