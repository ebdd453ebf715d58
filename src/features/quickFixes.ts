/**
 * Quick fixes for `missing-revalidation` (Add revalidatePath / revalidateTag) and `missing-auth` (Add auth
 * guard), on this extension's diagnostics and on an endpoint's name without one. Titles come from the
 * model and a cached read of the app's files (tags, guards, aliases); the edit is computed only when an
 * action is picked, from the document's current text, as one WorkspaceEdit (one undo step). The fixes
 * themselves are pure (src/fixes) and load from dist/service.js with the analyzer.
 *
 * Every auth finding gets a next step: "Mark as public with a reason" (and its kin for the other auth-ish
 * rules: the `next-boundary-ignore` comment, its reason selected for the user to type over), and, when no
 * guard can be inferred, "Set up an auth guard template…", which asks for the call and saves the setting.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Endpoint, NextApp } from '../analyzers/model';
import type { GuardRecipe, IdentityCall, ProjectIndex, RevalidationChoice, TextEdit } from '../fixes';
import type { BoundaryService } from '../service/boundary-service';
import { DIAGNOSTIC_SOURCE } from '../views/diagnostics';
import { findingRange, nameRange } from '../views/positions';
import { Disposable } from './util/dispose';
import { IGNORED_PATH, SOURCE_SELECTOR, posixPath } from './util/paths';
import { documentLines } from './util/text';

const TEMPLATE_SETTING = 'fixes.authGuard';
/** Enough for large apps; the read happens only when a fix is asked for, and again after files change. */
const MAX_FILES = 6000;
const MAX_FILE_BYTES = 512 * 1024;
const SOURCE_GLOB = '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}';
const EXCLUDE_GLOB = '**/{node_modules,.next,.git,.turbo,.vercel,dist,build,out,coverage}/**';
const CONFIG_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json', 'next-boundary.config.json'];

type Fixes = typeof import('../fixes');

/** The fixes module, from the analyzer bundle the extension already loaded (a computed path keeps it out of extension.js). */
export function loadFixes(): Fixes {
  const servicePath = path.join(__dirname, 'service.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path keeps TypeScript out of this bundle
  return (require(servicePath) as typeof import('../service/boundary-service')).fixes;
}

type Fix = { kind: 'revalidation'; choice: RevalidationChoice } | { kind: 'auth'; recipe: GuardRecipe };

/** Asks for the guard template and saves it at workspace-folder level; the confirmation offers to add the guard at once. */
export const SET_UP_GUARD_COMMAND = 'nextBoundary.setUpAuthGuardTemplate';
const SETTING_ID = `nextBoundary.${TEMPLATE_SETTING}`;

class BoundaryFix extends vscode.CodeAction {
  constructor(
    title: string,
    readonly uri: vscode.Uri,
    readonly endpoint: Endpoint,
    readonly fix: Fix,
  ) {
    super(title, vscode.CodeActionKind.QuickFix);
  }
}

/**
 * The app's files as the fixes read them: the disk's, read once and kept until a file watcher reports a
 * change (or `invalidate()`), with the unsaved text of open documents laid over them at each request, and
 * untitled documents that carry a path of the folder (they exist for the fixes: a refactor must not create
 * a file the editor will save there). The index built from them is kept while none of that changes. One
 * instance serves the quick fixes and the refactors (extension.ts).
 */
export class AppFilesCache extends Disposable {
  private readonly disk = new Map<string, Promise<Map<string, string>>>();
  private readonly indexes = new Map<string, { key: string; index: ProjectIndex }>();
  private generation = 0;

  constructor() {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts,json}'));
    const changed = (uri: vscode.Uri) => {
      if (!IGNORED_PATH.test(posixPath(uri))) this.invalidate();
    };
    this.register(watcher.onDidCreate(changed));
    this.register(watcher.onDidDelete(changed));
    this.register(watcher.onDidChange(changed));
  }

  /** Forgets what was read from disk: the next request reads the app again (a refactor whose plan met a newer disk does this). */
  invalidate(): void {
    this.disk.clear();
    this.generation++;
  }

  async index(fixes: Fixes, folder: string, app: NextApp): Promise<ProjectIndex> {
    const appKey = `${folder}\u0000${app.root}`;
    let disk = this.disk.get(appKey);
    if (!disk) {
      const reading = readAppFiles(folder, app);
      disk = reading;
      this.disk.set(appKey, reading);
      // A failed read is not kept: the next request tries again.
      void reading.catch(() => {
        if (this.disk.get(appKey) === reading) this.disk.delete(appKey);
      });
    }
    const files = new Map(await disk);
    const unsaved = vscode.workspace.textDocuments.filter((document) => (document.isDirty && document.uri.scheme === 'file') || document.uri.scheme === 'untitled');
    for (const document of unsaved) {
      const path = posixPath(document.uri);
      if (path.startsWith(folder + '/')) files.set(path.slice(folder.length + 1), document.getText());
    }
    const key = `${this.generation}|${app.authLibraries.join(',')}|${unsaved.map((document) => `${document.uri.toString()}@${document.version}`).join('|')}`;
    const cached = this.indexes.get(appKey);
    if (cached?.key === key) return cached.index;
    const index = fixes.indexProject(app, files);
    this.indexes.set(appKey, { key, index });
    return index;
  }
}

