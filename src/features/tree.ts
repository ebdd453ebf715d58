/**
 * The Boundary tree (view `nextBoundary.endpoints`, alone in its own activity bar container `nextBoundary`,
 * shown once an app is found): every app → Server Actions / Route Handlers →
 * file or URL → endpoint, with finding badges, a "findings only" filter and a file/URL grouping toggle
 * (both remembered per workspace). Clicking an endpoint opens it at its name; its tooltip is the hover.
 */
import * as vscode from 'vscode';
import type { Endpoint, ScanResult, Severity } from '../analyzers/model';
import type { BoundaryService } from '../service/boundary-service';
import type { FolderBaselines } from './baseline';
import { hoverMarkdown } from '../views/hover';
import { plural } from '../views/labels';
import { nameRange } from '../views/positions';
import { totals } from '../views/status';
import { type GroupBy, type TreeNode, buildTree, parentsOf } from '../views/tree';
import { Disposable } from './util/dispose';
import { linkTo, uriOf } from './util/paths';
import { documentLines, toRange } from './util/text';

export const VIEW_ID = 'nextBoundary.endpoints';
/** The activity bar container holding the view (package.json `viewsContainers.activitybar`). */
export const CONTAINER_ID = 'nextBoundary';
export const OPEN_ENDPOINT_COMMAND = 'nextBoundary.openEndpoint';
/** Moves the keyboard focus into the tree once it is shown (Show Boundary Tree runs it after opening the container). */
export const FOCUS_TREE_COMMAND = 'nextBoundary.focusTree';
const COMMANDS = {
  findingsOnly: 'nextBoundary.showFindingsOnly',
  allEndpoints: 'nextBoundary.showAllEndpoints',
  groupByFile: 'nextBoundary.groupByFile',
  groupByUrl: 'nextBoundary.groupByUrl',
};
const STATE = { groupBy: 'nextBoundary.tree.groupBy', findingsOnly: 'nextBoundary.tree.findingsOnly' };

const SEVERITY_COLOR: Record<Severity, string> = {
  error: 'problemsErrorIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
  info: 'problemsInfoIcon.foreground',
};

function icon(id: string, severity: Severity | undefined): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, severity ? new vscode.ThemeColor(SEVERITY_COLOR[severity]) : undefined);
}

function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

class BoundaryTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private parents = new Map<string, TreeNode>();

  constructor(
    private readonly service: BoundaryService,
    private readonly state: vscode.Memento,
    private readonly baselines: FolderBaselines,
  ) {
    super();
  }

  /** Each folder's scan seen through its baseline: the badges and the "findings only" filter count new findings. */
  folders(): Map<string, ScanResult> {
    return new Map([...this.service.snapshot.folders].map(([folder, result]) => [folder, this.baselines.apply(folder, result)]));
  }

  get groupBy(): GroupBy {
    return this.state.get<GroupBy>(STATE.groupBy) === 'url' ? 'url' : 'file';
  }

  get findingsOnly(): boolean {
    return this.state.get<boolean>(STATE.findingsOnly) === true;
  }

  async setOptions(options: { groupBy?: GroupBy; findingsOnly?: boolean }): Promise<void> {
    if (options.groupBy !== undefined) await this.state.update(STATE.groupBy, options.groupBy);
    if (options.findingsOnly !== undefined) await this.state.update(STATE.findingsOnly, options.findingsOnly);
    this.rebuild();
  }

  rebuild(): void {
    setContext('nextBoundary.groupBy', this.groupBy);
    setContext('nextBoundary.findingsOnly', this.findingsOnly);
    this.roots = buildTree(this.folders(), { groupBy: this.groupBy, findingsOnly: this.findingsOnly });
    this.parents = parentsOf(this.roots);
    this.changed.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const expanded = node.kind !== 'group' || this.findingsOnly;
    const item = new vscode.TreeItem(
      node.label,
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = node.id;
    if (node.description !== undefined) item.description = node.description;
    item.contextValue = `nextBoundary.${node.kind}`;
    switch (node.kind) {
      case 'app':
        item.iconPath = icon('package', undefined);
        break;
      case 'category':
        item.iconPath = icon(node.category === 'action' ? 'zap' : 'globe', undefined);
        break;
      case 'group':
        if (node.file !== undefined) {
          item.resourceUri = uriOf(node.folder, node.file);
          item.iconPath = vscode.ThemeIcon.File;
          item.tooltip = node.file;
        } else {
          item.iconPath = icon('link', undefined);
        }
        break;
      case 'endpoint':
        item.iconPath = icon(node.category === 'action' ? 'zap' : 'globe', node.severity);
        item.command = { title: 'Open', command: OPEN_ENDPOINT_COMMAND, arguments: [node.folder, node.endpoint] };
        break;
    }
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'endpoint' && node.endpoint) {
      const result = this.service.snapshot.folders.get(node.folder);
      const app = result?.apps.find((candidate) => candidate.root === node.endpoint?.app);
      item.tooltip = new vscode.MarkdownString(hoverMarkdown(node.endpoint, { ...(app && { app }), link: (location) => linkTo(node.folder, location) }));
    }
    return item;
  }
}

