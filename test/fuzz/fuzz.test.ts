/**
 * The fuzz suite's fixed-seed run, part of every test run (a few seconds); `npm run fuzz` runs the same properties
 * for as long as asked (see ./run.ts). A failure prints fast-check's seed and path: replay it with
 * `npm run fuzz -- --property <analyzer|fixes> --seed <seed> --path <path>`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { type ScanResult, scanSync } from '../../src/analyzers';
import { fixturesDir } from '../helpers';
import { MemoryHost } from './memory-host';
import { analyzerCase, checkAnalyzerCase, checkFixCase, disposeFixFixtures, fixCase, fixtureNames, stats } from './properties';

const SEED = 20_260_521;

/** The model with the root's path taken out, to compare a scan from memory with one from disk. */
function rootless(result: ScanResult): unknown {
  return { ...result, root: undefined, stats: undefined };
}

void describe('fuzz (fixed seed)', () => {
  after(disposeFixFixtures);

  void test('a fixture app served from memory scans exactly like the same app on disk', () => {
    for (const name of ['routes-monorepo', 'actions-callers', 'routes-exports']) {
      const fromDisk = scanSync(join(fixturesDir, name));
      const fromMemory = scanSync(`/nb-fuzz/${name}`, { host: MemoryHost.fromDirectory(join(fixturesDir, name), `/nb-fuzz/${name}`) });
      assert.ok(fromDisk.endpoints.length > 0, `${name} has endpoints`);
      assert.deepEqual(rootless(fromMemory), rootless(fromDisk), name);
    }
    assert.ok(fixtureNames.length >= 10, 'the fixture apps are found');
  });

  void test('mutated fixture apps: update() never throws, stays fast, skips broken endpoint files with a reason, equals a fresh scan', () => {
    const before = { ...stats };
    fc.assert(
      fc.property(analyzerCase, (item) => checkAnalyzerCase(item)),
      { seed: SEED, numRuns: 50 },
    );
    assert.ok(stats.analyzerUpdates - before.analyzerUpdates >= 50, 'every run updates at least once');
    assert.ok(stats.freshScans > before.freshScans, 'updates were compared with fresh scans');
  });

  void test('mutated endpoint files: every fix declines or parses no worse, keeps the code, and does nothing twice', () => {
    const before = { ...stats };
    fc.assert(
      fc.property(fixCase, (item) => checkFixCase(item)),
      { seed: SEED, numRuns: 70 },
    );
    const applied = stats.fixApplications - before.fixApplications - (stats.fixDeclines - before.fixDeclines);
    assert.ok(applied >= 50, `fixes were applied, not only declined (${applied})`);
  });
});