async function diskText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const text = await readFile(uri.fsPath, 'utf8');
    return text.length > MAX_FILE_BYTES ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The app's source files and config files on disk, keyed like the model (relative to the folder). */
async function readAppFiles(folder: string, app: NextApp): Promise<Map<string, string>> {
  const appUri = vscode.Uri.file(app.root ? `${folder}/${app.root}` : folder);
  const sources = await vscode.workspace.findFiles(new vscode.RelativePattern(appUri, SOURCE_GLOB), EXCLUDE_GLOB, MAX_FILES);
  const configs = [...new Set([app.root, ''])].flatMap((dir) => CONFIG_FILES.map((name) => vscode.Uri.file(`${folder}/${dir ? `${dir}/` : ''}${name}`)));
  const files = new Map<string, string>();
  await Promise.all(
    [...sources, ...configs].map(async (uri) => {
      const file = posixPath(uri);
      if (IGNORED_PATH.test(file) || !file.startsWith(folder + '/')) return;
      const text = await diskText(uri);
      if (text !== undefined) files.set(file.slice(folder.length + 1), text);
    }),
  );
  return files;
}

/** The rule id of one of this extension's diagnostics; undefined for anyone else's. */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Titles of the fixes when they cannot apply (listed disabled, with the reason). */
const BLOCKED_TITLES = { revalidation: 'Add revalidation', auth: 'Add auth guard' } as const;

