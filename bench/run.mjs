// `npm run bench`: every benchmark at every size, then one summary table.
//
//   node bench/run.mjs [--sizes 1000,4000,10000] [--runs 3] [--edits 61]
//   node bench/run.mjs --app DIR [--runs 3] [--edits 61] [--warmup 40]   (any checkout: `npm run bench -- --app DIR`)
//
// For each size N it generates .bench/app-N (bench/generate-app.mjs, seeded) unless it is up to date, then runs,
// each in its own process:
//   bench/scan-benchmark.mjs    the parse-only floor against our cold scan: time, peak RSS, ratios;
//   bench/update-benchmark.mjs  one-line edits (a component, an action file, the module the most files import):
//                               median and p95 to a fresh model, what each re-analysed; the CodeLens provider's
//                               response time; edit → fresh lenses through the service.
// Then bench/editor-benchmark.mjs at 4,000 files (the worker thread as the editor runs it). With --app, the same
// three run on that folder instead of the synthetic sizes, and the table has one column. Each prints its own
// detail; the summary at the end puts the figures side by side, with the machine they were measured on.
// Nothing here is a pass/fail test: targets are printed next to the figures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.resolve('.bench/results');
const { values: opts } = parseArgs({ options: { sizes: { type: 'string', default: '1000,4000,10000' }, runs: { type: 'string', default: '3' }, edits: { type: 'string', default: '61' }, warmup: { type: 'string', default: '40' }, app: { type: 'string' } } });
const sizes = opts.sizes.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
fs.mkdirSync(RESULTS, { recursive: true });

function run(args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status ?? result.signal}`);
}
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

const load = () => os.loadavg().map((n) => n.toFixed(1)).join(' ');
const loadBefore = load();
const rows = [];
if (opts.app) {
  const app = path.resolve(opts.app);
  const scanJson = path.join(RESULTS, 'scan-app.json');
  const updateJson = path.join(RESULTS, 'update-app.json');
  run(['--expose-gc', path.join(HERE, 'scan-benchmark.mjs'), '--app', app, '--runs', opts.runs, '--json', scanJson]);
  run([path.join(HERE, 'update-benchmark.mjs'), '--app', app, '--edits', opts.edits, '--warmup', opts.warmup, '--json', updateJson]);
  const editorJson = path.join(RESULTS, 'editor-app.json');
  run([path.join(HERE, 'editor-benchmark.mjs'), '--app', app, '--json', editorJson]);
  rows.push({ label: path.basename(app), scan: readJson(scanJson), update: readJson(updateJson), editor: readJson(editorJson) });
} else {
  for (const files of sizes) {
    const scanJson = path.join(RESULTS, `scan-${files}.json`);
    const updateJson = path.join(RESULTS, `update-${files}.json`);
    run(['--expose-gc', path.join(HERE, 'scan-benchmark.mjs'), '--files', String(files), '--runs', opts.runs, '--json', scanJson]);
    run([path.join(HERE, 'update-benchmark.mjs'), '--app', path.resolve(`.bench/app-${files}`), '--edits', opts.edits, '--warmup', opts.warmup, '--json', updateJson]);
    rows.push({ files, label: `${files.toLocaleString('en-US')} files`, scan: readJson(scanJson), update: readJson(updateJson) });
  }
  if (sizes.includes(4000)) {
    const editorJson = path.join(RESULTS, 'editor-4000.json');
    run([path.join(HERE, 'editor-benchmark.mjs'), '--app', path.resolve('.bench/app-4000'), '--json', editorJson]);
    rows.find((row) => row.files === 4000).editor = readJson(editorJson);
  }
}

const cpu = os.cpus();
const fixed = (n, digits = 1) => (n === undefined ? '—' : n.toFixed(digits));
const mib = (kib) => (kib === undefined ? '—' : (kib / 1024).toFixed(0));
const edit = (row, key) => {
  const e = row.update.edits[key];
  return e ? `${fixed(e.medianMs)} / ${fixed(e.p95Ms)}` : '—';
};
const table = [
  ['', ...rows.map((r) => r.label)],
  ['source files', ...rows.map((r) => r.update.files.toLocaleString('en-US'))],
  ['endpoints', ...rows.map((r) => String(r.update.endpoints))],
  ['parse-only floor (ms)', ...rows.map((r) => fixed(r.scan.medians.parseMs, 0))],
  ['cold scan (ms)', ...rows.map((r) => fixed(r.scan.medians.scanMs, 0))],
  ['scan / floor, time (≤ 1.00)', ...rows.map((r) => fixed(r.scan.ratios.speed, 2))],
  ['peak RSS floor / scan (MiB)', ...rows.map((r) => `${mib(r.scan.medians.parseRssKiB)} / ${mib(r.scan.medians.scanRssKiB)}`)],
  ['scan / floor, peak RSS (≤ 1.50)', ...rows.map((r) => fixed(r.scan.ratios.memory, 2))],
  ['edit a component: median / p95 (ms)', ...rows.map((r) => edit(r, 'component'))],
  ['edit an action file: median / p95 (ms)', ...rows.map((r) => edit(r, 'action'))],
  ['edit the most-imported module: median / p95 (ms)', ...rows.map((r) => edit(r, 'module'))],
  ['  which module', ...rows.map((r) => r.update.edits.module?.file ?? '—')],
  ['  endpoints it re-classified', ...rows.map((r) => (r.update.edits.module ? `${r.update.edits.module.endpointsClassified} of ${r.update.endpoints}` : '—'))],
  ['edit → fresh lenses: median / p95 (ms)', ...rows.map((r) => `${fixed(r.update.lens.editToLensesMedianMs)} / ${fixed(r.update.lens.editToLensesP95Ms)}`)],
  ['extension host, longest stall in a cold scan (≤ 50 ms)', ...rows.map((r) => (r.editor ? fixed(r.editor.stallMaxMs) : '—'))],
  ['CodeLens provider: median / p95 (ms)', ...rows.map((r) => `${fixed(r.update.lens.responseMedianMs, 2)} / ${fixed(r.update.lens.responseP95Ms, 2)}`)],
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
console.log(`\nNext Boundary benchmarks — summary`);
console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 1073741824)} GiB, ${os.platform()} ${os.release()}, node ${process.version}; load average ${loadBefore} before, ${load()} after`);
for (const row of table) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '));
console.log(`targets: cold scan ≤ 1.0× the floor; peak RSS ≤ 1.5×; edit → fresh lenses median ≤ 10 ms and p95 ≤ 50 ms at 4,000 files; an edit to a module re-classifies only what depends on it`);
