import { type AppSettings, readAppSettings } from './app-settings';
import type { FileHost } from './host';
import { isSourceFile } from './paths';
import { GRAPHQL_FILE_RE } from './graphql-operations';
import { readTsconfig } from './tsconfig';

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
  /** GraphQL documents (`.graphql`, `.gql`), relative POSIX paths: what codegen's typed documents are made from. */
  graphqlFiles: string[];
  /** package.json files by folder (relative), parsed; unreadable ones are absent. */
  packageJsons: Map<string, Record<string, unknown>>;
  apps: DiscoveredApp[];
  /** Problems met while walking (unreadable package.json…). */
  problems: { file: string; reason: string }[];
  truncated: boolean;
}

const NEXT_CONFIG_RE = /^next\.config\.(js|mjs|cjs|ts|mts)$/;
/** Minified bundles by their conventional name: never read (they can be megabytes on one line and are not app source). */
const MINIFIED_FILE_RE = /\.min\.[cm]?js$/;

/** `parent` is the folder that holds it (relative, '' for the root). */
function isSkippedDirectory(name: string, parent: string): boolean {
  if (name.startsWith('.')) return name !== '.well-known';
  if (name === 'node_modules') return true;
  // Under app/ or pages/ a folder named build, out or vendor is a route segment (/api/build), not build output.
  return IGNORED_DIRS.has(name) && !ROUTER_FOLDER_RE.test(parent);
}

const ROUTER_FOLDER_RE = /(^|\/)(app|pages)(\/|$)/;

/** Whether the walk would list a file at this relative path: none of the folders on the way is skipped. */
export function isWalkedPath(relative: string): boolean {
  const folders = relative.split('/');
  const name = folders.pop()!;
  return !folders.some((folder, index) => isSkippedDirectory(folder, folders.slice(0, index).join('/'))) && !MINIFIED_FILE_RE.test(name);
}

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
  const graphqlFiles: string[] = [];
  const packageJsons = new Map<string, Record<string, unknown>>();
  const nextConfigDirs = new Set<string>();
  const problems: Discovery['problems'] = [];
  const minifiedFiles: string[] = [];
  let truncated = false;

  const stack = [''];
  while (stack.length) {
    const dir = stack.pop()!;
    const entries = host.readDirectory(join(root, dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory) {
        if (isSkippedDirectory(entry.name, dir)) continue;
        // A linked folder is not walked: it can loop (link -> ..), and a monorepo's packages are found where they really are.
        if (entry.isSymbolicLink) problems.push({ file: relative, reason: 'symbolic link to a folder: not followed' });
        else stack.push(relative);
      } else if (entry.isSymbolicLink && !entry.isFile) {
        if (isSourceFile(entry.name)) problems.push({ file: relative, reason: 'broken symbolic link (its target is missing or not a file): not read' });
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
        } else if (GRAPHQL_FILE_RE.test(entry.name)) {
          if (graphqlFiles.length < MAX_FILES) graphqlFiles.push(relative);
        } else if (isSourceFile(entry.name)) {
          if (MINIFIED_FILE_RE.test(entry.name)) {
            minifiedFiles.push(relative);
            continue;
          }
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

  // Worth a word only where Next compiles every file (app/, pages/); elsewhere a bundle is just not app source.
  for (const file of minifiedFiles) {
    if (apps.some((app) => [app.appDir, app.pagesDir].some((dir) => dir !== undefined && file.startsWith(dir + '/')))) {
      problems.push({ file, reason: 'minified bundle (*.min.js): not read' });
    }
  }
  for (const app of apps) {
    const tsconfig = readTsconfig(host, join(root, app.root), root);
    if (!tsconfig.path || !tsconfig.problems.length) continue;
    const used = Object.keys(tsconfig.options).some((key) => key !== 'configFilePath');
    const name = tsconfig.path.slice(tsconfig.path.lastIndexOf('/') + 1);
    const fallback = tsconfig.options.paths ? '' : "; imports resolve with Next's default @/* alias";
    problems.push({ file: join(app.root, name), reason: `${name} ${used ? 'partly used' : 'not used'}: ${tsconfig.problems.join('; ')}${fallback}` });
  }

  return { sourceFiles, graphqlFiles, packageJsons, apps, problems, truncated };
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
