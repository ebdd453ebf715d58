/**
 * Diagnostics as plain descriptors: one per finding, on the export's name, with the rule id as the code
 * and a link to the rule's explanation in the README. The feature turns them into `vscode.Diagnostic`s.
 * Severities are already the user's (the analyzer applies `nextBoundary.severity`; `off` drops the rule).
 * Findings a baseline records (`endpoint.baselined`) are hints, or left out (`nextBoundary.baselineFindings`).
 * Pure: no `vscode` import.
 */
import type { Endpoint, EvidenceKind, Finding, Severity } from '../analyzers/model';
import { ruleHelpUri } from '../analyzers/rules/rule';
import { type LineSource, type TextRange, findingRange } from './positions';
import type { BaselineFindingsSetting } from './settings';

export const DIAGNOSTIC_SOURCE = 'Next Boundary';

export interface RelatedDescriptor {
  /** Relative to the scan root, like the model. */
  file: string;
  /** 1-based, like the model. */
  line: number;
  message: string;
}

/** A finding's own severity, or `hint` for one the baseline records. */
export type DescriptorSeverity = Severity | 'hint';

/** Appended to a baselined finding's message, so the hint says why it is only a hint. */
export const BASELINED_SUFFIX = ' (in the baseline)';

export interface DiagnosticDescriptor {
  /** File the diagnostic belongs to, relative to the scan root. */
  file: string;
  range: TextRange;
  severity: DescriptorSeverity;
  /** The rule id. */
  code: string;
  /** Where the rule is explained (README anchor). */
  href: string;
  message: string;
  related: RelatedDescriptor[];
}

/** Evidence worth linking from a finding: what the rule saw, at most a few places. */
const RELATED_EVIDENCE: Record<string, readonly EvidenceKind[]> = {
  'missing-auth': ['identity-unchecked', 'wrapper-no-guard', 'mutation', 'middleware'],
  'missing-revalidation': ['mutation'],
  'webhook-without-verification': ['external-hint', 'mutation'],
};
const MAX_RELATED = 4;

/**
 * What the Problems panel shows: plain text (it renders no Markdown) and the finding's first sentence, which says
 * what is wrong; the explanation and the fix stay in the hover and behind the rule's README link.
 */
export function problemsText(message: string): string {
  const plain = message.replace(/`([^`]*)`/g, '$1');
  const end = /[.!?](?=\s+[A-Z("'])/.exec(plain);
  return end ? plain.slice(0, end.index + 1) : plain;
}

export interface DescriptorOptions {
  /** How findings in `endpoint.baselined` show; `hint` when not given, so a baseline never hides by default. */
  baselined?: BaselineFindingsSetting;
}

/** The findings that get a diagnostic, each marked when the baseline records it. */
function shownFindings(endpoint: Endpoint, options: DescriptorOptions): { finding: Finding; baselined: boolean }[] {
  const shown = endpoint.findings.map((finding) => ({ finding, baselined: false }));
  if (options.baselined !== 'hide') for (const finding of endpoint.baselined ?? []) shown.push({ finding, baselined: true });
  return shown;
}

/** Files whose text is needed to place the diagnostics of these endpoints. */
export function findingFiles(endpoints: readonly Endpoint[], options: DescriptorOptions = {}): string[] {
  const files = new Set<string>();
  for (const endpoint of endpoints) for (const { finding } of shownFindings(endpoint, options)) files.add(finding.file);
  return [...files];
}

/**
 * Descriptors for every finding of these endpoints, by file. `lines` gives the current text of a file
 * (undefined when it cannot be read: the diagnostic then sits at the model's line and column).
 */
export function diagnosticDescriptors(
  endpoints: readonly Endpoint[],
  lines: (file: string) => LineSource | undefined,
  options: DescriptorOptions = {},
): Map<string, DiagnosticDescriptor[]> {
  const byFile = new Map<string, DiagnosticDescriptor[]>();
  for (const endpoint of endpoints) {
    for (const { finding, baselined } of shownFindings(endpoint, options)) {
      const lineAt = lines(finding.file) ?? (() => undefined);
      const range = findingRange(endpoint, finding, lineAt);
      const kinds = RELATED_EVIDENCE[finding.ruleId] ?? [];
      const related = endpoint.evidence
        .filter((item) => kinds.includes(item.kind))
        .slice(0, MAX_RELATED)
        .map((item) => ({ file: item.file, line: item.line, message: item.message }));
      const descriptor: DiagnosticDescriptor = {
        file: finding.file,
        range,
        severity: baselined ? 'hint' : finding.severity,
        code: finding.ruleId,
        href: ruleHelpUri(finding.ruleId),
        message: baselined ? `${problemsText(finding.message)}${BASELINED_SUFFIX}` : problemsText(finding.message),
        related,
      };
      const list = byFile.get(finding.file);
      if (list) list.push(descriptor);
      else byFile.set(finding.file, [descriptor]);
    }
  }
  for (const list of byFile.values()) list.sort((a, b) => a.range.line - b.range.line || a.range.start - b.range.start || (a.code < b.code ? -1 : 1));
  return byFile;
}
