/**
 * src/features/quickFixes.ts driven without an editor: the `vscode` module is replaced by plain objects
 * (fake-vscode.ts), the model comes from a real BoundaryService scan of test/fixtures/fixes-app.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as vscode from 'vscode';
import * as fixes from '../../src/fixes';
import { BoundaryService } from '../../src/service/boundary-service';
import { InProcessEngine } from '../../src/service/in-process-engine';
import { DIAGNOSTIC_SOURCE } from '../../src/views/diagnostics';
import { fixturesDir } from '../helpers';
import { CodeAction, CodeActionKind, type FakeDocument, Range, type WorkspaceEdit, document, install, readText, state } from './fake-vscode';

install(join(__dirname, '..', '..', 'src', 'features', 'service.js'), { fixes });
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the fake vscode module is in place
const quickFixes = require('../../src/features/quickFixes') as typeof import('../../src/features/quickFixes');

interface Provider {
  provideCodeActions(document: FakeDocument, range: Range, context: { diagnostics: unknown[]; only?: CodeActionKind }, token: { isCancellationRequested: boolean }): Promise<CodeAction[]>;
  resolveCodeAction(action: CodeAction, token: { isCancellationRequested: boolean }): CodeAction;
}

const root = join(fixturesDir, 'fixes-app').replace(/\\/g, '/');
const path = `${root}/app/(dashboard)/projects/actions.ts`;
const text = readText(path);
const token = { isCancellationRequested: false };
const errors: unknown[] = [];
const log = { error: (...args: unknown[]) => errors.push(args), info: () => undefined } as unknown as vscode.LogOutputChannel;
const service = new BoundaryService([root], new InProcessEngine());
let registration: vscode.Disposable;
let files: { dispose(): void };
let provider: Provider;

function applyWorkspaceEdit(source: string, edit: WorkspaceEdit): string {
  const starts = [0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) starts.push(index + 1);
  const offset = (position: { line: number; character: number }) => starts[position.line] + position.character;
  const sorted = [...edit.entries].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  return sorted.reduce((current, entry) => current.slice(0, offset(entry.range.start)) + entry.newText + current.slice(offset(entry.range.end)), source);
}

const lineIndex = text.split('\n').findIndex((line) => line.includes('export async function archiveProject'));
const column = text.split('\n')[lineIndex].indexOf('archiveProject');
const onName = new Range(lineIndex, column, lineIndex, column);
const authDiagnostic = { source: DIAGNOSTIC_SOURCE, code: { value: 'missing-auth' }, range: new Range(lineIndex, column, lineIndex, column + 'archiveProject'.length), message: 'no guard' };
const otherDiagnostic = { source: 'ts', code: 2304, range: authDiagnostic.range, message: 'not ours' };

before(async () => {
  await service.rescanAll();
  const cache = new quickFixes.AppFilesCache();
  files = cache;
  registration = quickFixes.register(service, log, cache);
  provider = state.registered[0].provider as Provider;
  state.documents = [document(path, text)];
});
after(() => {
  registration.dispose();
  files.dispose();
  service.dispose();
});

void describe('quick-fix provider', () => {
  void test('registered for quick fixes, declaring its kinds', () => {
    assert.deepEqual(state.registered[0].metadata, { providedCodeActionKinds: [CodeActionKind.QuickFix] });
  });

  void test("on the diagnostic at the name: every fix the endpoint needs, its own diagnostic attached to the auth ones, no edit yet but the comment's", async () => {
    const actions = await provider.provideCodeActions(state.documents[0], onName, { diagnostics: [authDiagnostic, otherDiagnostic] }, token);
    assert.deepEqual(
      actions.map((action) => [action.title, action.isPreferred, action.kind.value, action.diagnostics?.length ?? 0, action.edit === undefined]),
      [
        ["Add revalidateTag('projects')", true, 'quickfix', 0, true],
        ["Add revalidatePath('/projects/[id]', 'page')", false, 'quickfix', 0, true],
        ['Add auth guard (requireUser)', true, 'quickfix', 1, true],
        ['Add auth guard (Auth.js)', false, 'quickfix', 1, true],
        // Also offered when a guard can be added: leaving it public, and saying why, is a legitimate answer.
        ['Mark as public with a reason', undefined, 'quickfix', 1, false],
      ],
    );
    assert.equal(actions[2].diagnostics?.[0], authDiagnostic);
  });

  void test('resolving builds one edit from the current text', async () => {
    const [, , requireUser] = await provider.provideCodeActions(state.documents[0], onName, { diagnostics: [authDiagnostic] }, token);
    const resolved = provider.resolveCodeAction(requireUser, token);
    assert.ok(resolved.edit);
    assert.equal(applyWorkspaceEdit(text, resolved.edit), text.replace('export async function archiveProject(id: string) {\n', 'export async function archiveProject(id: string) {\n  await requireUser();\n'));
    assert.deepEqual(errors, []);
  });

  void test('nothing away from endpoint names and diagnostics, nor for other kinds', async () => {
    assert.deepEqual(await provider.provideCodeActions(state.documents[0], new Range(0, 0, 0, 0), { diagnostics: [otherDiagnostic] }, token), []);
    assert.deepEqual(await provider.provideCodeActions(state.documents[0], onName, { diagnostics: [authDiagnostic], only: CodeActionKind.Refactor }, token), []);
  });

  void test('the guard-template setting replaces the other guards', async () => {
    state.settings['fixes.authGuard'] = "import { gate } from '@/lib/gate'\nawait gate()";
    try {
      const actions = await provider.provideCodeActions(state.documents[0], onName, { diagnostics: [authDiagnostic] }, token);
      assert.deepEqual(actions.filter((action) => action.title.startsWith('Add auth guard')).map((action) => action.title), ['Add auth guard (gate)']);
    } finally {
      delete state.settings['fixes.authGuard'];
    }
  });
});
