/**
 * A folder opened inside a monorepo (`apps/web` of a pnpm or npm workspace) still imports its sibling packages
 * (`@acme/utils`). Their names and folders are read from the enclosing workspace's manifest, so that imports of
 * them resolve to source the way they do when the whole repository is opened. Only manifests are read here; the
 * packages' files are read later, only as imports reach them.
 */
import nodePath from 'node:path';
import type { FileHost } from './host';

/** How far up a workspace root is looked for (apps/web → repo root is two). */
const MAX_LEVELS_UP = 4;
/** Packages listed at most, so that a huge workspace costs a bounded number of reads. */
const MAX_PACKAGES = 400;

/** Package name → absolute folder, for the workspace packages outside `root` (empty when `root` is no member). */
export function enclosingWorkspacePackages(host: FileHost, root: string): Map<string, string> {
  const found = new Map<string, string>();
  const start = nodePath.resolve(root);
  let dir = nodePath.dirname(start);
  for (let level = 0; level < MAX_LEVELS_UP && dir !== nodePath.dirname(dir); level++, dir = nodePath.dirname(dir)) {
    const patterns = workspacePatterns(host, dir);
    if (!patterns) continue;
    for (const folder of expandPatterns(host, dir, patterns)) {
      if (found.size >= MAX_PACKAGES) break;
      if (folder === start || folder.startsWith(start + nodePath.sep)) continue;
      const name = packageName(host, folder);
      if (name && !found.has(name)) found.set(name, folder);
    }
    break;
  }
  return found;
}

/** The member globs of a workspace root: pnpm-workspace.yaml's `packages`, or package.json's `workspaces`. */
function workspacePatterns(host: FileHost, dir: string): string[] | undefined {
  const pnpm = host.readFile(nodePath.join(dir, 'pnpm-workspace.yaml'));
  if (pnpm !== undefined) return pnpmPackages(pnpm);
  const text = host.readFile(nodePath.join(dir, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const manifest = JSON.parse(text) as { workspaces?: unknown };
    const workspaces = Array.isArray(manifest.workspaces) ? manifest.workspaces : (manifest.workspaces as { packages?: unknown } | undefined)?.packages;
    return Array.isArray(workspaces) ? workspaces.filter((item): item is string => typeof item === 'string') : undefined;
  } catch {
    return undefined;
  }
}

/** The `packages:` list of pnpm-workspace.yaml (a block list of strings; nothing else of YAML is needed). */
export function pnpmPackages(text: string): string[] {
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s+-\s*['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line);
    if (item) patterns.push(item[1]);
    else if (/^\S/.test(line)) inPackages = false;
  }
  return patterns;
}

/** Folders a member glob names: `packages/*`, `packages/**`, `tooling/eslint`; negated globs are left out. */
function expandPatterns(host: FileHost, base: string, patterns: readonly string[]): string[] {
  const folders: string[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    const clean = pattern.replace(/\/+$/, '');
    const star = clean.search(/\*/);
    if (star < 0) {
      folders.push(nodePath.join(base, clean));
      continue;
    }
    const parent = nodePath.join(base, clean.slice(0, star).replace(/\/$/, ''));
    const deep = clean.slice(star).startsWith('**');
    collect(host, parent, deep ? 2 : 0, folders);
  }
  return folders;
}

function collect(host: FileHost, dir: string, depth: number, into: string[]): void {
  for (const entry of host.readDirectory(dir)) {
    if (!entry.isDirectory || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = nodePath.join(dir, entry.name);
    into.push(child);
    if (depth > 0) collect(host, child, depth - 1, into);
  }
}

function packageName(host: FileHost, folder: string): string | undefined {
  const text = host.readFile(nodePath.join(folder, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