async function openEndpoint(folder: string, endpoint: Endpoint): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uriOf(folder, endpoint.file));
  const range = toRange(nameRange(endpoint, documentLines(document)));
  await vscode.window.showTextDocument(document, { selection: range, preview: true });
}

/** Resolves once the view is shown, or after `timeoutMs`: a view opened for the first time has no tree before. */
function whenVisible(view: vscode.TreeView<TreeNode>, timeoutMs: number): Promise<void> {
  if (view.visible) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = view.onDidChangeVisibility((event) => {
      if (event.visible) done();
    });
    const timer = setTimeout(() => done(), timeoutMs);
    function done(): void {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}

/**
 * The focus in the tree. `<view>.focus` alone loses it when the view is shown for the first time (its tree is
 * created after the call); `reveal` waits for the tree to hold the node, then focuses it.
 */
async function focusTree(view: vscode.TreeView<TreeNode>, provider: BoundaryTreeProvider): Promise<void> {
  await whenVisible(view, 5_000);
  const first = provider.getChildren()[0];
  if (first) {
    try {
      await view.reveal(first, { select: false, focus: true });
      return;
    } catch {
      // The tree was rebuilt in between: the node is gone. Focus the view as it is.
    }
  }
  await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
}

class BoundaryTree extends Disposable {
  constructor(service: BoundaryService, state: vscode.Memento, log: vscode.LogOutputChannel, baselines: FolderBaselines) {
    super();
    const provider = this.register(new BoundaryTreeProvider(service, state, baselines));
    const view = this.register(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
    const update = () => {
      provider.rebuild();
      const sum = totals(provider.folders().values());
      view.badge = sum.findings > 0 ? { value: sum.findings, tooltip: plural(sum.findings, 'finding') } : undefined;
      view.message = provider.findingsOnly && sum.findings > 0 ? `Showing ${plural(sum.findings, 'finding')} only` : undefined;
    };
    const set = (options: { groupBy?: GroupBy; findingsOnly?: boolean }) => () =>
      provider.setOptions(options).then(update, (error: unknown) => log.error('tree option update failed', error));
    this.register(service.onDidChange(update));
    this.register(baselines.onDidChange(update));
    this.register(vscode.commands.registerCommand(COMMANDS.findingsOnly, set({ findingsOnly: true })));
    this.register(vscode.commands.registerCommand(COMMANDS.allEndpoints, set({ findingsOnly: false })));
    this.register(vscode.commands.registerCommand(COMMANDS.groupByFile, set({ groupBy: 'file' })));
    this.register(vscode.commands.registerCommand(COMMANDS.groupByUrl, set({ groupBy: 'url' })));
    this.register(vscode.commands.registerCommand(OPEN_ENDPOINT_COMMAND, openEndpoint));
    this.register(vscode.commands.registerCommand(FOCUS_TREE_COMMAND, () => focusTree(view, provider)));
    update();
  }
}

export function register(service: BoundaryService, state: vscode.Memento, log: vscode.LogOutputChannel, baselines: FolderBaselines): vscode.Disposable {
  return new BoundaryTree(service, state, log, baselines);
}
