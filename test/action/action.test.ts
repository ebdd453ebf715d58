/**
 * The GitHub Action, run locally: action/scan.mjs (the composite action's scan step) drives the built CLI
 * (NEXT_BOUNDARY_CLI, so nothing is fetched from npm) on copies of examples/sample-app, with the inputs as
 * INPUT_* variables and a GITHUB_OUTPUT file, as the runner gives them. And action.yml, checked as text (the
 * project has no YAML dependency): the inputs it declares are the ones the script reads, and reach it only
 * through env.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type * as Sarif from 'sarif';

const repo = join(__dirname, '..', '..');
const script = join(repo, 'action', 'scan.mjs');
const actionYml = readFileSync(join(repo, 'action.yml'), 'utf8');
const sampleApp = join(repo, 'examples', 'sample-app');
const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
const work = realpathSync(mkdtempSync(join(tmpdir(), 'next-boundary-action-')));
/** A private copy of dist/cli.js (see before()). */
const cli = join(work, 'cli', 'cli.js');

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the script wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
}

/** Parses a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], index + 1);
      assert.ok(end > index, `unterminated output ${heredoc[1]}`);
      outputs[heredoc[1]] = lines.slice(index + 1, end).join('\n');
      index = end;
      continue;
    }
    const equals = line.indexOf('=');
    assert.ok(equals > 0, `malformed output line ${JSON.stringify(line)}`);
    assert.ok(!(line.slice(0, equals) in outputs), `output ${line.slice(0, equals)} written twice`);
    outputs[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return outputs;
}

let runs = 0;
/** Runs the action's script in `cwd` (the workspace) with these inputs (by their action.yml names). */
function runAction(cwd: string, inputs: Record<string, string> = {}): ActionRun {
  const outputFile = join(work, `outputs-${++runs}.txt`);
  writeFileSync(outputFile, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NEXT_BOUNDARY_CLI: cli, GITHUB_OUTPUT: outputFile };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  const child = spawnSync(process.execPath, [script], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')) };
}

/** The sample app, copied to a new folder (examples/ is never written to). */
function copyOfSampleApp(into = mkdtempSync(join(work, 'app-'))): string {
  cpSync(sampleApp, into, { recursive: true });
  return into;
}

function readSarif(path: string): Sarif.Log {
  return JSON.parse(readFileSync(path, 'utf8')) as Sarif.Log;
}

function results(log: Sarif.Log): Sarif.Result[] {
  assert.equal(log.runs.length, 1);
  return log.runs[0].results ?? [];
}

const unsuppressed = (log: Sarif.Log) => results(log).filter((result) => (result.suppressions ?? []).length === 0 && result.baselineState !== 'absent');
const uris = (log: Sarif.Log) => results(log).map((result) => result.locations?.[0].physicalLocation?.artifactLocation?.uri ?? '');
const fingerprints = (log: Sarif.Log) => results(log).map((result) => JSON.stringify(result.partialFingerprints)).sort();

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'ignore' });
}

