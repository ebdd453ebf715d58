/**
 * `--changed-since REF`: which files a branch changed, from git, and which endpoints that touches. The analysis
 * still sees the whole app; only the report is narrowed to endpoints whose own file, or a file their code
 * imports (guards, wrappers, helpers, directly or not), or a file named in their evidence, changed.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Endpoint } from '../analyzers/model';

export interface ChangedFiles {
  /** Changed files, absolute (in the scanned root's own spelling of its path). */
  files: string[];
  /** The commit compared against: the merge base of REF and HEAD, or REF itself when they share none. */
  base: string;
  /** Why the base is REF itself rather than a merge base (a shallow clone), when it is. */
  warning?: string;
}

/** A failure the user can act on (not a git repository, unknown ref): the CLI prints it and exits 2. */
export class ChangedSinceError extends Error {}

export type GitRunner = (args: readonly string[], cwd: string) => Promise<string>;

/** Runs git with repository hooks that could execute code (fsmonitor) turned off; output as text. */
export const runGit: GitRunner = (args, cwd) =>
  new Promise((resolvePromise, reject) => {
    execFile('git', ['-c', 'core.fsmonitor=false', ...args], { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(Object.assign(new Error(code === 'ENOENT' ? 'git was not found on PATH' : stderr.trim() || error.message), { notFound: code === 'ENOENT' }));
      } else {
        resolvePromise(stdout);
      }
    });
  });

function lines(output: string, separator: string): string[] {
  return output.split(separator).filter((line) => line !== '');
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Files changed between REF's merge base with HEAD and the working tree: committed on the branch, staged, unstaged
 * and untracked (not ignored) files. `root` is the scanned folder; it may sit anywhere inside the checkout.
 */
export async function changedFilesSince(root: string, ref: string, git: GitRunner = runGit): Promise<ChangedFiles> {
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], root)).trim();
  } catch (error) {
    if ((error as { notFound?: boolean }).notFound) throw new ChangedSinceError(`--changed-since needs git: ${reason(error)}`);
    throw new ChangedSinceError(`--changed-since needs a git checkout, and ${root} is not inside one`);
  }
  let target: string;
  try {
    target = (await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root)).trim();
  } catch {
    target = '';
  }
  if (target === '') throw new ChangedSinceError(`unknown git ref '${ref}' for --changed-since (fetch it first, e.g. git fetch origin main)`);

  let base = target;
  let warning: string | undefined;
  try {
    base = (await git(['merge-base', target, 'HEAD'], root)).trim() || target;
  } catch {
    warning = `'${ref}' and HEAD share no history here (a shallow clone? fetch with more depth): comparing with '${ref}' itself, so its own changes count too`;
  }

  const changed = lines(await git(['diff', '--name-only', '--no-ext-diff', '-z', base, '--'], top), '\0');
  const untracked = lines(await git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name'], top), '\0');

  // git names files from the top of the checkout, with symlinks resolved; the analyzer, from the root as given.
  const realRoot = safeRealpath(root);
  const realTop = safeRealpath(top);
  const files = [...new Set([...changed, ...untracked])].map((file) => resolve(root, relative(realRoot, resolve(realTop, file)))).sort();
  return { files, base, ...(warning !== undefined && { warning }) };
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The files an endpoint's report depends on: its own, the route that mounts it, and every file its evidence, effects, signals and findings name. */
function filesOf(endpoint: Endpoint): string[] {
  const files = [endpoint.file];
  if (endpoint.mountedAt) files.push(endpoint.mountedAt);
  for (const located of [...endpoint.evidence, ...(endpoint.effects ?? []), ...endpoint.findings, ...endpoint.suppressed, ...(endpoint.baselined ?? [])]) files.push(located.file);
  for (const value of Object.values(endpoint.signals ?? {})) {
    for (const signal of Array.isArray(value) ? value : [value]) {
      if (signal && typeof signal === 'object' && typeof (signal as { file?: unknown }).file === 'string') files.push((signal as { file: string }).file);
    }
  }
  return files;
}

/** The endpoints a change touches: `reaching` is the changed files and their importers (ScanResult.filesReachingChanges). */
export function endpointsTouched(endpoints: readonly Endpoint[], reaching: readonly string[]): Endpoint[] {
  const touched = new Set(reaching);
  return endpoints.filter((endpoint) => filesOf(endpoint).some((file) => touched.has(file)));
}
