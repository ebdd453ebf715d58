/**
 * The fuzz suite's two properties, over the fixture apps of test/fixtures served from memory:
 *
 * - analyzer: a series of mutated, new and deleted files, each fed to `WorkspaceAnalyzer.update()`, never throws,
 *   stays within a time bound, gives a well-formed model where every broken endpoint file is skipped with a reason,
 *   and gives what a fresh scan of the same texts gives;
 * - fixes: on a mutated endpoint file (with the model of that text, or a stale one), every quick fix and refactor
 *   declines or gives code that parses no worse, keeps every token of the user's code (a refactor may move code to
 *   the file it creates), never overwrites a file, and does nothing more when applied again.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { type Location, type NextApp, type ScanResult, WorkspaceAnalyzer, scanSync } from '../../src/analyzers';
import { MIDDLEWARE_FILE_RE } from '../../src/analyzers/middleware';
import { ROUTE_FILE_RE, isSourceFile } from '../../src/analyzers/paths';
import { parseFile } from '../../src/analyzers/program';
import { addAuthGuard, authGuardRecipes } from '../../src/fixes/add-auth-guard';
import { addRevalidation, revalidationChoices } from '../../src/fixes/add-revalidation';
import { convertToRouteHandler } from '../../src/fixes/convert-to-route-handler';
import { type TextEdit, applyEdits } from '../../src/fixes/edits';
import { type RefactorResult, endpointSpan, extractToLib, refactorAvailability } from '../../src/fixes/extract-to-lib';
import { type ProjectIndex, indexProject } from '../../src/fixes/project';
import { parseSource, syntaxErrors } from '../../src/fixes/source';
import { fixturesDir } from '../helpers';
import { MemoryHost } from './memory-host';
import { type Mutation, anyMutation, applyMutation, brokenMutation, mildMutation } from './mutations';

/** Per update; generous, so a loaded 2-core machine does not make the suite flaky (typical updates take milliseconds). */
export const UPDATE_BOUND_MS = 2000;
const VIRTUAL_ROOT = '/nb-fuzz';
const USE_SERVER_TEXT_RE = /(['"])use server\1/;
const CONFIG_FILE_RE = /(^|\/)(package\.json|tsconfig\.json|next-boundary\.config\.json|next\.config\.\w+)$/;

/** What a run tried, for the long run's report. */
export interface FuzzStats {
  analyzerUpdates: number;
  freshScans: number;
  fixStates: number;
  fixApplications: number;
  fixDeclines: number;
  maxUpdateMs: number;
  maxUpdateCase: string;
}

export const stats: FuzzStats = { analyzerUpdates: 0, freshScans: 0, fixStates: 0, fixApplications: 0, fixDeclines: 0, maxUpdateMs: 0, maxUpdateCase: '' };

// ---------------------------------------------------------------------------------------------------------
// Fixtures in memory

interface Fixture {
  root: string;
  files: ReadonlyMap<string, string>;
  sources: string[];
}

const fixtures = new Map<string, Fixture>();

export const fixtureNames: string[] = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function loadFixture(name: string): Fixture {
  let fixture = fixtures.get(name);
  if (!fixture) {
    const root = `${VIRTUAL_ROOT}/${name}`;
    const files = MemoryHost.fromDirectory(join(fixturesDir, name), root).snapshot();
    fixture = { root, files, sources: [...files.keys()].sort().filter((path) => isSourceFile(path) && !CONFIG_FILE_RE.test(path)) };
    fixtures.set(name, fixture);
  }
  return fixture;
}

// ---------------------------------------------------------------------------------------------------------
// Property 1: the analyzer

export interface AnalyzerStep {
  /**
   * What happens to which file (an index into the tree's current files): an edit of a source or config file, a new
   * file `name` beside a source file (or in a new folder there) holding another file's text, or a deletion.
   */
  target: { kind: 'edit' | 'config' | 'create' | 'delete'; index: number; name: string };
  mutations: Mutation[];
  /** Let update() read the text from the host instead of passing it. */
  fromHost: boolean;
  /** Sent to update() in one call with the next step's change, as an editor batches what changed at once. */
  withNext: boolean;
}

export interface AnalyzerCase {
  fixture: string;
  steps: AnalyzerStep[];
  /** Compare with a fresh scan after every update (always done after the last one). */
  compareEachStep: boolean;
}

export const analyzerCase: fc.Arbitrary<AnalyzerCase> = fc.record({
  fixture: fc.constantFrom(...fixtureNames),
  steps: fc.array(
    fc.record({
      target: fc.record({
        kind: fc.oneof(
          { arbitrary: fc.constant('edit' as const), weight: 20 },
          { arbitrary: fc.constant('config' as const), weight: 1 },
          { arbitrary: fc.constant('create' as const), weight: 2 },
          { arbitrary: fc.constant('delete' as const), weight: 1 },
        ),
        index: fc.nat({ max: 1000 }),
        name: fc.constantFrom('route.ts', 'actions.ts', 'helpers.ts', 'page.tsx', 'form.jsx', 'middleware.ts', 'index.js'),
      }),
      mutations: fc.array(anyMutation, { minLength: 1, maxLength: 3 }),
      fromHost: fc.boolean(),
      withNext: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  compareEachStep: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
});

function sourcesOf(host: MemoryHost): string[] {
  return host.paths().filter((path) => isSourceFile(path) && !CONFIG_FILE_RE.test(path));
}

/** Applies one step to the host: the changed path, and its new text (undefined once deleted). */
function applyStep(host: MemoryHost, step: AnalyzerStep): { path: string; text: string | undefined } {
  const sources = sourcesOf(host);
  const { kind, index, name } = step.target;
  const mutate = (path: string, text: string) => {
    const others = sources.filter((other) => other !== path).map((other) => host.readFile(other)!);
    return step.mutations.reduce((current, mutation) => applyMutation(current, path, mutation, { others }), text);
  };
  if (kind === 'delete' && sources.length > 1) {
    const path = sources[index % sources.length];
    host.delete(path);
    return { path, text: undefined };
  }
  let path: string;
  let text: string;
  if (kind === 'create') {
    const beside = sources[index % sources.length];
    path = `${beside.slice(0, beside.lastIndexOf('/'))}/${index % 3 === 0 ? `fuzz-${index}/` : ''}${name}`;
    text = mutate(path, host.readFile(path) ?? host.readFile(sources[(index + 1) % sources.length])!);
  } else {
    const configs = host.paths().filter((candidate) => CONFIG_FILE_RE.test(candidate));
    const list = kind === 'config' && configs.length ? configs : sources;
    path = list[index % list.length];
    text = mutate(path, host.readFile(path)!);
  }
  host.write(path, text);
  return { path, text };
}

/** The model without timings: what must be identical between an update and a fresh scan (as in test/helpers.ts). */
function comparable(result: ScanResult): unknown {
  return { ...result, stats: undefined };
}

/** Lines as TypeScript counts them (the model's lines come from it): CR, LF, CRLF, U+2028 and U+2029 end a line. */
function lineCount(text: string): number {
  return (text.match(/\r\n?|[\n\u2028\u2029]/g)?.length ?? 0) + 1;
}

/** The files the analyzer treats as endpoint files (it must analyse them or say why not), as in workspace-analyzer.ts. */
function isEndpointFile(relative: string, text: string, apps: readonly NextApp[]): boolean {
  let app: NextApp | undefined;
  for (const candidate of apps) if ((candidate.root === '' || relative.startsWith(candidate.root + '/')) && (!app || candidate.root.length > app.root.length)) app = candidate;
  const appRelative = app?.root ? relative.slice(app.root.length + 1) : relative;
  if (app && appRelative.startsWith('public/')) return false;
  if (app?.appDir && relative.startsWith(app.appDir + '/') && ROUTE_FILE_RE.test(relative)) {
    if (!relative.slice(app.appDir.length + 1).split('/').slice(0, -1).some((segment) => segment.startsWith('_'))) return true;
  }
  if (app?.pagesDir && relative.startsWith(app.pagesDir + '/api/') && !relative.slice(relative.lastIndexOf('/') + 1).startsWith('_')) return true;
  if (app && MIDDLEWARE_FILE_RE.test(appRelative)) return true;
  return USE_SERVER_TEXT_RE.test(text);
}

function assertLocation(location: Location, host: MemoryHost, root: string, what: string): void {
  const text = host.readFile(`${root}/${location.file}`);
  if (text === undefined) return; // a package or a file outside the tree: nothing to check against
  assert.ok(Number.isInteger(location.line) && location.line >= 1 && location.line <= lineCount(text), `${what} at ${location.file}:${location.line}, past the file's ${lineCount(text)} lines`);
}

/** A model that holds together: reasons for every skip, locations inside their files, broken endpoint files skipped. */
function assertWellFormed(result: ScanResult, host: MemoryHost, root: string, mutated: ReadonlySet<string>): void {
  assert.equal(result.schemaVersion, 1);
  for (const item of result.skipped) {
    assert.equal(typeof item.file, 'string');
    assert.ok(typeof item.reason === 'string' && item.reason.trim().length > 0, `skipped ${item.file} without a reason`);
  }
  const skipped = new Set(result.skipped.map((item) => item.file));
  for (const endpoint of result.endpoints) {
    assert.ok(host.fileExists(`${root}/${endpoint.file}`), `endpoint in a file that does not exist: ${endpoint.file}`);
    assert.ok(!skipped.has(endpoint.file), `${endpoint.file} is both skipped and reported (${endpoint.name})`);
    assertLocation(endpoint, host, root, `endpoint ${endpoint.name}`);
    for (const caller of endpoint.callers) assertLocation(caller, host, root, `caller of ${endpoint.name}`);
    for (const finding of [...endpoint.findings, ...endpoint.suppressed]) assertLocation(finding, host, root, `finding ${finding.ruleId} of ${endpoint.name}`);
  }
  for (const path of mutated) {
    if (!isSourceFile(path) || CONFIG_FILE_RE.test(path)) continue;
    const relative = path.slice(root.length + 1);
    const text = host.readFile(path);
    if (text === undefined) continue; // deleted
    if (!isEndpointFile(relative, text, result.apps)) continue;
    // Over 1 MB, only files at an endpoint path are reported: a scan does not read big files to look for 'use server'.
    if (Buffer.byteLength(text) > 1024 * 1024 && !isEndpointFile(relative, '', result.apps)) continue;
    const errors = syntaxErrors(parseFile(path, text));
    if (errors.length) assert.ok(skipped.has(relative), `${relative} does not parse (${ts.flattenDiagnosticMessageText(errors[0].messageText, ' ')}) yet is not in skipped`);
  }
}

/**
 * Scans the fixture, then applies each step (an edit, a new file, a deletion) and updates: never throws, each update
 * within the bound, the model well-formed, and (after the last update, or after each) what a fresh scan of the texts
 * gives.
 */
export function checkAnalyzerCase(item: AnalyzerCase): void {
  const fixture = loadFixture(item.fixture);
  const host = new MemoryHost(fixture.files);
  const analyzer = new WorkspaceAnalyzer(fixture.root, { host });
  try {
    analyzer.scan();
    const mutated = new Set<string>();
    let batch: { path: string; text?: string }[] = [];
    for (const [position, step] of item.steps.entries()) {
      const { path, text } = applyStep(host, step);
      mutated.add(path);
      batch.push({ path, ...(text !== undefined && !step.fromHost && { text }) });
      const last = position === item.steps.length - 1;
      if (step.withNext && !last) continue;
      const started = performance.now();
      const result = analyzer.update(batch);
      const elapsed = performance.now() - started;
      stats.analyzerUpdates++;
      if (elapsed > stats.maxUpdateMs) {
        stats.maxUpdateMs = elapsed;
        stats.maxUpdateCase = `${item.fixture} ${batch.map((change) => change.path.slice(fixture.root.length + 1)).join(', ')} (${text?.length ?? 0} chars)`;
      }
      assert.ok(elapsed < UPDATE_BOUND_MS, `update of ${batch.map((change) => change.path).join(', ')} took ${Math.round(elapsed)} ms`);
      batch = [];
      assertWellFormed(result, host, fixture.root, mutated);
      if (item.compareEachStep || last) {
        stats.freshScans++;
        assert.deepEqual(comparable(result), comparable(scanSync(fixture.root, { host })), 'update() gives what a fresh scan of the same texts gives');
      }
    }
  } finally {
    analyzer.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Property 2: the fixes

export interface FixCase {
  fixture: string;
  /** An endpoint file of the fixture, by index. */
  file: number;
  mutations: Mutation[];
  /** Use the model of the unmutated file (the editor resolves a fix against newer text than its model). */
  stale: boolean;
  /** The `nextBoundary.fixes.authGuard` setting. */
  template: string | undefined;
  /** Another source file of the app (a lib the guard lives in, a caller, another endpoint file), changed too. */
  neighbour: { file: number; mutations: Mutation[] };
}

const TEMPLATES = [
  "import { getCurrentUser } from '@/lib/session'\nconst user = await getCurrentUser()\nif (!user) {{unauthorized}}",
  'await requireUser()',
  '  const session = await auth();\n  if (!session?.user) {{unauthorized}};',
  "import { auth } from '@/auth'\nconst session = await auth()\nif (!session) {\n  {{unauthorized}}\n}",
];

export const fixCase: fc.Arbitrary<FixCase> = fc.record({
  fixture: fc.constantFrom(...fixtureNames),
  file: fc.nat({ max: 1000 }),
  mutations: fc.oneof({ arbitrary: fc.array(mildMutation, { maxLength: 4 }), weight: 4 }, { arbitrary: fc.tuple(fc.array(mildMutation, { maxLength: 2 }), brokenMutation).map(([mild, broken]) => [...mild, broken]), weight: 1 }),
  stale: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  template: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom(...TEMPLATES), weight: 1 }),
  neighbour: fc.record({
    file: fc.nat({ max: 1000 }),
    mutations: fc.oneof({ arbitrary: fc.constant<Mutation[]>([]), weight: 3 }, { arbitrary: fc.array(anyMutation, { minLength: 1, maxLength: 2 }), weight: 1 }),
  }),
});

interface FixFixture {
  fixture: Fixture;
  host: MemoryHost;
  analyzer: WorkspaceAnalyzer;
  baseline: ScanResult;
  endpointFiles: string[];
}

const fixFixtures = new Map<string, FixFixture>();

/** One live analyzer per fixture, kept between cases (each case puts its files back). */
function fixFixture(name: string): FixFixture {
  let context = fixFixtures.get(name);
  if (!context) {
    const fixture = loadFixture(name);
    const host = new MemoryHost(fixture.files);
    const analyzer = new WorkspaceAnalyzer(fixture.root, { host });
    const baseline = analyzer.scan();
    const endpointFiles = [...new Set(baseline.endpoints.map((endpoint) => `${fixture.root}/${endpoint.file}`))].sort();
    context = { fixture, host, analyzer, baseline, endpointFiles };
    fixFixtures.set(name, context);
  }
  return context;
}

function syntaxErrorCount(text: string, file: string): number {
  return syntaxErrors(parseSource(text, file)).length;
}

const TOKEN_RE = /[\p{L}\p{N}_$\u200c\u200d]+|[^\s\p{L}\p{N}_$]/gu;

function tokensOf(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/**
 * The first token of `before` (with its index) that `after` lost, keeping order; undefined when all are there.
 * `return` may move: keeping a returned write's result (`return save()` → `const result = await save(); …; return
 * result;`) puts it after the call. It is counted instead: none may go missing.
 */
function lostToken(before: string, after: string): { index: number; token: string } | undefined {
  const wanted = tokensOf(before);
  const have = tokensOf(after);
  const returns = (tokens: string[]) => tokens.filter((token) => token === 'return').length;
  if (returns(have) < returns(wanted)) return { index: wanted.lastIndexOf('return'), token: 'return' };
  let cursor = 0;
  for (const [index, token] of wanted.entries()) {
    if (token === 'return') continue;
    while (cursor < have.length && have[cursor] !== token) cursor++;
    if (cursor === have.length) return { index, token };
    cursor++;
  }
  return undefined;
}

function assertKeepsTokens(before: string, after: string, what: string): void {
  const lost = lostToken(before, after);
  if (!lost) return;
  const context = tokensOf(before).slice(Math.max(0, lost.index - 8), lost.index + 8).join(' ');
  assert.fail(`${what} lost code: token ${JSON.stringify(lost.token.slice(0, 60))} (#${lost.index}) near: ${context.slice(0, 300)}`);
}

const WORD_RE = /[\p{L}\p{N}_$]+/gu;

function wordsOf(text: string): Set<string> {
  return new Set(text.match(WORD_RE) ?? []);
}

/**
 * The words of a file's code, without comments and module specifiers: a refactor drops the imports the endpoint no
 * longer uses (with the comment on their line), and writes the ones the moved code needs relative to its new file.
 * The parser finds both (a bare scanner takes the text after a template's `${…}` for code).
 */
function codeWordsOf(text: string, file: string): Set<string> {
  const sourceFile = parseSource(text, file);
  const left: { pos: number; end: number }[] = [];
  const visit = (node: ts.Node): void => {
    left.push(...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? []));
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) left.push({ pos: node.moduleSpecifier.getStart(sourceFile), end: node.moduleSpecifier.end });
    for (const child of node.getChildren(sourceFile)) visit(child);
  };
  visit(sourceFile);
  let code = '';
  let cursor = 0;
  for (const range of left.sort((a, b) => a.pos - b.pos)) {
    if (range.pos < cursor) continue;
    code += `${text.slice(cursor, range.pos)} `;
    cursor = range.end;
  }
  return wordsOf(code + text.slice(cursor));
}

/** Runs a check with the fix's name on whatever it throws (an assertion or a crash of the fix itself). */
function labelled(what: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof Error && !error.message.startsWith(what)) error.message = `${what}: ${error.message}`;
    throw error;
  }
}

/** A quick fix: declines, or gives text that parses no worse, keeps the user's tokens, and is not changed by a second run. */
function checkQuickFix(what: string, text: string, file: string, fix: (text: string) => TextEdit[]): void {
  stats.fixApplications++;
  const edits = fix(text);
  if (edits.length === 0) {
    stats.fixDeclines++;
    return;
  }
  const after = applyEdits(text, edits);
  const before = syntaxErrorCount(text, file);
  const now = syntaxErrorCount(after, file);
  assert.ok(now <= before, `${what}: ${now} syntax errors after, ${before} before`);
  assertKeepsTokens(text, after, what);
  const again = fix(after);
  assert.ok(again.length === 0 || applyEdits(after, again) === after, `${what}: a second application changes the text again`);
}

/**
 * A refactor: refuses with a reason, or gives changes that apply to the texts it read, create only new files that
 * parse, leave edited files parsing no worse, keep every word of the endpoint file's code somewhere (the logic moves), only
 * add to other files, and are refused (or change nothing) when run again on the result.
 */
function checkRefactor(what: string, relative: string, files: ReadonlyMap<string, string>, run: (files: ReadonlyMap<string, string>) => RefactorResult): void {
  stats.fixApplications++;
  const result = run(files);
  if (!result.ok) {
    stats.fixDeclines++;
    assert.ok(result.reason.trim().length > 0, `${what}: refused without a reason`);
    return;
  }
  const after = new Map(files);
  for (const change of result.changes) {
    if (change.kind === 'create') {
      assert.ok(!files.has(change.file), `${what}: overwrites ${change.file}`);
      const errors = syntaxErrors(parseSource(change.text, change.file)).map((item) => ts.flattenDiagnosticMessageText(item.messageText, ' '));
      assert.deepEqual(errors, [], `${what}: creates ${change.file}, which does not parse`);
      after.set(change.file, change.text);
      continue;
    }
    assert.equal(change.text, files.get(change.file), `${what}: edits ${change.file} from a text it does not have`);
    const edited = applyEdits(change.text, change.edits);
    assert.ok(syntaxErrorCount(edited, change.file) <= syntaxErrorCount(change.text, change.file), `${what}: ${change.file} parses worse`);
    if (change.file !== relative) assertKeepsTokens(change.text, edited, `${what} (${change.file})`);
    after.set(change.file, edited);
  }
  const kept = wordsOf([relative, ...result.changes.map((change) => change.file)].map((file) => after.get(file)!).join('\n'));
  const lost = [...codeWordsOf(files.get(relative)!, relative)].filter((word) => !kept.has(word));
  assert.deepEqual(lost, [], `${what}: words of ${relative} are nowhere after it`);
  const again = run(after);
  assert.ok(!again.ok || again.changes.every((change) => change.kind === 'edit' && applyEdits(change.text, change.edits) === change.text), `${what}: a second run changes files again`);
}

/** Mutates one endpoint file and runs every fix the editor can offer on each of its endpoints. */
export function checkFixCase(item: FixCase): void {
  const context = fixFixture(item.fixture);
  const { fixture, host, analyzer } = context;
  if (!context.endpointFiles.length) return;
  const path = context.endpointFiles[item.file % context.endpointFiles.length];
  const relative = path.slice(fixture.root.length + 1);
  const original = host.readFile(path)!;
  const others = fixture.sources.filter((other) => other !== path).map((other) => host.readFile(other)!);
  let text = original;
  for (const mutation of item.mutations) text = applyMutation(text, path, mutation, { others });
  // What an editor buffer can hold: VS Code turns a lone CR into a line break of the file's own kind when it loads text.
  text = text.replace(/\r(?!\n)/g, /\r\n/.test(text) ? '\r\n' : '\n');
  host.write(path, text);
  const changes = [{ path, text, original }];
  const neighbour = fixture.sources[item.neighbour.file % fixture.sources.length];
  if (item.neighbour.mutations.length && neighbour !== path) {
    const before = host.readFile(neighbour)!;
    const after = item.neighbour.mutations.reduce((current, mutation) => applyMutation(current, neighbour, mutation, { others }), before);
    host.write(neighbour, after);
    changes.push({ path: neighbour, text: after, original: before });
  }
  try {
    const result = item.stale ? context.baseline : analyzer.update(changes.map((change) => ({ path: change.path, text: change.text })));
    stats.fixStates++;
    const files = new Map([...host.snapshot()].map(([file, content]) => [file.slice(fixture.root.length + 1), content]));
    const indexes = new Map<string, ProjectIndex>();
    // The index of the case's texts is made once per app; a refactor's second run reads the texts after the first.
    const indexOf = (app: NextApp, texts: ReadonlyMap<string, string>): ProjectIndex => {
      if (texts !== files) return indexProject(app, texts);
      let index = indexes.get(app.root);
      if (!index) indexes.set(app.root, (index = indexProject(app, files)));
      return index;
    };
    for (const endpoint of result.endpoints.filter((candidate) => candidate.file === relative)) {
      const app = result.apps.find((candidate) => candidate.root === endpoint.app);
      if (!app) continue;
      const index = indexOf(app, files);
      const endpointsOfApp = result.endpoints.filter((candidate) => candidate.app === endpoint.app);
      const label = `${item.fixture} ${relative}#${endpoint.name}`;
      if (endpoint.kind === 'action') {
        for (const choice of revalidationChoices(endpoint, app, index)) {
          const what = `${label} ${choice.title}`;
          labelled(what, () => checkQuickFix(what, text, relative, (current) => addRevalidation(current, relative, endpoint, choice)));
        }
      }
      if (endpoint.kind !== 'pages-api') {
        for (const recipe of authGuardRecipes(endpoint, endpointsOfApp, index, item.template)) {
          const what = `${label} auth guard (${recipe.label})`;
          labelled(what, () => checkQuickFix(what, text, relative, (current) => addAuthGuard(current, relative, endpoint, recipe)));
        }
      }
      labelled(`${label} refactor availability`, () => refactorAvailability(text, endpoint));
      labelled(`${label} endpoint span`, () => {
        const span = endpointSpan(text, endpoint);
        assert.ok(!span || (0 <= span.start && span.start <= span.end && span.end <= text.length), `span ${JSON.stringify(span)} outside the text`);
      });
      const extract = `${label} extract to /lib`;
      labelled(extract, () => checkRefactor(extract, relative, files, (texts) => extractToLib({ text: texts.get(relative)!, endpoint, index: indexOf(app, texts) })));
      if (endpoint.kind === 'action') {
        const convert = `${label} convert to route handler`;
        const authGuardTemplate = item.template;
        labelled(convert, () =>
          checkRefactor(convert, relative, files, (texts) => convertToRouteHandler({ text: texts.get(relative)!, endpoint, index: indexOf(app, texts), endpoints: endpointsOfApp, ...(authGuardTemplate && { authGuardTemplate }) })),
        );
      }
    }
  } finally {
    for (const change of changes) host.write(change.path, change.original);
    if (!item.stale) analyzer.update(changes.map((change) => ({ path: change.path, text: change.original })));
  }
}

/** Drops the live analyzers (between long-run batches, and at the end of a test file). */
export function disposeFixFixtures(): void {
  for (const context of fixFixtures.values()) context.analyzer.dispose();
  fixFixtures.clear();
}
