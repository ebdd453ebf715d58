/**
 * The machine report: the ScanResult without `stats`, in a fixed order, pretty-printed.
 * `schemaVersion` is the contract version: bump it for any change a consumer could notice.
 */
import { resolve } from 'node:path';
import type { Caller, Endpoint, NextApp, PhaseTimings, ScanResult, SkippedFile } from '../analyzers/model';
import type { BaselineEntry } from '../baseline/file';
import type { ReportContext } from './report-context';
import { compareStrings, sortEndpoints } from '../views/sort';

export interface JsonReport {
  schemaVersion: 1;
  /** Absolute path of the scanned directory. */
  root: string;
  apps: NextApp[];
  endpoints: Endpoint[];
  skipped: SkippedFile[];
  /**
   * With --baseline only: findings not in the baseline (`new`, the ones left in each endpoint's `findings`), findings
   * it records (`unchanged`, in each endpoint's `baselined`), and its entries no longer found (`absent`: fixed).
   */
  baseline?: { file: string; new: number; unchanged: number; absent: BaselineEntry[] };
  /** With --changed-since only: the ref, the commit compared with, and how many endpoints the report kept of all. */
  changedSince?: { ref: string; base: string; changedFiles: number; endpointsShown: number; endpointsTotal: number };
  /** With --timings only: where the scan's time went (not part of the contract: values change run to run). */
  timings?: PhaseTimings & { total: number };
}

function compareCallers(a: Caller, b: Caller): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareStrings(a.how, b.how) ||
    compareStrings(a.method ?? '', b.method ?? '')
  );
}

/** The report object, before serialisation. Endpoints by file, line, name; callers by place (file order on disk must not leak). */
export function toJsonReport(result: ScanResult): JsonReport {
  return {
    schemaVersion: 1,
    root: resolve(result.root),
    apps: [...result.apps].sort((a, b) => compareStrings(a.root, b.root)),
    endpoints: sortEndpoints(result.endpoints).map((endpoint) => ({
      ...endpoint,
      callers: [...endpoint.callers].sort(compareCallers),
    })),
    skipped: [...result.skipped].sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.reason, b.reason)),
  };
}

export function formatJson(result: ScanResult, options: { timings?: boolean; context?: ReportContext } = {}): string {
  const report = toJsonReport(result);
  const { baseline, changedSince } = options.context ?? {};
  if (baseline) report.baseline = { file: baseline.file, new: baseline.comparison.new, unchanged: baseline.comparison.unchanged, absent: baseline.comparison.absent };
  if (changedSince) report.changedSince = changedSince;
  if (options.timings && result.stats.phases) report.timings = { ...result.stats.phases, total: result.stats.durationMs };
  return JSON.stringify(report, null, 2) + '\n';
}
