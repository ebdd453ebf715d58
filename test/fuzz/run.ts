/**
 * The long fuzz run (`npm run fuzz`): both properties of ./properties.ts, in batches of fast-check runs with seeds
 * derived from one base seed, so a failure does not stop the run. Prints what was tried and every failure with the
 * command that replays it; exits 1 on any failure.
 *
 *   npm run fuzz -- [--runs N] [--seed S] [--property analyzer|fixes|all] [--batch B]
 *   npm run fuzz -- --property fixes --seed S --path P      replays one failure, with the full error
 *
 * --runs: fast-check runs per property (each analyzer run is 1–6 updates, each fixes run one mutated file).
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { type AnalyzerCase, type FixCase, type FuzzStats, analyzerCase, checkAnalyzerCase, checkFixCase, disposeFixFixtures, fixCase, stats } from './properties';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    property: { type: 'string', default: 'all' },
    batch: { type: 'string', default: '250' },
    path: { type: 'string' },
  },
});

const properties = {
  analyzer: fc.property(analyzerCase, (item) => checkAnalyzerCase(item)),
  fixes: fc.property(fixCase, (item) => checkFixCase(item)),
} as const;
type PropertyName = keyof typeof properties;

function check(name: PropertyName, run: { seed: number; numRuns: number; path?: string }): fc.RunDetails<[AnalyzerCase]> | fc.RunDetails<[FixCase]> {
  return name === 'analyzer' ? fc.check(properties.analyzer, run) : fc.check(properties.fixes, run);
}

const runs = Number(values.runs);
const baseSeed = Number(values.seed);
const batch = Math.max(1, Number(values.batch));
const selected: PropertyName[] = values.property === 'all' ? ['analyzer', 'fixes'] : [values.property as PropertyName];
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(baseSeed) || selected.some((name) => !(name in properties))) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] [--property analyzer|fixes|all] [--batch B] [--path P]');
  process.exit(2);
}

/** A counterexample to print: long strings (100,000-character identifiers, padding) shortened. */
function shown(counterexample: unknown): string {
  return JSON.stringify(counterexample, (_key, value: unknown) => (typeof value === 'string' && value.length > 200 ? `${value.slice(0, 40)}…(${value.length} chars)` : value));
}

function command(name: PropertyName, seed: number, path: string): string {
  return `npm run fuzz -- --property ${name} --seed ${seed} --path ${path}`;
}

if (values.path !== undefined) {
  // Replay: the one counterexample at this path, and its whole error.
  const name = selected[0];
  const details = check(name, { seed: baseSeed, path: values.path, numRuns: 1 });
  disposeFixFixtures();
  if (!details.failed) {
    console.log(`${name} seed ${baseSeed} path ${values.path}: passes now`);
    process.exit(0);
  }
  console.log(`counterexample: ${shown(details.counterexample)}`);
  console.log(details.errorInstance);
  process.exit(1);
}

interface Failure {
  name: PropertyName;
  seed: number;
  path: string;
  error: string;
  counterexample: string;
}

const failures: Failure[] = [];
const started = performance.now();
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const report: { name: PropertyName; runs: number; inputs: number; stats: FuzzStats; seconds: string }[] = [];

for (const name of selected) {
  const before = { ...stats };
  const propertyStarted = performance.now();
  let done = 0;
  for (let index = 0; done < runs; index++) {
    const seed = (baseSeed + index * 7919 + (name === 'fixes' ? 104_729 : 0)) % 2 ** 31;
    const numRuns = Math.min(batch, runs - done);
    const details = check(name, { seed, numRuns });
    done += details.failed ? details.numRuns : numRuns;
    if (details.failed) {
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      failures.push({ name, seed, path: details.counterexamplePath ?? '', error: error.slice(0, 1500), counterexample: shown(details.counterexample).slice(0, 2000) });
      console.log(`FAIL ${name} seed ${seed}: ${error.split('\n')[0].slice(0, 300)}\n  replay: ${command(name, seed, details.counterexamplePath ?? '')}`);
    }
    // The live analyzers of the fixes property are dropped now and then, so their caches stay small.
    disposeFixFixtures();
    const inputs = name === 'analyzer' ? stats.analyzerUpdates - before.analyzerUpdates : stats.fixStates - before.fixStates;
    console.log(`${name}: ${done}/${runs} runs, ${inputs} inputs, ${failures.length} failures, ${seconds(propertyStarted)} s`);
  }
  const inputs = name === 'analyzer' ? stats.analyzerUpdates - before.analyzerUpdates : stats.fixStates - before.fixStates;
  report.push({ name, runs: done, inputs, stats: { ...stats }, seconds: seconds(propertyStarted) });
}

console.log('\n=== fuzz summary ===');
console.log(`base seed ${baseSeed}`);
for (const item of report) {
  const detail =
    item.name === 'analyzer'
      ? `${item.inputs} updates of mutated files, ${stats.freshScans} compared with a fresh scan, slowest update ${Math.round(stats.maxUpdateMs)} ms (${stats.maxUpdateCase})`
      : `${item.inputs} mutated endpoint files, ${stats.fixApplications} fix and refactor runs (${stats.fixDeclines} declined)`;
  console.log(`${item.name}: ${item.runs} runs, ${detail}, ${item.seconds} s`);
}
const totalInputs = report.reduce((sum, item) => sum + item.inputs, 0);
console.log(`inputs tried: ${totalInputs}; time: ${seconds(started)} s; failures: ${failures.length}`);
for (const failure of failures) {
  console.log(`\n--- ${failure.name} seed ${failure.seed} path ${failure.path}\n${failure.error}\ncounterexample: ${failure.counterexample}\nreplay: ${command(failure.name, failure.seed, failure.path)}`);
}
process.exit(failures.length ? 1 : 0);
