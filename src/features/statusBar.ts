/** A status bar item with the totals (`⚡ 42 · 🌐 17 · ⚠ 3`, as codicons); clicking it shows the Boundary tree. */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { statusBarText, statusBarTooltip, totals } from '../views/status';

export const SHOW_TREE_COMMAND = 'nextBoundary.showTree';

export function register(service: BoundaryService): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('nextBoundary.status', vscode.StatusBarAlignment.Left, -100);
  item.name = 'Next Boundary';
  item.command = SHOW_TREE_COMMAND;
  const update = () => {
    // Nothing to say before the first scan has published (window progress covers that time).
    if (service.snapshot.version === 0) return;
    const sum = totals(service.snapshot.folders.values());
    item.text = statusBarText(sum);
    item.tooltip = statusBarTooltip(sum);
    item.accessibilityInformation = { label: statusBarTooltip(sum).split('\n').slice(0, 2).join('. ') };
    item.show();
  };
  update();
  return vscode.Disposable.from(item, service.onDidChange(update));
}
