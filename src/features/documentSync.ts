/**
 * Keeps the service's view of the files current: unsaved edits (debounced) go to `documentChanged`, so
 * lenses and diagnostics follow the text being typed; files created, deleted, renamed or changed on disk
 * go to `fileChanged`.
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { Disposable } from './util/dispose';
import { IGNORED_PATH, isRelevantPath, posixPath } from './util/paths';

const EDIT_DEBOUNCE_MS = 150;

class DocumentSync extends Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Paths whose unsaved text the service holds: closing them hands the file back to the disk. */
  private readonly sent = new Set<string>();

  constructor(
    private readonly service: BoundaryService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.changed(event)));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*'));
    this.register(watcher.onDidCreate((uri) => this.created(uri)));
    this.register(watcher.onDidDelete((uri) => this.deleted(uri)));
    this.register(watcher.onDidChange((uri) => this.changedOnDisk(uri)));
    // Open documents that are already dirty when the service starts.
    for (const document of vscode.workspace.textDocuments) if (document.isDirty) this.send(document);
  }

  override dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    super.dispose();
  }

  private relevant(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const path = posixPath(uri);
    return isRelevantPath(path) && this.service.folderOf(path) ? path : undefined;
  }

  private changed(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return; // dirty-state or language change only
    const path = this.relevant(event.document.uri);
    if (!path) return;
    const pending = this.timers.get(path);
    if (pending) clearTimeout(pending);
    this.timers.set(
      path,
      setTimeout(() => {
        this.timers.delete(path);
        if (!event.document.isClosed) this.send(event.document);
      }, EDIT_DEBOUNCE_MS),
    );
  }

  private send(document: vscode.TextDocument): void {
    const path = this.relevant(document.uri);
    if (!path) return;
    this.sent.add(path);
    this.service.documentChanged(path, document.getText());
  }

  private closed(document: vscode.TextDocument): void {
    const path = this.relevant(document.uri);
    if (!path) return;
    const pending = this.timers.get(path);
    if (pending) clearTimeout(pending);
    this.timers.delete(path);
    if (this.sent.delete(path)) this.service.documentChanged(path, undefined);
  }

  private changedOnDisk(uri: vscode.Uri): void {
    const path = this.relevant(uri);
    if (!path) return;
    // A save of a document whose text the service already has changes nothing.
    if (this.sent.has(path)) {
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
      if (open && !open.isDirty) return;
    }
    this.service.fileChanged(path);
  }

  private created(uri: vscode.Uri): void {
    const path = this.relevant(uri);
    if (path) {
      this.service.fileChanged(path);
      return;
    }
    // A folder created or renamed into place brings its files with it, in one event for the folder.
    if (!this.possibleFolder(uri)) return;
    vscode.workspace.fs.stat(uri).then(
      (stat) => {
        if (stat.type & vscode.FileType.Directory) this.folderChanged(uri);
      },
      () => undefined,
    );
  }

  private deleted(uri: vscode.Uri): void {
    const path = this.relevant(uri);
    if (path) this.service.fileChanged(path);
    // Once deleted, a folder cannot be told from a file: anything that may have been one re-scans.
    else if (this.possibleFolder(uri)) this.folderChanged(uri);
  }

  /** A folder's files are unknown once it is gone: the service re-scans the workspace folder that held it. */
  private folderChanged(uri: vscode.Uri): void {
    this.log.info(`folder created, deleted or renamed: ${posixPath(uri)}`);
    this.service.fileChanged(posixPath(uri));
  }

  /** A path that may be a folder in a scanned workspace folder (its kind can no longer be told once deleted). */
  private possibleFolder(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const path = posixPath(uri);
    if (IGNORED_PATH.test(`${path}/`) || !this.service.folderOf(path)) return undefined;
    const name = path.slice(path.lastIndexOf('/') + 1);
    // Dot folders (.vscode, .idea, .github) hold no app code; files that cannot matter (images, styles,
    // docs) are not folders worth a re-scan.
    if (name.startsWith('.')) return undefined;
    return /\.(png|jpe?g|gif|svg|ico|webp|avif|css|scss|sass|less|md|mdx|txt|map|log|lock|ya?ml|env|d\.ts)$/i.test(name) ? undefined : path;
  }
}

export function register(service: BoundaryService, log: vscode.LogOutputChannel): vscode.Disposable {
  return new DocumentSync(service, log);
}
