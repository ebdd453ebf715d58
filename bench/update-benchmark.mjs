// Edit benchmark: how long after a document change the model, and the lenses drawn from it, are fresh again.
//
// usage: node bench/update-benchmark.mjs [--app DIR] [--edits N] [--warmup N] [--json FILE]
//
// Uses a synthetic app from bench/generate-app.mjs (default .bench/app-4000; `npm run bench` makes it). In one
// process it scans the app cold, then makes one-line edits, each as unsaved text (as the editor sends it), to:
//   a component that calls actions, a Server Action file, and the action-client wrapper in lib/ that the
//   most actions are built with (lib/safe-action.ts);
// and times `WorkspaceAnalyzer.update()` until the new model is built. Prints the median and p95 per kind, and
// what the last edit of each kind re-parsed, re-analysed and re-classified (a lib/ edit must touch only the
// endpoints that depend on it). Then, with the service and the real CodeLens provider (src/features/codeLens.ts,
// `vscode` stubbed): the provider's response time per file (provide + resolve every lens), and edit → fresh
// lenses through the service (analysis, publish, the provider's change event, then provide + resolve).
// Before the measured edits, --warmup edits (default 40) of the same file are made and not timed: in an editor,
// the first keystrokes of a session pay for compiling the update path once (V8's JIT), every later one does not.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleForNode } from './bundle.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MEDIAN_TARGET_MS = 10;
const P95_TARGET_MS = 50;
const { values: opts } = parseArgs({
  options: {
    edits: { type: 'string', default: '61' },
    warmup: { type: 'string', default: '40' },
    app: { type: 'string', default: '.bench/app-4000' },
    json: { type: 'string' },
  },
});
const edits = Math.max(3, Number(opts.edits));
const warmup = Math.max(1, Number(opts.warmup));
const root = path.resolve(opts.app).replace(/\\/g, '/');
if (!existsSync(root)) {
  console.error(`no app at ${root}: run \`npm run bench\` first (it generates .bench/app-<N>), or pass --app DIR`);
  process.exit(2);
}

const entry = await bundleForNode(path.join(HERE, 'update-entry.ts'), path.resolve('.bench/update-entry.js'), {
  external: ['typescript'],
  alias: { vscode: path.join(HERE, 'vscode-stub.ts') },
});
const { WorkspaceAnalyzer, BoundaryService, InProcessEngine, registerCodeLens, registeredLensProviders, textDocument } = createRequire(import.meta.url)(entry);

const sorted = (values) => [...values].sort((a, b) => a - b);
const median = (values) => sorted(values)[Math.floor(values.length / 2)];
const p95 = (values) => sorted(values)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)];
const ms = (value) => value.toFixed(1).padStart(6);
const oneLineEdit = (original, i) => `${original}\n// edit ${'x'.repeat(i)}\n`;

/**
 * The workspace module (not an endpoint file) that the most files of the last program import directly: the
 * synthetic app's action-client wrapper, a real app's db or auth module. Read from the analyzer's own import graph
 * (a private method: this script measures the analyzer, it is not an API user).
 */
function mostImportedModule(analyzer, result) {
  const endpointFiles = new Set(result.endpoints.map((e) => `${root}/${e.file}`));
  let best;
  let most = 0;
  for (const [file, importers] of analyzer.importersOf(analyzer.currentProgram)) {
    if (endpointFiles.has(file) || /\.[jt]sx$/.test(file) || !file.startsWith(`${root}/`)) continue;
    if (importers.size > most || (importers.size === most && best !== undefined && file < best)) {
      most = importers.size;
      best = file;
    }
  }
  return best?.slice(root.length + 1);
}

const analyzer = new WorkspaceAnalyzer(root);
let started = performance.now();
const result = analyzer.scan();
const coldMs = performance.now() - started;

const actionFile = result.endpoints.find((e) => e.kind === 'action' && e.actionForm === 'file' && e.callers.length > 0)?.file;
// An app without a called action (a route-only app) is edited, for the lenses, in a route file instead.
const lensFile = actionFile ?? result.endpoints.find((e) => e.kind === 'route')?.file ?? result.endpoints[0]?.file;
const component = result.endpoints.flatMap((e) => e.callers).find((c) => c.file.endsWith('.tsx'))?.file;
const kinds = [
  ['component', 'a client component that calls actions', component],
  ['action', 'a Server Action file', actionFile],
  ['module', 'the most-imported module', mostImportedModule(analyzer, result)],
];

