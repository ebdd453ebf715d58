/** A scan says where its time went, by phase (what `--timings` prints): every phase, never more than the whole. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkspaceAnalyzer } from '../../src/analyzers';
import { fixturesDir } from '../helpers';

void test('a scan and an update report the time of each phase, within their total', () => {
  const analyzer = new WorkspaceAnalyzer(join(fixturesDir, 'routers-trpc'));
  try {
    for (const result of [analyzer.scan(), analyzer.update([{ path: join(fixturesDir, 'routers-trpc', 'server/api/routers/post.ts').replace(/\\/g, '/') }])]) {
      const phases = result.stats.phases;
      assert.ok(phases);
      assert.deepEqual(Object.keys(phases), ['walk', 'read', 'program', 'facts', 'callers', 'classify', 'rules']);
      for (const [phase, ms] of Object.entries(phases)) assert.ok(Number.isInteger(ms) && ms >= 0, `${phase}: ${ms}`);
      const sum = Object.values(phases).reduce((total, ms) => total + ms, 0);
      // Each phase is rounded on its own: the sum may pass the total by a millisecond a phase.
      assert.ok(sum <= result.stats.durationMs + 7, `phases ${sum} ms > total ${result.stats.durationMs} ms`);
    }
  } finally {
    analyzer.dispose();
  }
});
