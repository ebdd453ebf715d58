/** package.json's `contributes`, activation and capabilities: what VS Code reads before any code runs. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allRules } from '../src/analyzers/rules';
import { ANALYSIS_SETTINGS } from '../src/views/settings';

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
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string; description?: string }; virtualWorkspaces: { supported: boolean; description?: string } };
  contributes: {
    configuration: { title: string; properties: Record<string, Setting> };
    commands: Command[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
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
const PALETTE = ['nextBoundary.rescan', 'nextBoundary.showTree', 'nextBoundary.showOutput', 'nextBoundary.convertToRouteHandler'];

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
  void test('one Explorer view, nextBoundary.endpoints, named "Next Boundary", shown once an app is found', () => {
    assert.deepEqual(contributes.views.explorer, [{ id: 'nextBoundary.endpoints', name: 'Next Boundary', when: 'nextBoundary.active' }]);
    assert.ok(editorSource.includes("'nextBoundary.endpoints'"));
    for (const welcome of contributes.viewsWelcome) assert.equal(welcome.view, 'nextBoundary.endpoints');
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
    assert.deepEqual(Object.keys(settings).sort(), ['nextBoundary.codeLens.enabled', 'nextBoundary.fixes.authGuard', ...ANALYSIS_SETTINGS.map((key) => `nextBoundary.${key}`)].sort());
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