class QuickFixProvider extends Disposable implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  constructor(
    private readonly service: BoundaryService,
    private readonly log: vscode.LogOutputChannel,
    private readonly files: AppFilesCache,
  ) {
    super();
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const file = posixPath(document.uri);
    const folder = this.service.folderOf(file);
    const result = folder ? this.service.snapshot.folders.get(folder) : undefined;
    const endpoints = this.service.endpointsIn(file);
    if (!folder || !result || endpoints.length === 0) return [];
    const lines = documentLines(document);
    let fixes: Fixes | undefined;
    const actions: vscode.CodeAction[] = [];
    // The analyzer may report each of two same-named exports: one refusal says it for both.
    const refused = new Set<string>();
    for (const endpoint of endpoints) {
      const name = nameRange(endpoint, lines);
      const onName = name.line === range.start.line && range.start.character <= name.end && range.end.character >= name.start;
      const diagnostics = context.diagnostics.filter((diagnostic) => {
        const rule = ruleOf(diagnostic);
        const finding = rule === undefined ? undefined : endpoint.findings.find((item) => item.ruleId === rule);
        return finding !== undefined && findingRange(endpoint, finding, lines).line === diagnostic.range.start.line;
      });
      if (!onName && diagnostics.length === 0) continue;
      fixes ??= loadFixes();
      const wanted = fixes.wantedFixes(endpoint, new Set(diagnostics.map(ruleOf).filter((rule): rule is string => !!rule)), onName);
      if (!wanted.revalidation && !wanted.auth && wanted.suppress.length === 0) continue;
      const forRule = (rule: string) => diagnostics.filter((diagnostic) => ruleOf(diagnostic) === rule);
      // Which function to edit must be clear (not two exports of the name): otherwise say why, edit nothing.
      const blocked = fixes.quickFixBlocker(document.getText(), endpoint.file, endpoint);
      if (blocked) {
        if (refused.has(blocked)) continue;
        refused.add(blocked);
        if (wanted.revalidation) actions.push(this.blocked(BLOCKED_TITLES.revalidation, blocked, forRule(fixes.REVALIDATION_RULE)));
        if (wanted.auth) actions.push(this.blocked(BLOCKED_TITLES.auth, blocked, forRule(fixes.AUTH_RULE)));
        // No suppression either: a comment above one of two same-named exports would silence only that one.
        continue;
      }
      const app = result.apps.find((item) => item.root === endpoint.app);
      if (!app) continue;
      let index: ProjectIndex;
      try {
        index = await this.files.index(fixes, folder, app);
      } catch (error) {
        this.log.error('quick fixes: reading the app failed', error);
        return actions;
      }
      if (token.isCancellationRequested) return [];
      if (wanted.revalidation) {
        for (const choice of fixes.revalidationChoices(endpoint, app, index)) {
          actions.push(this.action(choice.title, document.uri, endpoint, { kind: 'revalidation', choice }, choice.preferred, forRule(fixes.REVALIDATION_RULE)));
        }
      }
      if (wanted.auth) {
        const setting = vscode.workspace.getConfiguration('nextBoundary', document.uri).get<string>(TEMPLATE_SETTING);
        const template = setting?.trim() ? setting : undefined;
        const endpointsOfApp = result.endpoints.filter((item) => item.app === endpoint.app);
        const recipes = fixes.authGuardRecipes(endpoint, endpointsOfApp, index, template);
        recipes.forEach((recipe, position) => {
          actions.push(this.action(fixes!.authGuardTitle(recipe), document.uri, endpoint, { kind: 'auth', recipe }, position === 0, forRule(fixes!.AUTH_RULE)));
        });
        if (recipes.length === 0) {
          // Nothing to copy: say why (disabled; VS Code lists it where disabled actions are shown) and offer the template.
          const offer = fixes.noGuardOffer(template ?? index.authGuardTemplate);
          actions.push(this.blocked(BLOCKED_TITLES.auth, offer.reason, forRule(fixes.AUTH_RULE)));
          const setUp = new vscode.CodeAction(offer.title, vscode.CodeActionKind.QuickFix);
          setUp.command = { title: offer.title, command: SET_UP_GUARD_COMMAND, arguments: [document.uri, new vscode.Position(name.line, name.start)], tooltip: offer.reason };
          const forAuth = forRule(fixes.AUTH_RULE);
          if (forAuth.length) setUp.diagnostics = forAuth;
          actions.push(setUp);
        }
      }
      for (const rule of wanted.suppress) {
        const action = this.suppression(fixes, document, endpoint, rule, forRule(rule));
        if (action) actions.push(action);
      }
    }
    return actions;
  }

  /**
   * "Mark as public with a reason": the comment as a snippet edit, so the reason is selected for the user to
   * type over (a plain insertion where the editor is not the active one). Not offered when the text already
   * silences the rule with a reason: applying it twice changes nothing, and the menu does not pretend it would.
   */
  private suppression(fixes: Fixes, document: vscode.TextDocument, endpoint: Endpoint, rule: string, diagnostics: vscode.Diagnostic[]): vscode.CodeAction | undefined {
    const offer = fixes.SUPPRESSION_OFFERS[rule];
    const found = offer && fixes.addSuppression(document.getText(), endpoint.file, endpoint, rule, offer.reason);
    if (!found) return undefined;
    const { edit: text, reason } = found;
    const snippet = new vscode.SnippetString();
    snippet.appendText(text.newText.slice(0, reason.start));
    snippet.appendPlaceholder(text.newText.slice(reason.start, reason.end));
    snippet.appendText(text.newText.slice(reason.end));
    const edit = new vscode.SnippetTextEdit(new vscode.Range(document.positionAt(text.start), document.positionAt(text.end)), snippet);
    // The comment's indentation is written out; the snippet engine must not indent its second line again.
    edit.keepWhitespace = true;
    const action = new vscode.CodeAction(offer.title, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.set(document.uri, [edit]);
    if (diagnostics.length) action.diagnostics = diagnostics;
    return action;
  }

  private action(title: string, uri: vscode.Uri, endpoint: Endpoint, fix: Fix, preferred: boolean, diagnostics: vscode.Diagnostic[]): BoundaryFix {
    const action = new BoundaryFix(title, uri, endpoint, fix);
    action.isPreferred = preferred;
    if (diagnostics.length) action.diagnostics = diagnostics;
    return action;
  }

  private blocked(title: string, reason: string, diagnostics: vscode.Diagnostic[]): vscode.CodeAction {
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.disabled = { reason };
    if (diagnostics.length) action.diagnostics = diagnostics;
    return action;
  }

  /**
   * The edit, from the document as it is now (unsaved text included): one WorkspaceEdit and no command, so
   * picking the fix is one applyEdit and one undo step. No edits when the fix is already there.
   */
  resolveCodeAction(action: vscode.CodeAction, token: vscode.CancellationToken): vscode.CodeAction {
    if (!(action instanceof BoundaryFix)) return action;
    const document = vscode.workspace.textDocuments.find((item) => item.uri.toString() === action.uri.toString());
    if (!document || token.isCancellationRequested) return action;
    const fixes = loadFixes();
    const text = document.getText();
    const file = action.endpoint.file;
    let edits: TextEdit[];
    try {
      edits = action.fix.kind === 'revalidation' ? fixes.addRevalidation(text, file, action.endpoint, action.fix.choice) : fixes.addAuthGuard(text, file, action.endpoint, action.fix.recipe);
    } catch (error) {
      this.log.error(`quick fix "${action.title}" failed`, error);
      return action;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const item of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(item.start), document.positionAt(item.end)), item.newText);
    action.edit = edit;
    return action;
  }
}

