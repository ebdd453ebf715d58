// The real-editor suite (`npm run test:e2e`, and the second half of `npm test`): packages Next Boundary
// (`npm run package`) and the probe extension, then runs test/e2e/*.test.ts with node's test runner against
// code-server + Chromium. SKIP_E2E=1 skips it, saying so; a machine without the tools fails with how to get
// them. `--screenshots` writes the README screenshots to media/screenshots/ instead of test-results/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { BUILD_DIR, CHROMIUM, CODE_SERVER_ENTRY, NODE24, REPO, RESULTS_DIR, isolatedEnv, setupProblems } from './e2e-env.mjs';

if (process.env.SKIP_E2E === '1') {
  console.log('Real-editor suite skipped (SKIP_E2E=1): the extension was not tested inside VS Code.');
  process.exit(0);
}
const problems = setupProblems();
if (problems.length > 0) {
  console.error(
    `The real-editor suite cannot run: ${problems.join('; ')}.\n` +
      'Set it up with `npm run e2e:setup` (apt packages, Node 24 and code-server into .e2e/; needs root for apt),\n' +
      'or skip it with `SKIP_E2E=1 npm test`.',
  );
  process.exit(1);
}

const started = Date.now();
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
// One folder per run, so two runs on one machine do not package over each other.
mkdirSync(BUILD_DIR, { recursive: true });
const buildDir = mkdtempSync(join(BUILD_DIR, 'run-'));
process.on('exit', () => rmSync(buildDir, { recursive: true, force: true }));
rmSync(RESULTS_DIR, { recursive: true, force: true });

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: REPO, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`test:e2e: \`${command} ${args.join(' ')}\` failed`);
    process.exit(1);
  }
  return result;
}

// What users install: the production .vsix, or the one NB_E2E_VSIX names (to test a release candidate).
const extensionVsix = process.env.NB_E2E_VSIX ? resolve(process.env.NB_E2E_VSIX) : join(buildDir, 'next-boundary.vsix');
if (process.env.NB_E2E_VSIX) console.log(`Testing ${extensionVsix} (NB_E2E_VSIX)`);
else run(process.execPath, ['scripts/package-vsix.mjs', '--out', extensionVsix]);

// The probe: a test-only extension, bundled and packaged the same way.
const probeDir = join(buildDir, 'probe');
mkdirSync(probeDir, { recursive: true });
await esbuild.build({
  entryPoints: [join(REPO, 'test/e2e/probe/extension.ts')],
  outfile: join(probeDir, 'extension.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
});
copyFileSync(join(REPO, 'test/e2e/probe/package.json'), join(probeDir, 'package.json'));
copyFileSync(join(REPO, 'LICENSE'), join(probeDir, 'LICENSE'));
const probeVsix = join(buildDir, 'probe.vsix');
run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', probeVsix], { cwd: probeDir, stdio: ['ignore', 'ignore', 'inherit'] });

// `npm run test:e2e -- first-lens` runs only the test files whose names contain one of the words given.
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const files = readdirSync(join(REPO, 'test/e2e'))
  .filter((name) => name.endsWith('.test.ts') && (only.length === 0 || only.some((word) => name.includes(word))))
  .map((name) => join('test/e2e', name));
const reporter = process.env.CI || !process.stdout.isTTY ? 'tap' : 'spec';
// The suite and all it starts (code-server, Chromium) get an empty home of this run's: they never read or
// write the user's ~/.config, caches or profiles, and a machine's first run is every run.
const home = join(buildDir, 'home');
mkdirSync(home, { recursive: true });
const env = isolatedEnv(home, {
  NB_E2E_NODE24: NODE24,
  NB_E2E_CODE_SERVER: CODE_SERVER_ENTRY,
  NB_E2E_CHROMIUM: CHROMIUM,
  NB_E2E_VSIX: extensionVsix,
  NB_E2E_PROBE_VSIX: probeVsix,
  NB_E2E_RESULTS: RESULTS_DIR,
  ...(process.argv.includes('--screenshots') && { NB_E2E_SCREENSHOTS: join(REPO, 'media', 'screenshots') }),
});
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, '--test-concurrency=1', ...files], { cwd: REPO, stdio: 'inherit', env });
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (result.status !== 0) console.error(`Real-editor suite failed (${seconds} s); screenshots and logs are in ${RESULTS_DIR}/`);
else console.log(`Real-editor suite passed in ${seconds} s (code-server + Chromium).`);
process.exit(result.status ?? 1);
