/**
 * The palette commands (category "Next Boundary"): rescan, show the tree, show the output log. They exist
 * from activation on, before any app is found; the service-bound features register their own internal
 * commands (hidden from the palette in package.json).
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { scanWithProgress } from './util/scan';
import { SHOW_TREE_COMMAND } from './statusBar';
import { CONTAINER_ID, FOCUS_TREE_COMMAND, VIEW_ID } from './tree';

export const RESCAN_COMMAND = 'nextBoundary.rescan';
export const SHOW_OUTPUT_COMMAND = 'nextBoundary.showOutput';

export interface CommandDeps {
  log: vscode.LogOutputChannel;
  /** The running service, once a Next.js app was found. */
  service: () => BoundaryService | undefined;
  /** Looks for Next.js apps again; resolves with the folders holding one. */
  findApps: () => Promise<string[]>;
}

const NO_APP = 'Next Boundary found no Next.js app in this workspace (no next.config.* and no package.json depending on next).';

function guarded(log: vscode.LogOutputChannel, name: string, run: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await run();
    } catch (error) {
      log.error(`${name} failed`, error);
      void vscode.window.showErrorMessage(`Next Boundary: ${name} failed. See the output log for details.`);
    }
  };
}

export function register({ log, service, findApps }: CommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(
      RESCAN_COMMAND,
      guarded(log, 'rescan', async () => {
        const running = service();
        if (running) return scanWithProgress(running, log, 'rescan requested');
        // Idle: look for apps again; finding one starts the first scan.
        const folders = await findApps();
        if (folders.length === 0) void vscode.window.showInformationMessage(NO_APP);
      }),
    ),
    vscode.commands.registerCommand(
      SHOW_TREE_COMMAND,
      guarded(log, 'show tree', async () => {
        if (!service()) {
          void vscode.window.showInformationMessage(NO_APP);
          return;
        }
        // Its own container in the activity bar: open it (whatever side bar was showing), then focus the tree
        // (the tree feature's command waits for the view to be shown; `<view>.focus` if it is not registered).
        await vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`);
        await vscode.commands.executeCommand(FOCUS_TREE_COMMAND).then(undefined, () => vscode.commands.executeCommand(`${VIEW_ID}.focus`));
      }),
    ),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => log.show(true)),
  );
}