/**
 * "Set up an auth guard template…": asks for the call that reads the signed-in user (suggesting one of the
 * app's own helpers) and the module it comes from, saves the template in the workspace folder's settings
 * (the second prompt says so; Escape at either step writes nothing). "Add auth guard (…)" is then in the
 * quick fixes; the confirmation offers to add it to the endpoint at once, or to open the Settings editor
 * (a template that needs more than one call is written there).
 */
async function setUpGuardTemplate(service: BoundaryService, files: AppFilesCache, log: vscode.LogOutputChannel, uri?: vscode.Uri, position?: vscode.Position): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const folder = (target && vscode.workspace.getWorkspaceFolder(target)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('Next Boundary: open a folder first; the auth guard template is a workspace setting.');
    return;
  }
  const fixes = loadFixes();
  let suggestion: IdentityCall | undefined;
  const file = target ? posixPath(target) : undefined;
  const root = file ? service.folderOf(file) : undefined;
  const endpoint = file ? service.endpointsIn(file)[0] : undefined;
  const app = root && endpoint ? service.snapshot.folders.get(root)?.apps.find((item) => item.root === endpoint.app) : undefined;
  if (root && file && app) {
    try {
      suggestion = fixes.suggestIdentityCall(await files.index(fixes, root, app), file.slice(root.length + 1));
    } catch (error) {
      log.error('auth guard template: reading the app failed', error);
    }
  }
  const call = await vscode.window.showInputBox({
    title: 'Auth guard template (1/2): the call',
    prompt: 'The call that returns the signed-in user, or nothing when nobody is signed in (or a call that refuses by itself, like requireUser())',
    placeHolder: 'getCurrentUser()',
    value: suggestion?.call ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => fixes.identityCallProblem(value),
  });
  if (call === undefined) return;
  const imported = /^(?:await\s+)?([A-Za-z_$][\w$]*)/.exec(call.trim())?.[1] ?? call.trim();
  const from = await vscode.window.showInputBox({
    title: 'Auth guard template (2/2): the module',
    prompt: `Where ${imported} is imported from (empty: no import). Enter saves the template in the workspace settings of ${folder.name} (${SETTING_ID}).`,
    placeHolder: '@/lib/session',
    value: suggestion?.from ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => fixes.importSpecifierProblem(value),
  });
  if (from === undefined) return;
  const template = fixes.guardTemplate({ call, from });
  if (!template) return;
  await vscode.workspace.getConfiguration('nextBoundary', folder.uri).update(TEMPLATE_SETTING, template, vscode.ConfigurationTarget.WorkspaceFolder);
  log.info(`auth guard template saved in the workspace settings of ${folder.name}`);
  // The quick-fix menu now offers the guard. Opening it from here is not reliable (the closing input box takes
  // the focus back and the menu closes with it), so the confirmation offers to add the guard at once.
  const lines = uri && position ? documentLines(await vscode.workspace.openTextDocument(uri)) : undefined;
  const endpointAt = file && position && lines ? service.endpointsIn(file).find((item) => nameRange(item, lines).line === position.line) : undefined;
  const title = `Add auth guard (${imported})`;
  // Not awaited: a notification can stay up indefinitely, and the command (run by the code action) ends now.
  void Promise.resolve(
    vscode.window.showInformationMessage(
      `Next Boundary: auth guard template saved in the workspace settings of ${folder.name}. "${title}" is now in the quick fixes.`,
      ...(endpointAt ? [ADD_NOW] : []),
      EDIT_IN_SETTINGS,
    ),
  )
    .then(async (choice) => {
      if (choice === EDIT_IN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', SETTING_ID);
      if (choice === ADD_NOW && endpointAt && uri) await addGuardNow(fixes, uri, endpointAt, template, log);
    })
    .catch((error: unknown) => log.error('auth guard template: adding the guard failed', error));
}

