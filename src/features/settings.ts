/**
 * `nextBoundary.*` analysis settings (guards, wrappers, public paths, excluded globs, severity per rule):
 * read for every scan, and a change re-scans at once — no reload.
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { ANALYSIS_SETTINGS, scanOptionsFromSettings } from '../views/settings';

export function scanOptions(): ReturnType<typeof scanOptionsFromSettings> {
  const configuration = vscode.workspace.getConfiguration('nextBoundary');
  return scanOptionsFromSettings((key) => configuration.get(key));
}

export function register(service: BoundaryService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    const changed = ANALYSIS_SETTINGS.filter((key) => event.affectsConfiguration(`nextBoundary.${key}`));
    if (changed.length === 0) return;
    log.info(`settings changed (${changed.map((key) => `nextBoundary.${key}`).join(', ')}): re-scanning`);
    service.rescanAll().catch((error: unknown) => log.error('re-scan after a settings change failed', error));
  });
}
