import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArgs, type ParsedArgs } from '../../src/cli/args';

const ruleIds = ['missing-auth', 'missing-revalidation', 'webhook-without-verification', 'unused-action'];
const parse = (argv: string[]): ParsedArgs => parseArgs(argv, { ruleIds });

const scan = (overrides: object = {}): ParsedArgs => ({
  command: 'scan',
  dir: '.',
  format: undefined,
  failOn: [],
  output: undefined,
  color: true,
  timings: false,
  ...overrides,
});

void describe('parseArgs: valid argv', () => {
  const cases: [string[], ParsedArgs][] = [
    [['scan'], scan()],
    [['scan', '--timings', '--format', 'json'], scan({ timings: true, format: 'json' })],
    [['scan', 'apps/web'], scan({ dir: 'apps/web' })],
    [['scan', '--format', 'json'], scan({ format: 'json' })],
    [['scan', '--format=sarif'], scan({ format: 'sarif' })],
    [['scan', '-f', 'table'], scan({ format: 'table' })],
    [['scan', '-fjson'], scan({ format: 'json' })],
    [['scan', '-f=json'], scan({ format: 'json' })],
    [['scan', '--format', 'json', '--format', 'table'], scan({ format: 'table' })],
    [['--format', 'json', 'scan', 'app'], scan({ dir: 'app', format: 'json' })],
    [['scan', 'app', '--fail-on', 'missing-auth'], scan({ dir: 'app', failOn: ['missing-auth'] })],
    [['scan', '--fail-on=missing-auth,unused-action'], scan({ failOn: ['missing-auth', 'unused-action'] })],
    [['scan', '--fail-on', 'missing-auth', '--fail-on', 'unused-action,missing-auth'], scan({ failOn: ['missing-auth', 'unused-action'] })],
    [['scan', '--fail-on', ' missing-auth , unused-action '], scan({ failOn: ['missing-auth', 'unused-action'] })],
    [['scan', '--fail-on', 'any'], scan({ failOn: ['any'] })],
    [['scan', '--fail-on', 'missing-auth,any'], scan({ failOn: ['any'] })],
    [['scan', '--output', 'out/report.sarif'], scan({ output: 'out/report.sarif' })],
    [['scan', '-o', 'r.json'], scan({ output: 'r.json' })],
    [['scan', '--output=-weird.json'], scan({ output: '-weird.json' })],
    [['scan', '--no-color'], scan({ color: false })],
    [['scan', '--', '-dir-with-dash'], scan({ dir: '-dir-with-dash' })],
    [['--help'], { command: 'help' }],
    [['-h'], { command: 'help' }],
    [['help'], { command: 'help' }],
    [['help', 'scan'], { command: 'help' }],
    [['scan', '--help'], { command: 'help' }],
    [['scan', '--bogus', '-h'], { command: 'help' }],
    [['--version'], { command: 'version' }],
    [['scan', 'x', '--version'], { command: 'version' }],
    [['scan', '--baseline', 'next-boundary.baseline.json'], scan({ baseline: 'next-boundary.baseline.json' })],
    [['scan', '--baseline=b.json', '--fail-on', 'any'], scan({ baseline: 'b.json', failOn: ['any'] })],
    [['scan', 'apps/web', '--changed-since', 'origin/main'], scan({ dir: 'apps/web', changedSince: 'origin/main' })],
    [['scan', '--changed-since=HEAD~3'], scan({ changedSince: 'HEAD~3' })],
    [['baseline'], { command: 'baseline', dir: '.', output: undefined }],
    [['baseline', 'apps/web', '-o', 'ci/baseline.json'], { command: 'baseline', dir: 'apps/web', output: 'ci/baseline.json' }],
    [['baseline', '--help'], { command: 'help' }],
    [['help', 'baseline'], { command: 'help' }],
  ];
  for (const [argv, expected] of cases) {
    void test(JSON.stringify(argv), () => assert.deepEqual(parse(argv), expected));
  }
});

void describe('parseArgs: usage errors', () => {
  const cases: [string[], RegExp][] = [
    [[], /^missing command \(scan, baseline, help\)$/],
    [['sacn'], /^unknown command 'sacn' \(commands: scan, baseline, help\)$/],
    [['help', 'me'], /^no help topic 'me'/],
    [['scan', '--bogus'], /^unknown option '--bogus'$/],
    [['scan', '-x'], /^unknown option '-x'$/],
    [['scan', '--format'], /^option --format needs a value \(table, json or sarif\)$/],
    [['scan', '--format='], /^option --format needs a value/],
    [['scan', '--format', '--no-color'], /^option --format needs a value/],
    [['scan', '--format', 'xml'], /^unknown format 'xml' for --format \(valid: table, json, sarif\)$/],
    [['scan', '-f', 'JSON'], /^unknown format 'JSON' for -f/],
    [['scan', '--fail-on'], /^option --fail-on needs a value/],
    [['scan', '--fail-on', ''], /^option --fail-on needs a value/],
    [
      ['scan', '--fail-on', 'missing-auth,nope'],
      /^unknown rule 'nope' in --fail-on \(valid: missing-auth, missing-revalidation, webhook-without-verification, unused-action, any\)$/,
    ],
    [['scan', '--fail-on', 'missing-auth,'], /^empty rule id in --fail-on/],
    [['scan', '--output'], /^option --output needs a value \(a file path\)$/],
    [['scan', '--no-color=yes'], /^option --no-color takes no value$/],
    [['scan', 'a', 'b'], /^scan takes one directory, got 2: 'a' 'b'$/],
    [['baseline', 'a', 'b'], /^baseline takes one directory, got 2: 'a' 'b'$/],
    [['scan', '--baseline'], /^option --baseline needs a value \(a baseline file path\)$/],
    [['scan', '--baseline', '--fail-on', 'any'], /^option --baseline needs a value/],
    [['scan', '--changed-since'], /^option --changed-since needs a value \(a git ref, e\.g\. origin\/main\)$/],
    [['scan', '--changed-since='], /^option --changed-since needs a value/],
    [['baseline', '--format', 'json'], /^option --format does not apply to baseline \(it takes --output\)$/],
    [['baseline', '--fail-on', 'any'], /^option --fail-on does not apply to baseline/],
    [['scan', '--timings=1'], /^option --timings takes no value$/],
  ];
  for (const [argv, message] of cases) {
    void test(JSON.stringify(argv), () => {
      const parsed = parse(argv);
      assert.equal(parsed.command, 'error');
      assert.match(parsed.command === 'error' ? parsed.message : '', message);
    });
  }
});
