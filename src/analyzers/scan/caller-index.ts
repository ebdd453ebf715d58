/**
 * The callers phase, file by file: which files may call an endpoint (a cheap text test against the names and URL
 * segments the endpoint files contribute), and what each of those calls, imports and fetches (parsed once per
 * text). Kept between rounds: an edit re-reads only the edited file, unless what is worth looking for changed.
 * Placing these references on endpoints is place-callers.ts.
 */
import * as nodePath from 'node:path';
import ts from 'typescript';
import { type ActionRef, type CallerContext, type ResolvedActionRef, type UrlMatch, type UrlRef, extractActionRefs, extractUrlRefs } from '../callers';
import { type FileAnalysis, HONO_MENTION } from '../endpoint-records';
import { escapeRegex } from '../paths';
import { parseFile } from '../program';
import { type ProcedureRef, extractProcedureRefs, procedureMentionSource } from '../routers/callers';
import type { FileEntry } from './file-table';

/** A contribution's mark for a route any path may reach (never part of the pattern itself). */
const ANY_PATH = '\u0002';
const REEXPORT_TEXT_RE = /\bexport\s*(\*|\{[^}]*\})\s*from\b/;

/** What the callers phase reads of the rest of the scan. */
export interface CallerSources {
  files(): ReadonlyMap<string, FileEntry>;
  readonly analyses: ReadonlyMap<string, FileAnalysis>;
  /** The program of the last analysis: its parsed files are reused. */
  program(): ts.Program | undefined;
  readText(path: string): string | undefined;
  hashOf(path: string): string;
  resolve(specifier: string, containingFile: string): string | undefined;
  relative(absolutePath: string): string;
}

export interface FileRefs {
  version: number;
  actions: ActionRef[];
  urls: UrlRef[];
  /** Calls through a tRPC or Hono client (read only while the workspace has procedures). */
  procedures: ProcedureRef[];
  /** Other files read for `actions` (wrapper hooks that may refresh the page): a change there re-reads this file. */
  dependsOn?: string[];
  /** The routes `urls` reach, for the app's set of routes at generation `routesGeneration`. */
  urlMatches?: UrlMatch[];
  routesGeneration?: number;
  /** Where `actions` land in the action index, for the index's shape at generation `indexGeneration`. */
  resolvedActions?: ResolvedActionRef[];
  indexGeneration?: number;
}

export class CallerIndex {
  /** Each file's references, by absolute path (only files that passed the text test). */
  readonly refs = new Map<string, FileRefs>();
  /** Files parsed for their caller facts (not in the program), by content hash: kept across rescans. */
  private readonly parsed = new Map<string, { hash: string; sourceFile: ts.SourceFile }>();
  /** Files parsed here since this index was made. */
  parses = 0;
  /** The mention pattern's source (and whether a route any path may reach exists): a change re-reads every file. */
  private mentionSource = '';
  private actionModules = '';
  private mention: RegExp | undefined;
  /** The mention pattern without the action names: a file it misses can only call an action through an import. */
  private urlOrProcedureMention: RegExp | undefined;
  /** A route at / or under a dynamic first segment: any path literal may reach it, so every mention is parsed. */
  private anyPathRoute = false;
  /** The part of the mention pattern for calls through a router's client ('' while no router is mounted). */
  private procedureMention = '';
  /** Endpoint files analysed since the last `refresh`, and what each contributed to the mention pattern. */
  private readonly reanalysed = new Set<string>();
  private readonly mentionContributions = new Map<string, string>();

  constructor(private readonly sources: CallerSources) {}

  /** A scan starts over: references are read again; parsed texts still listed are kept. */
  startScan(): void {
    this.refs.clear();
    this.mentionSource = '';
    const files = this.sources.files();
    for (const path of this.parsed.keys()) if (!files.has(path)) this.parsed.delete(path);
  }

  /** An endpoint file was analysed again (or left the table): what it adds to the mention pattern may differ. */
  markReanalysed(absolute: string): void {
    this.reanalysed.add(absolute);
  }

