/**
 * "Next Boundary: Convert to Route Handler" (palette, the refactor menu, the "→ Route Handler" lens): a POST
 * twin of a Server Action at app/api/<name>/route.ts, calling the same lib function (extracted first when
 * the action still holds its logic). Every file of one conversion goes into one WorkspaceEdit (one undo
 * step); an existing file is never overwritten, the new route opens. The planning is pure (src/fixes) and
 * loads from dist/service.js.
 */
import * as vscode from 'vscode';
import type { Endpoint } from '../analyzers/model';
import type { FileChange, RefactorResult } from '../fixes';
import type { BoundaryService } from '../service/boundary-service';
import { nameRange } from '../views/positions';
import { type AppFilesCache, loadFixes } from './quickFixes';
import { posixPath, uriOf } from './util/paths';
import { documentLines } from './util/text';

export const CONVERT_TO_ROUTE_HANDLER_COMMAND = 'nextBoundary.convertToRouteHandler';
const TEMPLATE_SETTING = 'fixes.authGuard';

export type RefactorKind = 'extract' | 'convert';

const VERB: Record<RefactorKind, string> = { extract: 'extract', convert: 'convert' };

/** A document open in the editor at this absolute path: a file's, or an untitled one that will be saved there. */
function openDocumentAt(path: string, scheme: 'file' | 'untitled'): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.scheme === scheme && posixPath(document.uri) === path);
}

/** The file on disk at `uri`, or one in its folder whose name differs only in letter case; undefined when neither exists. */
async function existingOnDisk(uri: vscode.Uri): Promise<string | undefined> {
  const path = posixPath(uri);
  try {
    await vscode.workspace.fs.stat(uri);
    return path;
  } catch {
    // Not there under this exact name: look for a case variant beside it.
  }
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1).toLowerCase();
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(path.slice(0, slash)));
    const variant = entries.find(([entry]) => entry.toLowerCase() === name);
    return variant && `${path.slice(0, slash)}/${variant[0]}`;
  } catch {
    return undefined;
  }
}

/** Why the plan cannot be applied as it is: `stale` when planning again from fresh files may fix it. */
type Checked = { kind: 'ready'; edit: vscode.WorkspaceEdit } | { kind: 'stale' | 'refused'; message: string };

/**
 * Plans a refactor from the editor's current texts and applies it as one WorkspaceEdit (one applyEdit, one
 * undo step); refusals become warnings. The plan reads a cached copy of the app, so before anything is
 * applied every file it creates is checked to be absent on disk and every file it edits to still hold the
 * text it was planned from; when not, the app is read again and the refactor planned once more.
 */
export class RefactorRunner {
  constructor(
    private readonly service: BoundaryService,
    private readonly log: vscode.LogOutputChannel,
    private readonly files: AppFilesCache,
  ) {}

  async run(kind: RefactorKind, uri: vscode.Uri, name: string): Promise<void> {
    try {
      await this.apply(kind, uri, name);
    } catch (error) {
      this.log.error(`${VERB[kind]} ${name} failed`, error);
      void vscode.window.showErrorMessage(`Next Boundary: could not ${VERB[kind]} ${name}. See the output log for details.`);
    }
  }

  private async apply(kind: RefactorKind, uri: vscode.Uri, name: string): Promise<void> {
    const path = posixPath(uri);
    const folder = this.service.folderOf(path);
    const result = folder ? this.service.snapshot.folders.get(folder) : undefined;
    const endpoint = this.service.endpointsIn(path).find((item) => item.name === name && (kind === 'extract' || item.kind === 'action'));
    const app = endpoint && result?.apps.find((item) => item.root === endpoint.app);
    if (!folder || !result || !endpoint || !app) {
      void vscode.window.showWarningMessage(`Next Boundary: ${name} is not a ${kind === 'convert' ? 'Server Action' : 'Server Action or Route Handler'} of a scanned app.`);
      return;
    }
    const fixes = loadFixes();
    // The document as the editor holds it (unsaved edits included), not the disk's copy.
    const document = await vscode.workspace.openTextDocument(uri);
    const template = vscode.workspace.getConfiguration('nextBoundary', uri).get<string>(TEMPLATE_SETTING)?.trim();
    for (let attempt = 1; ; attempt++) {
      const index = await this.files.index(fixes, folder, app);
      // Other files as the editor holds them too: an open document's text over the cached read.
      const readFile = (file: string) => (openDocumentAt(`${folder}/${file}`, 'file') ?? openDocumentAt(`${folder}/${file}`, 'untitled'))?.getText() ?? index.files.get(file);
      const input = { text: document.getText(), endpoint, index, readFile };
      const outcome: RefactorResult =
        kind === 'extract'
          ? fixes.extractToLib(input)
          : fixes.convertToRouteHandler({
              ...input,
              endpoints: result.endpoints.filter((item) => item.app === endpoint.app),
              apps: result.apps,
              ...(template && { authGuardTemplate: template }),
            });
      if (!outcome.ok) {
        void vscode.window.showWarningMessage(`Next Boundary: cannot ${VERB[kind]} ${name}: ${outcome.reason}.`);
        return;
      }
      const checked = await this.check(outcome.changes, folder);
      if (checked.kind === 'stale' && attempt === 1) {
        this.files.invalidate();
        continue;
      }
      if (checked.kind !== 'ready') {
        void vscode.window.showWarningMessage(`Next Boundary: cannot ${VERB[kind]} ${name}: ${checked.message}.`);
        return;
      }
      if (!(await vscode.workspace.applyEdit(checked.edit))) {
        void vscode.window.showWarningMessage(`Next Boundary: the editor did not apply the ${VERB[kind]} of ${name}.`);
        return;
      }
      this.log.info(outcome.summary);
      if (kind === 'convert' && outcome.open) await vscode.window.showTextDocument(uriOf(folder, outcome.open));
      else vscode.window.setStatusBarMessage(`Next Boundary: ${outcome.summary}`, 5000);
      return;
    }
  }

