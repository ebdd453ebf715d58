import { type AppSettings, readAppSettings } from './app-settings';
import type { FileHost } from './host';
import { isSourceFile } from './paths';

/** Folders that never hold app source. Dot-folders (.git, .next, .turbo, .vercel…) are skipped too. */
const IGNORED_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'storybook-static', 'bower_components', 'vendor', '__snapshots__']);
const MAX_FILES = 200_000;

export interface DiscoveredApp {
  /** Relative POSIX path ('' for the scan root). */
  root: string;
  name: string;
  appDir?: string;
  pagesDir?: string;
  dependencies: Set<string>;
  /** Next.js version, server-action body limit, URLs in vercel.json. */
  settings: AppSettings;
}

export interface Discovery {
  /** Every source file, relative POSIX paths. */
  sourceFiles: string[];
  /** package.json files by folder (relative), parsed; unreadable ones are absent. */
  packageJsons: Map<string, Record<string, unknown>>;
  apps: DiscoveredApp[];
  /** Problems met while walking (unreadable package.json…). */
  problems: { file: string; reason: string }[];
  truncated: boolean;
}

const NEXT_CONFIG_RE = /^next\.config\.(js|mjs|cjs|ts|mts)$/;

/** Joins POSIX path parts; an empty part adds nothing ('' is the scan root itself). */
export function join(root: string, relative: string): string {
  if (!relative) return root;
  if (!root) return relative;
  return `${root}/${relative}`;
}

function dependenciesOf(packageJson: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const deps = packageJson[key];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
  }
  return names;
}

/** Walks the tree once: source files, package.json files, and every Next.js app in it. */
export function discoverWorkspace(host: FileHost, root: string): Discovery {
  const sourceFiles: string[] = [];
  const packageJsons = new Map<string, Record<string, unknown>>();
  const nextConfigDirs = new Set<string>();
  const problems: Discovery['problems'] = [];
  let truncated = false;

  const stack = [''];
  while (stack.length) {
    const dir = stack.pop()!;
    const entries = host.readDirectory(join(root, dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory) {
        if ((entry.name.startsWith('.') && entry.name !== '.well-known') || IGNORED_DIRS.has(entry.name)) continue;
        stack.push(relative);
      } else if (entry.isFile) {
        if (entry.name === 'package.json') {
          const text = host.readFile(join(root, relative));
          try {
            const parsed: unknown = JSON.parse(text ?? '');
            if (parsed && typeof parsed === 'object') packageJsons.set(dir, parsed as Record<string, unknown>);
          } catch {
            problems.push({ file: relative, reason: 'package.json is not valid JSON' });
          }
        } else if (NEXT_CONFIG_RE.test(entry.name)) {
          nextConfigDirs.add(dir);
        } else if (isSourceFile(entry.name)) {
          if (sourceFiles.length >= MAX_FILES) {
            truncated = true;
            continue;
          }
          sourceFiles.push(relative);
        }
      }
    }
  }
  sourceFiles.sort();

  const appRoots = new Set<string>(nextConfigDirs);
  for (const [dir, packageJson] of packageJsons) {
    if (!dependenciesOf(packageJson).has('next')) continue;
    const hasRouterDir = ['app', 'src/app', 'pages', 'src/pages'].some((sub) => host.directoryExists(join(root, join(dir, sub))));
    if (hasRouterDir) appRoots.add(dir);
  }
  // A bare folder with an app/ dir and no manifest at all (a snippet someone scans) still counts.
  if (appRoots.size === 0 && ['app', 'src/app'].some((sub) => host.directoryExists(join(root, sub)))) appRoots.add('');

  const apps: DiscoveredApp[] = [...appRoots].sort().map((appRoot) => {
    const packageJson = packageJsons.get(appRoot);
    const firstExisting = (candidates: string[]) =>
      candidates.find((sub) => host.directoryExists(join(root, join(appRoot, sub))));
    const appDir = firstExisting(['app', 'src/app']);
    const pagesDir = firstExisting(['pages', 'src/pages']);
    const name = typeof packageJson?.name === 'string' ? packageJson.name : appRoot.split('/').pop() || 'app';
    return {
      root: appRoot,
      name,
      ...(appDir !== undefined && { appDir: join(appRoot, appDir) }),
      ...(pagesDir !== undefined && { pagesDir: join(appRoot, pagesDir) }),
      dependencies: packageJson ? dependenciesOf(packageJson) : new Set<string>(),
      settings: readAppSettings(host, root, appRoot, packageJson),
    };
  });

  return { sourceFiles, packageJsons, apps, problems, truncated };
}

/** The innermost app that holds a file, if any. */
export function appOf(apps: DiscoveredApp[], file: string): DiscoveredApp | undefined {
  let best: DiscoveredApp | undefined;
  for (const app of apps) {
    if (app.root === '' || file.startsWith(app.root + '/')) {
      if (!best || app.root.length > best.root.length) best = app;
    }
  }
  return best;
}
