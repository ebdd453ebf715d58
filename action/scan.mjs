// The GitHub Action's one step of logic (action.yml runs it): reads the action's inputs from INPUT_* environment
// variables, runs `next-boundary scan --format sarif`, makes the SARIF's paths relative to the repository root,
// counts its results, writes the step outputs to $GITHUB_OUTPUT, and exits with the CLI's exit code
// (0 no finding matched fail-on, 1 some did, 2 usage error or failed scan).
// The SARIF is written before the exit, so action.yml's upload step (`if: !cancelled()`) uploads it even when
// exit code 1 fails this step.
//
// Plain ESM, Node built-ins only, no build step: it runs from the action's checkout as is.
// Inputs never pass through a shell: they become separate argv entries of `node cli.js scan …`.
//
// Environment:
//   INPUT_PATH, INPUT_BASELINE, INPUT_FAIL_ON, INPUT_CHANGED_SINCE, INPUT_SARIF_FILE, INPUT_UPLOAD_SARIF, INPUT_VERSION
//                        the action's inputs (input `fail-on` is INPUT_FAIL_ON); empty means not given.
//   NEXT_BOUNDARY_CLI    path to a next-boundary cli.js to run instead of installing next-boundary@INPUT_VERSION
//                        from npm (tests run the repository's dist/cli.js with it, offline).
//   GITHUB_OUTPUT        file the step outputs are appended to; outputs are skipped when unset.
//   RUNNER_TEMP          where the npm package is installed (default: the OS temp folder).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const EXIT_USAGE = 2;
const SRCROOT = '%SRCROOT%';
const PACKAGE = 'next-boundary';
/** An exact version or a dist-tag (0.1.0, 0.2.0-beta.1, latest). No ranges: `^` and `~` mean nothing stable here. */
const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,99}$/;

/** An action input by its name in action.yml: `fail-on` is read from INPUT_FAIL_ON. Trimmed; '' when not given. */
function input(name) {
  return (process.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
}

/** Stops before or instead of a scan: exit code 2, as the CLI's usage errors. */
function fail(message) {
  console.error(`next-boundary action: ${message}`);
  setOutput('exit-code', String(EXIT_USAGE));
  process.exit(EXIT_USAGE);
}

/** Appends one step output; multi-line-safe (a value with a newline cannot add another output). */
function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  if (!/[\r\n]/.test(value)) {
    appendFileSync(file, `${name}=${value}\n`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** The `scan` argv. Options use --name=value and DIR follows `--`, so no input can read as another option. */
function scanArgs({ path, sarifFile, failOn, baseline, changedSince }) {
  return [
    'scan',
    '--format=sarif',
    `--output=${sarifFile}`,
    ...(failOn ? [`--fail-on=${failOn}`] : []),
    ...(baseline ? [`--baseline=${baseline}`] : []),
    ...(changedSince ? [`--changed-since=${changedSince}`] : []),
    '--',
    path,
  ];
}

/**
 * The published CLI's cli.js, installed with npm into RUNNER_TEMP (once per version and job). Not npx: on Windows
 * npx is a .cmd that only runs through a shell, and the inputs would go through it too. Here only the validated
 * version does, and the scan itself runs with `node cli.js` without a shell. Nothing is installed in the checkout.
 */
function installCli(version) {
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), 'next-boundary-action', version);
  const manifest = join(dir, 'node_modules', PACKAGE, 'package.json');
  if (!existsSync(manifest)) {
    mkdirSync(dir, { recursive: true });
    // Its own package.json, so npm installs here and never in a folder above.
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    const args = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error', `${PACKAGE}@${version}`];
    const windows = process.platform === 'win32';
    const installed = windows
      ? spawnSync(`npm ${args.join(' ')}`, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], shell: true })
      : spawnSync('npm', args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
    if (installed.error) fail(`cannot run npm to install ${PACKAGE}@${version}: ${installed.error.message}`);
    if (installed.status !== 0) fail(`npm could not install ${PACKAGE}@${version} (exit code ${installed.status})`);
  }
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  const entry = typeof bin === 'string' ? bin : bin?.[PACKAGE];
  if (!entry) fail(`${PACKAGE}@${version} has no ${PACKAGE} binary`);
  return join(dir, 'node_modules', PACKAGE, entry);
}

/** `a/b c` → `a/b%20c`: a repository path as the percent-encoded URI reference SARIF wants (as the CLI writes them). */
function uriPath(path) {
  return path.split(/[\\/]/).filter(Boolean).map(encodeURIComponent).join('/');
}

/**
 * The repository root the scanned folder belongs to: git's top level, else GITHUB_WORKSPACE; undefined when
 * neither contains it. Code scanning reads a relative SARIF path from the repository root.
 */
function repositoryRoot(dir) {
  const git = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  const candidates = [git.status === 0 ? git.stdout.trim() : '', process.env.GITHUB_WORKSPACE ?? ''];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const root = realpathSync(candidate);
      const inside = relative(root, dir);
      if (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside)) return root;
    } catch {
      // A workspace that does not exist here: try the next one.
    }
  }
  return undefined;
}

/**
 * The CLI writes paths relative to the scanned folder (%SRCROOT% = DIR). GitHub code scanning ignores
 * originalUriBaseIds and reads every relative path from the repository root, so when DIR is a subfolder
 * (apps/web) each %SRCROOT% path gets DIR's repository-relative prefix, and %SRCROOT% becomes the root.
 * Fingerprints are left as they are: they do not depend on the prefix.
 */
