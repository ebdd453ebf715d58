/**
 * `nextBoundary.baseline`: for each scanned workspace folder, the baseline file its setting names, read with node fs
 * (never run) when the folder comes in, the setting changes, or the file is changed, created or deleted. The
 * diagnostics and the status bar see each folder's scan through it. A missing or malformed file is logged once per
 * change and hides nothing: every finding is shown as if no baseline were set.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { ScanResult } from '../analyzers/model';
import type { BoundaryService } from '../service/boundary-service';
import { type BaselineRead, type BaselineState, baselineFileOf, baselineLogLine, baselineStateOf, withBaseline } from '../views/baseline';
import { BASELINE_SETTINGS, type BaselineFindingsSetting, type BaselineSettings, baselineSettingsFromSettings } from '../views/settings';
import { Disposable } from './util/dispose';

/** A baseline lists findings, a few hundred bytes each; anything this large is not one, and is not parsed. */
const MAX_BASELINE_BYTES = 20 * 1024 * 1024;

interface FolderBaseline {
  settings: BaselineSettings;
  state: BaselineState;
  /** The file being watched, and its watcher: replaced when the setting names another file. */
  watched?: { file: string; watcher: vscode.Disposable };
  /** The last line logged for this folder, so an unchanged state is not logged again. */
  logged: string;
  /** Bumped by every load; a load that finds it changed was overtaken and drops its result. */
  generation: number;
}

function baselineSettingsOf(folder: string): BaselineSettings {
  const configuration = vscode.workspace.getConfiguration('nextBoundary', vscode.Uri.file(folder));
  return baselineSettingsFromSettings((key) => configuration.get(key));
}

async function readBaselineFile(file: string): Promise<BaselineRead> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { error: 'not a file' };
    if (stat.size > MAX_BASELINE_BYTES) return { error: `larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB` };
    return { text: await fs.readFile(file, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export class FolderBaselines extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when a folder's baseline or its `baselineFindings` setting changed: re-apply. */
  readonly onDidChange = this.changed.event;
  private readonly folders = new Map<string, FolderBaseline>();

  constructor(
    private readonly service: BoundaryService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(service.onDidChange(() => this.syncFolders()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        const affects = (folder?: string) =>
          BASELINE_SETTINGS.some((key) => event.affectsConfiguration(`nextBoundary.${key}`, folder === undefined ? undefined : vscode.Uri.file(folder)));
        if (!affects()) return;
        for (const folder of this.folders.keys()) if (affects(folder)) this.reload(folder);
      }),
    );
    this.register({
      dispose: () => {
        for (const entry of this.folders.values()) entry.watched?.watcher.dispose();
      },
    });
    this.syncFolders();
  }

  /** The folder's scan with the findings its baseline records moved to `baselined` (unchanged without a usable one). */
  apply<T extends Pick<ScanResult, 'endpoints'>>(folder: string, result: T): T {
    const entry = this.folders.get(folder);
    return entry ? withBaseline(result, folder, entry.state) : result;
  }

  /** How the folder's baselined findings show. */
  baselinedFindings(folder: string): BaselineFindingsSetting {
    return this.folders.get(folder)?.settings.findings ?? 'hint';
  }

  /** Follows the service's folders: a new one gets its baseline read, a dropped one is forgotten. */
  private syncFolders(): void {
    const current = new Set(this.service.folderList);
    for (const [folder, entry] of this.folders) {
      if (current.has(folder)) continue;
      entry.watched?.watcher.dispose();
      this.folders.delete(folder);
    }
    for (const folder of current) {
      if (this.folders.has(folder)) continue;
      const none: BaselineState = { status: 'none' };
      this.folders.set(folder, { settings: { file: '', findings: 'hint' }, state: none, logged: baselineLogLine(folder, none, 'hint').message, generation: 0 });
      this.reload(folder);
    }
  }

  private reload(folder: string): void {
    this.load(folder).catch((error: unknown) => this.log.error(`${folder}: reading the baseline failed; every finding is shown`, error));
  }

  private async load(folder: string): Promise<void> {
    const entry = this.folders.get(folder);
    if (!entry || this.isDisposed) return;
    const generation = ++entry.generation;
    const settings = baselineSettingsOf(folder);
    const file = baselineFileOf(folder, settings.file);
    this.watch(folder, entry, file);
    const state: BaselineState = file === undefined ? { status: 'none' } : baselineStateOf(file, await readBaselineFile(file));
    if (this.isDisposed || generation !== entry.generation || this.folders.get(folder) !== entry) return;
    entry.settings = settings;
    entry.state = state;
    const line = baselineLogLine(folder, state, settings.findings);
    if (line.message !== entry.logged) {
      entry.logged = line.message;
      this.log[line.level](line.message);
    }
    this.changed.fire();
  }

  /** Watches the file the setting names (created, changed, deleted all re-read it); none when the setting is empty. */
  private watch(folder: string, entry: FolderBaseline, file: string | undefined): void {
    if (entry.watched?.file === file) return;
    entry.watched?.watcher.dispose();
    entry.watched = undefined;
    if (file === undefined) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(file)), basename(file)));
    const reload = () => this.reload(folder);
    const listeners = [watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload)];
    entry.watched = { file, watcher: vscode.Disposable.from(...listeners, watcher) };
  }
}

export function register(service: BoundaryService, log: vscode.LogOutputChannel): FolderBaselines {
  return new FolderBaselines(service, log);
}
