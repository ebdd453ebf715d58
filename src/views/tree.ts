/**
 * The Boundary tree (view "Next Boundary", in its own activity bar container) as plain nodes: app → kind →
 * file or URL → endpoint. The app level is left out when the workspace holds a single app. Descriptions
 * start with what matters (the auth verdict, the findings) and end with the counts and paths, so the side
 * bar's cut leaves the key word. The feature maps nodes to TreeItems.
 * Pure: no `vscode` import.
 */
import type { Endpoint, EndpointKind, NextApp, ScanResult, Severity } from '../analyzers/model';
import { segmentUrlPath } from '../analyzers/paths';
import { authBadge, distinctFindings, endpointLabel, isInlineName, plural, worstSeverity } from './labels';
import { findingTitle } from './lens';

export type GroupBy = 'file' | 'url';

export interface TreeOptions {
  groupBy: GroupBy;
  /** Only endpoints with at least one (unsuppressed) finding. */
  findingsOnly: boolean;
}

export type TreeNodeKind = 'app' | 'category' | 'group' | 'endpoint';

export interface TreeNode {
  /** Stable across refreshes (keeps the expansion state); unique in the tree. */
  id: string;
  kind: TreeNodeKind;
  label: string;
  description?: string;
  /** Absolute POSIX path of the workspace folder whose scan produced the node. */
  folder: string;
  /** File-group and endpoint nodes: the file, relative to `folder`. */
  file?: string;
  endpoint?: Endpoint;
  /** Category nodes, and the nodes under them. */
  category?: EndpointKind;
  /** Most severe finding at or under the node. */
  severity?: Severity;
  /** Findings at or under the node. */
  findings: number;
  children: TreeNode[];
}

const CATEGORIES: [EndpointKind, string][] = [
  ['action', 'Server Actions'],
  ['route', 'Route Handlers'],
  ['pages-api', 'API Routes (pages/)'],
  ['procedure', 'Router Procedures (tRPC, Hono)'],
];

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function withinApp(app: string, file: string): string {
  return app !== '' && file.startsWith(`${app}/`) ? file.slice(app.length + 1) : file;
}

function findingsOf(children: TreeNode[]): string | undefined {
  const { findings } = summarize(children);
  return findings > 0 ? `⚠ ${findings}` : undefined;
}

function countLabel(count: number, findings: number): string {
  return findings > 0 ? `${count} · ⚠ ${findings}` : String(count);
}

/**
 * What a leaf says after its label, key word first: the auth verdict (the lens's badge, or the `⚠ missing
 * auth` finding that stands for it), the other findings, then exposure, callers and, for an inline action,
 * its line.
 */
export function endpointDescription(endpoint: Endpoint): string {
  const findings = distinctFindings(endpoint.findings);
  const authFinding = findings.find((finding) => finding.ruleId === 'missing-auth');
  const parts: string[] = [];
  const verdict = authBadge(endpoint) ?? (authFinding && findingTitle(authFinding));
  if (verdict) parts.push(verdict);
  for (const finding of findings) if (finding !== authFinding) parts.push(findingTitle(finding));
  // Recorded in the baseline: known, not counted, but not silently gone either.
  const baselined = distinctFindings(endpoint.baselined ?? []).length;
  if (baselined > 0) parts.push(`${baselined} in the baseline`);
  parts.push(endpoint.exposure);
  if (endpoint.callers.length > 0) parts.push(plural(endpoint.callers.length, 'caller'));
  if (isInlineName(endpoint.name)) parts.push(`line ${endpoint.line}`);
  if (endpoint.kind === 'procedure' && endpoint.type) parts.push(endpoint.type);
  return parts.join(' · ');
}

function leafLabel(endpoint: Endpoint): string {
  if (endpoint.kind === 'route') return endpoint.name;
  return isInlineName(endpoint.name) ? 'inline action' : endpointLabel(endpoint);
}

/** The key (and label) of the group an endpoint falls in. */
interface GroupKey {
  key: string;
  /** Sort order among the groups of a category. */
  order: string;
  label: string;
  /** File groups: the folder, relative to the app. */
  where?: string;
  file?: string;
}

function groupKey(endpoint: Endpoint, app: NextApp | undefined, groupBy: GroupBy): GroupKey {
  const path = withinApp(endpoint.app, endpoint.file);
  const slash = path.lastIndexOf('/');
  const byFile: GroupKey = {
    key: `file:${endpoint.file}`,
    order: path,
    label: path.slice(slash + 1),
    ...(slash > 0 && { where: path.slice(0, slash) }),
    file: endpoint.file,
  };
  // Grouped under the route handler that mounts their router, whichever file defines them.
  if (endpoint.kind === 'procedure' && endpoint.mountedAt) {
    const mount = withinApp(endpoint.app, endpoint.mountedAt);
    return { key: `mount:${endpoint.mountedAt}`, order: mount, label: `${endpoint.router === 'hono' ? 'Hono app' : 'tRPC router'}`, where: mount.replace(/\/route\.[cm]?[jt]sx?$/, ''), file: endpoint.mountedAt };
  }
  if (groupBy === 'file') return byFile;
  if (endpoint.urlPath) return { key: `url:${endpoint.urlPath}`, order: endpoint.urlPath, label: endpoint.urlPath };
  // An action has no URL of its own: it is posted to the page that renders it. Group it by the page
  // segment its file lives in; actions outside the app dir stay grouped by file.
  const appDir = app?.appDir;
  if (appDir && endpoint.file.startsWith(`${appDir}/`)) {
    const url = segmentUrlPath(endpoint.file.slice(appDir.length + 1));
    return { key: `url:${url}`, order: url, label: url };
  }
  return byFile;
}

