/**
 * A real VS Code for the suite: code-server (VS Code's own workbench and Node extension host) with the
 * packaged Next Boundary and the probe installed from their .vsix files, a copy of the fixture workspace,
 * and Debian's Chromium driven through playwright-core over CDP. Everything lives in one temp folder;
 * both processes are ours, started in their own process groups and ended by pid in `close()`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { PROBE_ENV } from '../probe/check-names';
import { ProbeClient } from './probe-client';
import { type Started, start, stop, waitForOutput } from './processes';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the real-editor suite with \`npm run test:e2e\` (it builds the .vsix files and passes the tool paths).`);
  return value;
}

export const config = {
  node24: () => required('NB_E2E_NODE24'),
  codeServer: () => required('NB_E2E_CODE_SERVER'),
  chromium: () => required('NB_E2E_CHROMIUM'),
  extensionVsix: () => required('NB_E2E_VSIX'),
  probeVsix: () => required('NB_E2E_PROBE_VSIX'),
  results: () => required('NB_E2E_RESULTS'),
  /** README screenshots go here when set (`npm run e2e:screenshots`); otherwise under test-results/. */
  screenshots: () => process.env.NB_E2E_SCREENSHOTS ?? join(required('NB_E2E_RESULTS'), 'screenshots'),
};

export const FIXTURE = join(__dirname, '..', 'fixture-app');
export const EXTENSION_ID = 'next-boundary.next-boundary';

/** The editor as a user of the screenshots should see it: no welcome page, tips, chat or minimap. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'editor.lightbulb.enabled': 'off',
  'breadcrumbs.enabled': false,
  'files.autoSave': 'off',
  // The fixture has no node_modules: TypeScript's own "cannot find module" errors would only be noise.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
};

const CHROMIUM_ARGS = [
  '--headless',
  '--remote-debugging-port=0',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--disable-features=Translate,MediaRouter',
  '--window-size=1400,860',
];

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

function findFiles(dir: string, test: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** What to open: a copy of `source` (default: the fixture app) under the folder name `name`; `env` reaches the extension host. */
export interface LaunchOptions {
  source?: string;
  name?: string;
  env?: Record<string, string>;
}

export class RealEditor {
  private constructor(
    readonly root: string,
    readonly workspace: string,
    readonly userData: string,
    readonly server: Started,
    readonly browserProcess: Started,
    readonly browser: Browser,
    readonly page: Page,
    readonly probe: ProbeClient,
  ) {}

  static async launch(options: LaunchOptions = {}): Promise<RealEditor> {
    const root = mkdtempSync(join(tmpdir(), 'nb-e2e-'));
    const workspace = join(root, options.name ?? 'acme-projects');
    const userData = join(root, 'user-data');
    const extensions = join(root, 'extensions');
    const portFile = join(root, 'probe.json');
    cpSync(options.source ?? FIXTURE, workspace, { recursive: true });
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    // An empty config of our own, so code-server neither reads nor writes ~/.config/code-server.
    writeFileSync(join(root, 'code-server.yaml'), '');
    const codeServerArgs = [
      config.codeServer(),
      '--config', join(root, 'code-server.yaml'),
      '--extensions-dir', extensions,
      '--user-data-dir', userData,
    ];

    let server: Started | undefined;
    let browserProcess: Started | undefined;
    try {
      for (const vsix of [config.extensionVsix(), config.probeVsix()]) {
        const install = spawnSync(config.node24(), [...codeServerArgs, '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
        if (!/was successfully installed/.test(install.stdout + install.stderr)) {
          throw new Error(`code-server --install-extension ${vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
        }
      }

      server = start('code-server', config.node24(), [
        ...codeServerArgs,
        '--auth', 'none',
        '--bind-addr', '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        workspace,
      ], { ...process.env, ...options.env, [PROBE_ENV]: portFile });
      const [, url] = await waitForOutput(server, /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//, 30_000);

      // HOME too: Debian's wrapper and Chromium's crash handler otherwise write under ~/.config/chromium.
      browserProcess = start('chromium', config.chromium(), [...CHROMIUM_ARGS, `--user-data-dir=${join(root, 'chromium')}`, 'about:blank'], { ...process.env, HOME: root });
      const [, endpoint] = await waitForOutput(browserProcess, /DevTools listening on (ws:\/\/\S+)/, 30_000);
      const browser = await chromium.connectOverCDP(endpoint, { timeout: 30_000 });
      const context = browser.contexts()[0] ?? (await browser.newContext());
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setViewportSize({ width: 1400, height: 860 });
      await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });

      // The extension host starts once the workbench connects; the probe then writes its port.
      const deadline = Date.now() + 90_000;
      while (!existsSync(portFile)) {
        if (Date.now() > deadline) throw new Error(`the probe extension did not start within 90 s:\n${server.output().slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const { port } = JSON.parse(readFileSync(portFile, 'utf8')) as { port: number };
      return new RealEditor(root, workspace, userData, server, browserProcess, browser, page, new ProbeClient(port));
    } catch (error) {
      await stop(browserProcess);
      await stop(server);
      // What code-server said is the clue when it never came up; the temp folder goes, as on a normal close.
      if (server) {
        mkdirSync(config.results(), { recursive: true });
        writeFileSync(join(config.results(), 'code-server.log'), server.output());
      }
      if (!process.env.NB_E2E_KEEP) rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** A README/inspection screenshot, named: the whole window, or the top `maxHeight` pixels of one element's box. */
  async screenshot(name: string, area?: { selector: string; maxHeight?: number }): Promise<string> {
    const dir = config.screenshots();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    const box = area ? await this.page.locator(area.selector).first().boundingBox() : null;
    if (box) await this.page.screenshot({ path, clip: { ...box, height: Math.min(box.height, area?.maxHeight ?? box.height) } });
    else await this.page.screenshot({ path });
    return path;
  }

  /** Next Boundary's own output log (its LogOutputChannel), as the extension host wrote it. */
  extensionLog(): string | undefined {
    const [log] = findFiles(join(this.userData, 'logs'), (name) => name === 'Next Boundary.log');
    return log;
  }

  /** What a failed test leaves in test-results/: the window, Next Boundary's log, code-server's output. */
  async recordFailure(testName: string): Promise<string[]> {
    const dir = config.results();
    mkdirSync(dir, { recursive: true });
    const base = join(dir, slug(testName));
    const written: string[] = [];
    try {
      await this.page.screenshot({ path: `${base}.png`, timeout: 10_000 });
      written.push(`${base}.png`);
    } catch (error) {
      writeFileSync(`${base}.screenshot-error.txt`, String(error));
    }
    const log = this.extensionLog();
    if (log) {
      copyFileSync(log, `${base}.next-boundary.log`);
      written.push(`${base}.next-boundary.log`);
    }
    writeFileSync(join(dir, 'code-server.log'), this.server.output());
    for (const exthost of findFiles(join(this.userData, 'logs'), (name) => name === 'remoteexthost.log')) copyFileSync(exthost, join(dir, 'exthost.log'));
    return written;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await stop(this.browserProcess);
    await stop(this.server);
    if (!process.env.NB_E2E_KEEP) rmSync(this.root, { recursive: true, force: true });
  }
}
