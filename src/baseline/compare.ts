/**
 * A scan seen through a baseline: findings the baseline records move from `findings` to `baselined`, the rest
 * stay as new, and baseline entries that no longer occur are listed as fixed (absent). Matching is by identity
 * (identity.ts) and counts: two recorded findings of one identity cover two, a third is new.
 */
import type { Endpoint, Finding, ScanResult } from '../analyzers/model';
import type { BaselineEntry, Baseline } from './file';
import { compareEntries } from './file';
import { identityKey, stableEndpointNames } from './identity';

export interface BaselineComparison {
  /** Findings not in the baseline. */
  new: number;
  /** Findings the baseline records, still there. */
  unchanged: number;
  /** Baseline entries no finding matched any more: fixed, or suppressed in the code since. */
  absent: BaselineEntry[];
}

export function compareWithBaseline<T extends Pick<ScanResult, 'endpoints'>>(result: T, baseline: Baseline): { result: T; comparison: BaselineComparison } {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of [...baseline.findings].sort(compareEntries)) {
    const key = identityKey(entry);
    const list = remaining.get(key);
    if (list) list.push(entry);
    else remaining.set(key, [entry]);
  }

  const names = stableEndpointNames(result.endpoints);
  let fresh = 0;
  let unchanged = 0;
  const endpoints = result.endpoints.map((endpoint): Endpoint => {
    const findings: Finding[] = [];
    const baselined: Finding[] = [];
    for (const finding of endpoint.findings) {
      const key = identityKey({ rule: finding.ruleId, kind: endpoint.kind, file: endpoint.file, endpoint: names.get(endpoint) ?? endpoint.name });
      const recorded = remaining.get(key);
      if (recorded && recorded.length > 0) {
        recorded.shift();
        baselined.push(finding);
      } else {
        findings.push(finding);
      }
    }
    fresh += findings.length;
    unchanged += baselined.length;
    return baselined.length === 0 ? endpoint : { ...endpoint, findings, baselined };
  });

  const absent = [...remaining.values()].flat().sort(compareEntries);
  return { result: { ...result, endpoints }, comparison: { new: fresh, unchanged, absent } };
}
