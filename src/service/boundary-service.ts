import type { Endpoint, ScanResult } from '../analyzers/model';
import type { AnalysisEngine, AnalysisSettings, ProgressListener } from './engine';

/** The pure quick fixes parse with TypeScript, so they ship in this bundle; the editor loads them from here. */
export * as fixes from '../fixes';
export { WorkerEngine } from './worker-engine';

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
  /** Analysis settings (guards, wrappers, public paths, severities) of a folder, from the editor's configuration. */
  scanOptions?: (folder: string) => AnalysisSettings;
}

type Listener = (snapshot: BoundarySnapshot) => void;

/**
 * Keeps the boundary model of the open workspace folders up to date: a first scan, then a re-scan shortly
 * after edits (unsaved text included) or file changes. It decides when to analyse; the engine does the work
 * (in a worker thread in the editor). Pure of `vscode`, so it is tested without an editor.
 */
export class BoundaryService {
  private readonly results = new Map<string, ScanResult>();
  private readonly endpointsByFile = new WeakMap<ScanResult, Map<string, Endpoint[]>>();
  /** Unsaved texts changed since the engine last heard of them (null: closed or saved). */
  private readonly unsavedChanges = new Map<string, string | null>();
  /** Folders to scan in full, and files changed since the last update (per folder). */
  private readonly dirtyFolders = new Set<string>();
  private readonly changedFiles = new Map<string, Set<string>>();
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private version = 0;
  private disposed = false;
  /** Endpoints by file from first looks, per folder whose first scan has not published yet. */
  private readonly firstLooks = new Map<string, Map<string, Endpoint[]>>();
  /** Files a first look was asked for (each once per folder's first scan). */
  private readonly firstLookAsked = new Set<string>();
  private firstLookQueue: string[] = [];
  private firstLookRunning = false;
  private readonly firstLookListeners = new Set<() => void>();

  constructor(
    private folders: string[],
    private readonly engine: AnalysisEngine,
    private readonly options: BoundaryServiceOptions = {},
  ) {}

  /** The folders being analysed. */
  get folderList(): readonly string[] {
    return this.folders;
  }

