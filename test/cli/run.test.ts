import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ScanResult } from '../../src/analyzers/model';
import { allRules } from '../../src/analyzers/rules';
import { runCli, type CliIo, type Scanner } from '../../src/cli/run';
import { VERSION } from '../../src/cli/version';
import { endpoint, result, sampleResult, withFindings } from './builder';

const work = mkdtempSync(join(tmpdir(), 'next-boundary-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, 'a-file.txt'), 'not a directory');

const ANSI = /\u001b\[[0-9;]*m/;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  scannedRoots: string[];
}

async function cli(argv: string[], io: Partial<CliIo> = {}, scanResult: ScanResult = sampleResult()): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const scannedRoots: string[] = [];
  const scan: Scanner = (root) => {
    scannedRoots.push(root);
    return Promise.resolve(scanResult);
  };
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: work,
    scan,
    ...io,
  });
  return { code, stdout, stderr, scannedRoots };
}

function usageError(outcome: Outcome, message: RegExp): void {
  assert.equal(outcome.code, 2);
  assert.equal(outcome.stdout, '');
  const lines = outcome.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, outcome.stderr);
  assert.match(lines[0], /^next-boundary: /);
  assert.match(lines[0], message);
  assert.equal(lines[1], "Run 'next-boundary --help' for usage.");
  assert.deepEqual(outcome.scannedRoots, []);
}

void describe('runCli: output', () => {
  void test('scans DIR resolved against cwd, and . by default', async () => {
    assert.deepEqual((await cli(['scan'])).scannedRoots, [work]);
    const nested = mkdtempSync(join(work, 'nested-'));
    assert.deepEqual((await cli(['scan', nested.slice(work.length + 1)])).scannedRoots, [nested]);
  });

  void test('json when stdout is not a TTY', async () => {
    const outcome = await cli(['scan']);
    assert.equal(outcome.code, 0);
    const json = JSON.parse(outcome.stdout) as { schemaVersion: number; endpoints: unknown[] };
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.endpoints.length, 5);
    assert.equal(outcome.stderr, '');
  });

  void test('table with colour when stdout is a TTY', async () => {
    const outcome = await cli(['scan'], { stdoutIsTTY: true });
    assert.match(outcome.stdout, /^\S*KIND/);
    assert.match(outcome.stdout, ANSI);
  });

  void test('no colour with --no-color, NO_COLOR, TERM=dumb, or when not a TTY', async () => {
    for (const [argv, env, tty] of [
      [['scan', '--no-color'], {}, true],
      [['scan'], { NO_COLOR: '1' }, true],
      [['scan'], { TERM: 'dumb' }, true],
      [['scan', '--format', 'table'], {}, false],
    ] as const) {
      const outcome = await cli([...argv], { stdoutIsTTY: tty, env });
      assert.match(outcome.stdout, /^KIND/, JSON.stringify(argv));
      assert.doesNotMatch(outcome.stdout, ANSI, JSON.stringify([argv, env]));
    }
    // An empty NO_COLOR does not count (no-color.org).
    assert.match((await cli(['scan'], { stdoutIsTTY: true, env: { NO_COLOR: '' } })).stdout, ANSI);
  });

  void test('--timings prints where the time went to stderr, and adds a timings object to JSON only', async () => {
    const phases = { walk: 10, read: 20, program: 300, facts: 1200, callers: 40, classify: 5, rules: 1 };
    const timed = { ...sampleResult(), stats: { filesSeen: 4000, filesRead: 3998, filesParsed: 1221, programFiles: 405, durationMs: 1600, phases } };
    const json = await cli(['scan', '--timings', '--format', 'json'], {}, timed);
    assert.equal(json.stderr, 'timings: walk 10 ms · read 20 ms · program 300 ms · facts 1,200 ms · callers 40 ms · classify 5 ms · rules 1 ms · total 1,600 ms (4,000 files seen, 1,221 parsed)\n');
    assert.deepEqual((JSON.parse(json.stdout) as { timings: unknown }).timings, { ...phases, total: 1600 });
    // Without the flag: neither (timings change run to run; the report stays byte-stable).
    const plain = await cli(['scan', '--format', 'json'], {}, timed);
    assert.equal(plain.stderr, '');
    assert.ok(!('timings' in (JSON.parse(plain.stdout) as object)));
    // The table keeps stdout as it is; the timings go to stderr.
    const table = await cli(['scan', '--timings', '--format', 'table'], {}, timed);
    assert.match(table.stderr, /^timings: walk 10 ms/);
    assert.doesNotMatch(table.stdout, /timings/);
  });

  void test('--format wins over the TTY default', async () => {
    const outcome = await cli(['scan', '--format=sarif'], { stdoutIsTTY: true });
    assert.equal((JSON.parse(outcome.stdout) as { version: string }).version, '2.1.0');
    assert.equal((JSON.parse((await cli(['scan', '-f', 'json'], { stdoutIsTTY: true })).stdout) as { schemaVersion: number }).schemaVersion, 1);
  });

  void test('--output writes the file instead of stdout; format from the extension unless given', async () => {
    const outcome = await cli(['scan', '--output', 'reports/out.sarif'], { stdoutIsTTY: true });
    assert.equal(outcome.code, 0);
    assert.equal(outcome.stdout, '');
    const sarif = JSON.parse(readFileSync(join(work, 'reports/out.sarif'), 'utf8')) as { version: string };
    assert.equal(sarif.version, '2.1.0');

    await cli(['scan', '-o', join(work, 'out.json')], { stdoutIsTTY: true });
    assert.equal((JSON.parse(readFileSync(join(work, 'out.json'), 'utf8')) as { schemaVersion: number }).schemaVersion, 1);

    await cli(['scan', '-o', 'out.txt'], { stdoutIsTTY: true });
    const table = readFileSync(join(work, 'out.txt'), 'utf8');
    assert.match(table, /^KIND/);
    assert.doesNotMatch(table, ANSI, 'no colour in files');

    await cli(['scan', '--format', 'table', '-o', 'forced.sarif']);
    assert.match(readFileSync(join(work, 'forced.sarif'), 'utf8'), /^KIND/);
  });

  void test('--output into an unwritable place: one message, exit 2', async () => {
    const outcome = await cli(['scan', '--output', 'a-file.txt/report.json']);
    assert.equal(outcome.code, 2);
    assert.match(outcome.stderr, /^next-boundary: cannot write a-file\.txt\/report\.json: /);
    assert.doesNotMatch(outcome.stderr, /\n\s+at /);
  });

  void test('help and version', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.equal(help.stderr, '');
    for (const text of ['scan [DIR]', '--format', '-f,', 'table, json or sarif', '--fail-on', '"any"', '--output', '-o,', '--no-color', 'NO_COLOR', '--help', '-h,', '--version', 'NEXT_BOUNDARY_DEBUG']) {
      assert.ok(help.stdout.includes(text), `help mentions ${text}`);
    }
    for (const rule of allRules) assert.ok(help.stdout.includes(`  ${rule.id} (${rule.defaultSeverity})`), `help lists ${rule.id}`);
    assert.match(help.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*--fail-on.*\n {2}2 .*Usage error/);
    assert.equal((await cli(['help'])).stdout, help.stdout);
    assert.equal((await cli(['scan', '-h'])).stdout, help.stdout);
    assert.ok(help.stdout.split('\n').every((line) => line.length <= 100), 'help fits a terminal');

    assert.deepEqual(await cli(['--version']), { code: 0, stdout: `${VERSION}\n`, stderr: '', scannedRoots: [] });
  });
});

