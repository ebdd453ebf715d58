/**
 * The CLI as a function: argv and a few I/O seams in, an exit code out. No process.* in here, so tests can run
 * every path without a terminal, a real scan or a child process.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { analyzeWorkspace, type ScanOptions } from '../analyzers';
import type { Finding, ScanResult } from '../analyzers/model';
import { allRules } from '../analyzers/rules';
import { compareWithBaseline } from '../baseline/compare';
import { type Baseline, createBaseline, DEFAULT_BASELINE_FILE, parseBaseline, serializeBaseline } from '../baseline/file';
import { type BaselineArgs, FAIL_ON_ANY, parseArgs, type Format, type ScanArgs } from './args';
import { ChangedSinceError, changedFilesSince, endpointsTouched, type GitRunner } from './changed-since';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatTable, noNextAppMessage } from './format-table';
import { helpText } from './help';
import type { ReportContext } from './report-context';
import { createProgress, type ProgressOptions } from './progress';
import { VERSION } from './version';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface Writer {
  write(text: string): unknown;
}

export type Scanner = (root: string, options: ScanOptions) => Promise<ScanResult>;

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** Width of the stderr terminal, for the progress line. */
  stderrColumns?: number;
  env?: Readonly<Record<string, string | undefined>>;
  /** DIR and --output are resolved against it. Defaults to process.cwd(). */
  cwd?: string;
  /** Defaults to analyzeWorkspace. */
  scan?: Scanner;
  /** Defaults to fs.writeFile (parent folders are created). */
  writeFile?: (path: string, content: string) => Promise<void>;
  /** Reads the --baseline file. Defaults to fs.readFile. */
  readFile?: (path: string) => Promise<string>;
  /** Runs git for --changed-since (args, cwd → stdout). Defaults to the git on PATH. */
  git?: GitRunner;
  /** Clock and timer seams for the progress line. */
  progress?: Pick<ProgressOptions, 'now' | 'setTimer' | 'delayMs' | 'intervalMs'>;
}

const HINT = "Run 'next-boundary --help' for usage.";

class UsageError extends Error {}

/** The stack of an error and of its causes, for NEXT_BOUNDARY_DEBUG=1. */
function stackOf(error: unknown): string {
  let text = '';
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    text += `\n${depth === 0 ? '' : 'Caused by: '}${current.stack ?? current.message}`;
    current = current.cause;
  }
  return text;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The format when --format is absent: from --output's extension, else table on a terminal, json otherwise. */
export function defaultFormat(output: string | undefined, stdoutIsTTY: boolean): Format {
  if (output !== undefined) {
    const extension = extname(output).toLowerCase();
    return extension === '.sarif' ? 'sarif' : extension === '.txt' ? 'table' : 'json';
  }
  return stdoutIsTTY ? 'table' : 'json';
}

/** Unsuppressed findings that make `--fail-on` fail (with a baseline applied: the new ones only). */
export function failingFindings(result: ScanResult, failOn: readonly string[]): Finding[] {
  if (failOn.length === 0) return [];
  const any = failOn.includes(FAIL_ON_ANY);
  return result.endpoints.flatMap((endpoint) => endpoint.findings.filter((finding) => any || failOn.includes(finding.ruleId)));
}

async function checkDirectory(path: string, typed: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) throw new UsageError(`not a directory: ${typed}`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`directory not found: ${typed}`);
    throw new UsageError(`cannot read ${typed}: ${describe(error)}`);
  }
}

async function defaultWriteFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, 'utf8');
}

function render(result: ScanResult, format: Format, color: boolean, timings: boolean, context: ReportContext): string {
  switch (format) {
    case 'table':
      return formatTable(result, { color, context });
    case 'json':
      return formatJson(result, { timings, context });
    case 'sarif':
      return formatSarif(result, {
        rules: allRules,
        version: VERSION,
        ...(context.baseline && { baseline: { file: context.baseline.file, absent: context.baseline.comparison.absent } }),
      });
  }
}

/** The --baseline file, read and checked before the scan: a missing or malformed file is a usage error, never "all new". */
async function readBaseline(path: string, typed: string, io: CliIo): Promise<Baseline> {
  let text: string;
  try {
    text = await (io.readFile ?? ((file: string) => readFile(file, 'utf8')))(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`baseline file not found: ${typed} (write one with 'next-boundary baseline')`);
    throw new UsageError(`cannot read baseline ${typed}: ${describe(error)}`);
  }
  const parsed = parseBaseline(text);
  if (!parsed.ok) throw new UsageError(`${typed} is not a usable Next Boundary baseline: ${parsed.error}`);
  return parsed.baseline;
}

async function runScan(root: string, io: CliIo, changedFiles?: readonly string[]): Promise<ScanResult> {
  const progress = createProgress({
    ...io.progress,
    write: (text) => void io.stderr.write(text),
    isTTY: io.stderrIsTTY === true,
    columns: io.stderrColumns,
  });
  try {
    return await (io.scan ?? analyzeWorkspace)(root, {
      onProgress: (done, total, phase) => progress.update(done, total, phase),
      ...(changedFiles && { changedFiles }),
    });
  } catch (error) {
    throw new Error(`scan failed: ${describe(error)}`, { cause: error });
  } finally {
    progress.finish();
  }
}

async function writeReport(io: CliIo, target: string, typed: string, content: string): Promise<void> {
  try {
    await (io.writeFile ?? defaultWriteFile)(target, content);
  } catch (error) {
    throw new Error(`cannot write ${typed}: ${describe(error)}`, { cause: error });
  }
}

