/**
 * The command-line parser. Pure: argv in, a typed result or a usage error out. It knows nothing about
 * the terminal, the file system or the analyzer; run.ts decides defaults that depend on those.
 * Tokens come from Node's `util.parseArgs`; this file only checks them against the contract and words the errors.
 *
 * Contract (versioned, other tools depend on it):
 *   next-boundary scan [DIR] [--format table|json|sarif] [--fail-on <rule>[,<rule>]] [--output FILE] [--no-color] [--timings]
 *                            [--baseline FILE] [--changed-since REF]
 *   next-boundary baseline [DIR] [--output FILE]
 *   next-boundary help | --help | -h | --version
 */
import { parseArgs as parseTokens } from 'node:util';

export const FORMATS = ['table', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** `--fail-on any` fails on every finding, whatever its rule. */
export const FAIL_ON_ANY = 'any';

export interface ScanArgs {
  command: 'scan';
  /** As typed; '.' when omitted. */
  dir: string;
  /** Undefined when not given: run.ts picks it from the output target. */
  format: Format | undefined;
  /** Rule ids that make the exit code 1, or ['any']. Empty: never fail on findings. */
  failOn: string[];
  /** Write the report to this file instead of stdout. */
  output: string | undefined;
  /** False when --no-color was given. */
  color: boolean;
  /** --timings: where the scan's time went, by phase (stderr; a `timings` object in JSON). */
  timings: boolean;
  /** --baseline FILE: findings the file records are not new (and do not count for --fail-on). */
  baseline?: string;
  /** --changed-since REF: report only endpoints whose code, or code they import, changed since REF (git). */
  changedSince?: string;
}

export interface BaselineArgs {
  command: 'baseline';
  dir: string;
  /** Where to write the baseline; undefined: next-boundary.baseline.json in DIR. */
  output: string | undefined;
}

export type ParsedArgs =
  | ScanArgs
  | BaselineArgs
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'error'; message: string };

export interface ParseOptions {
  /** The rule ids --fail-on accepts (besides `any`). */
  ruleIds: readonly string[];
}

const COMMANDS = ['scan', 'baseline', 'help'] as const;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
  output: { type: 'string', short: 'o' },
  baseline: { type: 'string' },
  'changed-since': { type: 'string' },
  'no-color': { type: 'boolean' },
  timings: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** What each value option expects, for "needs a value" errors. */
const EXPECTED: Partial<Record<OptionName, string>> = {
  format: listOr(FORMATS),
  'fail-on': 'a rule id, a comma-separated list or any',
  output: 'a file path',
  baseline: 'a baseline file path',
  'changed-since': 'a git ref, e.g. origin/main',
};

/** The options each command takes (help and version are taken everywhere). */
const COMMAND_OPTIONS: Record<'scan' | 'baseline', readonly OptionName[]> = {
  scan: ['format', 'fail-on', 'output', 'baseline', 'changed-since', 'no-color', 'timings'],
  baseline: ['output'],
};

function usageError(message: string): ParsedArgs {
  return { command: 'error', message };
}

function quote(value: string): string {
  return `'${value}'`;
}

function listOr(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

export function parseArgs(argv: readonly string[], options: ParseOptions): ParsedArgs {
  // Not strict: unknown options and missing values come back as tokens, so the errors below keep their wording.
  const { tokens } = parseTokens({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });

  // --help and --version win over everything else (before `--`), so `scan --bogus --help` shows help.
  if (tokens.some((token) => token.kind === 'option' && token.name === 'help')) return { command: 'help' };
  if (tokens.some((token) => token.kind === 'option' && token.name === 'version' && token.rawName === '--version')) return { command: 'version' };

  const positionals: string[] = [];
  const values = new Map<OptionName, string>();
  const given: { name: OptionName; rawName: string }[] = [];
  let color = true;
  let timings = false;
  const failOn: string[] = [];

  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;

    const { name, rawName } = token;
    // `-fjson` arrives with an inline value; `-f=json` with '=json'.
    const raw = token.rawName.startsWith('--') ? token.value : token.value?.replace(/^=/, '');
    if (!isOptionName(name) || name === 'version') return usageError(`unknown option ${quote(argv[token.index])}`);
    given.push({ name, rawName });

    if (OPTIONS[name].type === 'boolean') {
      if (token.value !== undefined) return usageError(`option ${rawName} takes no value`);
      if (name === 'no-color') color = false;
      if (name === 'timings') timings = true;
      continue;
    }

    // A value taken from the next argument must not look like an option: `--format --no-color` lacks one.
    const value = raw === undefined || raw === '' || (!token.inlineValue && raw.startsWith('-')) ? undefined : raw;
    if (value === undefined) return usageError(`option ${rawName} needs a value (${EXPECTED[name]})`);

    if (name === 'format') {
      if (!(FORMATS as readonly string[]).includes(value)) {
        return usageError(`unknown format ${quote(value)} for ${rawName} (valid: ${FORMATS.join(', ')})`);
      }
    } else if (name === 'fail-on') {
      const valid = [...options.ruleIds, FAIL_ON_ANY];
      for (const part of value.split(',')) {
        const id = part.trim();
        if (id === '') return usageError(`empty rule id in --fail-on ${quote(value)} (valid: ${valid.join(', ')})`);
        if (!valid.includes(id)) return usageError(`unknown rule ${quote(id)} in --fail-on (valid: ${valid.join(', ')})`);
        if (!failOn.includes(id)) failOn.push(id);
      }
    }
    values.set(name, value);
  }

  if (positionals.length === 0) return usageError(`missing command (${COMMANDS.join(', ')})`);
  const [command, ...rest] = positionals;

  if (command === 'help') {
    if (rest.length > 0 && !(rest.length === 1 && (COMMANDS as readonly string[]).includes(rest[0]))) {
      return usageError(`no help topic ${quote(rest[0])} (commands: ${COMMANDS.join(', ')})`);
    }
    return { command: 'help' };
  }
  if (command !== 'scan' && command !== 'baseline') {
    return usageError(`unknown command ${quote(command)} (commands: ${COMMANDS.join(', ')})`);
  }
  if (rest.length > 1) return usageError(`${command} takes one directory, got ${rest.length}: ${rest.map(quote).join(' ')}`);
  const misplaced = given.find((option) => !COMMAND_OPTIONS[command].includes(option.name));
  if (misplaced) {
    const takes = COMMAND_OPTIONS[command].map((name) => `--${name}`).join(', ');
    return usageError(`option ${misplaced.rawName} does not apply to ${command} (it takes ${takes})`);
  }

  const dir = rest[0] ?? '.';
  if (command === 'baseline') return { command, dir, output: values.get('output') };
  const changedSince = values.get('changed-since');
  const baseline = values.get('baseline');
  return {
    command: 'scan',
    dir,
    format: values.get('format') as Format | undefined,
    failOn: failOn.includes(FAIL_ON_ANY) ? [FAIL_ON_ANY] : failOn,
    output: values.get('output'),
    color,
    timings,
    ...(baseline !== undefined && { baseline }),
    ...(changedSince !== undefined && { changedSince }),
  };
}
