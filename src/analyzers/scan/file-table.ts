/**
 * The read phase: every listed source file's text and role (route, pages/api, middleware, 'use server', other),
 * kept between rounds so a rescan re-reads only what changed on disk and an update only what was edited. Files
 * left out (too big, binary, minified, excluded) are not in the table; where that is worth a word, `skipped` says why.
 */
import * as nodePath from 'node:path';
import picomatch from 'picomatch';
import { contentHash } from '../content-hash';
import { type FileHost, statOf } from '../host';
import { MIDDLEWARE_FILE_RE } from '../middleware';
import type { SkippedFile } from '../model';
import { ROUTE_FILE_RE } from '../paths';
import { type DiscoveredApp, type Discovery, appOf, join } from '../workspace';

export const MAX_FILE_BYTES = 1024 * 1024;
const USE_SERVER_TEXT_RE = /(['"])use server\1/;

export type Role = 'route' | 'pages-api' | 'middleware' | 'use-server' | 'other';

export interface FileEntry {
  relative: string;
  absolute: string;
  text: string;
  /** Changes when the text does (a counter: cheap to compare on every keystroke). */
  version: number;
  /** contentHash(text), computed when first needed: the key of the parsed-file caches, which outlive a rescan. */
  hash?: string;
  /** Size and modification time when read from the disk: a rescan reuses `text` while both are the same. */
  size?: number;
  modifiedMs?: number;
  app?: DiscoveredApp;
  role: Role;
}

export class FileTable {
  /** The files read, by absolute path. */
  files = new Map<string, FileEntry>();
  /** Files outside the listing that the program reads (imports that leave the folder's source files). */
  readonly extraTexts = new Map<string, { text: string | undefined; hash?: string }>();
  /** Every listed source file (relative): a file not in it is new. */
  listed = new Set<string>();
  /** Why files were left out, and what of the folder's setup could not be used: the base of every round's list. */
  readonly skipped: SkippedFile[] = [];
  /** A file's role changed since the program's roots were last set. */
  rolesChanged = true;
  /** Texts read from the host since this table was made. */
  reads = 0;
  private nextVersion = 1;
  private discovery!: Discovery;
  private excludeOf: (appRoot: string) => string[] | undefined = () => undefined;

  constructor(
    private readonly root: string,
    private readonly relative: (absolute: string) => string,
    public host: FileHost,
  ) {}

  /** A new listing: forget the table (returned, so unchanged files keep their text) and what was skipped. */
  startScan(): Map<string, FileEntry> {
    const previous = this.files;
    this.files = new Map();
    this.extraTexts.clear();
    this.skipped.length = 0;
    return previous;
  }

  /** The listing and each app's `exclude` globs, which decide what is read from here on. */
  useDiscovery(discovery: Discovery, excludeOf: (appRoot: string) => string[] | undefined): void {
    this.discovery = discovery;
    this.excludeOf = excludeOf;
    this.listed = new Set(discovery.sourceFiles);
  }

  /** Files that hold endpoints or middleware: the program's roots. */
  endpointFiles(): FileEntry[] {
    return [...this.files.values()].filter((entry) => entry.role !== 'other');
  }

  /** Reads one file into the table with its role. False when it is left out (with a skip reason where useful). */
  read(file: string, knownText?: string, previous?: FileEntry): boolean {
    const absolute = join(this.root, file);
    const previousRole = this.files.get(absolute)?.role ?? 'other';
    const kept = this.readRole(file, absolute, knownText, previous);
    // A file left out counts as 'other': the program's roots change only when an endpoint file comes or goes.
    if (previousRole !== (this.files.get(absolute)?.role ?? 'other')) this.rolesChanged = true;
    return kept;
  }

  private readRole(file: string, absolute: string, knownText: string | undefined, previous: FileEntry | undefined): boolean {
    this.files.delete(absolute);
    this.dropSkipped(file);
    const app = appOf(this.discovery.apps, file);
    const appRelative = appRelativeOf(app, file);
    const exclude = app ? this.excludeOf(app.root) : undefined;
    if (exclude?.length && picomatch.isMatch(appRelative, exclude, { dot: true })) return false;
    // public/ is served as static files: nothing there runs on the server.
    if (app && appRelative.startsWith('public/')) return false;
    const endpointPath = isEndpointPath(app, file, appRelative);
    let text = knownText;
    let stat: { size: number; modifiedMs?: number } | undefined;
    if (text === undefined) {
      stat = statOf(this.host, absolute);
      if (!stat) return false;
      const size = stat.size;
      if (size > MAX_FILE_BYTES) {
        // A huge file in app/ or pages/ is worth a word (it may hold actions); a huge bundle elsewhere is not app source.
        if (endpointPath || isRouterDirPath(app, file)) this.skipped.push({ file, reason: `larger than 1 MB (${Math.round(size / 1024)} KB): not analysed` });
        return false;
      }
      const unchanged = previous && stat.modifiedMs !== undefined && previous.modifiedMs === stat.modifiedMs && previous.size === size;
      text = unchanged ? previous.text : this.readFromHost(absolute);
    } else if (text.length > MAX_FILE_BYTES / 3 && Buffer.byteLength(text) > MAX_FILE_BYTES) {
      // Bytes, as the host's size counts them (a character is at most 3 bytes): a scan and an update drop the same files.
      if (endpointPath || isRouterDirPath(app, file)) this.skipped.push({ file, reason: `larger than 1 MB (${Math.round(Buffer.byteLength(text) / 1024)} KB): not analysed` });
      return false;
    }
    if (text === undefined) {
      this.skipped.push({ file, reason: 'could not be read' });
      return false;
    }
    if (text.includes('\u0000')) {
      if (endpointPath || USE_SERVER_TEXT_RE.test(text)) this.skipped.push({ file, reason: 'binary file: not analysed' });
      return false;
    }
    let role: Role = 'other';
    if (app?.appDir && file.startsWith(app.appDir + '/') && ROUTE_FILE_RE.test(file) && !isPrivateAppPath(file.slice(app.appDir.length + 1))) role = 'route';
    else if (app?.pagesDir && file.startsWith(app.pagesDir + '/api/') && !nodePath.posix.basename(file).startsWith('_')) role = 'pages-api';
    else if (app && MIDDLEWARE_FILE_RE.test(appRelative)) role = 'middleware';
    else if (USE_SERVER_TEXT_RE.test(text)) role = 'use-server';
    if (role !== 'other' && looksMinified(text)) {
      this.skipped.push({ file, reason: 'looks minified (very long lines): not analysed' });
      return false;
    }
    // The same text keeps its version and hash, so what was derived from it (parsed files) is reused.
    const same = previous?.text === text;
    this.files.set(absolute, {
      relative: file,
      absolute,
      text,
      version: same ? previous.version : this.nextVersion++,
      ...(same && previous.hash !== undefined && { hash: previous.hash }),
      ...(stat && { size: stat.size, ...(stat.modifiedMs !== undefined && { modifiedMs: stat.modifiedMs }) }),
      ...(app && { app }),
      role,
    });
    return true;
  }

  readFromHost(absolute: string): string | undefined {
    const text = this.host.readFile(absolute);
    if (text !== undefined) this.reads++;
    return text;
  }

  /** The text of a file the program asks for: a listed one, or one outside the listing read on first use. */
  readText(path: string): string | undefined {
    const entry = this.files.get(path);
    if (entry) return entry.text;
    let extra = this.extraTexts.get(path);
    if (!extra) {
      const size = this.host.fileSize(path);
      let text = size !== undefined && size <= MAX_FILE_BYTES ? this.readFromHost(path) : undefined;
      // An endpoint imports it (a router, a guard): what it holds will read as unknown, so say why.
      if (size !== undefined && size > MAX_FILE_BYTES && (path === this.root || path.startsWith(this.root + '/'))) {
        this.skipped.push({ file: this.relative(path), reason: `larger than 1 MB (${Math.round(size / 1024)} KB): not read, though endpoint code imports it` });
      }
      if (text?.includes('\u0000')) text = undefined;
      this.extraTexts.set(path, (extra = { text }));
    }
    return extra.text;
  }

  /** The content hash the parsed-file caches key by. */
  hashOf(path: string): string {
    const entry = this.files.get(path);
    if (entry) return (entry.hash ??= contentHash(entry.text));
    const extra = this.extraTexts.get(path);
    if (extra?.text === undefined) return '';
    return (extra.hash ??= contentHash(extra.text));
  }

  /** A listed file is gone. */
  forget(relative: string, absolute: string): void {
    this.listed.delete(relative);
    const index = this.discovery.sourceFiles.indexOf(relative);
    if (index >= 0) this.discovery.sourceFiles.splice(index, 1);
    if ((this.files.get(absolute)?.role ?? 'other') !== 'other') this.rolesChanged = true;
    this.files.delete(absolute);
    this.extraTexts.delete(absolute);
    this.dropSkipped(relative);
  }

  /** Forgets why a file was skipped: it is being read again, or it is gone. */
  private dropSkipped(file: string): void {
    for (let i = this.skipped.length - 1; i >= 0; i--) if (this.skipped[i].file === file) this.skipped.splice(i, 1);
  }
}

function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return text.length / lines > 500;
}

function isPrivateAppPath(relativeToAppDir: string): boolean {
  return relativeToAppDir.split('/').slice(0, -1).some((segment) => segment.startsWith('_'));
}

/** A file under an app's app/ or pages/ folder: Next compiles every one of them, so leaving one out is worth a word. */
function isRouterDirPath(app: DiscoveredApp | undefined, file: string): boolean {
  return !!app && [app.appDir, app.pagesDir].some((dir) => dir !== undefined && file.startsWith(dir + '/'));
}

/** A workspace-relative path as its app sees it (the app's root taken off). */
export function appRelativeOf(app: DiscoveredApp | undefined, file: string): string {
  return app?.root ? file.slice(app.root.length + 1) : file;
}

function isEndpointPath(app: DiscoveredApp | undefined, file: string, appRelative: string): boolean {
  if (!app) return false;
  if (app.appDir && file.startsWith(app.appDir + '/') && ROUTE_FILE_RE.test(file)) return true;
  if (app.pagesDir && file.startsWith(app.pagesDir + '/api/')) return true;
  return MIDDLEWARE_FILE_RE.test(appRelative);
}
