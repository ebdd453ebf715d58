/**
 * The command-line parser. Pure: argv in, a typed result or a usage error out. It knows nothing about
 * the terminal, the file system or the analyzer; run.ts decides defaults that depend on those.
 *
 * Contract (versioned, other tools depend on it):
 *   next-boundary scan [DIR] [--format table|json|sarif] [--fail-on <rule>[,<rule>]] [--output FILE] [--no-color] [--timings]
 *   next-boundary help | --help | -h | --version
 */

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
}

export type ParsedArgs =
  | ScanArgs
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'error'; message: string };

export interface ParseOptions {
  /** The rule ids --fail-on accepts (besides `any`). */
  ruleIds: readonly string[];
}

const COMMANDS = ['scan', 'help'] as const;

/** Options that take a value: long name → canonical name. */
const VALUE_OPTIONS: Record<string, 'format' | 'fail-on' | 'output'> = {
  '--format': 'format',
  '-f': 'format',
  '--fail-on': 'fail-on',
  '--output': 'output',
  '-o': 'output',
};

const FLAG_OPTIONS = new Set(['--no-color', '--timings', '--help', '-h', '--version']);

function usageError(message: string): ParsedArgs {
  return { command: 'error', message };
}

function quote(value: string): string {
  return `'${value}'`;
}

function listOr(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export function parseArgs(argv: readonly string[], options: ParseOptions): ParsedArgs {
  // --help and --version win over everything else (before `--`), so `scan --bogus --help` shows help.
  const endOfOptions = argv.indexOf('--');
  const optionPart = endOfOptions === -1 ? argv : argv.slice(0, endOfOptions);
  if (optionPart.includes('--help') || optionPart.includes('-h')) return { command: 'help' };
  if (optionPart.includes('--version')) return { command: 'version' };

  const positionals: string[] = [];
  let format: Format | undefined;
  let output: string | undefined;
  let color = true;
  let timings = false;
  const failOn: string[] = [];

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];

    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }

    // Split `--name=value`, and the attached short form `-fjson`.
    let name = arg;
    let inlineValue: string | undefined;
    const equals = arg.indexOf('=');
    if (arg.startsWith('--') && equals !== -1) {
      name = arg.slice(0, equals);
      inlineValue = arg.slice(equals + 1);
    } else if (!arg.startsWith('--') && arg.length > 2) {
      name = arg.slice(0, 2);
      inlineValue = arg.slice(2).replace(/^=/, '');
    }

    if (FLAG_OPTIONS.has(name)) {
      if (inlineValue !== undefined) return usageError(`option ${name} takes no value`);
      if (name === '--no-color') color = false;
      if (name === '--timings') timings = true;
      continue;
    }

    const option = VALUE_OPTIONS[name];
    if (option === undefined) return usageError(`unknown option ${quote(arg)}`);

    let value = inlineValue;
    if (value === undefined) {
      const next = argv[index + 1];
      if (next !== undefined && !next.startsWith('-')) {
        value = next;
        index++;
      }
    }
    if (value === undefined || value === '') {
      const expected =
        option === 'format' ? listOr(FORMATS) : option === 'fail-on' ? 'a rule id, a comma-separated list or any' : 'a file path';
      return usageError(`option ${name} needs a value (${expected})`);
    }

    if (option === 'format') {
      if (!(FORMATS as readonly string[]).includes(value)) {
        return usageError(`unknown format ${quote(value)} for ${name} (valid: ${FORMATS.join(', ')})`);
      }
      format = value as Format;
    } else if (option === 'output') {
      output = value;
    } else {
      const valid = [...options.ruleIds, FAIL_ON_ANY];
      for (const part of value.split(',')) {
        const id = part.trim();
        if (id === '') return usageError(`empty rule id in --fail-on ${quote(value)} (valid: ${valid.join(', ')})`);
        if (!valid.includes(id)) return usageError(`unknown rule ${quote(id)} in --fail-on (valid: ${valid.join(', ')})`);
        if (!failOn.includes(id)) failOn.push(id);
      }
    }
  }

  if (positionals.length === 0) return usageError(`missing command (${COMMANDS.join(', ')})`);
  const [command, ...rest] = positionals;

  if (command === 'help') {
    if (rest.length > 0 && !(rest.length === 1 && rest[0] === 'scan')) {
      return usageError(`no help topic ${quote(rest[0])} (commands: ${COMMANDS.join(', ')})`);
    }
    return { command: 'help' };
  }
  if (command !== 'scan') return usageError(`unknown command ${quote(command)} (commands: ${COMMANDS.join(', ')})`);
  if (rest.length > 1) return usageError(`scan takes one directory, got ${rest.length}: ${rest.map(quote).join(' ')}`);

  return {
    command: 'scan',
    dir: rest[0] ?? '.',
    format,
    failOn: failOn.includes(FAIL_ON_ANY) ? [FAIL_ON_ANY] : failOn,
    output,
    color,
    timings,
  };
}