/** The lines of a top-level block of action.yml (`inputs:`, `outputs:`, `runs:`), up to the next one. */
function block(name: string): string[] {
  const lines = actionYml.split('\n');
  const start = lines.indexOf(`${name}:`);
  assert.ok(start >= 0, `action.yml has a top-level ${name}: block`);
  const end = lines.findIndex((line, index) => index > start && /^[A-Za-z]/.test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The keys of a top-level block's mapping (two-space indented). */
function keysOf(name: string): string[] {
  return block(name).flatMap((line) => /^ {2}([A-Za-z][\w-]*):\s*$/.exec(line)?.[1] ?? []);
}

const envName = (input: string) => `INPUT_${input.toUpperCase().replace(/-/g, '_')}`;

// Other test files rebuild dist/ while this one runs (test/cli/dist.test.ts), and esbuild rewrites cli.js in place:
// a read at the wrong moment sees half a file. So the tests run a copy, taken when it answers --version.
before(async () => {
  const built = join(repo, 'dist', 'cli.js');
  assert.ok(existsSync(built), `${built} is missing: run \`npm run build\` before the tests`);
  mkdirSync(join(work, 'cli'));
  for (let attempt = 1; ; attempt++) {
    copyFileSync(built, cli);
    const answer = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    if (answer.status === 0 && answer.stdout === `${version}\n`) break;
    assert.ok(attempt < 20, `dist/cli.js does not answer --version with ${version}: ${answer.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

void describe('action/scan.mjs on the sample app', () => {
  let plain: { app: string; log: Sarif.Log; findings: number } | undefined;

  void test('no inputs: scans the workspace, writes the SARIF, exits 0 and sets every output action.yml declares', () => {
    const app = copyOfSampleApp();
    const run = runAction(app);
    assert.equal(run.status, 0, run.stderr);
    const sarifFile = join(app, 'next-boundary.sarif');
    assert.ok(existsSync(sarifFile), 'SARIF written to the default sarif-file');
    const log = readSarif(sarifFile);
    assert.equal(log.version, '2.1.0');
    assert.ok(unsuppressed(log).length > 0, 'the sample app has findings');

    assert.equal(run.outputs['exit-code'], '0');
    assert.equal(run.outputs['sarif-file'], sarifFile);
    assert.equal(run.outputs.findings, String(unsuppressed(log).length));
    assert.equal(run.outputs['baselined-findings'], '0');
    assert.equal(run.outputs['fixed-findings'], '0');
    assert.equal(run.outputs.category, 'next-boundary');
    assert.deepEqual(Object.keys(run.outputs).sort(), keysOf('outputs').sort(), 'the outputs set are the outputs declared');
    // Not in a repository: the report is the CLI's, paths relative to the scanned folder.
    assert.equal(log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri, `${pathToFileURL(app).href}/`);
    assert.ok(uris(log).every((uri) => uri !== '' && !uri.includes(':') && !uri.startsWith('/')), uris(log).join(', '));
    plain = { app, log, findings: unsuppressed(log).length };
  });

  void test('fail-on any: exit code 1 recorded, the SARIF still written, the count matches the CLI', () => {
    const app = copyOfSampleApp();
    const run = runAction(app, { 'fail-on': 'any', 'sarif-file': 'reports/next-boundary.sarif' });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.outputs['exit-code'], '1');
    const sarifFile = join(app, 'reports', 'next-boundary.sarif');
    assert.equal(run.outputs['sarif-file'], sarifFile);
    assert.ok(unsuppressed(readSarif(sarifFile)).length > 0);
    const matched = /next-boundary: (\d+) findings matched --fail-on any/.exec(run.stderr);
    assert.ok(matched, run.stderr);
    assert.equal(run.outputs.findings, matched[1]);
  });

  void test('a baseline from `next-boundary baseline`: fail-on any passes, the findings are counted as baselined', () => {
    const app = copyOfSampleApp();
    execFileSync(process.execPath, [cli, 'baseline'], { cwd: app, stdio: 'ignore' });
    assert.ok(existsSync(join(app, 'next-boundary.baseline.json')));
    const run = runAction(app, { baseline: 'next-boundary.baseline.json', 'fail-on': 'any' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.outputs['exit-code'], '0');
    assert.equal(run.outputs.findings, '0');
    assert.equal(run.outputs['fixed-findings'], '0');
    const log = readSarif(run.outputs['sarif-file']);
    assert.ok(results(log).length > 0);
    assert.ok(results(log).every((result) => result.baselineState === 'unchanged'));
    assert.equal(run.outputs['baselined-findings'], String(results(log).length));
  });

  void test('bad inputs: exit code 2 before any report, never help or a pass', () => {
    const app = copyOfSampleApp();
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'fail-on': 'no-such-rule' }, /unknown rule 'no-such-rule' in --fail-on/],
      // Passed as --fail-on=--help: a value, not the help option (which exits 0).
      [{ 'fail-on': '--help' }, /unknown rule '--help' in --fail-on/],
      // After `--`: a folder, not the --version option.
      [{ path: '--version' }, /directory not found: --version/],
      [{ baseline: 'missing.baseline.json' }, /baseline file not found: missing\.baseline\.json/],
      [{ 'changed-since': 'origin/main' }, /--changed-since needs a git checkout/],
      [{ 'upload-sarif': 'yes' }, /input upload-sarif must be true or false, got "yes"/],
    ];
    for (const [inputs, message] of cases) {
      const run = runAction(app, inputs);
      assert.equal(run.status, 2, `${JSON.stringify(inputs)}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.deepEqual(run.outputs, { 'exit-code': '2' }, JSON.stringify(inputs));
      assert.ok(!existsSync(join(app, 'next-boundary.sarif')), `${JSON.stringify(inputs)} wrote no report`);
    }
  });

  void test('without NEXT_BOUNDARY_CLI a version that is not an exact version or dist-tag is refused before npm runs', () => {
    const app = copyOfSampleApp();
    for (const bad of ['', '^0.1.0', '0.1.0 && echo hi', 'latest; rm -rf /']) {
      const outputFile = join(work, `outputs-version-${++runs}.txt`);
      const child = spawnSync(process.execPath, [script], {
        cwd: app,
        env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: outputFile, INPUT_VERSION: bad },
        encoding: 'utf8',
      });
      assert.equal(child.status, 2, bad);
      assert.match(child.stderr, /input version must be an exact npm version or a dist-tag/);
      assert.deepEqual(parseOutputs(readFileSync(outputFile, 'utf8')), { 'exit-code': '2' });
    }
  });

  void test('an app in a subfolder of a repository: paths and category from the repository root, same fingerprints', () => {
    assert.ok(plain, 'runs after the no-inputs test');
    const top = mkdtempSync(join(work, 'repo-'));
    copyOfSampleApp(join(top, 'apps', 'web'));
    git(top, 'init', '-q');
    const run = runAction(top, { path: 'apps/web', 'sarif-file': join(work, 'web.sarif') });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.outputs.category, 'next-boundary/apps/web');
    const log = readSarif(join(work, 'web.sarif'));
    assert.deepEqual(uris(log), uris(plain.log).map((uri) => `apps/web/${uri}`));
    assert.equal(log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri, `${pathToFileURL(top).href}/`);
    assert.deepEqual(fingerprints(log), fingerprints(plain.log), 'alerts keep their identity');
    assert.equal(run.outputs.findings, String(plain.findings));
  });

  void test('changed-since on a checkout: only what the branch touched counts for fail-on', () => {
    const top = mkdtempSync(join(work, 'repo-'));
    copyOfSampleApp(join(top, 'apps', 'web'));
    git(top, 'init', '-q');
    git(top, 'add', '-A');
    git(top, 'commit', '-qm', 'base');
    const inputs = { path: 'apps/web', 'changed-since': 'HEAD', 'fail-on': 'any', 'sarif-file': join(work, 'pr.sarif') };

    const untouched = runAction(top, inputs);
    assert.equal(untouched.status, 0, untouched.stderr);
    assert.equal(untouched.outputs.findings, '0');
    assert.deepEqual(results(readSarif(join(work, 'pr.sarif'))), []);

    // The webhook route has findings (missing-auth, webhook-without-verification): touching it brings them back.
    appendFileSync(join(top, 'apps/web/app/api/webhooks/github/route.ts'), '// touched\n');
    const touched = runAction(top, inputs);
    assert.equal(touched.status, 1, touched.stderr);
    const log = readSarif(join(work, 'pr.sarif'));
    assert.ok(results(log).length > 0);
    assert.ok(uris(log).every((uri) => uri === 'apps/web/app/api/webhooks/github/route.ts'), uris(log).join(', '));
    assert.equal(touched.outputs.findings, String(unsuppressed(log).length));

    const unknown = runAction(top, { ...inputs, 'changed-since': 'no-such-ref' });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown git ref 'no-such-ref'/);
  });
});