const ADD_NOW = 'Add It Now';
const EDIT_IN_SETTINGS = 'Edit in Settings';

/** The template's guard on the endpoint, as "Add auth guard (template)" would add it: one edit, one undo step. */
async function addGuardNow(fixes: Fixes, uri: vscode.Uri, endpoint: Endpoint, template: string, log: vscode.LogOutputChannel): Promise<void> {
  const recipe = fixes.templateRecipe(template);
  const document = await vscode.workspace.openTextDocument(uri);
  const edits = recipe ? fixes.addAuthGuard(document.getText(), endpoint.file, endpoint, recipe) : [];
  if (edits.length === 0) {
    log.info(`auth guard template: nothing to add to ${endpoint.name} (already guarded, or its function is not clear)`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const item of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(item.start), document.positionAt(item.end)), item.newText);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(document);
}

/** Registers the quick fixes for TS/JS files on disk, and the command that sets the guard template up. */
export function register(service: BoundaryService, log: vscode.LogOutputChannel, files: AppFilesCache): vscode.Disposable {
  const provider = new QuickFixProvider(service, log, files);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeActionsProvider(SOURCE_SELECTOR, provider, { providedCodeActionKinds: QuickFixProvider.providedCodeActionKinds }),
    vscode.commands.registerCommand(SET_UP_GUARD_COMMAND, async (uri?: vscode.Uri, position?: vscode.Position) => {
      try {
        await setUpGuardTemplate(service, files, log, uri, position);
      } catch (error) {
        log.error('setting up the auth guard template failed', error);
        void vscode.window.showErrorMessage('Next Boundary: setting up the auth guard template failed. See the output log for details.');
      }
    }),
  );
}
