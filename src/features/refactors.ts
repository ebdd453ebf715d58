/**
 * Refactors on a Server Action's or Route Handler's name: "Extract to /lib" (refactor.extract) moves the
 * logic into lib/<domain>.ts, "Convert to Route Handler" (refactor.rewrite, actions only) adds a POST twin
 * under app/api. Offering them costs one parse of the document; a refactor that does not apply is listed
 * disabled with the reason. Picking one runs a command, which reads the app, plans and applies the edit
 * (or explains the refusal).
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { nameRange } from '../views/positions';
import { CONVERT_TO_ROUTE_HANDLER_COMMAND, RefactorRunner } from './convertToRouteHandler';
import { type AppFilesCache, loadFixes, ruleOf } from './quickFixes';
import { SOURCE_SELECTOR, posixPath } from './util/paths';
import { documentLines } from './util/text';

/** Internal: what the "Extract to /lib" code action runs. */
export const EXTRACT_TO_LIB_COMMAND = 'nextBoundary.extractToLib';

/** The finding whose fix is a conversion: an action that serves outside callers belongs in a route handler. */
const WEBHOOK_AS_ACTION = 'webhook-as-action';

class RefactorProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorExtract, vscode.CodeActionKind.RefactorRewrite];

  constructor(private readonly service: BoundaryService) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const only = context.only;
    const wantExtract = !only || only.intersects(vscode.CodeActionKind.RefactorExtract);
    const wantRewrite = !only || only.intersects(vscode.CodeActionKind.RefactorRewrite);
    const webhookFinding = !only || only.intersects(vscode.CodeActionKind.QuickFix) ? context.diagnostics.find((diagnostic) => ruleOf(diagnostic) === WEBHOOK_AS_ACTION) : undefined;
    if (!wantExtract && !wantRewrite && !webhookFinding) return [];
    const endpoints = this.service.endpointsIn(posixPath(document.uri));
    if (endpoints.length === 0) return [];
    const lines = documentLines(document);
    // On the export's name, like the editor's own refactors (the whole line of it, for an easy reach).
    const endpoint = endpoints.find((item) => nameRange(item, lines).line === range.start.line && range.start.line === range.end.line);
    if (!endpoint || token.isCancellationRequested) return [];
    const availability = loadFixes().refactorAvailability(document.getText(), endpoint);
    const actions: vscode.CodeAction[] = [];
    if (webhookFinding && endpoint.kind === 'action' && !availability.convert) {
      // The fix of `webhook-as-action`, offered on the finding itself (the refactor below stays in the Refactor menu).
      const fix = this.action('Convert to Route Handler', vscode.CodeActionKind.QuickFix, CONVERT_TO_ROUTE_HANDLER_COMMAND, document.uri, endpoint.name, undefined);
      fix.diagnostics = [webhookFinding];
      fix.isPreferred = true;
      actions.push(fix);
    }
    if (wantExtract) actions.push(this.action('Extract to /lib', vscode.CodeActionKind.RefactorExtract, EXTRACT_TO_LIB_COMMAND, document.uri, endpoint.name, availability.extract));
    if (wantRewrite && endpoint.kind === 'action') {
      actions.push(this.action('Convert to Route Handler', vscode.CodeActionKind.RefactorRewrite, CONVERT_TO_ROUTE_HANDLER_COMMAND, document.uri, endpoint.name, availability.convert));
    }
    return actions;
  }

  private action(title: string, kind: vscode.CodeActionKind, command: string, uri: vscode.Uri, name: string, blocked: string | undefined): vscode.CodeAction {
    const action = new vscode.CodeAction(title, kind);
    if (blocked) action.disabled = { reason: blocked };
    else action.command = { title, command, arguments: [uri, name] };
    return action;
  }
}

/** Registers the refactor provider for TS/JS files on disk, and the command "Extract to /lib" runs. */
export function register(service: BoundaryService, log: vscode.LogOutputChannel, files: AppFilesCache): vscode.Disposable {
  const runner = new RefactorRunner(service, log, files);
  const provider = new RefactorProvider(service);
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(SOURCE_SELECTOR, provider, { providedCodeActionKinds: RefactorProvider.providedCodeActionKinds }),
    vscode.commands.registerCommand(EXTRACT_TO_LIB_COMMAND, (uri: vscode.Uri, name: string) => runner.run('extract', uri, name)),
  );
}
