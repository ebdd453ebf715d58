/**
 * The extensionTestsPath entry for @vscode/test-electron (`npm run test:electron`): the same in-host checks
 * the code-server suite runs through the probe, run here one after another inside the desktop editor's
 * extension host. Prints a line per check and node:test-style counts; rejects when one failed, which
 * makes runTests() exit non-zero.
 */
import { hostChecks } from './checks';

export async function run(): Promise<void> {
  const started = Date.now();
  const failed: string[] = [];
  for (const check of hostChecks) {
    const start = Date.now();
    try {
      await check.run();
      console.log(`✔ ${check.name} (${Date.now() - start} ms)`);
    } catch (error) {
      failed.push(check.name);
      console.error(`✖ ${check.name} (${Date.now() - start} ms)\n  ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  console.log(`ℹ tests ${hostChecks.length}\nℹ pass ${hostChecks.length - failed.length}\nℹ fail ${failed.length}\nℹ duration_ms ${Date.now() - started}`);
  if (failed.length > 0) throw new Error(`${failed.length} real-editor check(s) failed: ${failed.join('; ')}`);
}
