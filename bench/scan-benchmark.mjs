// Scan benchmark: the cold `analyzeWorkspace` scan against a parse-only floor.
//
//   npm run bench [-- options]          (builds, then: node --expose-gc bench/scan-benchmark.mjs)
//
// Options
//   --files N       size of the synthetic app in source files (default 4000)
//   --seed N        generator seed (default 1)
//   --runs N        measured runs of each kind (default 3); the median is reported
//   --warmup N      unmeasured runs of each kind first, to warm the OS file cache (default 1)
//   --app DIR       benchmark an existing project instead of the synthetic app
//   --regen         rewrite the synthetic app even if it is up to date
//   --clean         delete the synthetic app (.bench/app-<N>) when done; it is kept by default
//   --parse-only    measure only the parse-only floor (useful while the analyzer is unfinished)
//   --no-progress-hook   call analyzeWorkspace(root) without the onProgress heap-sampling hook
//   --json FILE     also write every measurement to FILE
//   --timeout S     kill a child that has not reported after S seconds (default 900)
//
// What it does
//   1. Generates .bench/app-<N> (bench/generate-app.mjs: seeded, N files) unless it is already
//      there for the same generator version, size and seed.
//   2. Bundles bench/scan-entry.ts (src/analyzers) into .bench/scan-entry.js with esbuild.
//   3. Runs, each in a FRESH child process with the same Node flags (--expose-gc plus the
//      parent's), alternating the order from round to round, after the warm-up runs:
//        parse  walk the tree (skipping node_modules and .next), read every
//               .ts/.tsx/.js/.jsx/.mjs/.cjs/.mts/.cts file and ts.createSourceFile(path, text,
//               Latest, setParentNodes=true, kindFor(path)), keeping every SourceFile alive to
//               the end, as a scan must hold its model;
//        scan   await analyzeWorkspace(root).
//      Both children load their modules (typescript; the bundle) before the clock starts, gc(),
//      then time only the work with performance.now(). Memory: process.resourceUsage().maxRSS
//      (the whole process, KiB); the peak heapUsed, the larger of samples (every 5 ms by a timer
//      and, at most every 5 ms, from the work itself: per file in the floor, via onProgress in
//      the scan) and of the heap in use at the start of each GC (children run with --trace-gc,
//      which catches the peak even in synchronous work); heapUsed after a final gc() with the
//      result still alive.
//   4. Prints medians, ratios and a verdict per target (scan ≤ 1.00× the parse-only time,
//      peak RSS ≤ 1.5× the parse-only run). Missing a target does not fail the process; a
//      crashed or rejecting child does (exit 1), after printing what was measured.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const BENCH_DIR = path.join(REPO, '.bench');
/** The synthetic app of a given size: .bench/app-4000 and so on (bench/run.mjs and the edit benchmark use the same). */
const appFor = (files) => path.join(BENCH_DIR, `app-${files}`);
const ENTRY_TS = path.join(HERE, 'scan-entry.ts');
const ENTRY_JS = path.join(BENCH_DIR, 'scan-entry.js');
const MARK = '@@bench-result ';
const SOURCE_EXT = new Set(['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts']);
const SKIP_DIRS = new Set(['node_modules', '.next']);
const SPEED_TARGET = 1.0;
const MEMORY_TARGET = 1.5;

