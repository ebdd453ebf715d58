/**
 * What the benchmark's scan child loads: bench/scan-benchmark.mjs bundles this file with esbuild
 * into .bench/scan-entry.js. `typescript` stays external there, so the scan and the parse-only
 * floor run the very same compiler module from node_modules.
 */
import { analyzeWorkspace, type ScanResult, type ScanStats } from '../src/analyzers/index';

export { analyzeWorkspace };

export interface ScanSummary {
  stats: ScanStats;
  apps: number;
  endpoints: number;
  byKind: Record<string, number>;
  byAuth: Record<string, number>;
  findings: number;
  skipped: number;
}

/** Counts what a scan found, for the benchmark table (called after the timed part). */
export function summarize(result: ScanResult): ScanSummary {
  const byKind: Record<string, number> = {};
  const byAuth: Record<string, number> = {};
  let findings = 0;
  for (const endpoint of result.endpoints) {
    byKind[endpoint.kind] = (byKind[endpoint.kind] ?? 0) + 1;
    byAuth[endpoint.auth] = (byAuth[endpoint.auth] ?? 0) + 1;
    findings += endpoint.findings.length;
  }
  return {
    stats: result.stats,
    apps: result.apps.length,
    endpoints: result.endpoints.length,
    byKind,
    byAuth,
    findings,
    skipped: result.skipped.length,
  };
}
