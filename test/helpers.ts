import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeWorkspace, type Endpoint, type ScanResult } from '../src/analyzers';

export const fixturesDir = join(__dirname, 'fixtures');

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
