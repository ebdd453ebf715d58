/**
 * Next Boundary inside a real VS Code (code-server 4.139.1 = VS Code 1.139.1, in Chromium): the packaged
 * .vsix installed, the fixture workspace (fixture-app/, copied to a temp folder) opened. The first tests
 * run the in-host checks (probe/checks.ts) through the probe extension; the rest drive the workbench as a
 * user does (clicks, keys) and take the README's screenshots. Run with `npm run test:e2e`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { RealEditor, config } from './harness/editor';
import { HOST_CHECKS, type HostCheckKey } from './probe/check-names';
import { MARK_PUBLIC_TITLE, NO_AUTH_ACTION, NO_AUTH_APP, PLACEHOLDER_REASON, SET_UP_TEMPLATE_TITLE } from './probe/no-auth-app';

let editor: RealEditor | undefined;

/** A test against the running editor; a failure leaves test-results/<test>.png and the extension's log. */
function editorTest(name: string, body: (editor: RealEditor) => Promise<void>, timeout = 120_000): void {
  void test(name, { timeout }, async () => {
    assert.ok(editor, 'the editor did not start (see the before hook)');
    try {
      await body(editor);
    } catch (error) {
      const left = await editor.recordFailure(name).catch((reason: unknown) => [`(recording failed: ${String(reason)})`]);
      if (error instanceof Error) error.message += `\n  left in test-results: ${left.join(', ')}`;
      throw error;
    }
  });
}

/** The refactor lens, on actions advised to move; the lens checks here are about the others. */
const CONVERT_LENS = / \| → Route Handler$/;

