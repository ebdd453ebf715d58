import type { ScanResult } from './model';

export interface ScanOptions {
  /** Called now and then during a scan with the number of files handled so far. */
  onProgress?: (done: number, total: number, phase: string) => void;
}

/** Scans a folder (a Next.js app or a monorepo holding several) and returns the boundary model. */
export function analyzeWorkspace(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  void root;
  void options;
  return Promise.reject(new Error('analyzeWorkspace: being written in this session'));
}

export * from './model';
