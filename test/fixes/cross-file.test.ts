/**
 * The fixes fed by a real scan of test/fixtures/fixes-app: the revalidate paths come from the analyzer's
 * callers, the guard from the evidence it found on another action of the app.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { addAuthGuard, authGuardRecipes } from '../../src/fixes/add-auth-guard';
import { addRevalidation, revalidateTargets, revalidationChoices } from '../../src/fixes/add-revalidation';
import { indexProject } from '../../src/fixes/project';
import { endpoint, fixturesDir, ruleIds, scanFixture } from '../helpers';
import { assertFix } from './harness';

const root = join(fixturesDir, 'fixes-app');

function readTree(dir: string, files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) readTree(path, files);
    else files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

const ACTIONS = 'app/(dashboard)/projects/actions.ts';

void describe('fixes over a scanned app', async () => {
  const result = await scanFixture('fixes-app');
  const files = readTree(root);
  const app = result.apps[0];
  const index = indexProject(app, files);
  const archive = endpoint(result, ACTIONS, 'archiveProject');
  const text = files.get(ACTIONS)!;

  void test('archiveProject has both findings', () => {
    assert.deepEqual(ruleIds(archive), ['missing-auth', 'missing-revalidation']);
  });

  void test('revalidation: the tag the app fetches projects with, then the dynamic page that calls the action', () => {
    const choices = revalidationChoices(archive, app, index);
    assert.deepEqual(
      choices.map((choice) => [choice.title, choice.preferred]),
      [
        ["Add revalidateTag('projects')", true],
        ["Add revalidatePath('/projects/[id]', 'page')", false],
      ],
    );
    assertFix(
      text,
      ACTIONS,
      (current) => addRevalidation(current, ACTIONS, archive, choices[1]),
      text.replace("  return { ok: true };\n}", "  revalidatePath('/projects/[id]', 'page');\n  return { ok: true };\n}"),
    );
  });

  void test("a caller in components/ counts through the page importing it", () => {
    const remove = endpoint(result, 'app/(dashboard)/team/actions.ts', 'removeMember');
    assert.deepEqual(revalidateTargets(remove, app, index), [{ path: '/team' }]);
    assert.equal(revalidationChoices(remove, app, index)[0].title, "Add revalidateTag('members')");
  });

  void test("auth: renameProject's requireUser() is offered first, then the library's auth()", () => {
    const recipes = authGuardRecipes(archive, result.endpoints, index);
    assert.deepEqual(
      recipes.map((recipe) => [recipe.label, recipe.source]),
      [
        ['requireUser', 'project'],
        ['Auth.js', 'library'],
      ],
    );
    assertFix(
      text,
      ACTIONS,
      (current) => addAuthGuard(current, ACTIONS, archive, recipes[0]),
      text.replace('export async function archiveProject(id: string) {\n', 'export async function archiveProject(id: string) {\n  await requireUser();\n'),
    );
    assertFix(
      text,
      ACTIONS,
      (current) => addAuthGuard(current, ACTIONS, archive, recipes[1]),
      text
        .replace("import { db } from '@/lib/db';\n", "import { db } from '@/lib/db';\nimport { auth } from '@/auth';\n")
        .replace('export async function archiveProject(id: string) {\n', "export async function archiveProject(id: string) {\n  const session = await auth();\n  if (!session?.user) return { error: 'Unauthorized' };\n"),
    );
  });
});
