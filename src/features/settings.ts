/**
 * `nextBoundary.*` analysis settings (guards, wrappers, public paths, excluded globs, severity per rule):
 * read per workspace folder for every scan (each folder of a multi-root workspace may set its own), and a
 * change re-scans the folders it affects at once — no reload.
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { ANALYSIS_SETTINGS, scanOptionsFromSettings } from '../views/settings';

export function scanOptions(folder: string): ReturnType<typeof scanOptionsFromSettings> {
  const configuration = vscode.workspace.getConfiguration('nextBoundary', vscode.Uri.file(folder));
  return scanOptionsFromSettings((key) => configuration.get(key));
}

export function register(service: BoundaryService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    const changed = ANALYSIS_SETTINGS.filter((key) => event.affectsConfiguration(`nextBoundary.${key}`));
    if (changed.length === 0) return;
    const folders = service.folderList.filter((folder) => changed.some((key) => event.affectsConfiguration(`nextBoundary.${key}`, vscode.Uri.file(folder))));
    if (folders.length === 0) return;
    log.info(`settings changed (${changed.map((key) => `nextBoundary.${key}`).join(', ')}): re-scanning ${folders.join(', ')}`);
    service.rescan(folders).catch((error: unknown) => log.error('re-scan after a settings change failed', error));
  });
}