  forget(absolute: string): void {
    this.refs.delete(absolute);
    this.parsed.delete(absolute);
    this.reanalysed.add(absolute);
  }

  /** Files held parsed here (beside the program's). */
  get parsedFiles(): number {
    return this.parsed.size;
  }

  /** What one endpoint file adds to the mention pattern: its action names and its routes' first URL segments. */
  private mentionContribution(file: string, analysis: FileAnalysis | undefined): string {
    if (!analysis) return '';
    const names: string[] = [];
    const segments: string[] = [];
    for (const item of analysis.records) {
      if (item.base.kind === 'action' && item.base.actionForm === 'file') {
        if (item.base.name !== 'default') names.push(item.base.name);
        else {
          const stem = nodePath.posix.basename(file).replace(/\.[^.]+$/, '');
          names.push(stem === 'index' ? nodePath.posix.basename(nodePath.posix.dirname(file)) : stem);
        }
      } else if (item.base.kind === 'route') {
        const first = (item.base.urlPath ?? '/').split('/')[1];
        // A route at / or under a dynamic first segment can be reached by any path a file writes.
        if (!first || first.startsWith('[')) segments.push(ANY_PATH);
        if (first) segments.push(first);
      }
    }
    for (const reexport of analysis.reexports) names.push(reexport.name);
    // A mounted router: calls through its typed client are worth looking for (tRPC by the procedures' last names).
    const procedures = analysis.records.filter((item) => item.base.kind === 'procedure').map((item) => (item.base.router === 'hono' ? HONO_MENTION : item.base.name.slice(item.base.name.lastIndexOf('.') + 1)));
    return names.length || segments.length || procedures.length ? `${names.join('\u0000')}\u0001${segments.join('\u0000')}\u0001${[...new Set(procedures)].join('\u0000')}` : '';
  }

  /**
   * A cheap text test for files that may call an action or a route: they name an action, or a route's first segment.
   * Rebuilt only when a re-analysed file changed what it contributes (not on an ordinary keystroke).
   */
  private mentionPattern(full: boolean): RegExp | undefined {
    let stale = full;
    if (full) this.mentionContributions.clear();
    for (const file of full ? this.sources.analyses.keys() : this.reanalysed) {
      const contribution = this.mentionContribution(file, this.sources.analyses.get(file));
      if ((this.mentionContributions.get(file) ?? '') === contribution) continue;
      stale = true;
      if (contribution) this.mentionContributions.set(file, contribution);
      else this.mentionContributions.delete(file);
    }
    this.reanalysed.clear();
    if (!stale) return this.mention;
    const names = new Set<string>();
    const segments = new Set<string>();
    const procedures = new Set<string>();
    for (const contribution of this.mentionContributions.values()) {
      const [nameList, segmentList, procedureList] = contribution.split('\u0001');
      for (const name of procedureList.split('\u0000')) if (name) procedures.add(name);
      for (const name of nameList.split('\u0000')) if (name) names.add(name);
      for (const segment of segmentList.split('\u0000')) if (segment) segments.add(segment);
    }
    this.anyPathRoute = segments.delete(ANY_PATH);
    const parts: string[] = [];
    if (segments.size) {
      const list = [...segments].sort().map(escapeRegex).join('|');
      parts.push(`[\`'"](?:https?://[^/'"\`]*)?/(?:${list})`, `\\$\\{[^}]*\\}/(?:${list})`);
    }
    this.procedureMention = procedureMentionSource([...procedures].filter((name) => name !== HONO_MENTION).sort(), procedures.has(HONO_MENTION));
    if (this.procedureMention) parts.push(this.procedureMention);
    const nameSource = names.size ? `\\b(?:${[...names].sort().map(escapeRegex).join('|')})\\b` : '';
    const source = [nameSource, ...parts].filter(Boolean).join('|');
    // The key also changes when a route any path may reach comes or goes: which mentions are parsed changes then.
    const key = this.anyPathRoute ? `${source}${ANY_PATH}` : source;
    if (key !== this.mentionSource) {
      this.mentionSource = key;
      this.mention = source ? new RegExp(source) : undefined;
      this.urlOrProcedureMention = parts.length ? new RegExp(parts.join('|')) : undefined;
    }
    return this.mention;
  }

