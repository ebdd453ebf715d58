/**
 * What the fixes need to know about an app beyond the model, read from its file texts (cheap: regular
 * expressions, and a parse only of the few files that mention a cache tag): cache tags, tsconfig path
 * aliases, the Next.js and next-auth majors, the `fixes.authGuard` template, and which files import a file.
 */
import * as posix from 'node:path/posix';
import ts from 'typescript';
import { readConfigIn } from '../analyzers/config';
import type { FileHost } from '../analyzers/host';
import type { NextApp } from '../analyzers/model';

export interface ProjectIndex {
  app: NextApp;
  /** Source files of the scan (and the app's package.json, tsconfig/jsconfig, next-boundary.config.json), keyed like the model: POSIX, relative to the scan root. */
  files: ReadonlyMap<string, string>;
  /** tsconfig `paths` aliases, longest prefix first: `@/` → `src/` (relative to the scan root). */
  aliases: { prefix: string; dir: string }[];
  /** Literal cache tags the app reads with (fetch `next.tags`, `unstable_cache` tags, `cacheTag`), most used first. */
  tags: string[];
  nextMajor?: number;
  nextAuthMajor?: number;
  /** `fixes.authGuard` from next-boundary.config.json or package.json#nextBoundary. */
  authGuardTemplate?: string;
}

const SOURCE_RE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

function inApp(app: NextApp, file: string): boolean {
  return app.root === '' || file.startsWith(app.root + '/');
}

