/**
 * CodeLens above every Server Action and Route Handler method: `⚡ action · internal | 3 callers | ⚠ missing
 * auth`. The provider only places the lenses (one lookup in the latest model); titles and commands are
 * filled in when the editor resolves the visible ones. The caller count opens the references peek; a
 * finding puts the cursor on the name and asks for its quick fixes.
 */
import * as vscode from 'vscode';
import type { Endpoint } from '../analyzers/model';
import type { BoundaryService } from '../service/boundary-service';
import { type LensSlot, firstLookTitle, lensSlots, lensTitle } from '../views/lens';
import { findingRange, lineRange, nameRange } from '../views/positions';
import { CONVERT_TO_ROUTE_HANDLER_COMMAND } from './convertToRouteHandler';
import { Disposable } from './util/dispose';
import { SOURCE_SELECTOR, locationOf, posixPath, uriOf } from './util/paths';
import { documentLines, toRange } from './util/text';

export const SHOW_DETAILS_COMMAND = 'nextBoundary.showDetails';
export const SHOW_FINDING_FIXES_COMMAND = 'nextBoundary.showFindingFixes';
const ENABLED_SETTING = 'codeLens.enabled';

/** Cancellation is not an error: show nothing until the lens is computed again. */
const EMPTY_COMMAND: vscode.Command = { title: '', command: '' };

interface EndpointKey {
  file: string;
  kind: Endpoint['kind'];
  name: string;
}

/** Where clicking a finding's lens puts the cursor: its diagnostic (same file), or a line of another file. */
type FindingTarget = { uri: vscode.Uri; range: vscode.Range } | { uri: vscode.Uri; line: number };

class EndpointLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: vscode.Uri,
    readonly path: string,
    readonly key: EndpointKey,
    readonly slot: LensSlot,
    readonly target?: FindingTarget,
  ) {
    super(range);
  }
}

class BoundaryCodeLensProvider extends Disposable implements vscode.CodeLensProvider<EndpointLens> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: BoundaryService) {
    super();
    this.register(service.onDidChange(() => this.changed.fire()));
    this.register(service.onDidFirstLook(() => this.changed.fire()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`nextBoundary.${ENABLED_SETTING}`)) this.changed.fire();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): EndpointLens[] {
    if (!vscode.workspace.getConfiguration('nextBoundary', document).get<boolean>(ENABLED_SETTING, true)) return [];
    const path = posixPath(document.uri);
    const endpoints = this.service.endpointsIn(path);
    if (endpoints.length === 0) return this.firstLookLenses(document, path);
    const lines = documentLines(document);
    const lenses: EndpointLens[] = [];
    for (const endpoint of endpoints) {
      if (token.isCancellationRequested) return [];
      const range = toRange(nameRange(endpoint, lines));
      const key = { file: endpoint.file, kind: endpoint.kind, name: endpoint.name };
      for (const slot of lensSlots(endpoint, { refactors: true })) {
        lenses.push(new EndpointLens(range, document.uri, path, key, slot, slot.part === 'finding' ? this.target(document, endpoint, slot.ruleId) : undefined));
      }
    }
    return lenses;
  }

  /** Before the workspace's first scan is in: one lens per endpoint from a first look at this file (asked for here). */
  private firstLookLenses(document: vscode.TextDocument, path: string): EndpointLens[] {
    this.service.requestFirstLook(path);
    const endpoints = this.service.firstLookIn(path);
    if (endpoints.length === 0) return [];
    const lines = documentLines(document);
    return endpoints.map((endpoint) => {
      const lens = new EndpointLens(toRange(nameRange(endpoint, lines)), document.uri, path, { file: endpoint.file, kind: endpoint.kind, name: endpoint.name }, { part: 'first-look' });
      // Titled here, not in resolveCodeLens: one round trip less while a cold scan keeps the machine busy.
      lens.command = this.command(endpoint, lens, firstLookTitle(endpoint));
      return lens;
    });
  }

  private target(document: vscode.TextDocument, endpoint: Endpoint, ruleId: string): FindingTarget | undefined {
    const finding = endpoint.findings.find((item) => item.ruleId === ruleId);
    const folder = this.service.folderOf(posixPath(document.uri));
    if (!finding || !folder) return undefined;
    if (finding.file !== endpoint.file) return { uri: uriOf(folder, finding.file), line: finding.line };
    return { uri: document.uri, range: toRange(findingRange(endpoint, finding, documentLines(document))) };
  }

  resolveCodeLens(lens: EndpointLens, token: vscode.CancellationToken): EndpointLens {
    if (token.isCancellationRequested) {
      lens.command = EMPTY_COMMAND;
      return lens;
    }
    const endpoint = (lens.slot.part === 'first-look' ? this.service.firstLookIn(lens.path) : this.service.endpointsIn(lens.path)).find(
      (item) => item.file === lens.key.file && item.kind === lens.key.kind && item.name === lens.key.name,
    );
    const title = endpoint && lensTitle(endpoint, lens.slot);
    lens.command = endpoint && title !== undefined ? this.command(endpoint, lens, title) : EMPTY_COMMAND;
    return lens;
  }

  private command(endpoint: Endpoint, lens: EndpointLens, title: string): vscode.Command {
    switch (lens.slot.part) {
      case 'summary':
        return { title, command: SHOW_DETAILS_COMMAND, arguments: [lens.uri, lens.range.start], tooltip: 'Show exposure, callers and auth evidence' };
      case 'callers': {
        const folder = this.service.folderOf(lens.path);
        const locations = folder ? endpoint.callers.map((caller) => locationOf(folder, caller)) : [];
        return { title, command: 'editor.action.showReferences', arguments: [lens.uri, lens.range.start, locations], tooltip: 'Show callers' };
      }
      case 'finding': {
        const ruleId = lens.slot.ruleId;
        const finding = endpoint.findings.find((item) => item.ruleId === ruleId);
        const target = lens.target ?? { uri: lens.uri, range: lens.range };
        return { title, command: SHOW_FINDING_FIXES_COMMAND, arguments: [target], tooltip: finding?.message ?? ruleId };
      }
      case 'convert':
        return { title, command: CONVERT_TO_ROUTE_HANDLER_COMMAND, arguments: [lens.uri, endpoint.name], tooltip: 'Add a POST Route Handler under app/api that calls the same lib function' };
      case 'first-look':
        // Nothing to open yet: the hover, callers and findings come with the workspace's scan.
        return { title, command: '', tooltip: 'A first look at this file while the workspace is scanned: callers, exposure and findings follow' };
    }
  }
}

async function showDetails(uri: vscode.Uri, position: vscode.Position): Promise<void> {
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
  await vscode.commands.executeCommand('editor.action.showHover');
}

async function showFindingFixes(target: FindingTarget): Promise<void> {
  const document = await vscode.workspace.openTextDocument(target.uri);
  const range = 'range' in target ? target.range : toRange(lineRange(target.line, documentLines(document)));
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, range.start) });
  await vscode.commands.executeCommand('editor.action.quickFix');
}

/** Registers the lens provider (it honours `nextBoundary.codeLens.enabled` per resource) and its commands. */
export function register(service: BoundaryService): vscode.Disposable {
  const provider = new BoundaryCodeLensProvider(service);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeLensProvider(SOURCE_SELECTOR, provider),
    vscode.commands.registerCommand(SHOW_DETAILS_COMMAND, showDetails),
    vscode.commands.registerCommand(SHOW_FINDING_FIXES_COMMAND, showFindingFixes),
  );
}
