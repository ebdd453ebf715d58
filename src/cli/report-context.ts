/** What a report says beyond the scan itself: the baseline it was compared with, the git range it was narrowed to. */
import type { BaselineComparison } from '../baseline/compare';

export interface ReportContext {
  /** `--baseline FILE`: the path as typed, and what the comparison found. */
  baseline?: { file: string; comparison: BaselineComparison };
  /** `--changed-since REF`: the ref as typed, the commit compared with, and how much the report was narrowed. */
  changedSince?: { ref: string; base: string; changedFiles: number; endpointsShown: number; endpointsTotal: number };
}
