/**
 * The real-editor checks that run inside the extension host, against the installed Next Boundary and the
 * fixture workspace (test/e2e/fixture-app, copied to a temp folder). They only use the public API other
 * extensions have: the providers through `vscode.execute*Provider`, the diagnostics, commands and edits.
 * Every wait is bounded; a check that changes the workspace puts it back (see `isolated`).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOST_CHECKS, type HostCheckKey } from './check-names';
import { CLIENT_FILE, MOUNT_FILE, ROUTER_APP, ROUTER_FILE } from './router-app';
import { MEDIA_APP, OBJECT_ROUTE, REFRESHED_ACTION, REFRESHING_CALLER, REFRESH_LINE } from './media-app';
import { MARK_PUBLIC_TITLE, NO_AUTH_ACTION, NO_AUTH_APP, PLACEHOLDER_REASON, SET_UP_TEMPLATE_TITLE } from './no-auth-app';

export const EXTENSION_ID = 'next-boundary.next-boundary';
const SOURCE = 'Next Boundary';
export const SNIPPET_PREFIXES = ['nb-webhook-stripe', 'nb-webhook-hmac', 'nb-action', 'nb-action-form', 'nb-route', 'nb-use-server'];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns something truthy; the error names what was awaited and what was last seen. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await sleep(150);
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

export function fileUri(path: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...path.split('/'));
}

export function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

export function boundaryDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

function diagnosticFor(uri: vscode.Uri, ruleId: string, name: string, document: vscode.TextDocument): vscode.Diagnostic | undefined {
  return boundaryDiagnostics(uri).find((diagnostic) => codeOf(diagnostic) === ruleId && document.getText(diagnostic.range) === name);
}

export interface LensText {
  /** 1-based, as the editor shows it. */
  line: number;
  title: string;
  command: string;
  arguments: unknown[];
}

/** The lenses as the editor would draw them: every one resolved (title and command filled in). */
export async function lenses(uri: vscode.Uri): Promise<LensText[]> {
  const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return found
    .filter((lens) => lens.command && lens.command.title !== '')
    .map((lens) => ({ line: lens.range.start.line + 1, title: lens.command?.title ?? '', command: lens.command?.command ?? '', arguments: lens.command?.arguments ?? [] }));
}

/** The refactor lens ("→ Route Handler", only on actions advised to move): checked by convertToRouteHandler, left out of the other lens checks. */
const CONVERT_LENS = '→ Route Handler';

/** The lenses of one line joined by ` | ` as the editor draws them, without the refactor lens. */
async function lensLine(uri: vscode.Uri, line: number): Promise<string> {
  return (await lenses(uri))
    .filter((lens) => lens.line === line && lens.title !== CONVERT_LENS)
    .map((lens) => lens.title)
    .join(' | ');
}

/** 1-based line of the first line holding `text`. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `${relativePath(document.uri)} has no "${text}"`);
  return document.positionAt(offset).line + 1;
}

function rangeOf(document: vscode.TextDocument, text: string, from = 0): vscode.Range {
  const offset = document.getText().indexOf(text, from);
  assert.ok(offset >= 0, `${relativePath(document.uri)} has no "${text}"`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + text.length));
}

function nameRange(document: vscode.TextDocument, name: string): vscode.Range {
  const declaration = document.getText().indexOf(`function ${name}`);
  assert.ok(declaration >= 0, `${relativePath(document.uri)} declares no ${name}`);
  return rangeOf(document, name, declaration);
}

async function open(path: string): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = fileUri(path);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { uri, document, editor };
}

async function writeFiles(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) await vscode.workspace.fs.writeFile(fileUri(path), new TextEncoder().encode(text));
}

/** Next Boundary's hover at a position, as Markdown. */
async function hoverText(uri: vscode.Uri, at: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
  const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).find((value) => value.includes('**Exposure:**'));
  assert.ok(text, `no Next Boundary hover; hovers: ${JSON.stringify(hovers.map((hover) => hover.contents))}`);
  return text;
}

type Action = vscode.CodeAction | vscode.Command;

function isCommand(action: Action): action is vscode.Command {
  return typeof action.command === 'string';
}

/**
 * The code actions of one kind at a range. Quick fixes are resolved (Next Boundary computes their edit
 * lazily); refactors are not: resolving asks every provider (TypeScript's too) for its edits.
 */
