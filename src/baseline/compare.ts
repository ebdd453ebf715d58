/**
 * A scan seen through a baseline: findings the baseline records move from `findings` to `baselined`, the rest
 * stay as new, and baseline entries that no longer occur are listed as fixed (absent). Matching is by identity
 * (identity.ts) and counts: two recorded findings of one identity cover two, a third is new.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
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

/** Where the scan and the baseline file are (absolute), when the baseline's entries must be placed relative to the scan. */
export interface BaselinePlacement {
  scanRoot: string;
  baselineFile: string;
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * Maps between the scan's file names and the baseline's: both are relative paths, from the scanned folder and from
 * the folder the baseline recorded. Without a placement they are taken to be the same folder.
 */
function fileMapping(baseline: Baseline, placement: BaselinePlacement | undefined) {
  if (!placement) return { toBaseline: (file: string) => file, toScan: (file: string) => file as string | undefined };
  const baselineRoot = resolve(dirname(placement.baselineFile), baseline.root);
  const scanRoot = resolve(placement.scanRoot);
  return {
    toBaseline: (file: string) => toPosix(relative(baselineRoot, resolve(scanRoot, file))),
    /** Undefined when the entry's file lies outside the scanned folder: not this scan's to call fixed. */
    toScan: (file: string): string | undefined => {
      const local = relative(scanRoot, resolve(baselineRoot, file));
      return local.startsWith('..') || isAbsolute(local) ? undefined : toPosix(local);
    },
  };
}

export function compareWithBaseline<T extends Pick<ScanResult, 'endpoints'>>(
  result: T,
  baseline: Baseline,
  placement?: BaselinePlacement,
): { result: T; comparison: BaselineComparison } {
  const { toBaseline, toScan } = fileMapping(baseline, placement);
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
      const key = identityKey({ rule: finding.ruleId, kind: endpoint.kind, file: toBaseline(endpoint.file), endpoint: names.get(endpoint) ?? endpoint.name });
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

  // Entries left over are fixed, told with the scan's file names; those outside the scanned folder are out of view.
  const absent = [...remaining.values()].flat().flatMap((entry) => {
    const file = toScan(entry.file);
    return file === undefined ? [] : [{ ...entry, file }];
  });
  absent.sort(compareEntries);
  return { result: { ...result, endpoints }, comparison: { new: fresh, unchanged, absent } };
}
