/**
 * Where the analysis runs. The service decides *when* to analyse (debounce, one round at a time); an engine does
 * the work: in this thread (tests, tools) or in a worker thread (the editor, so a cold scan never blocks the
 * extension host). Both speak the same request/reply shapes, which are plain data so they cross a thread.
 */
import type { ScanResult } from '../analyzers/model';
import type { ScanOptions } from '../analyzers/workspace-analyzer';

export type AnalysisSettings = Pick<ScanOptions, 'config' | 'severities'>;

export interface AnalysisRequest {
  /** Every folder the editor has open now: an engine forgets the others. */
  folders: string[];
  /** Folders to scan in full. */
  scan: string[];
  /** Files changed per folder since the last request (absolute POSIX paths). */
  changed: [folder: string, files: string[]][];
  /** Unsaved editor texts that changed since the last request; null when the buffer was closed or saved. */
  unsaved: [path: string, text: string | null][];
  /** Settings per folder: in a multi-root workspace each folder can have its own. */
  settings: [folder: string, settings: AnalysisSettings][];
}

export type FolderReply =
  | { folder: string; kind: 'scanned' | 'updated'; result: ScanResult; durationMs: number }
  | { folder: string; kind: 'failed'; error: string };

export type ProgressListener = NonNullable<ScanOptions['onProgress']>;

/** A first look at a few files of a folder whose first scan is still running (see WorkspaceAnalyzer.firstLook). */
export interface FirstLookRequest {
  folder: string;
  /** Absolute POSIX paths. */
  files: string[];
  settings: AnalysisSettings;
  /** Every unsaved text the editor holds now. */
  unsaved: [path: string, text: string][];
}

export interface AnalysisEngine {
  analyse(request: AnalysisRequest, onProgress?: ProgressListener): Promise<FolderReply[]>;
  /** Answered out of turn, even in the middle of a cold scan (see ScanOptions.checkpoint): undefined when no file holds an endpoint. */
  firstLook(request: FirstLookRequest): Promise<ScanResult | undefined>;
  dispose(): void;
}