void describe('action.yml', () => {
  const inputs = keysOf('inputs');
  const steps = block('runs').join('\n');
  const scriptText = readFileSync(script, 'utf8');

  void test('declares the inputs the script reads, each passed to it through env, and no other', () => {
    const read = [...scriptText.matchAll(/\binput\('([a-z-]+)'\)/g)].map((match) => match[1]);
    assert.deepEqual([...new Set(read)].sort(), [...inputs].sort(), 'inputs read by action/scan.mjs = inputs declared in action.yml');
    assert.deepEqual([...inputs].sort(), ['baseline', 'changed-since', 'fail-on', 'path', 'sarif-file', 'upload-sarif', 'version']);
    for (const input of inputs) {
      assert.match(steps, new RegExp(`^ +${envName(input)}: \\$\\{\\{ inputs\\.${input} \\}\\}$`, 'm'), `${input} is passed as ${envName(input)}`);
    }
  });

  void test('inputs never reach a shell line, and no expression sits where GitHub would evaluate it at load time', () => {
    const runLines = block('runs').filter((line) => /^\s+run:/.test(line));
    assert.ok(runLines.length > 0);
    for (const line of runLines) assert.doesNotMatch(line, /\$\{\{/, `expression in a run line: ${line.trim()}`);
    assert.doesNotMatch(steps, /^\s+run:\s*[|>]/m, 'run lines are single lines, checked above');
    // GitHub evaluates ${{ }} in descriptions too, where no context exists: the action would fail to load.
    assert.doesNotMatch(block('inputs').join('\n'), /\$\{\{/);
    for (const line of actionYml.split('\n').filter((item) => /^\s*description:/.test(item))) assert.doesNotMatch(line, /\$\{\{/);
  });

  void test('plain YAML scalars that would not parse: a colon-space or a space-hash inside a plain description or default', () => {
    for (const line of actionYml.split('\n')) {
      const match = /^\s*(?:name|description|default|author):\s*(.*)$/.exec(line);
      if (!match || /^([>|]|'.*'$|".*"$)/.test(match[1])) continue;
      assert.doesNotMatch(match[1], /: | #|^[!&*{}[\]@`%,?-]/, `quote this YAML value or make it a block: ${line.trim()}`);
    }
  });

  void test('the default version is the package version; the upload is pinned to a major tag, has a category, and follows failed scans', () => {
    assert.match(actionYml, new RegExp(`^ {2}version:\\n(?: {4}.*\\n)*? {4}default: '${version.replace(/\./g, '\\.')}'$`, 'm'), `version defaults to '${version}'`);
    assert.match(steps, /^\s+using: composite$/m);
    assert.match(steps, /uses: github\/codeql-action\/upload-sarif@v\d+$/m);
    assert.match(steps, /^\s+category: \$\{\{ steps\.scan\.outputs\.category \}\}$/m);
    assert.match(steps, /^\s+sarif_file: \$\{\{ steps\.scan\.outputs\.sarif-file \}\}$/m);
    assert.match(steps, /if: \$\{\{ !cancelled\(\) && inputs\.upload-sarif == 'true' && steps\.scan\.outputs\.sarif-file != '' \}\}/);
    assert.match(steps, /run: node "\$GITHUB_ACTION_PATH\/action\/scan\.mjs"$/m);
    for (const output of keysOf('outputs')) {
      assert.match(block('outputs').join('\n'), new RegExp(`value: \\$\\{\\{ steps\\.scan\\.outputs\\.${output} \\}\\}`), `output ${output} comes from the scan step`);
    }
  });
});
