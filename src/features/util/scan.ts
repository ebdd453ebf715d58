/**
 * Scans with window progress (the spinner in the status bar): the first scan of a workspace and the
 * rescan command. Later updates after edits are silent.
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../../service/boundary-service';

export const SCANNING_CONTEXT = 'nextBoundary.scanning';

/** `status`, when given, hears the same progress (the status bar item's spinner before the first totals). */
export async function scanWithProgress(service: BoundaryService, log: vscode.LogOutputChannel, why: string, status?: (done: number, total: number, phase: string) => void): Promise<void> {
  const started = Date.now();
  log.info(`${why}: scanning`);
  void vscode.commands.executeCommand('setContext', SCANNING_CONTEXT, true);
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Next Boundary' }, async (progress) => {
      progress.report({ message: 'scanning…' });
      let last = 0;
      await service.rescanAll((done, total, phase) => {
        const now = Date.now();
        if (now - last < 100) return;
        last = now;
        progress.report({ message: `${phase} ${done}/${total}` });
        status?.(done, total, phase);
      });
    });
    log.info(`${why}: done in ${Date.now() - started} ms`);
  } finally {
    void vscode.commands.executeCommand('setContext', SCANNING_CONTEXT, false);
  }
}
