/**
 * Where the refactors put files and how they name things: the `<domain>` of a lib file, the lib and route
 * paths of an app, the lib function's name. Import specifiers come from project.ts (tsconfig aliases).
 * Pure string work over POSIX paths relative to the scan root.
 */
import type { NextApp } from '../analyzers/model';

/** A file's text by path relative to the scan root; undefined when there is no such file. */
export type ReadFile = (path: string) => string | undefined;

export type AppRef = Pick<NextApp, 'root' | 'appDir' | 'authLibraries'>;

const SOURCE_EXTENSION_RE = /\.(tsx?|jsx?|mjs|cjs|mts|cts)$/;
/** Folder and file names that say nothing about the domain. */
const GENERIC_NAMES = new Set(['actions', 'action', '_actions', 'server-actions', 'serveractions', 'server', 'route', 'index', 'page', 'app', 'src', 'api', 'lib', 'utils', 'mutations', '_lib']);
/** When nothing in the path names a domain (`app/actions.ts`): Next.js's own examples call it lib/data.ts. */
export const FALLBACK_DOMAIN = 'data';

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(' '),
);

export function posixJoin(...parts: string[]): string {
  return normalizePath(parts.filter((part) => part !== '').join('/'));
}

/** Resolves `.` and `..` segments of a relative POSIX path. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

function dirnameOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index < 0 ? '' : path.slice(0, index);
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function kebabCase(text: string): string {
  return words(text).join('-');
}

export function camelCase(text: string): string {
  const parts = words(text);
  const joined = parts.map((word, index) => (index === 0 ? word : word[0].toUpperCase() + word.slice(1))).join('');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

export function pascalCase(text: string): string {
  const camel = camelCase(text);
  return camel ? camel[0].toUpperCase() + camel.slice(1) : camel;
}

export function isReservedWord(name: string): boolean {
  return RESERVED.has(name);
}

export function isIdentifierName(text: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(text) && !RESERVED.has(text);
}

/** `base`, else `base2`, `base3`… whichever `taken` does not hold. */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base) && !RESERVED.has(base)) return base;
  for (let index = 2; ; index++) if (!taken(`${base}${index}`)) return `${base}${index}`;
}

