import { type FileHost, nodeFileHost, overlayHost } from '../analyzers/host';
import type { Endpoint, ScanResult } from '../analyzers/model';
import { type ScanOptions, WorkspaceAnalyzer } from '../analyzers/workspace-analyzer';

/** What the editor shows: one scan result per workspace folder. */
export interface BoundarySnapshot {
  /** Absolute POSIX path of the folder → its latest result. */
  folders: ReadonlyMap<string, ScanResult>;
  /** Increases with every published change, so views can skip stale work. */
  version: number;
}

export interface BoundaryServiceOptions {
  /** How long to wait after the last edit before re-analysing (ms). */
  debounceMs?: number;
  log?: (message: string) => void;
  /** Analysis settings (guards, wrappers, public paths, severities) from the editor's configuration. */
  scanOptions?: () => Pick<ScanOptions, 'config' | 'severities'>;
  host?: FileHost;
}

type Listener = (snapshot: BoundarySnapshot) => void;

/**
 * Keeps the boundary model of the open workspace folders up to date: a first scan, then a re-scan shortly
 * after edits (unsaved text included) or file changes. Pure of `vscode`, so it is tested without an editor.
 */
export class BoundaryService {
  private readonly results = new Map<string, ScanResult>();
  private readonly analyzers = new Map<string, WorkspaceAnalyzer>();
  private readonly unsaved = new Map<string, string>();
  /** Folders to scan in full, and files changed since the last update (per folder). */
  private readonly dirtyFolders = new Set<string>();
  private readonly changedFiles = new Map<string, Set<string>>();
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private version = 0;
  private disposed = false;

  constructor(
    private folders: string[],
    private readonly options: BoundaryServiceOptions = {},
  ) {}

  get snapshot(): BoundarySnapshot {
    return { folders: this.results, version: this.version };
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Scans every folder now. Resolves when the new model is published. */
  async rescanAll(onProgress?: ScanOptions['onProgress']): Promise<void> {
    for (const folder of this.folders) this.dirtyFolders.add(folder);
    await this.flush(onProgress);
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    let removed = false;
    for (const key of [...this.results.keys()]) {
      if (folders.includes(key)) continue;
      this.results.delete(key);
      removed = true;
    }
    if (removed) this.publish();
    for (const [key, analyzer] of [...this.analyzers]) {
      if (folders.includes(key)) continue;
      analyzer.dispose();
      this.analyzers.delete(key);
    }
    for (const folder of folders) if (!this.results.has(folder)) this.dirtyFolders.add(folder);
    this.schedule();
  }

  /** An editor buffer changed (or was closed: text undefined). */
  documentChanged(path: string, text: string | undefined): void {
    if (text === undefined) this.unsaved.delete(path);
    else this.unsaved.set(path, text);
    this.fileChanged(path);
  }

  /** A file (or a whole folder: VS Code reports one event for it) was created, deleted, renamed or saved. */
  fileChanged(path: string): void {
    const folder = this.folderOf(path);
    if (!folder) return;
    if (!/\.[cm]?[jt]sx?$|\.json$/.test(path)) {
      // Not a file the analyzer reads on its own: a folder moved, or files came and went in bulk.
      this.dirtyFolders.add(folder);
      this.schedule();
      return;
    }
    let files = this.changedFiles.get(folder);
    if (!files) this.changedFiles.set(folder, (files = new Set()));
    files.add(path);
    this.schedule();
  }

  /** Endpoints declared in one file, from the latest results. */
  endpointsIn(path: string): Endpoint[] {
    const folder = this.folderOf(path);
    const result = folder ? this.results.get(folder) : undefined;
    if (!folder || !result) return [];
    const relative = path.slice(folder.length + 1);
    return result.endpoints.filter((endpoint) => endpoint.file === relative);
  }

  folderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders) if ((path === folder || path.startsWith(folder + '/')) && (!best || folder.length > best.length)) best = folder;
    return best;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
    for (const analyzer of this.analyzers.values()) analyzer.dispose();
    this.analyzers.clear();
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.debounceMs ?? 300);
  }

  private async flush(onProgress?: ScanOptions['onProgress']): Promise<void> {
    // One round at a time; edits that arrive meanwhile are picked up by the next round.
    while (this.running) await this.running;
    if (this.disposed || (this.dirtyFolders.size === 0 && this.changedFiles.size === 0)) return;
    const full = [...this.dirtyFolders];
    const changed = new Map(this.changedFiles);
    this.dirtyFolders.clear();
    this.changedFiles.clear();
    this.running = this.analyse(full, changed, onProgress);
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    if (this.dirtyFolders.size || this.changedFiles.size) this.schedule();
  }

  private async analyse(full: string[], changed: Map<string, Set<string>>, onProgress?: ScanOptions['onProgress']): Promise<void> {
    // Yield first, so a burst of events settles and the editor paints before the synchronous work.
    await new Promise((resolve) => setImmediate(resolve));
    const host = overlayHost(this.options.host ?? nodeFileHost, this.unsaved);
    const options: ScanOptions = { host, ...(onProgress && { onProgress }), ...this.options.scanOptions?.() };
    const folders = new Set([...full, ...changed.keys()]);
    for (const folder of folders) {
      if (this.disposed || !this.folders.includes(folder)) continue;
      const started = Date.now();
      try {
        let analyzer = this.analyzers.get(folder);
        if (!analyzer) this.analyzers.set(folder, (analyzer = new WorkspaceAnalyzer(folder, options)));
        analyzer.setOptions(options);
        const files = changed.get(folder);
        const result =
          full.includes(folder) || !this.results.has(folder) || !files
            ? analyzer.scan()
            : analyzer.update([...files].map((path) => ({ path, ...(this.unsaved.has(path) && { text: this.unsaved.get(path)! }) })));
        this.results.set(folder, result);
        this.options.log?.(`${full.includes(folder) ? 'scanned' : 'updated'} ${folder}: ${result.endpoints.length} endpoints, ${result.skipped.length} skipped, ${Date.now() - started} ms`);
        if (full.includes(folder)) for (const skipped of result.skipped) this.options.log?.(`  skipped ${skipped.file}: ${skipped.reason}`);
      } catch (error) {
        // The analyzer reports bad input as skipped files; anything else is logged, never thrown into the editor.
        this.options.log?.(`analysis of ${folder} failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
    this.publish();
  }

  private publish(): void {
    this.version++;
    const snapshot = this.snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}