function majorOf(version: unknown): number | undefined {
  if (typeof version !== 'string') return undefined;
  if (/beta|next/.test(version) && !/\d/.test(version.replace(/beta|next/g, ''))) return undefined;
  const match = /(\d+)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

function dependencyVersion(packageJson: string | undefined, name: string): string | undefined {
  if (!packageJson) return undefined;
  try {
    const parsed = JSON.parse(packageJson) as Record<string, Record<string, unknown> | undefined>;
    const version = parsed.dependencies?.[name] ?? parsed.devDependencies?.[name];
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function join(...parts: string[]): string {
  const joined = posix.join(...parts.filter((part) => part !== ''));
  return joined === '.' ? '' : joined.replace(/^\.\//, '');
}

function aliasesOf(app: NextApp, files: ReadonlyMap<string, string>): ProjectIndex['aliases'] {
  const configFile = ['tsconfig.json', 'jsconfig.json'].map((name) => join(app.root, name)).find((file) => files.has(file));
  if (!configFile) return [];
  const { config } = ts.parseConfigFileTextToJson(configFile, files.get(configFile)!) as { config?: { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } };
  const options = config?.compilerOptions;
  if (!options?.paths || typeof options.paths !== 'object') return [];
  const base = join(app.root, typeof options.baseUrl === 'string' ? options.baseUrl : '.');
  const aliases: ProjectIndex['aliases'] = [];
  for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
    const target: unknown = Array.isArray(targets) ? targets[0] : undefined;
    if (!pattern.endsWith('/*') || typeof target !== 'string' || !target.endsWith('*')) continue;
    const dir = join(base, target.slice(0, -1)).replace(/\/+$/, '');
    aliases.push({ prefix: pattern.slice(0, -1), dir: dir === '' ? '' : dir + '/' });
  }
  return aliases.sort((a, b) => b.prefix.length - a.prefix.length);
}

function stringsIn(node: ts.Node | undefined): string[] {
  if (!node) return [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => stringsIn(element));
  return [];
}

function tagsProperty(node: ts.Node | undefined): ts.Expression | undefined {
  if (!node || !ts.isObjectLiteralExpression(node)) return undefined;
  const property = node.properties.find((item): item is ts.PropertyAssignment => ts.isPropertyAssignment(item) && item.name.getText() === 'tags');
  return property?.initializer;
}

/** Cache tags a file reads data with; only files that can hold one are parsed. */
export function cacheTagsIn(file: string, text: string): string[] {
  if (!/unstable_cache|cacheTag|\bnext\s*:\s*\{/.test(text)) return [];
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const tags: string[] = [];
  const visit = (node: ts.Node): void => {
    // fetch(url, { next: { tags: ['posts'] } })
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'next') tags.push(...stringsIn(tagsProperty(node.initializer)));
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText();
      // unstable_cache(fn, keys, { tags: ['posts'] })
      if (/(^|\.)unstable_cache$/.test(callee)) tags.push(...stringsIn(tagsProperty(node.arguments[2])));
      // 'use cache' + cacheTag('posts')
      if (/(^|\.)(unstable_)?cacheTag$/.test(callee)) tags.push(...node.arguments.flatMap((argument) => stringsIn(argument)));
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return tags;
}

/** A host over the file map, for reading the app's config the way the analyzer does. */
function mapHost(files: ReadonlyMap<string, string>): FileHost {
  return {
    readFile: (path) => files.get(path.replace(/^\.\//, '')),
    fileSize: (path) => files.get(path)?.length,
    fileExists: (path) => files.has(path),
    directoryExists: () => false,
    readDirectory: () => [],
  };
}

export function indexProject(app: NextApp, files: ReadonlyMap<string, string>): ProjectIndex {
  const counts = new Map<string, number>();
  for (const [file, text] of files) {
    if (!SOURCE_RE.test(file) || !inApp(app, file)) continue;
    for (const tag of cacheTagsIn(file, text)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const packageJson = files.get(join(app.root, 'package.json'));
  const nextMajor = majorOf(dependencyVersion(packageJson, 'next'));
  const nextAuthVersion = dependencyVersion(packageJson, 'next-auth');
  const nextAuthMajor = nextAuthVersion && /beta/.test(nextAuthVersion) ? 5 : majorOf(nextAuthVersion);
  const config = readConfigIn(mapHost(files), app.root === '' ? '.' : app.root, []);
  const rootConfig = app.root === '' ? undefined : readConfigIn(mapHost(files), '.', []);
  const authGuardTemplate = config?.fixes?.authGuard ?? rootConfig?.fixes?.authGuard;
  return {
    app,
    files,
    aliases: aliasesOf(app, files),
    tags: [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag]) => tag),
    ...(nextMajor !== undefined && { nextMajor }),
    ...(nextAuthMajor !== undefined && { nextAuthMajor }),
    ...(authGuardTemplate !== undefined && { authGuardTemplate }),
  };
}

function withoutExtension(file: string): string {
  return file.replace(SOURCE_RE, '').replace(/\/index$/, '');
}

/** The file (without extension) a specifier written in `fromFile` names, or undefined for a package. */
export function resolveSpecifier(index: Pick<ProjectIndex, 'aliases'>, fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return withoutExtension(join(posix.dirname(fromFile), specifier));
  const alias = index.aliases.find((item) => specifier.startsWith(item.prefix));
  return alias ? withoutExtension(alias.dir + specifier.slice(alias.prefix.length)) : undefined;
}

/** How `fromFile` should import `toFile`: through a tsconfig alias when one covers it, else a relative path. */
export function specifierFor(index: Pick<ProjectIndex, 'aliases'>, fromFile: string, toFile: string): string {
  const target = withoutExtension(toFile);
  const alias = index.aliases.find((item) => target.startsWith(item.dir));
  if (alias) return alias.prefix + target.slice(alias.dir.length);
  const relative = posix.relative(posix.dirname(fromFile), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

const SPECIFIER_RE = /(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"\n]+)['"]/g;

/** Files of the app's app dir that import `file` directly (one level: how a component outside it is used). */
export function appDirImporters(index: ProjectIndex, file: string): string[] {
  const appDir = index.app.appDir;
  if (!appDir) return [];
  const target = withoutExtension(file);
  const importers: string[] = [];
  for (const [candidate, text] of index.files) {
    if (!candidate.startsWith(appDir + '/') || !SOURCE_RE.test(candidate)) continue;
    for (const match of text.matchAll(SPECIFIER_RE)) {
      if (resolveSpecifier(index, candidate, match[1]) === target) {
        importers.push(candidate);
        break;
      }
    }
  }
  return importers.sort();
}

/** The first file of the app (non-route files first) whose text matches `pattern`. */
export function findAppFile(index: ProjectIndex, pattern: RegExp): string | undefined {
  const matches = [...index.files].filter(([file, text]) => SOURCE_RE.test(file) && inApp(index.app, file) && !/(^|\/)node_modules\//.test(file) && pattern.test(text)).map(([file]) => file);
  return matches.sort((a, b) => Number(/(^|\/)route\.\w+$/.test(a)) - Number(/(^|\/)route\.\w+$/.test(b)) || a.length - b.length || (a < b ? -1 : 1))[0];
}