function isDomainSegment(segment: string): boolean {
  if (!segment || GENERIC_NAMES.has(segment.toLowerCase())) return false;
  // Route groups, dynamic segments, parallel slots and private folders name no domain.
  return !/^[([@_]/.test(segment) && kebabCase(segment) !== '';
}

/**
 * `<domain>` of the lib file an endpoint's logic moves to: the endpoint file's own name unless it is generic
 * (`actions.ts`, `route.ts`), else the nearest folder that names something (`app/dashboard/projects/[id]/
 * actions.ts` → projects), else `data`.
 */
export function domainOf(file: string, appRoot: string): string {
  const relative = appRoot && file.startsWith(appRoot + '/') ? file.slice(appRoot.length + 1) : file;
  const segments = relative.split('/');
  const base = segments.pop()!.replace(SOURCE_EXTENSION_RE, '');
  if (isDomainSegment(base)) return kebabCase(base);
  for (let index = segments.length - 1; index >= 0; index--) {
    if (isDomainSegment(segments[index])) return kebabCase(segments[index]);
  }
  return FALLBACK_DOMAIN;
}

/** True when the app keeps its code under src/ (its app dir is src/app). */
export function usesSrcDir(app: AppRef): boolean {
  const appDir = app.appDir ?? '';
  const relative = app.root && appDir.startsWith(app.root + '/') ? appDir.slice(app.root.length + 1) : appDir;
  return relative === 'src/app' || relative.startsWith('src/');
}

export function isJavaScriptFile(file: string): boolean {
  return /\.(jsx?|mjs|cjs)$/.test(file);
}

/** lib/<domain>.ts (src/lib when the app has a src dir; .js for a JavaScript endpoint file). */
export function libFileFor(app: AppRef, domain: string, javascript: boolean): string {
  return posixJoin(app.root, usesSrcDir(app) ? 'src/lib' : 'lib', `${domain}.${javascript ? 'js' : 'ts'}`);
}

/** The app dir (app or src/app) of an app, relative to the scan root. */
export function appDirOf(app: AppRef): string {
  return app.appDir ?? posixJoin(app.root, 'app');
}

/** The route file a converted action gets: `<app dir>/api/<kebab-name>/route.ts`. */
export function routeFileFor(app: AppRef, actionName: string, javascript: boolean): string {
  return posixJoin(appDirOf(app), 'api', kebabCase(actionName), `route.${javascript ? 'js' : 'ts'}`);
}

/** Files that would make another route/page at the same URL segment (Next.js allows only one). */
export function segmentConflicts(routeFile: string, readFile: ReadFile): string[] {
  const dir = dirnameOf(routeFile);
  const names = ['route.ts', 'route.tsx', 'route.js', 'route.jsx', 'route.mjs', 'page.tsx', 'page.ts', 'page.jsx', 'page.js'];
  return names.map((name) => `${dir}/${name}`).filter((file) => readFile(file) !== undefined);
}

const ROUTE_VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete', OPTIONS: 'describe' };

function singular(word: string): string {
  if (/ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sh|ch|x|ss)es$/.test(word)) return word.slice(0, -2);
  return word.replace(/s$/, '');
}

/**
 * The lib function a route method's logic moves to: `GET /api/projects` → getProjects, `POST /api/projects`
 * → createProject, `DELETE /api/projects/[id]` → deleteProject, `POST /api/webhooks/stripe` →
 * handleStripeWebhook.
 */
export function routeFunctionName(method: string, urlPath: string): string {
  const segments = urlPath.split('/').filter(Boolean);
  const visible = segments.filter((segment) => !/^[[(@]/.test(segment) && segment !== 'api');
  const last = visible[visible.length - 1];
  if (!last) return camelCase(`handle ${method}`);
  if (visible.some((segment) => /^(webhooks?|hooks?)$/i.test(segment)) && !/^(webhooks?|hooks?)$/i.test(last)) return camelCase(`handle ${last} webhook`);
  const verb = ROUTE_VERBS[method.toUpperCase()] ?? method.toLowerCase();
  const dynamicAfter = segments.indexOf(last) < segments.length - 1 && /^\[/.test(segments[segments.length - 1]);
  const noun = verb === 'get' && !dynamicAfter ? last : singular(last);
  return camelCase(`${verb} ${noun}`);
}

/** The lib function an action's logic moves to: its own name, without an `Action` suffix. */
export function actionFunctionName(name: string): string {
  const stripped = name.replace(/Action$/, '');
  return stripped && isIdentifierName(stripped) ? stripped : name;
}

/** An existing file whose path equals `file` but for letter case (the same file on macOS and Windows), if any. */
export function caseVariantOf(file: string, files: Iterable<string>): string | undefined {
  const lower = file.toLowerCase();
  for (const existing of files) if (existing !== file && existing.toLowerCase() === lower) return existing;
  return undefined;
}

/**
 * Why a refactor may not create `file`: it exists (an unsaved or untitled document of that path counts, the
 * editor puts those in `files`), or a file whose path differs only in letter case does. Refusing the case
 * variant on every system keeps the project working when it is cloned on a case-insensitive one.
 */
export function creationConflict(file: string, readFile: ReadFile, files: Iterable<string>): string | undefined {
  if (readFile(file) !== undefined) return `${file} already exists; Next Boundary never overwrites a file`;
  const variant = caseVariantOf(file, files);
  return variant ? `${variant} exists and ${file} differs from it only in letter case (one file on macOS and Windows); rename it first` : undefined;
}

/** Why it is unclear where an app's new files go: it has both app/ and src/app/ (Next.js serves app/ and ignores src/app/). */
export function appDirAmbiguity(app: AppRef, files: Iterable<string>): string | undefined {
  const root = app.root ? `${app.root}/` : '';
  let top = false;
  let src = false;
  for (const file of files) {
    if (file.startsWith(`${root}app/`)) top = true;
    else if (file.startsWith(`${root}src/app/`)) src = true;
  }
  return top && src ? `the app has both ${root}app/ and ${root}src/app/ (Next.js serves app/ and ignores src/app/), so where new files go is ambiguous; remove one first` : undefined;
}

/** The URL segments a route or page file under the app dir serves: groups and slots leave the URL; private and intercepting folders serve none. */
function servedSegments(fileInAppDir: string): string[] | undefined {
  const folders = fileInAppDir.split('/').slice(0, -1);
  const segments: string[] = [];
  for (const folder of folders) {
    if (folder.startsWith('_') || /^\(\.{1,3}\)/.test(folder)) return undefined;
    if (folder.startsWith('@') || /^\(.*\)$/.test(folder)) continue;
    segments.push(folder);
  }
  return segments;
}

/** Whether a pattern of segments (`[id]`, `[...slug]`, `[[...slug]]` included) serves a static URL. */
function servesUrl(pattern: readonly string[], url: readonly string[]): boolean {
  for (let index = 0; index < pattern.length; index++) {
    const part = pattern[index];
    if (/^\[\[\.\.\..+\]\]$/.test(part)) return true;
    if (/^\[\.\.\..+\]$/.test(part)) return url.length > index;
    if (index >= url.length) return false;
    if (!/^\[.+\]$/.test(part) && part !== url[index]) return false;
  }
  return pattern.length === url.length;
}

/**
 * Another file that serves the URL a new route file would: a route or page at the same URL through a route
 * group (Next.js fails the build), or a route handler whose dynamic segment serves it now (the new static
 * route would silently take that URL over). Pages behind a dynamic segment are left alone: a POST route
 * takes nothing a page renders.
 */
export function urlConflict(routeFile: string, app: AppRef, files: Iterable<string>): string | undefined {
  const appDir = appDirOf(app);
  const url = servedSegments(routeFile.slice(appDir.length + 1));
  if (!url) return undefined;
  const path = `/${url.join('/')}`;
  for (const file of [...files].sort()) {
    if (file === routeFile || !file.startsWith(`${appDir}/`)) continue;
    const base = file.slice(file.lastIndexOf('/') + 1);
    const isRoute = /^route\.(ts|tsx|js|jsx|mjs)$/.test(base);
    if (!isRoute && !/^page\.(tsx|ts|jsx|js|mdx)$/.test(base)) continue;
    const served = servedSegments(file.slice(appDir.length + 1));
    if (!served) continue;
    if (served.join('/') === url.join('/')) return `${file} already serves ${path}; a second route there fails the build. Rename or remove it first`;
    if (isRoute && servesUrl(served, url)) return `${file} serves ${path} now (through its dynamic segment), and a new route there would take that URL over; convert under another name or move that route first`;
  }
  return undefined;
}

/** The innermost app holding a file (scan-root relative), if any. */
export function appHolding<T extends Pick<AppRef, 'root'>>(apps: readonly T[], file: string): T | undefined {
  let best: T | undefined;
  for (const app of apps) if ((app.root === '' || file.startsWith(`${app.root}/`)) && (!best || app.root.length > best.root.length)) best = app;
  return best;
}
