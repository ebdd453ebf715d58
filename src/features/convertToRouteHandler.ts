/**
 * "Next Boundary: Convert to Route Handler" (palette, the refactor menu, the "→ Route Handler" lens): a POST
 * twin of a Server Action at app/api/<name>/route.ts, calling the same lib function (extracted first when
 * the action still holds its logic). Every file of one conversion goes into one WorkspaceEdit (one undo
 * step); an existing file is never overwritten, the new route opens. The planning is pure (src/fixes) and
 * loads from dist/service.js.
 */
import * as vscode from 'vscode';
import type { Endpoint } from '../analyzers/model';
import type { FileChange } from '../fixes';
import type { BoundaryService } from '../service/boundary-service';
import { nameRange } from '../views/positions';
import { type AppFilesCache, loadFixes } from './quickFixes';
import { posixPath, uriOf } from './util/paths';
import { documentLines } from './util/text';

export const CONVERT_TO_ROUTE_HANDLER_COMMAND = 'nextBoundary.convertToRouteHandler';
const TEMPLATE_SETTING = 'fixes.authGuard';

export type RefactorKind = 'extract' | 'convert';

const VERB: Record<RefactorKind, string> = { extract: 'extract', convert: 'convert' };

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Plans a refactor from the document's current text and applies it as one WorkspaceEdit; refusals become warnings. */
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
    const document = await vscode.workspace.openTextDocument(uri);
    const index = await this.files.index(fixes, folder, app);
    const input = { text: document.getText(), endpoint, index };
    const template = vscode.workspace.getConfiguration('nextBoundary', uri).get<string>(TEMPLATE_SETTING)?.trim();
    const outcome =
      kind === 'extract'
        ? fixes.extractToLib(input)
        : fixes.convertToRouteHandler({ ...input, endpoints: result.endpoints.filter((item) => item.app === endpoint.app), ...(template && { authGuardTemplate: template }) });
    if (!outcome.ok) {
      void vscode.window.showWarningMessage(`Next Boundary: cannot ${VERB[kind]} ${name}: ${outcome.reason}.`);
      return;
    }
    // The plan read a cached copy of the app: check the disk once more before creating anything.
    for (const change of outcome.changes) {
      if (change.kind === 'create' && (await exists(uriOf(folder, change.file)))) {
        void vscode.window.showWarningMessage(`Next Boundary: ${change.file} already exists; it is never overwritten.`);
        return;
      }
    }
    const edit = this.workspaceEdit(outcome.changes, folder, fixes.positionAt);
    if (!edit) {
      void vscode.window.showWarningMessage(`Next Boundary: a file changed while ${name} was being planned; run the refactor again.`);
      return;
    }
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage(`Next Boundary: the editor did not apply the ${VERB[kind]} of ${name}.`);
      return;
    }
    this.log.info(outcome.summary);
    if (kind === 'convert' && outcome.open) await vscode.window.showTextDocument(uriOf(folder, outcome.open));
    else vscode.window.setStatusBarMessage(`Next Boundary: ${outcome.summary}`, 5000);
  }

  /** One WorkspaceEdit for every change; undefined when an open file no longer has the text the plan was made from. */
  private workspaceEdit(changes: readonly FileChange[], folder: string, positionAt: (text: string, offset: number) => { line: number; character: number }): vscode.WorkspaceEdit | undefined {
    const edit = new vscode.WorkspaceEdit();
    for (const change of changes) {
      const target = uriOf(folder, change.file);
      if (change.kind === 'create') {
        edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(change.text) });
        continue;
      }
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === target.toString());
      if (open && open.getText() !== change.text) return undefined;
      const position = (offset: number) => {
        const at = open ? open.positionAt(offset) : positionAt(change.text, offset);
        return new vscode.Position(at.line, at.character);
      };
      for (const item of change.edits) edit.replace(target, new vscode.Range(position(item.start), position(item.end)), item.newText);
    }
    return edit;
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
