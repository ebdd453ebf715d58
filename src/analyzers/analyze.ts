import type { ScanResult } from './model';
import { type ScanOptions, WorkspaceAnalyzer } from './workspace-analyzer';

export type { ScanOptions } from './workspace-analyzer';

/** Scans a folder (a Next.js app or a monorepo holding several) and returns the boundary model. */
export function analyzeWorkspace(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    // Let the caller paint its progress before the synchronous work starts.
    setImmediate(() => {
      try {
        resolve(scanSync(root, options));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

export function scanSync(root: string, options: ScanOptions = {}): ScanResult {
  const analyzer = new WorkspaceAnalyzer(root, options);
  try {
    const result = analyzer.scan();
    if (options.changedFiles) result.filesReachingChanges = analyzer.filesReaching(options.changedFiles);
    return result;
  } finally {
    analyzer.dispose();
  }
}