const report = { app: root, files: result.stats.filesSeen, endpoints: result.endpoints.length, coldScanMs: coldMs, edits: {}, lens: {} };
console.log(`\nNext Boundary edit benchmark — ${path.relative(process.cwd(), root)}: ${result.stats.filesSeen} files, ${result.endpoints.length} endpoints, cold scan ${Math.round(coldMs)} ms`);
console.log(`  one-line edit to …                        median      p95   re-parsed  endpoint files re-analysed  endpoints re-classified`);
for (const [key, label, file] of kinds) {
  if (!file) continue;
  const absolute = `${root}/${file}`;
  const original = readFileSync(absolute, 'utf8');
  const times = [];
  for (let i = 0; i < warmup + edits; i++) {
    const text = oneLineEdit(original, i);
    started = performance.now();
    analyzer.update([{ path: absolute, text }]);
    if (i >= warmup) times.push(performance.now() - started);
  }
  const round = analyzer.lastRound;
  analyzer.update([{ path: absolute, text: original }]);
  report.edits[key] = { file, medianMs: median(times), p95Ms: p95(times), filesParsed: round.filesParsed, endpointFilesAnalysed: round.endpointFilesAnalysed, endpointsClassified: round.endpointsClassified };
  console.log(`  ${`${label} (${file})`.padEnd(40).slice(0, 40)} ${ms(median(times))} ms ${ms(p95(times))} ms   ${String(round.filesParsed).padStart(9)}  ${String(round.endpointFilesAnalysed).padStart(26)}  ${String(round.endpointsClassified).padStart(23)}`);
}
analyzer.dispose();

// The CodeLens provider as the editor calls it, over the service's published model.
const service = new BoundaryService([root], new InProcessEngine(), { debounceMs: 0 });
const registration = registerCodeLens(service);
const provider = registeredLensProviders[registeredLensProviders.length - 1];
await service.rescanAll();
const token = { isCancellationRequested: false };
const lensesFor = (document) => {
  const lenses = provider.provideCodeLenses(document, token);
  for (const lens of lenses) provider.resolveCodeLens(lens, token);
  return lenses;
};
const endpointFiles = [...new Set(service.snapshot.folders.get(root).endpoints.map((e) => e.file))];
const documents = endpointFiles.map((file) => textDocument(`${root}/${file}`, readFileSync(`${root}/${file}`, 'utf8')));
const responses = [];
let lensCount = 0;
for (let round = 0; round < 3; round++) {
  for (const document of documents) {
    started = performance.now();
    const lenses = lensesFor(document);
    if (round > 0) responses.push(performance.now() - started);
    if (round === 0) lensCount += lenses.length;
  }
}
report.lens.responseMedianMs = median(responses);
report.lens.responseP95Ms = p95(responses);
console.log(`  CodeLens provider, provide + resolve (${documents.length} endpoint files, ${lensCount} lenses)   median ${ms(median(responses)).trim()} ms, p95 ${ms(p95(responses)).trim()} ms`);

// Edit → fresh lenses, through the service: analysis, publish, the provider's change event, provide + resolve.
const absolute = `${root}/${lensFile}`;
const original = readFileSync(absolute, 'utf8');
const toLenses = [];
for (let i = 0; i < warmup + edits; i++) {
  const text = oneLineEdit(original, i);
  const document = textDocument(absolute, text);
  const fresh = new Promise((resolve) => {
    const subscription = provider.onDidChangeCodeLenses(() => {
      subscription.dispose();
      resolve(lensesFor(document));
    });
  });
  started = performance.now();
  service.documentChanged(absolute, text);
  await fresh;
  if (i >= warmup) toLenses.push(performance.now() - started);
}
report.lens.editToLensesMedianMs = median(toLenses);
report.lens.editToLensesP95Ms = p95(toLenses);
console.log(`  edit → fresh lenses, through the service (${lensFile})   median ${ms(median(toLenses)).trim()} ms, p95 ${ms(p95(toLenses)).trim()} ms   (the editor's 150 ms typing debounce comes on top)`);
registration.dispose();
service.dispose();

const worstMedian = Math.max(report.lens.editToLensesMedianMs, ...Object.values(report.edits).map((e) => e.medianMs));
const worstP95 = Math.max(report.lens.editToLensesP95Ms, ...Object.values(report.edits).map((e) => e.p95Ms));
const verdict = (value, target) => (value <= target ? 'met' : 'NOT met');
console.log(`verdict, edit → fresh model/lenses: median ${verdict(worstMedian, MEDIAN_TARGET_MS)} (worst ${worstMedian.toFixed(1)} ms, target ≤ ${MEDIAN_TARGET_MS}), p95 ${verdict(worstP95, P95_TARGET_MS)} (worst ${worstP95.toFixed(1)} ms, target ≤ ${P95_TARGET_MS})`);
if (opts.json) writeFileSync(path.resolve(opts.json), JSON.stringify(report, null, 2) + '\n');