  /**
   * Re-reads the caller facts of changed files, or of every file when the names worth looking for or the set of
   * action modules changed. The names are recomputed only from re-analysed files, and the modules only when a
   * role changed, so neither costs anything on the keystroke path.
   */
  refresh(changed: Set<string> | undefined, rolesChanged: boolean, onFile?: (index: number, count: number) => void): void {
    const before = this.mentionSource;
    const mention = this.mentionPattern(!changed);
    let modulesChanged = false;
    if (!changed || rolesChanged) {
      const actionModules = [...this.sources.files().values()].filter((entry) => entry.role === 'use-server').map((entry) => entry.absolute).sort().join('\n');
      modulesChanged = actionModules !== this.actionModules;
      this.actionModules = actionModules;
    }
    const all = !changed || this.mentionSource !== before || modulesChanged;
    const context = this.context();
    const mayHoldActions = (target: string) => {
      const entry = this.sources.files().get(target);
      return !!entry && (entry.role === 'use-server' || REEXPORT_TEXT_RE.test(entry.text));
    };
    let index = 0;
    for (const entry of this.sources.files().values()) {
      onFile?.(++index, this.sources.files().size);
      const known = this.refs.get(entry.absolute);
      const dependencyChanged = !all && !!known?.dependsOn?.some((dependency) => changed.has(dependency));
      if (!all && !changed.has(entry.absolute) && !dependencyChanged) continue;
      // After a change of what is worth looking for, every file is read again: its imports may now reach actions.
      if (!all && !dependencyChanged && known && known.version === entry.version) continue;
      // Only a URL or a router call needs the file parsed for what it says; an action name counts only when the file
      // imports from a module that may hold actions, which the imports' text tells without a parse.
      if (!mention?.test(entry.text) || (!this.anyPathRoute && !this.urlOrProcedureMention?.test(entry.text) && !this.importsFromActionModule(entry, mayHoldActions))) {
        this.refs.delete(entry.absolute);
        this.parsed.delete(entry.absolute);
        continue;
      }
      const sourceFile = this.sourceFileOf(entry.absolute);
      if (!sourceFile) continue;
      const consulted = new Set<string>();
      const actions = extractActionRefs(context, entry.absolute, sourceFile, mayHoldActions, consulted);
      consulted.delete(entry.absolute);
      this.refs.set(entry.absolute, {
        version: entry.version,
        actions,
        urls: entry.app ? extractUrlRefs(sourceFile) : [],
        procedures: entry.app && this.procedureMention ? extractProcedureRefs(sourceFile) : [],
        ...(consulted.size > 0 && { dependsOn: [...consulted] }),
      });
    }
  }

  /** Whether any import of the file lands on a 'use server' module or a barrel (ts.preProcessFile: a scan, no parse). */
  private importsFromActionModule(entry: FileEntry, mayHoldActions: (target: string) => boolean): boolean {
    const { importedFiles } = ts.preProcessFile(entry.text, true, true);
    return importedFiles.some((imported) => {
      const target = this.sources.resolve(imported.fileName, entry.absolute);
      return !!target && mayHoldActions(target);
    });
  }

    context(): CallerContext {
    return {
      relative: (absolute) => this.sources.relative(absolute),
      sourceFile: (absolute) => this.sourceFileOf(absolute),
      resolve: (specifier, containing) => this.sources.resolve(specifier, containing),
    };
  }

  sourceFileOf(absolute: string): ts.SourceFile | undefined {
    const fromProgram = this.sources.program()?.getSourceFile(absolute);
    if (fromProgram) return fromProgram;
    const text = this.sources.readText(absolute);
    if (text === undefined) return undefined;
    const hash = this.sources.hashOf(absolute);
    const cached = this.parsed.get(absolute);
    if (cached && cached.hash === hash) return cached.sourceFile;
    const sourceFile = parseFile(absolute, text);
    this.parses++;
    this.parsed.set(absolute, { hash, sourceFile });
    return sourceFile;
  }
}