void describe('runCli: exit codes', () => {
  void test('0 with findings but without --fail-on', async () => {
    const outcome = await cli(['scan']);
    assert.equal(outcome.code, 0);
    assert.equal(outcome.stderr, '');
  });

  void test('1 when a --fail-on rule fired, with a summary on stderr; the report is still written', async () => {
    const outcome = await cli(['scan', '--fail-on', 'missing-auth']);
    assert.equal(outcome.code, 1);
    assert.equal(outcome.stderr, 'next-boundary: 2 findings matched --fail-on missing-auth (2 missing-auth)\n');
    assert.ok(outcome.stdout.startsWith('{'));
  });

  void test('0 when the --fail-on rules did not fire', async () => {
    assert.equal((await cli(['scan', '--fail-on', 'webhook-without-verification'])).code, 0);
  });

  void test('--fail-on any: 1 on any finding, 0 on none', async () => {
    assert.equal((await cli(['scan', '--fail-on', 'any'])).code, 1);
    const clean = result({ endpoints: [endpoint({ file: 'a.ts', name: 'a' })] });
    assert.equal((await cli(['scan', '--fail-on', 'any'], {}, clean)).code, 0);
  });

  void test('suppressed findings never fail', async () => {
    const base = endpoint({ file: 'a.ts', name: 'a' });
    const onlySuppressed = result({ endpoints: [withFindings(base, [], { 'missing-auth': 'public form' })] });
    assert.equal((await cli(['scan', '--fail-on', 'missing-auth'], {}, onlySuppressed)).code, 0);
    assert.equal((await cli(['scan', '--fail-on', 'any'], {}, onlySuppressed)).code, 0);
  });

  void test('2 on an unknown rule, listing the valid ids; nothing scanned', async () => {
    const outcome = await cli(['scan', '--fail-on', 'missing-auht']);
    usageError(outcome, /unknown rule 'missing-auht' in --fail-on \(valid: (.+)\)$/);
    const valid = /\(valid: (.+)\)$/m.exec(outcome.stderr)?.[1].split(', ');
    assert.deepEqual(valid, [...allRules.map((rule) => rule.id), 'any']);
  });

  void test('2 on usage errors', async () => {
    usageError(await cli([]), /missing command/);
    usageError(await cli(['lint']), /unknown command 'lint'/);
    usageError(await cli(['scan', '--verbose']), /unknown option '--verbose'/);
    usageError(await cli(['scan', '--format', 'xml']), /unknown format 'xml'/);
    usageError(await cli(['scan', 'no-such-dir']), /^next-boundary: directory not found: no-such-dir$/);
    usageError(await cli(['scan', 'a-file.txt']), /^next-boundary: not a directory: a-file\.txt$/);
  });

  void test('2 when the scan fails: one message, no stack trace unless NEXT_BOUNDARY_DEBUG=1', async () => {
    const failing: Scanner = () => Promise.reject(new Error('boom'));
    const quiet = await cli(['scan'], { scan: failing });
    assert.equal(quiet.code, 2);
    assert.equal(quiet.stdout, '');
    assert.equal(quiet.stderr, 'next-boundary: scan failed: boom\nSet NEXT_BOUNDARY_DEBUG=1 for details.\n');

    const loud = await cli(['scan'], { scan: failing, env: { NEXT_BOUNDARY_DEBUG: '1' } });
    assert.equal(loud.code, 2);
    assert.match(loud.stderr, /^next-boundary: scan failed: boom\n/);
    assert.match(loud.stderr, /Caused by: Error: boom\n\s+at /);
  });

  void test('2 when a scanner throws synchronously or rejects with a non-Error', async () => {
    const throwing: Scanner = () => {
      throw new TypeError('sync');
    };
    assert.equal((await cli(['scan'], { scan: throwing })).stderr.split('\n')[0], 'next-boundary: scan failed: sync');
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const odd: Scanner = () => Promise.reject('just a string');
    const outcome = await cli(['scan'], { scan: odd });
    assert.equal(outcome.code, 2);
    assert.equal(outcome.stderr.split('\n')[0], 'next-boundary: scan failed: just a string');
  });
});