/** Bounded wait for a locator's texts (whitespace collapsed, refactor lens left out) to satisfy `accept`; fails with the texts last seen. */
async function waitForText(locator: Locator, what: string, accept: (texts: string[]) => boolean, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let texts: string[] = [];
  for (;;) {
    texts = (await locator.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim().replace(CONVERT_LENS, ''));
    if (accept(texts)) return texts;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; saw ${JSON.stringify(texts)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function waitUntil<T>(what: string, probe: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const LENS = '.monaco-editor .codelens-decoration';
const MENU = '.action-widget:not(.action-list-submenu-panel)';

/**
 * Clicks a finding's lens until its quick-fix menu opens: a lens drawn while the model still changes (files just
 * written) can be replaced under the click, which then opens nothing.
 */
async function openFindingMenu(page: RealEditor['page'], lensText: string, timeoutMs = 60_000): Promise<Locator> {
  const menu = page.locator(MENU);
  await waitUntil(`the quick-fix menu of the "${lensText}" lens`, async () => {
    await page.locator(`${LENS} a`, { hasText: lensText }).first().click({ timeout: 20_000 });
    return menu.waitFor({ timeout: 5_000 }).then(() => true, () => false);
  }, timeoutMs);
  return menu;
}
const EDITOR = '.part.editor';
const STATUS_ITEM = '[id="next-boundary.next-boundary.nextBoundary.status"]';
/** The side bar composite of the tree's activity bar container (package.json viewsContainers.activitybar). */
const TREE_CONTAINER = 'workbench.view.extension.nextBoundary';

void describe('Next Boundary in a real VS Code (code-server + Chromium)', () => {
  before(async () => {
    try {
      editor = await RealEditor.launch();
    } catch (error) {
      mkdirSync(config.results(), { recursive: true });
      writeFileSync(join(config.results(), 'launch-failure.log'), error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw error;
    }
  }, { timeout: 240_000 });

  after(async () => {
    await editor?.close();
  }, { timeout: 30_000 });

  void describe('through the extension host (probe)', () => {
    for (const [key, name] of Object.entries(HOST_CHECKS) as [HostCheckKey, string][]) {
      editorTest(name, async (running) => {
        await running.probe.check(key);
      }, 180_000);
    }
  });

  void describe('in the workbench (clicks and keys)', () => {
    editorTest('the editor draws the lenses above each action', async ({ page, probe }) => {
      await probe.op('reset');
      await probe.op('open', 'app/team/actions.ts');
      const texts = await waitForText(page.locator(LENS), 'the missing-auth lens', (all) => all.includes('⚡ action · internal | 1 caller | ⚠ missing auth'));
      assert.deepEqual(texts, ['⚡ action · internal | 1 caller | ⚠ missing auth']);
      await probe.op('open', 'app/projects/actions.ts');
      const protectedLenses = await waitForText(page.locator(LENS), 'the two protected actions\' lenses', (all) => all.length === 2 && all.every((text) => text === '⚡ action · internal · ✓ auth checked | 1 caller'));
      assert.equal(protectedLenses.length, 2);
    });

    editorTest('clicking a lens shows the hover: the summary (exposure, the guard) before the callers', async (running) => {
      const { page, probe } = running;
      await probe.op('reset');
      await probe.op('open', 'app/team/actions.ts');
      await waitForText(page.locator(LENS), 'the missing-auth lens', (all) => all.length === 1);
      await running.screenshot('lens', { selector: EDITOR, maxHeight: 380 });
      await probe.op('open', 'app/projects/actions.ts');
      await page.locator(`${LENS} a`, { hasText: '⚡ action · internal · ✓ auth checked' }).first().click({ timeout: 20_000 });
      const [text = ''] = await waitForText(page.locator('.monaco-hover:visible'), 'the hover', (all) => all.join(' ').includes('Server Action'), 15_000).then((all) => [all.join(' ')]);
      assert.match(text, /Server Action\s*createProject/);
      assert.match(text, /Exposure:\s*internal/);
      assert.match(text, /app\/projects\/page\.tsx:11/);
      assert.match(text, /Auth:\s*protected\s*—\s*identity checked/);
      // The summary comes first: what it is, its exposure and its auth verdict before the callers list.
      const [what, exposure, auth, callers] = [/Server Action\s*createProject/, /Exposure:/, /Auth:/, /Callers\s*\(1\):/].map((pattern) => text.search(pattern));
      assert.ok(what !== -1 && exposure > what && auth > exposure && callers > auth, `the summary should come before the callers: ${text}`);
      await running.screenshot('hover', { selector: EDITOR, maxHeight: 500 });
      await page.keyboard.press('Escape');
    });

    editorTest('typing in the editor (unsaved) updates the lens; undo restores it', async ({ page, probe }) => {
      await probe.op('reset');
      await probe.op('select', 'app/projects/actions.ts', "if (!session?.user) throw new Error('Unauthorized');", 2);
      await page.keyboard.press('Control+Shift+K');
      await waitForText(page.locator(LENS), 'the lens to report missing auth', (all) => all.includes('⚡ action · internal | 1 caller | ⚠ missing auth'));
      assert.equal(await probe.op('isDirty', 'app/projects/actions.ts'), true);
      await page.keyboard.press('Control+Z');
      await waitForText(page.locator(LENS), 'the lens to come back', (all) => all.length === 2 && all.every((text) => text.includes('✓ auth checked')));
      await probe.op('reset');
    });

    editorTest("the finding's lens opens the quick fixes; choosing one edits the file", async (running) => {
      const { page, probe } = running;
      await probe.op('reset');
      await probe.op('open', 'app/settings/actions.ts');
      const menu = await openFindingMenu(page, '⚠ missing revalidation');
      const item = menu.locator('.monaco-list-row', { hasText: "Add revalidatePath('/settings')" });
      await waitUntil('the "Add revalidatePath(\'/settings\')" quick fix in the menu', async () => (await item.count()) > 0, 10_000).catch(async (error: Error) => {
        throw new Error(`${error.message}; the menu shows ${JSON.stringify(await menu.locator('.monaco-list-row').allTextContents())}`);
      });
      await running.screenshot('quick-fix', { selector: EDITOR, maxHeight: 540 });
      await item.first().click();
      const text = await waitUntil('the fix in the file', async () => {
        const current = await probe.op<string>('text', 'app/settings/actions.ts');
        return current.includes("revalidatePath('/settings')") ? current : '';
      });
      assert.match(text, /^import \{ revalidatePath \} from 'next\/cache';$/m);
      await waitForText(page.locator(LENS), 'the finding to leave the lens', (all) => all.length === 1 && !all[0]?.includes('missing revalidation'));
      await probe.op('reset');
    });

    editorTest('a finding with no guard to copy: its lens offers the template and "Mark as public with a reason", which inserts the comment', async (running) => {
      const { page, probe } = running;
      await probe.op('reset');
      // A second app with no auth library, nested in the workspace for this test only (reset removes it).
      for (const [path, text] of Object.entries(NO_AUTH_APP)) await probe.op('createFile', path, text);
      await probe.op('open', NO_AUTH_ACTION);
      const menu = await openFindingMenu(page, '⚠ missing auth');
      const rows = menu.locator('.monaco-list-row');
      const mark = menu.locator('.monaco-list-row', { hasText: MARK_PUBLIC_TITLE });
      await waitUntil('"Mark as public with a reason" and the template set-up in the menu', async () => (await mark.count()) > 0 && (await rows.allTextContents()).some((text) => text.includes(SET_UP_TEMPLATE_TITLE)), 10_000).catch(async (error: Error) => {
        throw new Error(`${error.message}; the menu shows ${JSON.stringify(await rows.allTextContents())}`);
      });
      await running.screenshot('quick-fix-no-guard', { selector: EDITOR, maxHeight: 540 });
      await mark.first().click();
      const text = await waitUntil('the comment in the file', async () => {
        const current = await probe.op<string>('text', NO_AUTH_ACTION);
        return current.includes('next-boundary-ignore missing-auth:') ? current : '';
      });
      assert.ok(text.includes(`\n// next-boundary-ignore missing-auth: ${PLACEHOLDER_REASON}\nexport async function deleteNote(`), text);
      // The reason is selected (a snippet placeholder): typing replaces it.
      await page.keyboard.type('demo notes, anyone may delete them', { delay: 10 });
      await waitUntil('the typed reason in the comment', async () => (await probe.op<string>('text', NO_AUTH_ACTION)).includes('\n// next-boundary-ignore missing-auth: demo notes, anyone may delete them\nexport async function deleteNote('));
      await waitForText(page.locator(LENS), 'the finding to leave the lens', (all) => all.some((item) => item.startsWith('⚡ action')) && all.every((item) => !item.includes('missing auth')));
      await probe.op('reset');
    });

    editorTest('"Set up an auth guard template…" asks for the call and the module, saves the setting, and the finding\'s menu then offers the guard', async (running) => {
      const { page, probe } = running;
      await probe.op('reset');
      for (const [path, text] of Object.entries(NO_AUTH_APP)) await probe.op('createFile', path, text);
      await probe.op('open', NO_AUTH_ACTION);
      const menu = await openFindingMenu(page, '⚠ missing auth');
      await menu.locator('.monaco-list-row', { hasText: SET_UP_TEMPLATE_TITLE }).first().click({ timeout: 10_000 });
      const input = page.locator('.quick-input-widget input.input');
      await waitUntil('the first question', async () => (await page.locator('.quick-input-widget:visible').allTextContents()).join(' ').includes('the call'));
      await input.fill('getCurrentUser()');
      await page.keyboard.press('Enter');
      await waitUntil('the second question', async () => (await page.locator('.quick-input-widget:visible').allTextContents()).join(' ').includes('Enter saves the template'));
      await input.fill('@/lib/session');
      await page.keyboard.press('Enter');
      // Saved in the folder's settings; the finding's menu now offers the guard from the template.
      // The file may exist (`{}`) before the setting reaches it: wait for the setting itself.
      const settings = await waitUntil('the template in .vscode/settings.json', async () => {
        const text = await probe.op<string>('text', '.vscode/settings.json').catch(() => '');
        return text.includes('nextBoundary.fixes.authGuard') ? text : '';
      });
      assert.match(settings, /"nextBoundary\.fixes\.authGuard": "import \{ getCurrentUser \} from '@\/lib\/session'\\nconst user = await getCurrentUser\(\)\\nif \(!user\) \{\{unauthorized\}\}"/);
      await probe.op('open', NO_AUTH_ACTION);
      const guard = page.locator('.action-widget:not(.action-list-submenu-panel) .monaco-list-row', { hasText: 'Add auth guard (getCurrentUser)' });
      // A menu is computed when it opens, and the saved file reaches the configuration a moment later: open it again until it has the guard.
      await waitUntil('"Add auth guard (getCurrentUser)" in the menu', async () => {
        await page.keyboard.press('Escape');
        await page.locator(`${LENS} a`, { hasText: '⚠ missing auth' }).click({ timeout: 20_000 });
        await page.locator('.action-widget:not(.action-list-submenu-panel)').waitFor({ timeout: 5_000 }).catch(() => undefined);
        return (await guard.count()) > 0;
      }, 30_000).catch(async (error: Error) => {
        throw new Error(`${error.message}; the menu shows ${JSON.stringify(await page.locator('.action-widget .monaco-list-row').allTextContents())}`);
      });
      await guard.first().click();
      const text = await waitUntil('the guard in the file', async () => {
        const current = await probe.op<string>('text', NO_AUTH_ACTION);
        return current.includes('await getCurrentUser()') ? current : '';
      });
      assert.match(text, /^import \{ getCurrentUser \} from '@\/lib\/session';$/m);
      await page.keyboard.press('Escape');
      await probe.op('reset');
    });

    editorTest('the status bar opens the Next Boundary tree in its own container; descriptions start with the verdict', async (running) => {
      const { page, probe } = running;
      await probe.op('reset');
      await probe.op('open', 'app/team/actions.ts');
      const status = page.locator(STATUS_ITEM);
      await waitForText(status, 'the status bar totals', (all) => all.length === 1 && /4\D+2\D+2/.test(all[0] ?? ''));
      await status.click();
      // The side bar shows the tree's own container (from the activity bar), not the Explorer, and the tree has the focus.
      const container = page.locator(`.part.sidebar [id="${TREE_CONTAINER}"]`);
      await container.waitFor({ state: 'visible', timeout: 20_000 });
      await waitForText(page.locator('.part.sidebar .title-label h2'), 'the side bar title', (all) => all.length === 1 && /^next boundary$/i.test(all[0] ?? ''));
      assert.equal(await page.locator('.part.sidebar [id="workbench.view.explorer"]').isVisible(), false, 'the Explorer is still showing');
      await waitUntil('the focus in the tree', async () => (await page.locator(`.part.sidebar [id="${TREE_CONTAINER}"]:focus-within`).count()) > 0);
      // The activity bar: the container's own icon (an extension's SVG), checked, with the finding count as its badge.
      const activity = page.locator('.part.activitybar .action-item.checked', { has: page.locator(`.action-label.uri-icon[class*="activity-${TREE_CONTAINER.replace(/\./g, '-')}-"][aria-label^="Next Boundary"]`) });
      await waitUntil('the Next Boundary icon checked in the activity bar', async () => (await activity.count()) === 1);
      await waitForText(activity.locator('.badge-content'), 'the finding count on the icon', (all) => all.length === 1 && all[0] === '2');
      const rows = container.locator('.monaco-list-row');
      await waitUntil('the tree rows', async () => (await rows.count()) > 0);
      // Groups (files, URLs) start collapsed: open each one.
      for (let round = 0; round < 10; round++) {
        const collapsed = container.locator('.monaco-list-row[aria-expanded="false"]');
        if ((await collapsed.count()) === 0) break;
        await collapsed.first().click();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const expected = ['Server Actions', 'Route Handlers', 'createProject', 'archiveProject', 'updateProfile', 'inviteMember', 'GET', 'POST'];
      const labels = (await waitForText(rows, 'every endpoint in the tree', (all) => expected.every((name) => all.some((row) => row.startsWith(name))))).join('\n');
      assert.match(labels, /inviteMember/);
      // At the side bar's default width: each endpoint's description starts with its key word (the auth verdict or
      // the finding), and that start is inside the side bar, not cut off.
      const sidebar = await page.locator('.part.sidebar').boundingBox();
      assert.ok(sidebar, 'no side bar box');
      const endpoints = ['createProject', 'archiveProject', 'updateProfile', 'inviteMember', 'GET', 'POST'];
      const described = new Map<string, string>();
      for (const name of endpoints) {
        const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${name}\\s*$`) }) }).first();
        const description = row.locator('.label-description');
        const text = ((await description.textContent({ timeout: 10_000 })) ?? '').trim();
        described.set(name, text);
        assert.match(text, /^(✓ |✗ |⚠ |\? |read-only|no auth needed|auth flow)/, `${name}: "${text}"`);
        const box = await description.boundingBox();
        assert.ok(box && box.x + 40 < sidebar.x + sidebar.width, `${name}'s description starts at ${box?.x}, past the side bar's edge (${sidebar.x + sidebar.width})`);
      }
      assert.equal(described.get('inviteMember'), '⚠ missing auth · internal · 1 caller');
      assert.equal(described.get('createProject'), '✓ auth checked · internal · 1 caller');
      await page.mouse.move(sidebar.x + sidebar.width + 700, sidebar.y + 200);
      // The earlier tests leave other editors and settings behind: show the file the screenshot is of again.
      await probe.op('open', 'app/team/actions.ts');
      await waitForText(page.locator(LENS), 'the lens in the editor', (all) => all.length === 1);
      await running.screenshot('tree', { selector: '.monaco-workbench', maxHeight: 470 });
    });

    editorTest('typing a snippet prefix and Tab expands the snippet', async ({ page, probe }) => {
      await probe.op('reset');
      await probe.op('createFile', 'app/api/typed/route.ts', '');
      await probe.op('open', 'app/api/typed/route.ts');
      await page.keyboard.type('nb-route', { delay: 30 });
      const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'nb-route' });
      await suggestion.first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Tab');
      const text = await waitUntil('the expanded snippet', async () => {
        const current = await probe.op<string>('text', 'app/api/typed/route.ts');
        return /export async function (GET|POST|PUT|PATCH|DELETE)\(/.test(current) ? current : '';
      });
      assert.doesNotMatch(text, /nb-route/);
      await probe.op('reset');
    });
  });
});
