/**
 * The status bar item: a spinner from activation on (looking for apps, then scanning, with the count of files), then
 * the totals (`⚡ 42 · 🌐 17 · ⚠ 3`, as codicons); clicking it shows the Boundary tree. It exists before the service
 * does, so a large workspace never looks idle while the first scan runs.
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { statusBarText, statusBarTooltip, totals } from '../views/status';
import type { FolderBaselines } from './baseline';

export const SHOW_TREE_COMMAND = 'nextBoundary.showTree';

const BUSY = '$(loading~spin) Next Boundary';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nextBoundary.status', vscode.StatusBarAlignment.Left, -100);
  private showingTotals = false;

  constructor() {
    this.item.name = 'Next Boundary';
    this.item.command = SHOW_TREE_COMMAND;
  }

  /** The spinner, with what is being done (`looking for Next.js apps…`, `scanning 1200/4000 files`). */
  busy(doing: string, detail?: string): void {
    if (this.showingTotals) return;
    this.item.text = detail ? `${BUSY} · ${detail}` : BUSY;
    this.item.tooltip = `Next Boundary: ${doing}`;
    this.item.accessibilityInformation = { label: `Next Boundary: ${doing}` };
    this.item.show();
  }

  /**
   * The totals of a published scan, each folder seen through its baseline (baselined findings are not problems);
   * from then on progress of later rescans stays in the window's progress.
   */
  showTotals(service: BoundaryService, baselines: FolderBaselines): void {
    const sum = totals([...service.snapshot.folders].map(([folder, result]) => baselines.apply(folder, result)));
    this.showingTotals = true;
    this.item.text = statusBarText(sum);
    this.item.tooltip = statusBarTooltip(sum);
    this.item.accessibilityInformation = { label: statusBarTooltip(sum).split('\n').slice(0, 2).join('. ') };
    this.item.show();
  }

  /** No app in the workspace (any more): nothing to show. */
  hide(): void {
    this.showingTotals = false;
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** Keeps the item on the service's totals once its first scan has published (the spinner says `scanning` until then). */
export function register(service: BoundaryService, item: StatusItem, baselines: FolderBaselines): vscode.Disposable {
  const update = () => {
    if (service.snapshot.version === 0) item.busy('scanning…');
    else item.showTotals(service, baselines);
  };
  update();
  return vscode.Disposable.from(service.onDidChange(update), baselines.onDidChange(update));
}