async function codeActions(uri: vscode.Uri, range: vscode.Range, kind: vscode.CodeActionKind): Promise<Action[]> {
  const resolve = kind.value === vscode.CodeActionKind.QuickFix.value ? 50 : 0;
  return vscode.commands.executeCommand<Action[]>('vscode.executeCodeActionProvider', uri, range, kind.value, resolve);
}

/** What clicking the action does: its edit, then its command. */
async function runAction(action: Action): Promise<void> {
  if (isCommand(action)) {
    await vscode.commands.executeCommand(action.command, ...((action.arguments ?? []) as unknown[]));
    return;
  }
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" was not applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
}

function titles(actions: Action[]): string[] {
  return actions.map((action) => action.title);
}

export interface WorkspaceSnapshot {
  files: Map<string, Uint8Array>;
  folders: Set<string>;
}

/** Every file's bytes and every folder under the workspace root (node_modules aside), by URI. */
export async function snapshot(): Promise<WorkspaceSnapshot> {
  const taken: WorkspaceSnapshot = { files: new Map(), folders: new Set() };
  const walk = async (dir: vscode.Uri): Promise<void> => {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
      const uri = vscode.Uri.joinPath(dir, name);
      if (type & vscode.FileType.Directory) {
        if (name === 'node_modules') continue;
        taken.folders.add(uri.toString());
        await walk(uri);
      } else if (type & vscode.FileType.File) {
        taken.files.set(uri.toString(), await vscode.workspace.fs.readFile(uri));
      }
    }
  };
  await walk(workspaceRoot());
  return taken;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** Reverts unsaved edits, deletes created files and folders, restores changed files, closes every editor and notification. */
export async function restoreWorkspace(before: WorkspaceSnapshot): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((item) => item.isDirty && item.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  const after = await snapshot();
  for (const key of after.files.keys()) if (!before.files.has(key)) await vscode.workspace.fs.delete(vscode.Uri.parse(key), { useTrash: false });
  // Deepest first, so a created folder goes before the created folder holding it.
  const createdFolders = [...after.folders].filter((key) => !before.folders.has(key)).sort((a, b) => b.length - a.length);
  for (const key of createdFolders) await vscode.workspace.fs.delete(vscode.Uri.parse(key), { recursive: true, useTrash: false });
  for (const [key, bytes] of before.files) if (!sameBytes(after.files.get(key), bytes)) await vscode.workspace.fs.writeFile(vscode.Uri.parse(key), bytes);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('notifications.clearAll');
}

/** Runs a check that edits the workspace, then puts the workspace back as it was, whatever happened. */
async function isolated<T>(run: () => Promise<T>): Promise<T> {
  const before = await snapshot();
  try {
    return await run();
  } finally {
    await restoreWorkspace(before);
  }
}

let readyOnce: Promise<void> | undefined;

/** Next Boundary is active and its first scan has published (diagnostics on the fixture's missing-auth action). */
export function ready(): Promise<void> {
  readyOnce ??= (async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await until(`${EXTENSION_ID} to activate`, () => extension.isActive, 60_000);
    const team = fileUri('app/team/actions.ts');
    await until('the first scan (a diagnostic on app/team/actions.ts)', () => boundaryDiagnostics(team).length > 0, 90_000);
  })();
  // A failed start stays failed: every later check reports it at once instead of waiting again.
  return readyOnce;
}