void describe('runCli: progress', () => {
  function clock() {
    let time = 0;
    let pending: (() => void) | undefined;
    return {
      now: () => time,
      setTimer: (callback: () => void) => {
        pending = callback;
        return { cancel: () => (pending = undefined) };
      },
      advance(ms: number) {
        time += ms;
        if (time >= 1000 && pending) {
          const callback = pending;
          pending = undefined;
          callback();
        }
      },
    };
  }

  function slowScan(time: ReturnType<typeof clock>): Scanner {
    return (_root, options) => {
      options.onProgress?.(1, 10, 'reading');
      time.advance(1500); // the timer draws 'reading'
      time.advance(200);
      options.onProgress?.(5, 10, 'parsing');
      return Promise.resolve(sampleResult());
    };
  }

  void test('long scan on a TTY stderr: progress drawn, then erased before anything else', async () => {
    const time = clock();
    const outcome = await cli(['scan', '--fail-on', 'missing-auth'], {
      stderrIsTTY: true,
      scan: slowScan(time),
      progress: { now: time.now, setTimer: time.setTimer },
    });
    assert.equal(outcome.code, 1);
    assert.ok(outcome.stderr.startsWith('\r\u001b[2KScanning: reading · 1/10 files'), JSON.stringify(outcome.stderr));
    assert.ok(outcome.stderr.includes('Scanning: parsing · 5/10 files'));
    assert.ok(outcome.stderr.includes('\r\u001b[2Knext-boundary: 2 findings'), 'cleared before the next message');
  });

  void test('nothing on a non-TTY stderr', async () => {
    const time = clock();
    const outcome = await cli(['scan'], { stderrIsTTY: false, scan: slowScan(time), progress: { now: time.now, setTimer: time.setTimer } });
    assert.equal(outcome.stderr, '');
  });

  void test('cleared when the scan fails too', async () => {
    const time = clock();
    const outcome = await cli(['scan'], {
      stderrIsTTY: true,
      scan: (_root, options) => {
        options.onProgress?.(1, 2, 'reading');
        time.advance(2000);
        return Promise.reject(new Error('boom'));
      },
      progress: { now: time.now, setTimer: time.setTimer },
    });
    assert.equal(outcome.code, 2);
    assert.ok(outcome.stderr.includes('\r\u001b[2Knext-boundary: scan failed: boom'), JSON.stringify(outcome.stderr));
  });
});
