/**
 * Child processes the suite starts (code-server, Chromium), each in its own process group so the whole
 * tree can be ended by pid; a process exit hook ends any still running if the runner itself is stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface Started {
  name: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

const running = new Set<Started>();

function signalGroup(started: Started, signal: NodeJS.Signals): void {
  const pid = started.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

function killAll(): void {
  for (const started of running) signalGroup(started, 'SIGKILL');
}
process.on('exit', killAll);
// 'exit' does not run when a signal ends the runner (a CI timeout, Ctrl+C): end ours, then exit as it would have.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

export function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const started: Started = { name, child, output: () => output };
  running.add(started);
  child.on('exit', () => running.delete(started));
  return started;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the group, then SIGKILL if anything in it is still there after `graceMs`. */
export async function stop(started: Started | undefined, graceMs = 5_000): Promise<void> {
  const pid = started?.child.pid;
  if (!started || pid === undefined) return;
  signalGroup(started, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pid)) signalGroup(started, 'SIGKILL');
  running.delete(started);
}

/** Resolves with the first match of `pattern` in the output; rejects when the process exits or time runs out. */
export function waitForOutput(started: Started, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(check, 100);
    const onExit = (code: number | null) => finish(new Error(`${started.name} exited (code ${code}) before printing ${pattern}:\n${started.output().slice(-3000)}`));
    const deadline = Date.now() + timeoutMs;
    function finish(error?: Error, match?: RegExpMatchArray) {
      clearInterval(timer);
      started.child.off('exit', onExit);
      if (error) reject(error);
      else if (match) resolve(match);
    }
    function check() {
      const match = started.output().match(pattern);
      if (match) finish(undefined, match);
      else if (started.child.exitCode !== null) onExit(started.child.exitCode);
      else if (Date.now() > deadline) finish(new Error(`${started.name} did not print ${pattern} within ${timeoutMs / 1000} s:\n${started.output().slice(-3000)}`));
    }
    started.child.on('exit', onExit);
    check();
  });
}