const checks: Record<HostCheckKey, () => Promise<unknown>> = {
  async ready() {
    await ready();
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['nextBoundary.rescan', 'nextBoundary.showTree', 'nextBoundary.showOutput']) assert.ok(commands.includes(command), `${command} is not registered`);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version: string } | undefined;
    return { vscode: vscode.version, extension: manifest?.version };
  },

  async actionLenses() {
    await ready();
    const { uri, document } = await open('app/projects/actions.ts');
    const create = lineOf(document, 'export async function createProject');
    const archive = lineOf(document, 'export async function archiveProject');
    const all = await until('lenses on app/projects/actions.ts', async () => {
      const found = (await lenses(uri)).filter((lens) => lens.title !== CONVERT_LENS);
      return found.length >= 4 ? found : undefined;
    });
    const at = (line: number) => all.filter((lens) => lens.line === line);
    assert.deepEqual(at(create).map((lens) => lens.title), ['⚡ action · internal · ✓ auth checked', '1 caller']);
    assert.deepEqual(at(archive).map((lens) => lens.title), ['⚡ action · internal · ✓ auth checked', '1 caller']);
    assert.equal(at(create)[0]?.command, 'nextBoundary.showDetails');
    // The caller count opens the references peek on the caller: the <form action> in page.tsx.
    const callers = at(create)[1];
    assert.equal(callers?.command, 'editor.action.showReferences');
    const locations = callers?.arguments[2] as vscode.Location[];
    assert.deepEqual(locations.map((location) => `${relativePath(location.uri)}:${location.range.start.line + 1}`), ['app/projects/page.tsx:11']);

    const team = await open('app/team/actions.ts');
    const invite = lineOf(team.document, 'export async function inviteMember');
    const teamLenses = (await lenses(team.uri)).filter((lens) => lens.line === invite && lens.title !== CONVERT_LENS);
    assert.deepEqual(teamLenses.map((lens) => lens.title), ['⚡ action · internal', '1 caller', '⚠ missing auth']);
    assert.equal(teamLenses[2]?.command, 'nextBoundary.showFindingFixes');
    return { 'app/projects/actions.ts': all.map((lens) => `${lens.line}: ${lens.title}`), 'app/team/actions.ts': teamLenses.map((lens) => `${lens.line}: ${lens.title}`) };
  },

  async routeLenses() {
    await ready();
    const { uri, document } = await open('app/api/webhooks/stripe/route.ts');
    const post = lineOf(document, 'export async function POST');
    const line = await until('the lens on POST /api/webhooks/stripe', () => lensLine(uri, post));
    assert.equal(line, '🌐 POST /api/webhooks/stripe · external · ✓ signature verified');

    const projects = await open('app/api/projects/route.ts');
    const get = lineOf(projects.document, 'export async function GET');
    assert.equal(await until('the lens on GET /api/projects', () => lensLine(projects.uri, get)), '🌐 GET /api/projects · external · ✓ auth checked');
    return [line];
  },

  async missingAuth() {
    await ready();
    const { uri, document } = await open('app/team/actions.ts');
    const found = boundaryDiagnostics(uri);
    assert.deepEqual(found.map(codeOf), ['missing-auth'], 'the only finding in app/team/actions.ts');
    const [diagnostic] = found;
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(diagnostic.range), 'inviteMember');
    assert.equal(diagnostic.range.start.line + 1, lineOf(document, 'export async function inviteMember'));
    assert.match(diagnostic.message, /checks no auth/);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.toString(true), 'https://github.com/next-boundary/next-boundary#rule-missing-auth');
    // The evidence: the write the guard should come before.
    const related = (diagnostic.relatedInformation ?? []).map((item) => `${relativePath(item.location.uri)}:${item.location.range.start.line + 1} ${item.message}`);
    const write = lineOf(document, 'await db.invite.create');
    assert.ok(related.some((item) => item.startsWith(`app/team/actions.ts:${write} `)), `no evidence at the write (line ${write}): ${JSON.stringify(related)}`);
    // Nothing on the protected actions.
    assert.deepEqual(boundaryDiagnostics(fileUri('app/projects/actions.ts')), []);
    return { message: diagnostic.message, related };
  },

  async hover() {
    await ready();
    const { uri, document } = await open('app/projects/actions.ts');
    const at = nameRange(document, 'createProject').start.translate(0, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
    const text = hovers
      .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
      .find((value) => value.includes('Server Action'));
    assert.ok(text, `no Next Boundary hover; hovers: ${JSON.stringify(hovers.map((hover) => hover.contents))}`);
    assert.match(text, /\*\*Server Action\*\* `createProject`/);
    assert.match(text, /\*\*Exposure:\*\* \*\*internal\*\* — 1 caller/);
    assert.match(text, /app\/projects\/page\.tsx:11/);
    assert.match(text, /\*\*Auth:\*\* protected — identity checked: `if \(!session\?\.user\)` stops the request — \[app\/projects\/actions\.ts:\d+\]/);
    assert.match(text, /db\.project\.create\(\) writes data/);
    // The summary first: one paragraph of at most eight lines, with exposure, auth, effects and revalidation,
    // before the callers list.
    const summary = text.split('\n\n')[0] ?? '';
    assert.ok(summary.split('\n').length <= 8, `a summary of ${summary.split('\n').length} lines:\n${text}`);
    assert.match(summary, /^⚡ \*\*Server Action\*\*/);
    for (const fact of ['**Exposure:**', '**Auth:**', '**Effects:**', '**Revalidates:** yes']) assert.ok(summary.includes(fact), `${fact} is not in the summary:\n${text}`);
    assert.ok(text.indexOf('**Callers** (1):') > summary.length, `the callers come after the summary:\n${text}`);
    return text;
  },

  async unsavedEdit() {
    await ready();
    return isolated(async () => {
      const { uri, document, editor } = await open('app/projects/actions.ts');
      const archive = lineOf(document, 'export async function archiveProject');
      const guard = rangeOf(document, "if (!session?.user) throw new Error('Unauthorized');", document.offsetAt(new vscode.Position(archive - 1, 0)));
      assert.ok(await editor.edit((builder) => builder.delete(guard)));
      assert.ok(document.isDirty, 'the edit is unsaved');
      const after = await until('the lens to report the removed guard', async () => {
        const line = await lensLine(uri, archive);
        return line.includes('missing auth') ? line : undefined;
      });
      assert.equal(after, '⚡ action · internal | 1 caller | ⚠ missing auth');
      await until('a missing-auth diagnostic on archiveProject', () => diagnosticFor(uri, 'missing-auth', 'archiveProject', document));
      // The file on disk never changed: reverting brings the lens back.
      await vscode.commands.executeCommand('workbench.action.files.revert');
      const reverted = await until('the lens after reverting', async () => {
        const line = await lensLine(uri, archive);
        return line.includes('auth checked') ? line : undefined;
      });
      assert.equal(reverted, '⚡ action · internal · ✓ auth checked | 1 caller');
      await until('no diagnostics after reverting', () => boundaryDiagnostics(uri).length === 0);
      return { edited: after, reverted };
    });
  },

  async quickFixRevalidate() {
    await ready();
    return isolated(async () => {
      const { uri, document } = await open('app/settings/actions.ts');
      const diagnostic = await until('the missing-revalidation diagnostic on updateProfile', () => diagnosticFor(uri, 'missing-revalidation', 'updateProfile', document));
      const actions = await codeActions(uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
      const fix = actions.find((action) => /^Add revalidatePath\(/.test(action.title));
      assert.ok(fix, `no "Add revalidatePath(…)" quick fix; offered: ${JSON.stringify(titles(actions))}`);
      // The only page that calls updateProfile is app/settings/page.tsx.
      assert.equal(fix.title, "Add revalidatePath('/settings')");
      await runAction(fix);
      const text = await until('the fix in the document', () => (document.getText().includes("revalidatePath('/settings')") ? document.getText() : undefined));
      assert.match(text, /^import \{ revalidatePath \} from 'next\/cache';$/m);
      const write = text.indexOf('await db.user.update(');
      const revalidate = text.indexOf("  revalidatePath('/settings');\n");
      assert.ok(revalidate > write && write > 0, `revalidatePath('/settings') is not a statement after the write:\n${text}`);
      await until('the missing-revalidation diagnostic to go', () => !diagnosticFor(uri, 'missing-revalidation', 'updateProfile', document));
      return text;
    });
  },

  async quickFixAuthGuard() {
    await ready();
    return isolated(async () => {
      const { uri, document } = await open('app/team/actions.ts');
      const diagnostic = await until('the missing-auth diagnostic on inviteMember', () => diagnosticFor(uri, 'missing-auth', 'inviteMember', document));
      const actions = await codeActions(uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
      const fix = actions.find((action) => /^Add auth guard \(.+\)$/.test(action.title));
      assert.ok(fix, `no "Add auth guard (…)" quick fix; offered: ${JSON.stringify(titles(actions))}`);
      await runAction(fix);
      const text = await until('the guard in the document', () => (document.getText().includes('auth()') ? document.getText() : undefined));
      const body = text.slice(text.indexOf('export async function inviteMember'));
      assert.ok(body.indexOf('auth()') < body.indexOf('await db.invite.create'), `the guard is not before the write:\n${text}`);
      assert.match(text, /^import \{ auth \} from '@\/auth';$/m);
      await until('the missing-auth diagnostic to go', () => !diagnosticFor(uri, 'missing-auth', 'inviteMember', document));
      const invite = lineOf(document, 'export async function inviteMember');
      const line = await until('the lens to show the guard', async () => {
        const titleLine = await lensLine(uri, invite);
        return titleLine.includes('auth checked') ? titleLine : undefined;
      });
      return { title: fix.title, lens: line, text };
    });
  },

  async quickFixUndo() {
    await ready();
    return isolated(async () => {
      const { uri, document } = await open('app/team/actions.ts');
      const original = document.getText();
      const diagnostic = await until('the missing-auth diagnostic on inviteMember', () => diagnosticFor(uri, 'missing-auth', 'inviteMember', document));
      const actions = await codeActions(uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
      const fix = actions.find((action) => /^Add auth guard \(.+\)$/.test(action.title));
      assert.ok(fix, `no "Add auth guard (…)" quick fix; offered: ${JSON.stringify(titles(actions))}`);
      await runAction(fix);
      const fixed = document.getText();
      // The guard goes in the body and its import at the top: two places, one edit.
      assert.match(fixed, /^import \{ auth \} from '@\/auth';$/m);
      assert.ok(fixed.includes('auth()'), `the guard is not in the document:\n${fixed}`);
      await vscode.window.showTextDocument(document, { preview: false });
      await vscode.commands.executeCommand('undo');
      await until('the document to change back after one undo', () => document.getText() !== fixed, 5_000);
      assert.equal(document.getText(), original, 'one undo gives back the original text exactly');
      assert.equal(document.isDirty, false, 'one undo reaches the saved text');
      return { title: fix.title, fixed };
    });
  },

  async quickFixNoGuard() {
    await ready();
    return isolated(async () => {
      await writeFiles(NO_AUTH_APP);
      const { uri, document } = await open(NO_AUTH_ACTION);
      const original = document.getText();
      const diagnostic = await until('the missing-auth diagnostic on deleteNote (the nested app scanned)', () => diagnosticFor(uri, 'missing-auth', 'deleteNote', document), 60_000);
      const actions = await codeActions(uri, diagnostic.range, vscode.CodeActionKind.QuickFix);
      const offered = titles(actions);
      assert.ok(!offered.some((title) => /^Add auth guard \(/.test(title)), `a guard offered in an app with none to copy: ${JSON.stringify(offered)}`);
      const setUp = actions.find((action) => action.title === SET_UP_TEMPLATE_TITLE);
      assert.ok(setUp && !isCommand(setUp) && setUp.command?.command === 'nextBoundary.setUpAuthGuardTemplate', `no "${SET_UP_TEMPLATE_TITLE}"; offered: ${JSON.stringify(offered)}`);
      const why = actions.find((action): action is vscode.CodeAction => !isCommand(action) && action.title === 'Add auth guard' && action.disabled !== undefined);
      const mark = actions.find((action): action is vscode.CodeAction => !isCommand(action) && action.title === MARK_PUBLIC_TITLE);
      assert.ok(mark?.edit, `no "${MARK_PUBLIC_TITLE}" with an edit; offered: ${JSON.stringify(offered)}`);
      await runAction(mark);
      const text = await until('the comment in the document', () => (document.getText() !== original ? document.getText() : undefined));
      assert.equal(text, original.replace('export async function deleteNote', `// next-boundary-ignore missing-auth: ${PLACEHOLDER_REASON}\nexport async function deleteNote`));
      await until('the missing-auth diagnostic to go', () => !diagnosticFor(uri, 'missing-auth', 'deleteNote', document));
      const line = lineOf(document, 'export async function deleteNote');
      const lens = await until('the lens without the finding', async () => {
        const titleLine = await lensLine(uri, line);
        return titleLine.startsWith('⚡ action') && !titleLine.includes('missing auth') ? titleLine : undefined;
      });
      // Marked: not offered again (applying twice would change nothing).
      const again = titles(await codeActions(uri, rangeOf(document, 'deleteNote'), vscode.CodeActionKind.QuickFix));
      assert.ok(!again.includes(MARK_PUBLIC_TITLE), `offered again on a marked endpoint: ${JSON.stringify(again)}`);
      await vscode.window.showTextDocument(document, { preview: false });
      await vscode.commands.executeCommand('undo');
      await until('the document to change back after one undo', () => document.getText() !== text, 5_000);
      assert.equal(document.getText(), original, 'one undo gives back the original text exactly');
      return { offered, disabledReason: why?.disabled?.reason, lens, text };
    });
  },

  async clientRefresh() {
    await ready();
    return isolated(async () => {
      await writeFiles(MEDIA_APP);
      const { uri, document } = await open(REFRESHED_ACTION);
      const line = lineOf(document, 'export async function renameNote');
      // Guarded, writing, no revalidatePath: only its caller's router.refresh() keeps the page fresh.
      // Awaited whole: the files are written one by one, and a scan between two of them sees no caller yet.
      const lens = await until('the lens on renameNote: guarded, its caller found, no finding', async () => {
        const titleLine = await lensLine(uri, line);
        // Thrown, so a timeout reports the lens last seen.
        if (titleLine !== '⚡ action · internal · ✓ auth checked | 1 caller') throw new Error(`lens: ${JSON.stringify(titleLine)}`);
        return titleLine;
      }, 60_000);
      assert.deepEqual(boundaryDiagnostics(uri).map(codeOf), []);
      const hover = await hoverText(uri, nameRange(document, 'renameNote').start.translate(0, 2));
      const caller = await vscode.workspace.openTextDocument(fileUri(REFRESHING_CALLER));
      const call = lineOf(caller, 'await renameNote(');
      assert.match(hover, new RegExp(`\\*\\*Revalidates:\\*\\* [^\\n]*refreshed by its caller at ${REFRESHING_CALLER.replace(/[.[\]]/g, '\\$&')}:${call}: router\\.refresh\\(\\)`));

      // The refresh deleted in the caller's editor, unsaved: the action is stale again, and the finding says so.
      const edit = new vscode.WorkspaceEdit();
      const at = caller.getText().indexOf(REFRESH_LINE);
      edit.delete(caller.uri, new vscode.Range(caller.positionAt(at), caller.positionAt(at + REFRESH_LINE.length)));
      assert.ok(await vscode.workspace.applyEdit(edit));
      const stale = await until('missing-revalidation on renameNote', () => diagnosticFor(uri, 'missing-revalidation', 'renameNote', document));
      const staleLens = await until('the lens with the finding', async () => {
        const titleLine = await lensLine(uri, line);
        return titleLine.includes('missing revalidation') ? titleLine : undefined;
      });
      assert.equal(staleLens, '⚡ action · internal · ✓ auth checked | 1 caller | ⚠ missing revalidation');
      return { lens, hover: hover.split('\n\n')[0], stale: stale.message, staleLens };
    });
  },

  async commandSdkRoute() {
    await ready();
    return isolated(async () => {
      await writeFiles(MEDIA_APP);
      const { uri, document } = await open(OBJECT_ROUTE);
      const get = lineOf(document, 'export async function GET');
      const del = lineOf(document, 'export async function DELETE');
      const getLens = await until('the lens on GET: read-only', async () => {
        const titleLine = await lensLine(uri, get);
        if (titleLine !== '🌐 GET /api/images/[key] · external · read-only') throw new Error(`lens: ${JSON.stringify(titleLine)}`);
        return titleLine;
      }, 60_000);
      assert.equal(await lensLine(uri, del), '🌐 DELETE /api/images/[key] · external | ⚠ missing auth');
      const deleteFinding = diagnosticFor(uri, 'missing-auth', 'DELETE', document);
      assert.ok(deleteFinding, `no missing-auth on DELETE; diagnostics: ${JSON.stringify(boundaryDiagnostics(uri).map((item) => [codeOf(item), item.message]))}`);
      assert.deepEqual(boundaryDiagnostics(uri).filter((item) => item.range.start.line + 1 < del).map(codeOf), [], 'nothing on GET');
      const hover = await hoverText(uri, rangeOf(document, 'DELETE').start.translate(0, 2));
      assert.match(hover, /s3\.send\(new DeleteObjectCommand\(…\)\) writes data/);
      return { getLens, deleteFinding: deleteFinding.message };
    });
  },

  async routerProcedures() {
    await ready();
    return isolated(async () => {
      await writeFiles(ROUTER_APP);
      const { uri, document } = await open(ROUTER_FILE);
      const line = (key: string) => lineOf(document, `  ${key}: `);
      const expected: [string, string][] = [
        ['all', '🔌 query post.all · external · read-only'],
        ['create', '🔌 mutation post.create · external · ✓ guarded by wrapper'],
        ['delete', '🔌 mutation post.delete · internal | 1 caller | ⚠ missing auth'],
      ];
      // Awaited whole: the files are written one by one, and a scan between two of them may not see the client yet.
      const shown = await until('the three procedure lenses', async () => {
        const lines = await Promise.all(expected.map(([key]) => lensLine(uri, line(key))));
        if (lines.some((text, index) => text !== expected[index][1])) throw new Error(`lenses: ${JSON.stringify(lines)}`);
        return lines;
      }, 60_000);
      // The finding sits on the procedure's own line, in the router file.
      const diagnostic = boundaryDiagnostics(uri).find((item) => codeOf(item) === 'missing-auth');
      assert.ok(diagnostic, `no missing-auth diagnostic in ${ROUTER_FILE}`);
      assert.equal(diagnostic.range.start.line + 1, line('delete'));
      assert.equal(document.getText(diagnostic.range), 'delete');
      assert.match(diagnostic.message, /tRPC mutation `?post\.delete`? writes shared data/);
      // The caller count opens the client that calls it.
      const callers = (await lenses(uri)).find((lens) => lens.line === line('delete') && lens.title === '1 caller');
      const locations = callers?.arguments[2] as vscode.Location[] | undefined;
      assert.deepEqual(locations?.map((location) => `${relativePath(location.uri)}:${location.range.start.line + 1}`), [`${CLIENT_FILE}:6`]);
      // The mounting route: the verdict of what it serves, and the list in its hover.
      const mount = await open(MOUNT_FILE);
      const exports = lineOf(mount.document, 'export { handler as GET');
      const mountLens = await until('the lens on the mount', async () => ((await lenses(mount.uri)).some((lens) => lens.line === exports) ? (await lenses(mount.uri)).filter((lens) => lens.line === exports).map((lens) => lens.title) : undefined));
      assert.ok(mountLens.includes('🌐 POST /api/trpc/[trpc] · internal · ✗ no auth check'), JSON.stringify(mountLens));
      const hover = await hoverText(mount.uri, rangeOf(mount.document, 'POST').start.translate(0, 1));
      assert.match(hover, /\*\*Serves\*\* \(2\):/);
      assert.match(hover, /`post\.delete` — ⚠ missing auth/);
      return { lenses: shown, diagnostic: diagnostic.message, mount: mountLens };
    });
  },

  async convertToRouteHandler() {
    await ready();
    return isolated(async () => {
      const { uri, document } = await open('app/projects/actions.ts');
      const line = lineOf(document, 'export async function createProject');
      // Offered in the refactor menu; a lens only where converting is advised (an action that looks like a webhook), which this one is not.
      const actions = await codeActions(uri, nameRange(document, 'createProject'), vscode.CodeActionKind.Refactor);
      const convert = actions.find((action) => action.title === 'Convert to Route Handler');
      assert.ok(convert, `no "Convert to Route Handler" refactor on createProject; offered: ${JSON.stringify(titles(actions))}`);
      const lens = (await lenses(uri)).find((item) => item.line === line && item.title === CONVERT_LENS);
      assert.equal(lens, undefined, `a "${CONVERT_LENS}" lens on createProject, an action nothing advises moving`);
      const route = fileUri('app/api/create-project/route.ts');
      await runAction(convert);
      const text = await until('app/api/create-project/route.ts', async () => (await vscode.workspace.openTextDocument(route)).getText());
      assert.match(text, /export async function POST\(/);
      assert.equal(relativePath(vscode.window.activeTextEditor?.document.uri ?? uri), 'app/api/create-project/route.ts', 'the new route is opened');
      const routeLens = await until('the lens on the new Route Handler', async () => (await lenses(route)).find((item) => item.title.startsWith('🌐 POST /api/create-project · ')));
      // The action keeps working: still there, still guarded.
      const after = lineOf(document, 'export async function createProject');
      await until('the action\'s lens after the conversion', async () => /^⚡ action · internal · ✓ auth checked/.test(await lensLine(uri, after)));
      return { lens: routeLens.title, text };
    });
  },

  async snippets() {
    await ready();
    return isolated(async () => {
      // TSX gets every prefix (nb-action-form is a component); a .ts file all but that one.
      const form = fileUri('app/snippet-check/form.tsx');
      await vscode.workspace.fs.writeFile(form, new TextEncoder().encode('nb'));
      await vscode.window.showTextDocument(form);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', form, new vscode.Position(0, 2));
      const label = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
      const offered = list.items.filter((item) => item.kind === vscode.CompletionItemKind.Snippet).map(label);
      for (const prefix of SNIPPET_PREFIXES) assert.ok(offered.includes(prefix), `snippet ${prefix} is not offered in a .tsx file; snippets: ${JSON.stringify(offered)}`);

      const uri = fileUri('app/api/snippet-check/route.ts');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('nb-route'));
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      const routeList = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, 8));
      const route = routeList.items.find((item) => item.kind === vscode.CompletionItemKind.Snippet && label(item) === 'nb-route');
      const body = route?.insertText;
      assert.ok(body instanceof vscode.SnippetString, `nb-route is not offered in a .ts file (or has no snippet body); offered: ${JSON.stringify(routeList.items.map(label).filter((item) => item.startsWith('nb-')))}`);
      assert.ok(await editor.insertSnippet(body, new vscode.Range(0, 0, 0, 8)));
      const text = document.getText();
      assert.match(text, /export async function (GET|POST|PUT|PATCH|DELETE)\(/);
      assert.doesNotMatch(text, /nb-route/);
      // The expanded text is a Route Handler Next Boundary sees, from the unsaved buffer.
      const lens = await until('a lens on the expanded route', async () => (await lenses(uri)).find((item) => item.title.includes('/api/snippet-check')));
      return { offered, text, lens: lens.title };
    });
  },

  async baseline() {
    await ready();
    const configuration = () => vscode.workspace.getConfiguration('nextBoundary', workspaceRoot());
    const target = vscode.ConfigurationTarget.Workspace;
    return isolated(async () => {
      try {
        const team = await open('app/team/actions.ts');
        const settings = await open('app/settings/actions.ts');
        const shown = (uri: vscode.Uri, document: vscode.TextDocument, rule: string, name: string) => diagnosticFor(uri, rule, name, document);
        const before = await until('missing-auth on inviteMember', () => shown(team.uri, team.document, 'missing-auth', 'inviteMember'));
        assert.notEqual(before.severity, vscode.DiagnosticSeverity.Hint);
        // What `next-boundary baseline` writes, recording inviteMember's finding only: updateProfile's stays new.
        // Kept in ci/, so `root` (the scanned folder, relative to the file) is '..'.
        const recorded = {
          version: 1,
          root: '..',
          findings: [{ rule: 'missing-auth', kind: 'action', file: 'app/team/actions.ts', endpoint: 'inviteMember', message: 'This Server Action writes shared data but checks no auth.' }],
        };
        await vscode.workspace.fs.writeFile(fileUri('ci/next-boundary.baseline.json'), new TextEncoder().encode(JSON.stringify(recorded, null, 2)));
        await configuration().update('baseline', 'ci/next-boundary.baseline.json', target);
        const hint = await until('inviteMember\'s missing-auth as a hint', () => {
          const diagnostic = shown(team.uri, team.document, 'missing-auth', 'inviteMember');
          return diagnostic?.severity === vscode.DiagnosticSeverity.Hint ? diagnostic : undefined;
        });
        assert.match(hint.message, / \(in the baseline\)$/);
        const fresh = await until('updateProfile\'s missing-revalidation, not recorded', () => shown(settings.uri, settings.document, 'missing-revalidation', 'updateProfile'));
        assert.notEqual(fresh.severity, vscode.DiagnosticSeverity.Hint);
        assert.doesNotMatch(fresh.message, /in the baseline/);

        await configuration().update('baselineFindings', 'hide', target);
        await until('inviteMember\'s finding hidden', () => !shown(team.uri, team.document, 'missing-auth', 'inviteMember'));
        assert.ok(shown(settings.uri, settings.document, 'missing-revalidation', 'updateProfile'), 'a new finding is never hidden');

        await configuration().update('baselineFindings', undefined, target);
        await configuration().update('baseline', undefined, target);
        const restored = await until('inviteMember\'s finding back as it was', () => {
          const diagnostic = shown(team.uri, team.document, 'missing-auth', 'inviteMember');
          return diagnostic && diagnostic.severity === before.severity ? diagnostic : undefined;
        });
        return { before: before.message, hint: hint.message, restored: restored.message };
      } finally {
        await configuration().update('baselineFindings', undefined, target);
        await configuration().update('baseline', undefined, target);
      }
    });
  },
};

export const hostChecks: { key: HostCheckKey; name: string; run: () => Promise<unknown> }[] = (Object.keys(HOST_CHECKS) as HostCheckKey[]).map((key) => ({
  key,
  name: HOST_CHECKS[key],
  run: checks[key],
}));
