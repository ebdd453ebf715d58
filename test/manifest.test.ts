/** package.json's `contributes`, activation and capabilities: what VS Code reads before any code runs. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allRules } from '../src/analyzers/rules';
import { ANALYSIS_SETTINGS, BASELINE_SETTINGS } from '../src/views/settings';

const repo = join(__dirname, '..');

interface Command {
  command: string;
  title?: string;
  category?: string;
}
interface Setting {
  type?: string;
  description?: string;
  markdownDescription?: string;
  scope?: string;
  default?: unknown;
  properties?: Record<string, Setting>;
  enum?: string[];
}
interface Manifest {
  engines: { vscode: string };
  icon?: string;
  devDependencies: Record<string, string>;
  dependencies?: Record<string, string>;
  bin: Record<string, string>;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string; description?: string }; virtualWorkspaces: { supported: boolean; description?: string } };
  contributes: {
    configuration: { title: string; properties: Record<string, Setting> };
    commands: Command[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    viewsContainers: Record<string, { id: string; title: string; icon: string }[]>;
    views: Record<string, { id: string; name: string; when?: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Manifest;
const { contributes } = manifest;

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? readFileSync(join(dir, entry.name), 'utf8') : ''))
    .join('\n');
}
const editorSource = sources(join(repo, 'src', 'features')) + readFileSync(join(repo, 'src', 'extension.ts'), 'utf8');

/** The commands a user runs from the palette; every other one is internal. */
const PALETTE = ['nextBoundary.rescan', 'nextBoundary.showTree', 'nextBoundary.showOutput', 'nextBoundary.convertToRouteHandler', 'nextBoundary.setUpAuthGuardTemplate'];

void describe('activation', () => {
  void test('never `*`: a Next.js config in the workspace, or a JS/TS file opened', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
    assert.deepEqual(manifest.activationEvents, [
      'workspaceContains:**/next.config.{js,mjs,ts,cjs}',
      'onLanguage:typescript',
      'onLanguage:typescriptreact',
      'onLanguage:javascript',
      'onLanguage:javascriptreact',
    ]);
  });

  void test('capabilities: runs untrusted (it only reads files), not in virtual workspaces (node fs), each with a reason', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.ok((manifest.capabilities.untrustedWorkspaces.description ?? '').length > 20);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    assert.ok((manifest.capabilities.virtualWorkspaces.description ?? '').length > 20);
  });
});

void describe('commands', () => {
  void test('every command has a title and the category "Next Boundary"', () => {
    for (const command of contributes.commands) {
      assert.match(command.command, /^nextBoundary\.[a-zA-Z]+$/);
      assert.ok(command.title && command.title.length > 3, command.command);
      assert.equal(command.category, 'Next Boundary', command.command);
    }
  });

  void test('every command is registered by the code', () => {
    for (const command of contributes.commands) assert.ok(editorSource.includes(`'${command.command}'`), `${command.command} is not registered`);
  });

  void test('internal commands are hidden from the palette; the palette ones are not', () => {
    const hidden = new Set(contributes.menus.commandPalette.filter((entry) => entry.when === 'false').map((entry) => entry.command));
    for (const command of contributes.commands) assert.equal(hidden.has(command.command), !PALETTE.includes(command.command), command.command);
  });

  void test('view/title actions are declared commands shown only on the Boundary tree, toggles in pairs', () => {
    const declared = new Set(contributes.commands.map((command) => command.command));
    for (const entry of contributes.menus['view/title']) {
      assert.ok(declared.has(entry.command), entry.command);
      assert.match(entry.when ?? '', /^view == nextBoundary\.endpoints\b/);
    }
    const whens = contributes.menus['view/title'].map((entry) => entry.when ?? '');
    assert.ok(whens.some((when) => when.endsWith('&& !nextBoundary.findingsOnly')) && whens.some((when) => when.endsWith('&& nextBoundary.findingsOnly')));
  });
});