function rebaseOnRepository(log, prefix, root) {
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    if (node.uriBaseId === SRCROOT && typeof node.uri === 'string' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(node.uri) && !node.uri.startsWith('/')) {
      node.uri = `${prefix}/${node.uri}`;
    }
    Object.values(node).forEach(visit);
  };
  for (const run of log.runs ?? []) {
    visit(run.results ?? []);
    visit(run.artifacts ?? []);
    let rootUri = pathToFileURL(root).href;
    if (!rootUri.endsWith('/')) rootUri += '/';
    run.originalUriBaseIds = { ...run.originalUriBaseIds, [SRCROOT]: { uri: rootUri } };
  }
}

/**
 * findings: what `--fail-on any` counts (unsuppressed, and not recorded in the baseline when there is one);
 * baselined: findings the baseline records; fixed: baseline entries no longer found.
 */
function countResults(log) {
  const counts = { findings: 0, baselined: 0, fixed: 0 };
  for (const run of log.runs ?? []) {
    for (const result of run.results ?? []) {
      if (result.baselineState === 'absent') counts.fixed++;
      else if (result.baselineState === 'unchanged') counts.baselined++;
      else if ((result.suppressions ?? []).length === 0 && (result.kind ?? 'fail') === 'fail') counts.findings++;
    }
  }
  return counts;
}

/** The scanned folder relative to the repository root, with forward slashes ('' for the root itself). */
function folderInRepository(root, scanned, typed) {
  if (root !== undefined) return relative(root, scanned).split(sep).join('/');
  // Outside any repository: the folder as typed, for the category only.
  const folder = posix.normalize(typed.replace(/\\/g, '/')).replace(/^\/+|\/+$/g, '');
  return folder === '.' ? '' : folder;
}

/** Rebases and counts the SARIF the scan wrote; returns the step outputs that describe it. */
function describeReport(sarifPath, options) {
  const log = JSON.parse(readFileSync(sarifPath, 'utf8'));
  const scanned = realpathSync(resolve(options.path));
  const root = repositoryRoot(scanned);
  const folder = folderInRepository(root, scanned, options.path);
  if (root !== undefined && folder !== '') {
    rebaseOnRepository(log, uriPath(folder), root);
    writeFileSync(sarifPath, `${JSON.stringify(log, null, 2)}\n`);
  }
  const counts = countResults(log);
  console.log(
    `next-boundary action: ${counts.findings} finding${counts.findings === 1 ? '' : 's'}` +
      (options.baseline ? ` not in the baseline (${counts.baselined} recorded in it, ${counts.fixed} fixed)` : '') +
      `; SARIF written to ${sarifPath}`,
  );
  return {
    'sarif-file': sarifPath,
    // One code scanning category per folder: two runs of the action on two apps do not replace each other's alerts.
    category: folder === '' ? 'next-boundary' : `next-boundary/${folder}`,
    findings: String(counts.findings),
    'baselined-findings': String(counts.baselined),
    'fixed-findings': String(counts.fixed),
  };
}

function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) fail(`Next Boundary needs Node.js 20 or later on the runner, found ${process.versions.node} (add actions/setup-node)`);

  const options = {
    path: input('path') || '.',
    sarifFile: input('sarif-file') || 'next-boundary.sarif',
    failOn: input('fail-on'),
    baseline: input('baseline'),
    changedSince: input('changed-since'),
  };
  // Read by action.yml's upload step; checked here so that a typo (`upload-sarif: yes`) fails instead of skipping the upload.
  const upload = input('upload-sarif').toLowerCase();
  if (upload !== '' && upload !== 'true' && upload !== 'false') fail(`input upload-sarif must be true or false, got ${JSON.stringify(input('upload-sarif'))}`);

  let cli = (process.env.NEXT_BOUNDARY_CLI ?? '').trim();
  if (!cli) {
    const version = input('version');
    if (!VERSION_RE.test(version)) fail(`input version must be an exact npm version or a dist-tag of ${PACKAGE} (e.g. 0.1.0 or latest), got ${JSON.stringify(version)}`);
    cli = installCli(version);
  }

  const args = scanArgs(options);
  // JSON-quoted, so an input holding a newline cannot start a workflow command (::…::) in the log.
  console.log(`next-boundary ${args.map((arg) => JSON.stringify(arg)).join(' ')}`);
  const scan = spawnSync(process.execPath, [resolve(cli), ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (scan.error) fail(`cannot run ${cli}: ${scan.error.message}`);
  if (scan.status === null) fail(`the scan was stopped by ${scan.signal}`);

  let code = scan.status;
  let outputs = {};
  const sarifPath = resolve(options.sarifFile);
  if (code === 0 || code === 1) {
    try {
      outputs = describeReport(sarifPath, options);
    } catch (error) {
      // Never exit 1 (findings) for a report that cannot be read.
      console.error(`next-boundary action: cannot read the SARIF report ${sarifPath}: ${error instanceof Error ? error.message : String(error)}`);
      code = EXIT_USAGE;
      outputs = {};
    }
  }
  setOutput('exit-code', String(code));
  for (const [name, value] of Object.entries(outputs)) setOutput(name, value);
  process.exit(code);
}

try {
  main();
} catch (error) {
  // An unexpected error must not exit 1, which means "findings matched fail-on".
  fail(error instanceof Error ? error.message : String(error));
}
