/**
 * `next-boundary` entry point: parse, run, exit. Everything testable lives in src/cli/run.ts.
 */
import { runCli } from './cli/run';

// `next-boundary scan | head` closes stdout early: stop writing, keep the exit code.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  process.stderr.write(`next-boundary: cannot write to stdout: ${error.message}\n`);
  process.exit(2);
});

function exit(code: number): void {
  process.exitCode = code;
  // Exit once stdout and stderr have flushed (pipes may be asynchronous), even if a stray handle stays open.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stderrColumns: process.stderr.columns,
  env: process.env,
  cwd: process.cwd(),
}).then(exit, (error: unknown) => {
  // runCli never rejects; this is the last line of defence.
  process.stderr.write(`next-boundary: ${String(error)}\n`);
  exit(2);
});