void describe('views', () => {
  void test('one view, nextBoundary.endpoints, named "Next Boundary", shown once an app is found, in its own activity bar container', () => {
    assert.deepEqual(contributes.viewsContainers, { activitybar: [{ id: 'nextBoundary', title: 'Next Boundary', icon: 'media/boundary.svg' }] });
    assert.deepEqual(contributes.views, { nextBoundary: [{ id: 'nextBoundary.endpoints', name: 'Next Boundary', when: 'nextBoundary.active' }] });
    assert.ok(editorSource.includes("'nextBoundary.endpoints'"));
    for (const welcome of contributes.viewsWelcome) assert.equal(welcome.view, 'nextBoundary.endpoints');
  });

  void test('showTree opens the container, then focuses the view', () => {
    assert.match(editorSource, /export const CONTAINER_ID = 'nextBoundary';/);
    const opens = editorSource.indexOf('`workbench.view.extension.${CONTAINER_ID}`');
    const focuses = editorSource.indexOf('executeCommand(FOCUS_TREE_COMMAND)');
    assert.ok(opens !== -1 && focuses > opens, 'the show-tree command should run workbench.view.extension.nextBoundary, then focus the tree');
    assert.match(editorSource, /export const FOCUS_TREE_COMMAND = 'nextBoundary\.focusTree';/);
  });

  void test('the activity bar icon is a 24×24 single-colour SVG: one colour drawn, the mask only cuts', () => {
    const svg = readFileSync(join(repo, 'media', 'boundary.svg'), 'utf8');
    assert.match(svg, /^<svg [^>]*width="24" height="24" viewBox="0 0 24 24"/);
    // What is drawn (outside the <mask>) uses one colour.
    const drawn = svg.replace(/<mask[\s\S]*?<\/mask>/g, '');
    assert.deepEqual([...new Set([...drawn.matchAll(/(?:fill|stroke)="([^"]+)"/g)].map(([, colour]) => colour))].filter((colour) => colour !== 'none'), ['currentColor']);
    assert.doesNotMatch(svg, /<(image|text|linearGradient|radialGradient)\b/);
  });
});

void describe('settings', () => {
  const settings = contributes.configuration.properties;

  void test('every setting has a type, a description and a scope', () => {
    for (const [key, setting] of Object.entries(settings)) {
      assert.match(key, /^nextBoundary\./);
      assert.ok(setting.type, `${key} has no type`);
      assert.ok((setting.description ?? setting.markdownDescription ?? '').length > 20, `${key} has no description`);
      assert.ok(['window', 'resource', 'language-overridable', 'machine-overridable'].includes(setting.scope ?? ''), `${key} has no scope`);
      assert.ok('default' in setting, `${key} has no default`);
    }
  });

  void test('the settings are the ones the code reads', () => {
    assert.deepEqual(
      Object.keys(settings).sort(),
      ['nextBoundary.codeLens.enabled', 'nextBoundary.fixes.authGuard', ...[...ANALYSIS_SETTINGS, ...BASELINE_SETTINGS].map((key) => `nextBoundary.${key}`)].sort(),
    );
  });

  void test('the baseline settings: a path (empty = none) and how baselined findings show, hint by default', () => {
    assert.equal(settings['nextBoundary.baseline'].type, 'string');
    assert.equal(settings['nextBoundary.baseline'].default, '');
    assert.deepEqual(settings['nextBoundary.baselineFindings'].enum, ['hint', 'hide']);
    assert.equal(settings['nextBoundary.baselineFindings'].default, 'hint');
    for (const key of BASELINE_SETTINGS) assert.equal(settings[`nextBoundary.${key}`].scope, 'resource', key);
  });

  void test('one severity per rule, defaulting to the rule\'s own', () => {
    const severity = settings['nextBoundary.severity'].properties ?? {};
    assert.deepEqual(Object.keys(severity).sort(), allRules.map((rule) => rule.id).sort());
    for (const rule of allRules) {
      const property = severity[rule.id];
      assert.equal(property.type, 'string');
      assert.deepEqual(property.enum, ['error', 'warning', 'info', 'off']);
      assert.equal(property.default, rule.defaultSeverity, rule.id);
      assert.ok((property.description ?? '').length > 10);
    }
  });
});

/**
 * Context keys VS Code itself sets that `when` clauses here may use. A key of ours (nextBoundary.*) must be
 * one the code sets with `setContext`.
 */
const BUILT_IN_CONTEXT_KEYS = new Set([
  'view', 'viewItem', 'focusedView', 'editorLangId', 'resourceLangId', 'resourceExtname', 'resourceFilename', 'resourceScheme',
  'resourcePath', 'editorTextFocus', 'editorFocus', 'editorHasSelection', 'editorReadonly', 'textInputFocus', 'inputFocus',
  'isWorkspaceTrusted', 'workspaceFolderCount', 'workbenchState', 'explorerResourceIsFolder', 'isWeb', 'isLinux', 'isMac', 'isWindows',
]);

/** Every `when` clause of the manifest, with where it is. */
function whenClauses(): { where: string; when: string }[] {
  const clauses: { where: string; when: string }[] = [];
  for (const [menu, entries] of Object.entries(contributes.menus)) for (const entry of entries) if (entry.when) clauses.push({ where: `menus.${menu} ${entry.command}`, when: entry.when });
  for (const [container, views] of Object.entries(contributes.views)) for (const view of views) if (view.when) clauses.push({ where: `views.${container} ${view.id}`, when: view.when });
  for (const welcome of contributes.viewsWelcome) if (welcome.when) clauses.push({ where: `viewsWelcome ${welcome.view}`, when: welcome.when });
  return clauses;
}

/** `a && !b || c == 'x' && d =~ /re/` → [{ key: 'a' }, { key: 'b' }, { key: 'c', value: 'x' }, { key: 'd' }]. */
function whenTerms(when: string): { key: string; operator?: string; value?: string }[] {
  return when
    .replace(/=~\s*\/(?:\\.|[^/])*\/[a-z]*/g, '=~ REGEX')
    .split(/&&|\|\|/)
    .map((term) => term.trim().replace(/^[!(\s]+|[)\s]+$/g, ''))
    .filter((term) => term !== '' && term !== 'true' && term !== 'false')
    .map((term) => {
      const match = /^([\w.-]+)\s*(==|!=|=~|<=|>=|<|>|not in|in)?\s*(.*)$/.exec(term);
      assert.ok(match, `cannot read the when-clause term "${term}" of "${when}"`);
      const [, key = '', operator, value] = match;
      return { key, ...(operator && { operator, value: value?.replace(/^'(.*)'$/, '$1') }) };
    });
}

/** The context keys the code sets: `executeCommand('setContext', KEY, …)` and the tree's `setContext('key', …)` helper. */
function contextKeysSetByCode(): Set<string> {
  const source = sources(join(repo, 'src'));
  const constants = new Map([...source.matchAll(/const ([A-Z_]+) = '([^']+)'/g)].map(([, name = '', value = '']) => [name, value]));
  const keys = new Set<string>();
  for (const [, argument = ''] of source.matchAll(/'setContext',\s*([A-Z_]+|'[^']+')/g)) {
    const key = argument.startsWith("'") ? argument.slice(1, -1) : constants.get(argument);
    if (key) keys.add(key);
  }
  for (const [, key = ''] of source.matchAll(/\bsetContext\('([^']+)'/g)) keys.add(key);
  return keys;
}

void describe('when clauses', () => {
  const ours = contextKeysSetByCode();

  void test('the code sets the context keys the manifest relies on', () => {
    for (const key of ['nextBoundary.active', 'nextBoundary.scanning', 'nextBoundary.findingsOnly', 'nextBoundary.groupBy']) assert.ok(ours.has(key), `${key} is never set`);
  });

  void test('every key is one the code sets or one VS Code sets; view ids are contributed views', () => {
    const viewIds = new Set(Object.values(contributes.views).flatMap((views) => views.map((view) => view.id)));
    const clauses = whenClauses();
    assert.ok(clauses.length > 5);
    for (const { where, when } of clauses) {
      for (const term of whenTerms(when)) {
        if (term.key.startsWith('nextBoundary.')) assert.ok(ours.has(term.key), `${where}: "${when}" uses ${term.key}, which the code never sets`);
        else assert.ok(BUILT_IN_CONTEXT_KEYS.has(term.key), `${where}: "${when}" uses ${term.key}, not a VS Code context key this test knows`);
        if (term.key === 'view') assert.ok(viewIds.has(term.value ?? ''), `${where}: no view "${term.value}"`);
      }
    }
  });

  void test('the clause reader sees keys, not values or regular expressions', () => {
    assert.deepEqual(whenTerms("view == nextBoundary.endpoints && !nextBoundary.findingsOnly || nextBoundary.groupBy != 'url' && editorLangId =~ /^(a|b)$/"), [
      { key: 'view', operator: '==', value: 'nextBoundary.endpoints' },
      { key: 'nextBoundary.findingsOnly' },
      { key: 'nextBoundary.groupBy', operator: '!=', value: 'url' },
      { key: 'editorLangId', operator: '=~', value: 'REGEX' },
    ]);
  });
});

void describe('package', () => {
  void test('engines.vscode is met by the VS Code the real-editor suite runs (1.139.1), and @types/vscode matches it', () => {
    const minimum = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(manifest.engines.vscode);
    assert.ok(minimum, `engines.vscode "${manifest.engines.vscode}" is not ^x.y.z`);
    const [major = 0, minor = 0] = minimum.slice(1).map(Number);
    assert.ok(major === 1 && minor <= 139, manifest.engines.vscode);
    // vsce refuses a package whose @types/vscode is newer than engines.vscode.
    assert.equal(manifest.devDependencies['@types/vscode'], manifest.engines.vscode.slice(1));
  });

  void test('the icon is a 128×128 PNG in media/', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    const png = readFileSync(join(repo, 'media', 'icon.png'));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  void test('the .vsix holds only dist bundles, snippets, media, README, LICENSE and CHANGELOG', () => {
    for (const file of ['LICENSE', 'CHANGELOG.md', '.vscodeignore']) assert.ok(existsSync(join(repo, file)), `${file} is missing`);
    const vsce = require.resolve('@vscode/vsce/vsce');
    const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.trim().split('\n').sort();
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'media/icon.png', 'media/boundary.svg']) assert.ok(files.includes(file), `${file} is not packaged`);
    for (const file of files) assert.match(file, /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/[\w-]+\.js|snippets\/[\w.-]+|media\/[\w.-]+)$/, `${file} should not ship`);
    assert.ok(!files.includes('dist/cli.js'), 'the CLI bundle ships with npm, not in the .vsix');
  });

  void test('the npm package holds the CLI bundle alone (with README, LICENSE and the manifest) and installs no dependency', () => {
    // Every library is inside the bundles, so `npm install next-boundary` (the GitHub Action runs it) fetches one file.
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.bin['next-boundary'], 'dist/cli.js');
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8', timeout: 60_000, env: { ...process.env, npm_config_loglevel: 'silent' } });
    assert.equal(packed.status, 0, packed.stderr);
    const [pack] = JSON.parse(packed.stdout) as { files: { path: string }[] }[];
    assert.deepEqual(pack?.files.map((file) => file.path).sort(), ['LICENSE', 'README.md', 'dist/cli.js', 'package.json']);
  });
});