const { values: opts } = parseArgs({
  options: {
    files: { type: 'string', default: '4000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '900' },
    app: { type: 'string' },
    regen: { type: 'boolean', default: false },
    clean: { type: 'boolean', default: false },
    'parse-only': { type: 'boolean', default: false },
    'no-progress-hook': { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
    // internal: child mode
    child: { type: 'string' },
    root: { type: 'string' },
    entry: { type: 'string' },
  },
  strict: true,
});

// ---------------------------------------------------------------------------------------------
// Child: one measured run in a fresh process.

function kindFor(ts, file) {
  switch (path.extname(file)) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.JS;
  }
}

async function runChild(mode, root, entry, progressHook) {
  const report = { mode };
  let timer;
  try {
    const require = createRequire(import.meta.url);
    // Module loading happens before the clock starts, for both kinds.
    const ts = require('typescript');
    const scanModule = mode === 'scan' ? require(path.resolve(entry)) : null;
    if (mode !== 'parse' && mode !== 'scan') throw new Error(`unknown child mode ${mode}`);
    const gc = globalThis.gc;
    if (typeof gc !== 'function') throw new Error('run with --expose-gc');

    gc();
    gc();
    report.startRssKiB = Math.round(process.memoryUsage().rss / 1024);
    report.startHeapBytes = process.memoryUsage().heapUsed;

    let peakHeap = 0;
    let samples = 0;
    let lastSample = 0;
    const sample = () => {
      const used = process.memoryUsage().heapUsed;
      if (used > peakHeap) peakHeap = used;
      samples++;
    };
    const maybeSample = () => {
      const now = performance.now();
      if (now - lastSample >= 5) {
        lastSample = now;
        sample();
      }
    };
    timer = setInterval(sample, 5);
    timer.unref();

    let keep;
    const started = performance.now();
    if (mode === 'parse') {
      const sourceFiles = [];
      let bytes = 0;
      const walk = (dir) => {
        for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, dirent.name);
          if (dirent.isDirectory()) {
            if (!SKIP_DIRS.has(dirent.name)) walk(full);
          } else if (dirent.isFile() && SOURCE_EXT.has(path.extname(dirent.name))) {
            const text = fs.readFileSync(full, 'utf8');
            bytes += text.length;
            sourceFiles.push(ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true, kindFor(ts, full)));
            maybeSample();
          }
        }
      };
      walk(root);
      keep = sourceFiles;
      report.files = sourceFiles.length;
      report.chars = bytes;
    } else {
      const options = progressHook ? { onProgress: maybeSample } : {};
      keep = await scanModule.analyzeWorkspace(root, options);
    }
    report.ms = performance.now() - started;
    sample();
    clearInterval(timer);
    timer = undefined;

    report.maxRssKiB = process.resourceUsage().maxRSS;
    report.peakHeapBytes = peakHeap;
    report.heapSamples = samples;
    gc();
    report.retainedHeapBytes = process.memoryUsage().heapUsed;
    if (mode === 'parse') {
      report.parseErrorFiles = keep.filter((sf) => sf.parseDiagnostics?.length > 0).length;
    } else {
      report.summary = scanModule.summarize(keep);
    }
  } catch (error) {
    report.error = error instanceof Error ? error.stack || error.message : String(error);
    process.exitCode = 1;
  } finally {
    if (timer) clearInterval(timer);
  }
  process.stdout.write(MARK + JSON.stringify(report) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Parent: generate, bundle, run the children, report.

function positiveInt(name) {
  const value = Number(opts[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} wants a whole number, got ${opts[name]}`);
  return value;
}

/** Node flags of every child, the same for both kinds: the parent's, plus gc() and the GC trace. */
function childArgs() {
  const own = new Set(['--expose-gc', '--trace-gc']);
  return [...process.execArgv.filter((flag) => !own.has(flag)), '--expose-gc', '--trace-gc'];
}

// A --trace-gc line: "[pid:0x…]   1234 ms: Scavenge 45.2 (60.1) -> 40.3 (61.1) MB, …". The first
// figure is the heap in use (MiB) when that GC started; heap use only drops at a GC, so the
// largest of these (and the final sample) is the true peak, however long the work runs without
// yielding to the 5 ms timer.
const GC_LINE_RE = /^\[\d+:0x[0-9a-f]+\]\s+[\d.]+ ms: .*?([\d.]+) \([\d.]+\) -> [\d.]+ \([\d.]+\) MB/;

function runOne(mode, root, timeoutSec) {
  return new Promise((resolve) => {
    const args = [...childArgs(), fileURLToPath(import.meta.url), '--child', mode, '--root', root, '--entry', ENTRY_JS];
    if (opts['no-progress-hook']) args.push('--no-progress-hook');
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSec * 1000);
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const lines = out.split('\n');
      const line = lines.find((l) => l.startsWith(MARK));
      let gcs = 0;
      let gcPeakMiB = 0;
      const other = [];
      for (const l of lines) {
        const gc = GC_LINE_RE.exec(l);
        if (gc) {
          gcs++;
          gcPeakMiB = Math.max(gcPeakMiB, Number(gc[1]));
        } else if (l && !l.startsWith(MARK)) other.push(l);
      }
      if (other.length) process.stdout.write(other.map((l) => `  [${mode}] ${l}`).join('\n') + '\n');
      if (!line) {
        resolve({ mode, error: timedOut ? `no result after ${timeoutSec} s (--timeout): killed` : `child exited with ${signal ?? `code ${code}`} and no result` });
        return;
      }
      const result = JSON.parse(line.slice(MARK.length));
      result.gcs = gcs;
      result.sampledPeakHeapBytes = result.peakHeapBytes;
      if (result.peakHeapBytes !== undefined) result.peakHeapBytes = Math.max(result.peakHeapBytes, Math.round(gcPeakMiB * 1048576));
      resolve(result);
    });
  });
}

async function bundleEntry() {
  const { bundleForNode } = await import('./bundle.mjs');
  await bundleForNode(ENTRY_TS, ENTRY_JS, { external: ['typescript'] });
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const int = (n) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
const mib = (bytes) => (bytes === undefined ? '—' : (bytes / 1048576).toFixed(0));
const kibToMib = (kib) => (kib === undefined ? '—' : (kib / 1024).toFixed(0));
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
const fmtRatio = (r) => (r === undefined ? '—' : r.toFixed(2));

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c] ?? '').length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? String(cell ?? '').padEnd(widths[c]) : String(cell ?? '').padStart(widths[c]))).join('   ').trimEnd()).join('\n');
}

async function runParent() {
  const files = positiveInt('files');
  const seed = positiveInt('seed');
  const runs = Math.max(1, positiveInt('runs'));
  const warmup = positiveInt('warmup');
  const timeoutSec = Math.max(1, positiveInt('timeout'));
  const parseOnly = opts['parse-only'];
  const log = (message) => console.log(message);

  let root;
  let stamp = null;
  if (opts.app) {
    root = path.resolve(opts.app);
    if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--app ${root}: not a folder`);
  } else {
    const { ensureApp } = await import('./generate-app.mjs');
    root = appFor(files);
    ({ stamp } = ensureApp(root, { files, seed, force: opts.regen, log }));
  }

  let scanAvailable = !parseOnly;
  if (scanAvailable) await bundleEntry();

  const results = { parse: [], scan: [] };
  const failures = [];
  const cpus = os.cpus();
  log('');
  log(`Next Boundary scan benchmark — ${path.relative(process.cwd(), root) || '.'}`);
  log(`  node ${process.version}, flags ${childArgs().join(' ')}, ${cpus.length} CPU${cpus.length === 1 ? '' : 's'} (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 1073741824)} GiB`);
  log(`  ${runs} measured run${runs === 1 ? '' : 's'} of each kind after ${warmup} warm-up run${warmup === 1 ? '' : 's'}, each in a fresh process, order alternating`);
  log('');

  const once = async (mode, label) => {
    const result = await runOne(mode, root, timeoutSec);
    if (result.error) {
      failures.push(result);
      log(`  ${label.padEnd(10)} ${mode.padEnd(5)}  FAILED: ${result.error.split('\n')[0]}`);
      if (mode === 'scan') scanAvailable = false;
      return null;
    }
    const extra = mode === 'parse' ? `${int(result.files)} files` : `${int(result.summary.endpoints)} endpoints`;
    log(`  ${label.padEnd(10)} ${mode.padEnd(5)}  ${int(result.ms).padStart(7)} ms   peak RSS ${kibToMib(result.maxRssKiB).padStart(5)} MiB   peak heap ${mib(result.peakHeapBytes).padStart(5)} MiB   ${extra}`);
    return result;
  };

  for (let i = 0; i < warmup; i++) {
    await once('parse', 'warm-up');
    if (scanAvailable) await once('scan', 'warm-up');
  }
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['parse', 'scan'] : ['scan', 'parse'];
    for (const mode of order) {
      if (mode === 'scan' && !scanAvailable) continue;
      const result = await once(mode, `run ${i + 1}`);
      if (result) results[mode].push(result);
    }
  }

  // --- summary --------------------------------------------------------------------------------
  const P = results.parse;
  const S = results.scan;
  const m = (list, key) => median(list.map((r) => r[key]));
  const parseMs = m(P, 'ms');
  const scanMs = m(S, 'ms');
  const parseRss = m(P, 'maxRssKiB');
  const scanRss = m(S, 'maxRssKiB');
  const speed = ratio(scanMs, parseMs);
  const memory = ratio(scanRss, parseRss);
  const stats = S.length ? S[S.length - 1].summary.stats : undefined;
  const summary = S.length ? S[S.length - 1].summary : undefined;
  const verdict = (r, target) => (r === undefined ? 'n/a' : r <= target ? 'met' : 'NOT met');

  log('');
  log(
    table([
      ['', 'parse-only floor', 'cold scan', 'scan / floor', 'target'],
      ['source files', int(m(P, 'files')), stats ? `${int(stats.filesRead)} read, ${int(stats.filesParsed)} parsed` : '—', '', ''],
      ['wall time, median (ms)', int(parseMs), int(scanMs), fmtRatio(speed), `≤ ${SPEED_TARGET.toFixed(2)}  ${verdict(speed, SPEED_TARGET)}`],
      ['wall time, runs (ms)', P.map((r) => int(r.ms)).join(' / ') || '—', S.map((r) => int(r.ms)).join(' / ') || '—', '', ''],
      ['peak RSS, median (MiB)', kibToMib(parseRss), kibToMib(scanRss), fmtRatio(memory), `≤ ${MEMORY_TARGET.toFixed(2)}  ${verdict(memory, MEMORY_TARGET)}`],
      ['RSS before the work (MiB)', kibToMib(m(P, 'startRssKiB')), kibToMib(m(S, 'startRssKiB')), '', ''],
      ['peak heapUsed (MiB)', mib(m(P, 'peakHeapBytes')), mib(m(S, 'peakHeapBytes')), fmtRatio(ratio(m(S, 'peakHeapBytes'), m(P, 'peakHeapBytes'))), ''],
      ['heapUsed after gc, result alive (MiB)', mib(m(P, 'retainedHeapBytes')), mib(m(S, 'retainedHeapBytes')), fmtRatio(ratio(m(S, 'retainedHeapBytes'), m(P, 'retainedHeapBytes'))), ''],
      ['garbage collections', int(m(P, 'gcs')), int(m(S, 'gcs')), '', ''],
    ]),
  );
  log('');
  if (P.length) log(`parse-only: ${int(m(P, 'chars') / 1e3)} k chars, ${int(m(P, 'parseErrorFiles'))} file(s) with syntax errors`);
  if (summary) {
    log(`scan stats: filesSeen ${int(stats.filesSeen)}, filesRead ${int(stats.filesRead)}, filesParsed ${int(stats.filesParsed)}, programFiles ${int(stats.programFiles)}, self-reported durationMs ${int(median(S.map((r) => r.summary.stats.durationMs)))} (median)`);
    const kinds = Object.entries(summary.byKind).map(([k, v]) => `${k} ${v}`).join(', ');
    const auth = Object.entries(summary.byAuth).map(([k, v]) => `${k} ${v}`).join(', ');
    const floorFiles = m(P, 'files');
    if (floorFiles !== undefined && stats.filesSeen !== floorFiles)
      log(`file sets:  same tree and walk; the floor parses all ${int(floorFiles)} source files, the scan counts ${int(stats.filesSeen)} as source (it leaves out e.g. *.d.ts; ${int(Math.abs(floorFiles - stats.filesSeen))} file(s) apart)`);
    log(`scan found: ${summary.apps} app(s), ${int(summary.endpoints)} endpoints (${kinds || 'none'}; auth: ${auth || '—'}), ${int(summary.findings)} findings, ${summary.skipped} skipped file(s)`);
  }
  if (stamp) {
    const c = stamp.counts;
    log(`generated:  ${int(c.actions)} file-level actions + ${c.inlineActions} inline in ${c.actionFiles} 'use server' files (${c.actionsUnused} never referenced), ${int(c.routeHandlers)} route handlers in ${c.routeFiles} route files (${c.webhooks} webhooks), ${c.pages} page/layout/loading/error files over ${c.segments} segments, ${int(c.components)} components (${int(c.clientComponents)} 'use client')`);
  }
  log('');
  if (speed !== undefined) log(`verdict, speed : ${verdict(speed, SPEED_TARGET)} — cold scan ${int(scanMs)} ms vs parse-only floor ${int(parseMs)} ms (×${fmtRatio(speed)}, target ≤ ×${SPEED_TARGET.toFixed(2)})`);
  else log(`verdict, speed : n/a — ${parseOnly ? 'scan skipped (--parse-only)' : 'no successful scan run'}`);
  if (memory !== undefined) log(`verdict, memory: ${verdict(memory, MEMORY_TARGET)} — peak RSS ${kibToMib(scanRss)} MiB vs ${kibToMib(parseRss)} MiB (×${fmtRatio(memory)}, target ≤ ×${MEMORY_TARGET.toFixed(2)})`);
  else log(`verdict, memory: n/a — ${parseOnly ? 'scan skipped (--parse-only)' : 'no successful scan run'}`);

  if (opts.json) {
    const out = { root, node: process.version, flags: childArgs(), cpus: cpus.length, runs, warmup, generator: stamp, parse: P, scan: S, failures, medians: { parseMs, scanMs, parseRssKiB: parseRss, scanRssKiB: scanRss }, ratios: { speed, memory } };
    fs.writeFileSync(path.resolve(opts.json), JSON.stringify(out, null, 2) + '\n');
    log(`wrote ${opts.json}`);
  }
  if (opts.clean && !opts.app) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(`${root}.stamp.json`, { force: true });
  }
  if (failures.length) {
    const first = failures[0];
    log('');
    log(`${failures.length} run(s) failed; first failure (${first.mode}):`);
    log(first.error.split('\n').map((l) => `  ${l}`).join('\n'));
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Entry (last, so every top-level const above is initialised).

if (opts.child) {
  await runChild(opts.child, opts.root, opts.entry, !opts['no-progress-hook']);
} else if (opts.help) {
  const text = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log(text.split('\n').filter((line, i, all) => line.startsWith('//') && all.slice(0, i).every((l) => l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
} else {
  process.exitCode = await runParent();
}