/** `next-boundary baseline`: today's unsuppressed findings, written where `scan --baseline` will read them. */
async function baseline(args: BaselineArgs, io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const root = resolve(cwd, args.dir);
  await checkDirectory(root, args.dir);
  const result = await runScan(root, io);
  const typed = args.output ?? join(args.dir, DEFAULT_BASELINE_FILE);
  const target = args.output === undefined ? join(root, DEFAULT_BASELINE_FILE) : resolve(cwd, args.output);
  const recorded = createBaseline(result, relative(dirname(target), root).replace(/\\/g, '/') || '.');
  await writeReport(io, target, typed, serializeBaseline(recorded));
  const count = recorded.findings.length;
  if (result.apps.length === 0) io.stderr.write(`next-boundary: ${noNextAppMessage(root)}\n`);
  io.stderr.write(`Wrote ${count} ${count === 1 ? 'finding' : 'findings'} to ${typed}. Commit it, and run 'next-boundary scan --baseline ${typed}' in CI.\n`);
  return EXIT_OK;
}

/** `timings: walk 120 ms · read 340 ms · … · total 3,190 ms (4,000 files seen, 1,221 parsed)`. */
export function timingsLine(result: ScanResult): string {
  const { phases, durationMs, filesSeen, filesParsed } = result.stats;
  const parts = phases ? Object.entries(phases).map(([phase, ms]) => `${phase} ${ms.toLocaleString('en')} ms`) : [];
  return `timings: ${[...parts, `total ${durationMs.toLocaleString('en')} ms`].join(' · ')} (${filesSeen.toLocaleString('en')} files seen, ${filesParsed.toLocaleString('en')} parsed)`;
}

async function scan(args: ScanArgs, io: CliIo): Promise<number> {
  const env = io.env ?? {};
  const cwd = io.cwd ?? process.cwd();
  const root = resolve(cwd, args.dir);
  await checkDirectory(root, args.dir);

  const stdoutIsTTY = io.stdoutIsTTY === true;
  const format = args.format ?? defaultFormat(args.output, stdoutIsTTY);
  const noColorEnv = (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb';
  const color = format === 'table' && args.output === undefined && stdoutIsTTY && args.color && !noColorEnv;

  // Both are read before the scan: a bad baseline or ref fails in a second, not after minutes of analysis.
  const recorded = args.baseline !== undefined ? await readBaseline(resolve(cwd, args.baseline), args.baseline, io) : undefined;
  let changed: Awaited<ReturnType<typeof changedFilesSince>> | undefined;
  if (args.changedSince !== undefined) {
    try {
      changed = await changedFilesSince(root, args.changedSince, io.git);
    } catch (error) {
      if (error instanceof ChangedSinceError) throw new UsageError(error.message);
      throw error;
    }
    if (changed.warning) io.stderr.write(`next-boundary: ${changed.warning}\n`);
  }

  const scanned = await runScan(root, io, changed?.files);
  let result = scanned;
  const context: ReportContext = {};
  if (recorded) {
    const compared = compareWithBaseline(scanned, recorded, { scanRoot: root, baselineFile: resolve(cwd, args.baseline!) });
    result = compared.result;
    context.baseline = { file: args.baseline!, comparison: compared.comparison };
  }
  if (changed && args.changedSince !== undefined) {
    const endpoints = endpointsTouched(result.endpoints, scanned.filesReachingChanges ?? changed.files.map((file) => relative(root, file).replace(/\\/g, '/')));
    context.changedSince = { ref: args.changedSince, base: changed.base, changedFiles: changed.files.length, endpointsShown: endpoints.length, endpointsTotal: result.endpoints.length };
    result = { ...result, endpoints };
  }

  const report = render(result, format, color, args.timings, context);
  if (args.timings) io.stderr.write(`${timingsLine(result)}\n`);
  // The table on stdout says it itself; json and sarif stay machine-readable, so the note goes to stderr.
  if (result.apps.length === 0 && (format !== 'table' || args.output !== undefined)) io.stderr.write(`next-boundary: ${noNextAppMessage(root)}\n`);
  if (args.output === undefined) {
    io.stdout.write(report);
  } else {
    await writeReport(io, resolve(cwd, args.output), args.output, report);
    if (io.stderrIsTTY === true) io.stderr.write(`Wrote ${format} report to ${args.output}\n`);
  }

  const failing = failingFindings(result, args.failOn);
  if (failing.length === 0) return EXIT_OK;
  const counts = new Map<string, number>();
  for (const finding of failing) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  const breakdown = [...counts.entries()].map(([id, count]) => `${count} ${id}`).join(', ');
  const noun = recorded ? 'new finding' : 'finding';
  io.stderr.write(`next-boundary: ${failing.length} ${failing.length === 1 ? noun : `${noun}s`} matched --fail-on ${args.failOn.join(',')} (${breakdown})\n`);
  return EXIT_FINDINGS;
}

/** Runs the CLI; resolves to the exit code. Never rejects. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const env = io.env ?? {};
  try {
    const args = parseArgs(argv, { ruleIds: allRules.map((rule) => rule.id) });
    switch (args.command) {
      case 'error':
        throw new UsageError(args.message);
      case 'help':
        io.stdout.write(helpText(VERSION, allRules));
        return EXIT_OK;
      case 'version':
        io.stdout.write(`${VERSION}\n`);
        return EXIT_OK;
      case 'scan':
        return await scan(args, io);
      case 'baseline':
        return await baseline(args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`next-boundary: ${error.message}\n${HINT}\n`);
      return EXIT_USAGE;
    }
    const debug = env.NEXT_BOUNDARY_DEBUG === '1';
    const stack = debug ? stackOf(error) : '';
    io.stderr.write(`next-boundary: ${describe(error)}${stack}\n`);
    if (!debug) io.stderr.write('Set NEXT_BOUNDARY_DEBUG=1 for details.\n');
    return EXIT_USAGE;
  }
}