function leaf(folder: string, endpoint: Endpoint): TreeNode {
  return {
    id: `${folder}\n${endpoint.file}\n${endpoint.kind}\n${endpoint.name}`,
    kind: 'endpoint',
    label: leafLabel(endpoint),
    description: endpointDescription(endpoint),
    folder,
    file: endpoint.file,
    endpoint,
    category: endpoint.kind,
    severity: worstSeverity(endpoint.findings),
    findings: endpoint.findings.length,
    children: [],
  };
}

function summarize(children: TreeNode[]): Pick<TreeNode, 'severity' | 'findings'> {
  const findings = children.reduce((sum, child) => sum + child.findings, 0);
  const severity = worstSeverity(children.flatMap((child) => (child.severity ? [{ severity: child.severity }] : [])));
  return { findings, ...(severity && { severity }) };
}

function categoryNodes(folder: string, appRoot: string, app: NextApp | undefined, endpoints: Endpoint[], options: TreeOptions): TreeNode[] {
  const nodes: TreeNode[] = [];
  for (const [kind, label] of CATEGORIES) {
    const ofKind = endpoints.filter((endpoint) => endpoint.kind === kind);
    if (ofKind.length === 0) continue;
    const groups = new Map<string, TreeNode>();
    const orders = new Map<TreeNode, string>();
    for (const endpoint of ofKind) {
      const { key, order, label: groupLabel, where, file } = groupKey(endpoint, app, options.groupBy);
      let group = groups.get(key);
      if (!group) {
        group = {
          id: `${folder}\n${appRoot}\n${kind}\n${key}`,
          kind: 'group',
          label: groupLabel,
          ...(where !== undefined && { description: where }),
          folder,
          ...(file !== undefined && { file }),
          category: kind,
          findings: 0,
          children: [],
        };
        groups.set(key, group);
        orders.set(group, order);
      }
      group.children.push(leaf(folder, endpoint));
    }
    const children = [...groups.values()].sort((a, b) => compareStrings(orders.get(a) ?? a.label, orders.get(b) ?? b.label));
    for (const group of children) {
      // A router's procedures come from several files: by URL (a Hono path, a tRPC path), the others by line.
      group.children.sort((a, b) =>
        kind === 'procedure'
          ? compareStrings(a.endpoint?.urlPath ?? '', b.endpoint?.urlPath ?? '') || compareStrings(a.label, b.label)
          : (a.endpoint?.line ?? 0) - (b.endpoint?.line ?? 0) || compareStrings(a.label, b.label),
      );
      Object.assign(group, summarize(group.children));
      // The finding count before the folder, which the side bar cuts first.
      if (group.findings > 0) group.description = [`⚠ ${group.findings}`, group.description].filter(Boolean).join(' · ');
    }
    const summary = summarize(children);
    nodes.push({
      id: `${folder}\n${appRoot}\n${kind}`,
      kind: 'category',
      label,
      description: countLabel(ofKind.length, summary.findings),
      folder,
      category: kind,
      ...summary,
      children,
    });
  }
  return nodes;
}

export function buildTree(folders: ReadonlyMap<string, Pick<ScanResult, 'apps' | 'endpoints'>>, options: TreeOptions): TreeNode[] {
  const apps: TreeNode[] = [];
  for (const [folder, result] of [...folders.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    const roots = [...new Set([...result.apps.map((app) => app.root), ...result.endpoints.map((endpoint) => endpoint.app)])].sort(compareStrings);
    for (const root of roots) {
      const app = result.apps.find((item) => item.root === root);
      const all = result.endpoints.filter((endpoint) => endpoint.app === root);
      const shown = options.findingsOnly ? all.filter((endpoint) => endpoint.findings.length > 0) : all;
      const children = categoryNodes(folder, root, app, shown, options);
      const where = folders.size > 1 ? [basename(folder), root].filter(Boolean).join('/') : root;
      apps.push({
        id: `${folder}\n${root}`,
        kind: 'app',
        label: app?.name || basename(root) || basename(folder),
        description: [findingsOf(children), where, plural(all.length, 'endpoint')].filter(Boolean).join(' · '),
        folder,
        ...summarize(children),
        children,
      });
    }
  }
  const shownApps = options.findingsOnly ? apps.filter((app) => app.children.length > 0) : apps;
  if (apps.length === 1) return shownApps[0]?.children ?? [];
  return shownApps;
}

/** Every node's parent, for `TreeView.reveal`. */
export function parentsOf(roots: readonly TreeNode[]): Map<string, TreeNode> {
  const parents = new Map<string, TreeNode>();
  const visit = (node: TreeNode) => {
    for (const child of node.children) {
      parents.set(child.id, node);
      visit(child);
    }
  };
  roots.forEach(visit);
  return parents;
}
