import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { enclosingWorkspacePackages, pnpmPackages } from '../../src/analyzers/enclosing-workspace';
import { nodeFileHost } from '../../src/analyzers/host';
import { fixturesDir } from '../helpers';

void describe('enclosing workspace', () => {
  const rows: { name: string; yaml: string; expected: string[] }[] = [
    { name: 'a block list, quoted and not', yaml: `packages:\n  - "apps/*"\n  - packages/*\n  - 'tooling/eslint'\n`, expected: ['apps/*', 'packages/*', 'tooling/eslint'] },
    { name: 'comments and the keys after the list are left out', yaml: `# root\npackages:\n  - apps/* # the apps\n  - '!**/test/**'\ncatalog:\n  react: 19.0.0\n`, expected: ['apps/*', '!**/test/**'] },
    { name: 'no packages key', yaml: `catalog:\n  react: 19.0.0\n`, expected: [] },
  ];
  for (const row of rows) void test(`pnpm-workspace.yaml: ${row.name}`, () => assert.deepEqual(pnpmPackages(row.yaml), row.expected));

  void test('an app opened alone learns its sibling packages from the workspace root, not itself', () => {
    const root = join(fixturesDir, 'routes-monorepo');
    const packages = enclosingWorkspacePackages(nodeFileHost, join(root, 'apps/web'));
    assert.equal(packages.get('@acme/auth'), join(root, 'packages/auth'));
    assert.equal(packages.get('admin'), join(root, 'apps/admin'));
    assert.ok(!packages.has('web'), 'the opened folder is not its own sibling');
  });

  void test('a folder in no workspace has no siblings', () => {
    assert.equal(enclosingWorkspacePackages(nodeFileHost, join(fixturesDir, 'routes-monorepo')).size, 0);
  });
});
