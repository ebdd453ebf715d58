/**
 * Which workspace folders hold a Next.js app: a `next.config.*`, or a `package.json` that depends on
 * `next` (the analyzer then finds the apps inside). Activation by `onLanguage` in a workspace without
 * one stays idle: nothing is scanned until such a file appears. Only `file:` folders count (the
 * analyzer reads through node fs; virtual workspaces are not supported).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from './util/dispose';
import { IGNORED_PATH, posixPath } from './util/paths';

const NEXT_CONFIG_GLOB = '**/next.config.{js,mjs,ts,cjs}';
const EXCLUDE_GLOB = '**/{node_modules,.next,.git}/**';
const MAX_PACKAGE_JSONS = 50;
const REFRESH_DEBOUNCE_MS = 1000;
const NEXT_CONFIG_NAME = /^next\.config\.(js|mjs|ts|cjs)$/;
/** How far the quick look on disk goes before the editor's file search is asked. */
const QUICK_LOOK_DEPTH = 4;
const QUICK_LOOK_MAX_DIRS = 1500;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage']);

function dependsOnNext(text: string): boolean {
  try {
    const manifest = JSON.parse(text) as Record<string, unknown>;
    return ['dependencies', 'devDependencies', 'peerDependencies'].some((field) => {
      const deps = manifest[field];
      return typeof deps === 'object' && deps !== null && 'next' in deps;
    });
  } catch {
    return false;
  }
}

/**
 * A quick look on disk, level by level, a few levels deep: an app is nearly always at the folder's root or a few
 * levels down (apps/web, packages/x/site), and reading those directories takes milliseconds where the editor's
 * file search takes a second or two to start on a large workspace. True when found; undefined when not found
 * in reach (the file search then decides, as thoroughly as before).
 */
async function quickLookOnDisk(root: string, token: vscode.CancellationToken): Promise<true | undefined> {
  let level = [root];
  let visited = 0;
  for (let depth = 0; depth <= QUICK_LOOK_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (token.isCancellationRequested || ++visited > QUICK_LOOK_MAX_DIRS) return undefined;
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable: the file search may still reach what is below
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) next.push(join(dir, entry.name));
        } else if (entry.isFile() && NEXT_CONFIG_NAME.test(entry.name)) {
          return true;
        } else if (entry.isFile() && entry.name === 'package.json' && dependsOnNext(await fs.readFile(join(dir, entry.name), 'utf8').catch(() => ''))) {
          return true;
        }
      }
    }
    level = next;
  }
  return undefined;
}

async function holdsNextApp(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<boolean> {
  if (await quickLookOnDisk(folder.uri.fsPath, token)) return true;
  if (token.isCancellationRequested) return false;
  const configs = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, NEXT_CONFIG_GLOB), EXCLUDE_GLOB, 1, token);
  if (configs.length > 0) return true;
  const manifests = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/package.json'), EXCLUDE_GLOB, MAX_PACKAGE_JSONS, token);
  for (const uri of manifests) {
    if (token.isCancellationRequested) return false;
    try {
      if (dependsOnNext(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)))) return true;
    } catch {
      // unreadable: not an app
    }
  }
  return false;
}

export class WorkspaceApps extends Disposable {
  private folders: string[] = [];
  private checked = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly onChange: (folders: string[]) => void,
  ) {
    super();
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/{next.config.js,next.config.mjs,next.config.ts,next.config.cjs,package.json}'));
    const changed = (uri: vscode.Uri) => {
      if (!IGNORED_PATH.test(posixPath(uri))) this.schedule();
    };
    this.register(watcher.onDidCreate(changed));
    this.register(watcher.onDidDelete(changed));
    this.register(watcher.onDidChange(changed));
    this.register({ dispose: () => this.timer && clearTimeout(this.timer) });
    this.register({ dispose: () => this.pending?.cancel() });
  }

  /** Looks again; calls `onChange` when the set of folders with an app changed. Returns the folders. */
  async refresh(): Promise<string[]> {
    this.pending?.cancel();
    const source = (this.pending = new vscode.CancellationTokenSource());
    const found: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') {
        this.log.info(`${folder.uri.toString()}: not on disk, not scanned`);
        continue;
      }
      if (await holdsNextApp(folder, source.token)) found.push(posixPath(folder.uri));
    }
    const cancelled = source.token.isCancellationRequested;
    source.dispose();
    if (this.pending === source) this.pending = undefined;
    if (cancelled || this.isDisposed) return this.folders;
    // The first answer is always told, even "none": the status bar's spinner waits for it.
    if (!this.checked || found.join('\n') !== this.folders.join('\n')) {
      this.checked = true;
      this.folders = found;
      this.log.info(found.length ? `Next.js apps in: ${found.join(', ')}` : 'no Next.js app in this workspace: idle');
      this.onChange(found);
    }
    return found;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh().catch((error: unknown) => this.log.error('looking for Next.js apps failed', error));
    }, REFRESH_DEBOUNCE_MS);
  }
}

/** Starts looking (asynchronously, after activation returns) and keeps looking as folders and files change. */
export function register(log: vscode.LogOutputChannel, onChange: (folders: string[]) => void): WorkspaceApps {
  const apps = new WorkspaceApps(log, onChange);
  setTimeout(() => {
    apps.refresh().catch((error: unknown) => log.error('looking for Next.js apps failed', error));
  }, 0);
  return apps;
}