  /**
   * One WorkspaceEdit for every change, once the live state agrees with the plan: a created file is absent
   * (on disk, as an open or untitled document, under another letter case), an edited file holds the text
   * the edits were made against. Creations never overwrite; the edits use the live document's positions.
   */
  private async check(changes: readonly FileChange[], folder: string): Promise<Checked> {
    const edit = new vscode.WorkspaceEdit();
    for (const change of changes) {
      const target = uriOf(folder, change.file);
      const path = posixPath(target);
      if (openDocumentAt(path, 'untitled')) return { kind: 'refused', message: `${change.file} is open as an unsaved new file; save or close it first` };
      if (change.kind === 'create') {
        const onDisk = openDocumentAt(path, 'file') ? path : await existingOnDisk(target);
        if (onDisk) return { kind: 'stale', message: `${onDisk.slice(folder.length + 1)} already exists; Next Boundary never overwrites a file` };
        edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(change.text) });
        continue;
      }
      let live = openDocumentAt(path, 'file');
      if (!live) {
        try {
          live = await vscode.workspace.openTextDocument(target);
        } catch {
          return { kind: 'stale', message: `${change.file} could not be read` };
        }
      }
      if (live.getText() !== change.text) return { kind: 'stale', message: `${change.file} changed while the refactor was being planned; run it again` };
      const at = live;
      for (const item of change.edits) edit.replace(target, new vscode.Range(at.positionAt(item.start), at.positionAt(item.end)), item.newText);
    }
    return { kind: 'ready', edit };
  }
}

/** The palette's target: the action under the cursor, the file's only action, or one picked from the file's actions. */
async function actionFromEditor(service: BoundaryService): Promise<{ uri: vscode.Uri; name: string } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Next Boundary: open the file of a Server Action to convert it to a Route Handler.');
    return undefined;
  }
  const document = editor.document;
  const actions = service.endpointsIn(posixPath(document.uri)).filter((item) => item.kind === 'action' && item.actionForm !== 'inline');
  if (actions.length === 0) {
    void vscode.window.showInformationMessage("Next Boundary: this file has no Server Action of a 'use server' module to convert.");
    return undefined;
  }
  const cursor = document.offsetAt(editor.selection.active);
  const text = document.getText();
  const fixes = loadFixes();
  const lines = documentLines(document);
  const under = actions.find((item) => {
    const span = fixes.endpointSpan(text, item);
    if (span) return span.start <= cursor && cursor <= span.end;
    return nameRange(item, lines).line === editor.selection.active.line;
  });
  const chosen: Endpoint | undefined =
    under ??
    (actions.length === 1
      ? actions[0]
      : (
          await vscode.window.showQuickPick(
            actions.map((item) => ({ label: item.name, description: `line ${item.line}`, endpoint: item })),
            { placeHolder: 'Server Action to convert to a Route Handler' },
          )
        )?.endpoint);
  return chosen && { uri: document.uri, name: chosen.name };
}

/** Registers the command (palette, refactor menu and lens all run it). */
export function register(service: BoundaryService, log: vscode.LogOutputChannel, files: AppFilesCache): vscode.Disposable {
  const runner = new RefactorRunner(service, log, files);
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CONVERT_TO_ROUTE_HANDLER_COMMAND, async (uri?: vscode.Uri, name?: string) => {
      const target = uri && name ? { uri, name } : await actionFromEditor(service);
      if (target) await runner.run('convert', target.uri, target.name);
    }),
  );
}
