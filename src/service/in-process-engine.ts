import { type FileHost, nodeFileHost, overlayHost } from '../analyzers/host';
import { WorkspaceAnalyzer } from '../analyzers/workspace-analyzer';
import type { ScanResult } from '../analyzers/model';
import type { AnalysisEngine, AnalysisRequest, FirstLookRequest, FolderReply, ProgressListener } from './engine';

/**
 * Runs the analysis in the calling thread: one WorkspaceAnalyzer per folder, kept between requests so an edit
 * re-analyses only what it touches. The worker thread hosts one of these; tests use it directly.
 */
export class InProcessEngine implements AnalysisEngine {
  private readonly analyzers = new Map<string, WorkspaceAnalyzer>();
  private readonly unsaved = new Map<string, string>();
  private readonly host: FileHost;

  constructor(baseHost: FileHost = nodeFileHost) {
    this.host = overlayHost(baseHost, this.unsaved);
  }

  analyse(request: AnalysisRequest, onProgress?: ProgressListener): Promise<FolderReply[]> {
    return Promise.resolve(this.analyseNow(request, onProgress));
  }

  /** `checkpoint` is called between files of a scan (see ScanOptions.checkpoint). */
  analyseNow(request: AnalysisRequest, onProgress?: ProgressListener, checkpoint?: () => void): FolderReply[] {
    for (const [path, text] of request.unsaved) {
      if (text === null) this.unsaved.delete(path);
      else this.unsaved.set(path, text);
    }
    for (const [folder, analyzer] of [...this.analyzers]) {
      if (request.folders.includes(folder)) continue;
      analyzer.dispose();
      this.analyzers.delete(folder);
    }
    const settings = new Map(request.settings);
    const changed = new Map(request.changed);
    const replies: FolderReply[] = [];
    for (const folder of new Set([...request.scan, ...changed.keys()])) {
      if (!request.folders.includes(folder)) continue;
      const started = performance.now();
      const options = { host: this.host, ...(onProgress && { onProgress }), ...(checkpoint && { checkpoint }), ...settings.get(folder) };
      try {
        let analyzer = this.analyzers.get(folder);
        const fresh = !analyzer;
        if (!analyzer) this.analyzers.set(folder, (analyzer = new WorkspaceAnalyzer(folder, options)));
        analyzer.setOptions(options);
        const files = changed.get(folder);
        const full = fresh || request.scan.includes(folder) || !files;
        const result = full ? analyzer.scan() : analyzer.update(files.map((path) => ({ path, ...(this.unsaved.has(path) && { text: this.unsaved.get(path)! }) })));
        replies.push({ folder, kind: full ? 'scanned' : 'updated', result, durationMs: Math.round(performance.now() - started) });
      } catch (error) {
        // The analyzer reports bad input as skipped files; anything else is reported, never thrown into the editor.
        replies.push({ folder, kind: 'failed', error: (error as Error).stack ?? String(error) });
      }
    }
    return replies;
  }

  firstLook(request: FirstLookRequest): Promise<ScanResult | undefined> {
    return Promise.resolve(firstLookNow(request, this.host));
  }

  dispose(): void {
    for (const analyzer of this.analyzers.values()) analyzer.dispose();
    this.analyzers.clear();
  }
}

/**
 * A throwaway analyzer's first look (it shares nothing with the one scanning the folder, so it can run in the middle
 * of that scan, at one of its checkpoints).
 * Bad input is a skip inside the result; anything else is reported as no answer: the full scan follows anyway.
 */
export function firstLookNow(request: FirstLookRequest, baseHost: FileHost = nodeFileHost): ScanResult | undefined {
  const host = overlayHost(baseHost, new Map(request.unsaved));
  const analyzer = new WorkspaceAnalyzer(request.folder, { host, ...request.settings });
  try {
    return analyzer.firstLook(request.files);
  } catch {
    return undefined;
  } finally {
    analyzer.dispose();
  }
}
