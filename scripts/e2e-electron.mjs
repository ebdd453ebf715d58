// `npm run test:electron`: the real-editor checks under @vscode/test-electron, the conventional runner, for
// contributors with a desktop VS Code. The extension under development is this repository (built first);
// the checks of test/e2e/probe/checks.ts run inside its extension host via extensionTestsPath, on a fresh
// copy of the fixture workspace.
//
//   VSCODE_EXECUTABLE_PATH=/path/to/code npm run test:electron   # an installed VS Code, nothing downloaded
//   npm run test:electron                                        # downloads VS Code (needs the internet)
//
// The browser-driven half of the suite (clicks, keys, screenshots) needs code-server: `npm run test:e2e`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { BUILD_DIR, REPO, VSCODE_VERSION } from './e2e-env.mjs';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const suite = join(BUILD_DIR, 'electron', 'suite.js');
await esbuild.build({
  entryPoints: [join(REPO, 'test/e2e/probe/electron-suite.ts')],
  outfile: suite,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
});

const root = mkdtempSync(join(tmpdir(), 'nb-electron-'));
const workspace = join(root, 'acme-projects');
cpSync(join(REPO, 'test/e2e/fixture-app'), workspace, { recursive: true });
mkdirSync(join(root, 'user-data', 'User'), { recursive: true });
writeFileSync(
  join(root, 'user-data', 'User', 'settings.json'),
  JSON.stringify({ 'workbench.startupEditor': 'none', 'typescript.validate.enable': false, 'git.enabled': false, 'update.mode': 'none', 'telemetry.telemetryLevel': 'off' }),
);

const executable = process.env.VSCODE_EXECUTABLE_PATH;
let exitCode = 1;
try {
  exitCode = await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.VSCODE_VERSION ?? VSCODE_VERSION }),
    extensionDevelopmentPath: REPO,
    extensionTestsPath: suite,
    launchArgs: [
      workspace,
      '--user-data-dir', join(root, 'user-data'),
      '--extensions-dir', join(root, 'extensions'),
      // The contributor's own extensions stay out; built-in ones (TypeScript, snippets) stay in.
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (error) {
  console.error(`test:electron: ${error instanceof Error ? error.message : String(error)}`);
  if (!executable) console.error('Without VSCODE_EXECUTABLE_PATH, @vscode/test-electron downloads VS Code: that needs the internet. Offline, run `npm run test:e2e` (code-server).');
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.exit(exitCode);
