/** The status bar item: totals over every scanned folder. Pure: no `vscode` import. */
import type { ScanResult } from '../analyzers/model';
import { plural } from './labels';

export interface Totals {
  actions: number;
  /** Route Handlers and pages/api routes. */
  routes: number;
  findings: number;
  byRule: Map<string, number>;
  /** Findings a baseline records: known and accepted for now, so not counted in `findings`. */
  baselined: number;
  suppressed: number;
  skipped: number;
  apps: number;
}

export function totals(results: Iterable<Pick<ScanResult, 'apps' | 'endpoints' | 'skipped'>>): Totals {
  const sum: Totals = { actions: 0, routes: 0, findings: 0, byRule: new Map(), baselined: 0, suppressed: 0, skipped: 0, apps: 0 };
  for (const result of results) {
    sum.apps += result.apps.length;
    sum.skipped += result.skipped.length;
    for (const endpoint of result.endpoints) {
      if (endpoint.kind === 'action') sum.actions++;
      else sum.routes++;
      sum.suppressed += endpoint.suppressed.length;
      sum.baselined += endpoint.baselined?.length ?? 0;
      for (const finding of endpoint.findings) {
        sum.findings++;
        sum.byRule.set(finding.ruleId, (sum.byRule.get(finding.ruleId) ?? 0) + 1);
      }
    }
  }
  return sum;
}

/** `$(zap) 42 · $(globe) 17 · $(warning) 3` (codicons; the warning part only when there are findings). */
export function statusBarText(sum: Totals): string {
  const parts = [`$(zap) ${sum.actions}`, `$(globe) ${sum.routes}`];
  if (sum.findings > 0) parts.push(`$(warning) ${sum.findings}`);
  return parts.join(' · ');
}

/** The tooltip: the same totals in words. */
export function statusBarTooltip(sum: Totals): string {
  const lines = [`Next Boundary: ${plural(sum.actions, 'Server Action')}, ${plural(sum.routes, 'route')}${sum.apps > 1 ? ` in ${sum.apps} apps` : ''}`];
  // With a baseline, what counts is what is not in it: the new findings.
  const findingWord = sum.baselined > 0 ? 'new finding' : 'finding';
  if (sum.findings === 0) lines.push(`No ${findingWord}s`);
  else {
    const breakdown = [...sum.byRule.entries()]
      .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
      .map(([id, count]) => `${count} ${id}`)
      .join(', ');
    lines.push(`${plural(sum.findings, findingWord)} (${breakdown})`);
  }
  if (sum.baselined > 0) lines.push(`${plural(sum.baselined, 'finding')} in the baseline`);
  if (sum.suppressed > 0) lines.push(`${sum.suppressed} ignored by comment`);
  if (sum.skipped > 0) lines.push(`${plural(sum.skipped, 'file')} skipped (see the output log)`);
  lines.push('Click to show the Boundary tree');
  return lines.join('\n');
}
