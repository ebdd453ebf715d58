import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Endpoint, type FileHost, type ScanResult, WorkspaceAnalyzer, analyzeWorkspace, nodeFileHost, overlayHost, scanSync } from '../src/analyzers';

export const fixturesDir = join(__dirname, 'fixtures');

/** A new folder under the OS temp dir holding `files` (relative path → text); its real path, with forward slashes. */
export function writeTempTree(prefix: string, files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix))).replace(/\\/g, '/');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

/** A minimal Next.js app (package.json naming `next`, one page) plus `files`, scanned once; the folder is removed after. */
export function scanTempApp(files: Record<string, string>): ScanResult {
  const root = writeTempTree('nb-app-', {
    'package.json': JSON.stringify({ name: 'app', dependencies: { next: '15.0.0' } }),
    'app/page.tsx': 'export default function Page() { return null; }',
    ...files,
  });
  try {
    return scanSync(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const cache = new Map<string, Promise<ScanResult>>();

/** Scans test/fixtures/<name> once per test process. */
export function scanFixture(name: string): Promise<ScanResult> {
  let result = cache.get(name);
  if (!result) {
    result = analyzeWorkspace(join(fixturesDir, name));
    cache.set(name, result);
  }
  return result;
}

/** The one endpoint with this file (relative to the fixture root) and name; fails the test if absent or duplicated. */
export function endpoint(result: ScanResult, file: string, name: string): Endpoint {
  const matches = result.endpoints.filter((item) => item.file === file && item.name === name);
  assert.equal(
    matches.length,
    1,
    `expected one endpoint ${file}#${name}, found ${matches.length}; endpoints: ${result.endpoints.map((item) => `${item.file}#${item.name}`).join(', ')}`,
  );
  return matches[0];
}

export function ruleIds(item: Endpoint): string[] {
  return item.findings.map((finding) => finding.ruleId).sort();
}

/** An edit to one file of a fixture app, made as unsaved text. */
export interface FixtureEdit {
  name: string;
  fixture: string;
  file: string;
  edit: (text: string) => string;
}

/** The model without timings: what must be identical between an update and a fresh scan. */
/** A result without its timings: what two scans must agree on. */
export function model(result: ScanResult): unknown {
  return { ...result, stats: undefined };
}

/**
 * The incremental path against the cold one: after the edit, `update()` gives what a fresh scan of the edited files
 * gives, the edit shows in the model, and undoing it gives the first model back.
 */
export function assertUpdateMatchesFreshScan(item: FixtureEdit): void {
  const root = join(fixturesDir, item.fixture);
  const absolute = join(root, item.file).replace(/\\/g, '/');
  const original = readFileSync(absolute, 'utf8');
  const edited = item.edit(original);
  assert.notEqual(edited, original, 'the edit changes the file');
  const host: FileHost = overlayHost(nodeFileHost, new Map([[absolute, edited]]));

  const analyzer = new WorkspaceAnalyzer(root);
  try {
    const before = analyzer.scan();
    analyzer.setOptions({ host });
    const updated = analyzer.update([{ path: absolute, text: edited }]);
    const fresh = scanSync(root, { host });
    assert.deepEqual(model(updated), model(fresh));
    assert.notDeepEqual(model(updated), model(before), 'the edit is visible in the model');
    // And back again.
    analyzer.setOptions({});
    assert.deepEqual(model(analyzer.update([{ path: absolute, text: original }])), model(before));
  } finally {
    analyzer.dispose();
  }
}