  get snapshot(): BoundarySnapshot {
    return { folders: this.results, version: this.version };
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Scans every folder now. Resolves when the new model is published. */
  async rescanAll(onProgress?: ProgressListener): Promise<void> {
    await this.rescan(this.folders, onProgress);
  }

  /** Scans some folders now (e.g. those whose settings changed). Resolves when the new model is published. */
  async rescan(folders: readonly string[], onProgress?: ProgressListener): Promise<void> {
    for (const folder of folders) if (this.folders.includes(folder)) this.dirtyFolders.add(folder);
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
    for (const folder of folders) if (!this.results.has(folder)) this.dirtyFolders.add(folder);
    this.schedule();
  }

  /** An editor buffer changed (or was closed: text undefined). */
  documentChanged(path: string, text: string | undefined): void {
    this.unsavedChanges.set(path, text ?? null);
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

  /**
   * While a folder's first scan runs (a large workspace: several seconds), a file shown in the editor gets a first
   * look of its own, so its lenses come in a second or two. Asked by the views for the files they show; once
   * the folder's scan is in, this does nothing.
   */
  requestFirstLook(path: string): void {
    const folder = this.folderOf(path);
    if (!folder || this.results.has(folder) || this.firstLookAsked.has(path) || !/\.[cm]?[jt]sx?$/.test(path)) return;
    this.firstLookAsked.add(path);
    this.firstLookQueue.push(path);
    void this.runFirstLooks();
  }

  /** Endpoints of a file from its first look: only until its folder's scan is in (then see endpointsIn). */
  firstLookIn(path: string): readonly Endpoint[] {
    const folder = this.folderOf(path);
    if (!folder || this.results.has(folder)) return [];
    return this.firstLooks.get(folder)?.get(path.slice(folder.length + 1)) ?? [];
  }

  /** A first look came in (the lenses of the files it covers can be drawn). */
  onDidFirstLook(listener: () => void): { dispose(): void } {
    this.firstLookListeners.add(listener);
    return { dispose: () => this.firstLookListeners.delete(listener) };
  }

  private async runFirstLooks(): Promise<void> {
    if (this.firstLookRunning) return;
    this.firstLookRunning = true;
    try {
      while (this.firstLookQueue.length > 0 && !this.disposed) {
        // Everything asked meanwhile goes in one look per folder.
        const folder = this.folderOf(this.firstLookQueue[0])!;
        const files = this.firstLookQueue.filter((path) => this.folderOf(path) === folder);
        this.firstLookQueue = this.firstLookQueue.filter((path) => !files.includes(path));
        if (this.results.has(folder)) continue;
        const started = Date.now();
        const unsaved = [...this.unsavedChanges].filter((entry): entry is [string, string] => entry[1] !== null);
        const result = await this.engine.firstLook({ folder, files, settings: this.options.scanOptions?.(folder) ?? {}, unsaved }).catch(() => undefined);
        if (this.disposed || !result || this.results.has(folder) || !this.folders.includes(folder)) continue;
        let byFile = this.firstLooks.get(folder);
        if (!byFile) this.firstLooks.set(folder, (byFile = new Map<string, Endpoint[]>()));
        for (const endpoint of result.endpoints) {
          const list = byFile.get(endpoint.file);
          if (list) list.push(endpoint);
          else byFile.set(endpoint.file, [endpoint]);
        }
        this.options.log?.(`first look at ${files.length === 1 ? files[0] : `${files.length} files`}: ${result.endpoints.length} endpoints, ${Date.now() - started} ms`);
        for (const listener of this.firstLookListeners) listener();
      }
    } finally {
      this.firstLookRunning = false;
    }
  }

  /** Endpoints declared in one file, from the latest results. */
  endpointsIn(path: string): readonly Endpoint[] {
    const folder = this.folderOf(path);
    const result = folder ? this.results.get(folder) : undefined;
    if (!folder || !result) return [];
    let byFile = this.endpointsByFile.get(result);
    if (!byFile) {
      // Built once per published model: every lens, hover and code-action request is then one lookup.
      byFile = new Map();
      for (const endpoint of result.endpoints) {
        const list = byFile.get(endpoint.file);
        if (list) list.push(endpoint);
        else byFile.set(endpoint.file, [endpoint]);
      }
      this.endpointsByFile.set(result, byFile);
    }
    return byFile.get(path.slice(folder.length + 1)) ?? [];
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
    this.firstLookListeners.clear();
    this.engine.dispose();
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.debounceMs ?? 300);
  }

  private async flush(onProgress?: ProgressListener): Promise<void> {
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

  private async analyse(full: string[], changed: Map<string, Set<string>>, onProgress?: ProgressListener): Promise<void> {
    // Yield first, so a burst of events settles and the editor paints before the work starts.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.disposed) return;
    const unsaved = [...this.unsavedChanges];
    this.unsavedChanges.clear();
    const folders = [...this.folders];
    try {
      const replies = await this.engine.analyse(
        {
          folders,
          scan: full.filter((folder) => folders.includes(folder)),
          changed: [...changed].filter(([folder]) => folders.includes(folder)).map(([folder, files]) => [folder, [...files]]),
          unsaved,
          settings: folders.map((folder) => [folder, this.options.scanOptions?.(folder) ?? {}]),
        },
        onProgress,
      );
      if (this.disposed) return;
      for (const reply of replies) {
        if (reply.kind === 'failed') {
          this.options.log?.(`analysis of ${reply.folder} failed: ${reply.error}`);
          continue;
        }
        // A folder closed while it was analysed stays closed.
        if (!this.folders.includes(reply.folder)) continue;
        this.results.set(reply.folder, reply.result);
        this.firstLooks.delete(reply.folder);
        const { result } = reply;
        this.options.log?.(`${reply.kind} ${reply.folder}: ${result.endpoints.length} endpoints, ${result.skipped.length} skipped, ${reply.durationMs} ms`);
        if (reply.kind === 'scanned') for (const skipped of result.skipped) this.options.log?.(`  skipped ${skipped.file}: ${skipped.reason}`);
        if (reply.kind === 'scanned' && result.apps.length === 0) this.options.log?.(`  no Next.js app found in ${reply.folder} (no package.json with next and an app/ or pages/ folder, no next.config)`);
      }
    } catch (error) {
      // The engine's thread died or was stopped: logged, never thrown into the editor.
      // Not retried at once (a crash may repeat): the next edit or rescan starts a new worker, which scans afresh.
      this.options.log?.(`analysis failed: ${(error as Error).message}`);
      return;
    }
    this.publish();
  }

  private publish(): void {
    this.version++;
    const snapshot = this.snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}
