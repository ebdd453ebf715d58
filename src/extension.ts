import * as path from 'node:path';
import * as vscode from 'vscode';
import * as baseline from './features/baseline';
import * as codeLens from './features/codeLens';
import * as commands from './features/commands';
import * as convertToRouteHandler from './features/convertToRouteHandler';
import * as diagnostics from './features/diagnostics';
import * as documentSync from './features/documentSync';
import * as hover from './features/hover';
import * as quickFixes from './features/quickFixes';
import * as refactors from './features/refactors';
import * as settings from './features/settings';
import * as statusBar from './features/statusBar';
import * as tree from './features/tree';
import { scanWithProgress } from './features/util/scan';
import * as workspaceApps from './features/workspaceApps';
import type { BoundaryService } from './service/boundary-service';

const ACTIVE_CONTEXT = 'nextBoundary.active';

/**
 * The analyzer ships as dist/service.js beside dist/extension.js and is read only when a Next.js app is found:
 * the path is computed so the bundler leaves it out of the extension's own (small) bundle.
 */
function loadService(): Promise<typeof import('./service/boundary-service')> {
  const servicePath = path.join(__dirname, 'service.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path keeps the analyzer out of this bundle
  return Promise.resolve(require(servicePath) as typeof import('./service/boundary-service'));
}

interface Session {
  service: BoundaryService;
  features: vscode.Disposable;
  folders: string[];
}

/**
 * Wires the features; each lives in src/features/ and returns a Disposable. Activation only registers
 * the palette commands and starts looking for Next.js apps; the service and the editor features start
 * once a folder holds an app, and stop when none does any more.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Next Boundary', { log: true });
  log.info(`activated (${(context.extension.packageJSON as { version: string }).version})`);
  // There from the first moment: a large workspace shows a spinner, never nothing, until its totals are in.
  const status = new statusBar.StatusItem();
  status.busy('looking for Next.js apps…');
  let session: Session | undefined;
  /** The folders the session should cover: the latest answer of the app detection. */
  let wanted: string[] = [];
  let starting = false;

  const start = async (folders: string[]): Promise<Session> => {
    const { BoundaryService, WorkerEngine } = await loadService();
    const info = (message: string) => log.info(message);
    // The analysis runs in a worker thread: a cold scan of a large workspace never blocks the extension host.
    const engine = new WorkerEngine(path.join(__dirname, 'analysis-worker.js'), info);
    const service = new BoundaryService(folders, engine, { debounceMs: 200, log: info, scanOptions: settings.scanOptions });
    // One cached read of each app's files serves the quick fixes and the refactors.
    const appFiles = new quickFixes.AppFilesCache();
    // Each folder's `nextBoundary.baseline`, read and watched once for the diagnostics, the tree and the status bar.
    const baselines = baseline.register(service, log);
    const features = vscode.Disposable.from(
      settings.register(service, log),
      documentSync.register(service, log),
      baselines,
      diagnostics.register(service, log, baselines),
      codeLens.register(service),
      hover.register(service),
      quickFixes.register(service, log, appFiles),
      refactors.register(service, log, appFiles),
      convertToRouteHandler.register(service, log, appFiles),
      appFiles,
      tree.register(service, context.workspaceState, log, baselines),
      statusBar.register(service, status, baselines),
      service,
    );
    return { service, features, folders };
  };

  const stop = () => {
    session?.features.dispose();
    session = undefined;
    status.hide();
    void vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT, false);
  };

  const sync = async (): Promise<void> => {
    if (starting) return; // picks up `wanted` when the start completes
    if (wanted.length === 0) return stop();
    if (session) {
      session.folders = wanted;
      // Publishes at once when a folder is dropped, so every view forgets it.
      session.service.setFolders(wanted);
      return;
    }
    starting = true;
    try {
      session = await start(wanted);
      void vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT, true);
      await scanWithProgress(session.service, log, 'first scan', (done, total, phase) => status.busy(`${phase} ${done} of ${total} files`, `${done}/${total}`));
    } finally {
      starting = false;
    }
    if (session && wanted !== session.folders) await sync();
  };

  const apps = workspaceApps.register(log, (folders) => {
    wanted = folders;
    sync().catch((error: unknown) => log.error('Next Boundary failed to start', error));
  });
  context.subscriptions.push(log, status, apps, commands.register({ log, service: () => session?.service, findApps: () => apps.refresh() }), { dispose: stop });
}

export function deactivate(): void {}
