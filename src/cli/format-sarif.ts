/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer).
 * One run; every registry rule in tool.driver.rules; one result per finding, suppressed findings included
 * with an inSource suppression. Locations are relative to %SRCROOT% (the scanned directory).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, ScanResult, Severity } from '../analyzers/model';
import type { Rule } from '../analyzers/rules';
import { ruleHelpUri } from '../analyzers/rules/rule';
import type { BaselineEntry } from '../baseline/file';
import { stableEndpointNames } from '../baseline/identity';
import { sortEndpoints } from '../views/sort';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** partialFingerprints key; bump the suffix if the hash input ever changes. */
export const FINGERPRINT_KEY = 'nextBoundary/v1';

export interface SarifOptions {
  /** The rule registry (allRules). */
  rules: readonly Pick<Rule, 'id' | 'description' | 'defaultSeverity'>[];
  version: string;
  /**
   * The baseline the scan was compared with (`scan --baseline`): every result then carries `baselineState`, findings
   * the baseline records are `unchanged` (and suppressed externally, so viewers do not raise them again), and each
   * baseline entry no longer found is an `absent` result.
   */
  baseline?: { file: string; absent: readonly BaselineEntry[] };
}

/** The project page, i.e. the rule help URI without its anchor. */
export function informationUri(): string {
  const url = new URL(ruleHelpUri('x'));
  url.hash = '';
  return url.href;
}

export function sarifLevel(severity: Severity): Sarif.ReportingConfiguration.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** `missing-auth` → `MissingAuth` (SARIF wants a readable name distinct from the id). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s|$)/s.exec(text);
  return match ? match[0] : text;
}

function descriptor(rule: Pick<Rule, 'id' | 'description' | 'defaultSeverity'>): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: firstSentence(rule.description) },
    fullDescription: { text: rule.description },
    helpUri: ruleHelpUri(rule.id),
    help: { text: `${rule.description}\n\nSee ${ruleHelpUri(rule.id)}` },
    defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
  };
}

/**
 * A relative POSIX path as a URI reference: each segment percent-encoded, so `[id]`, spaces, `#`, `?` and `:`
 * (which would otherwise read as a scheme) are valid for GitHub's `uri-reference` check.
 */
export function fileUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

export function fingerprint(ruleId: string, file: string, endpointName: string, occurrence = 0): string {
  const input = [ruleId, file, endpointName, ...(occurrence > 0 ? [String(occurrence)] : [])].join('\u0000');
  return createHash('sha256').update(input).digest('hex').slice(0, 32);
}

interface FindingState {
  state: 'new' | 'unchanged';
  /** An in-source suppression's reason. */
  justification?: string;
}

/**
 * A baseline entry no longer found: a result that says so (`absent`, kind `pass`, level `none`), at its file since
 * its line is not recorded, with the fingerprint the finding had, so a viewer can close the matching alert.
 */
function absentResult(entry: BaselineEntry, ruleIndex: number | undefined, baselineFile: string, seen: Map<string, number>): Sarif.Result {
  const key = [entry.rule, entry.file, entry.endpoint].join('\u0000');
  const occurrence = seen.get(key) ?? 0;
  seen.set(key, occurrence + 1);
  return {
    ruleId: entry.rule,
    ruleIndex,
    kind: 'pass',
    level: 'none',
    message: { text: `No longer found (recorded in the baseline ${baselineFile}): ${entry.message || entry.rule}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: fileUri(entry.file), uriBaseId: SRCROOT } },
        logicalLocations: [{ name: entry.endpoint, kind: entry.kind === 'action' ? 'function' : 'member' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(entry.rule, entry.file, entry.endpoint, occurrence) },
    baselineState: 'absent',
  };
}

export function toSarif(result: ScanResult, options: SarifOptions): Sarif.Log {
  const rules = options.rules.map(descriptor);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const endpoints = sortEndpoints(result.endpoints);

  // A finding whose rule is not in the registry still gets a descriptor, so ruleIndex always resolves.
  const reported: Pick<Finding, 'ruleId' | 'severity'>[] = [
    ...endpoints.flatMap((endpoint) => [...endpoint.findings, ...(endpoint.baselined ?? []), ...endpoint.suppressed]),
    ...(options.baseline?.absent ?? []).map((entry) => ({ ruleId: entry.rule, severity: 'warning' as const })),
  ];
  for (const finding of reported) {
    if (ruleIndex.has(finding.ruleId)) continue;
    ruleIndex.set(finding.ruleId, rules.length);
    rules.push(descriptor({ id: finding.ruleId, description: `Next Boundary rule ${finding.ruleId}.`, defaultSeverity: finding.severity }));
  }

  const results: Sarif.Result[] = [];
  const seen = new Map<string, number>();
  const names = stableEndpointNames(endpoints);
  const baseline = options.baseline;
  for (const endpoint of endpoints) {
    const name = names.get(endpoint) ?? endpoint.name;
    const entries: [Finding, FindingState][] = [
      ...endpoint.findings.map((finding): [Finding, FindingState] => [finding, { state: 'new' }]),
      ...(endpoint.baselined ?? []).map((finding): [Finding, FindingState] => [finding, { state: 'unchanged' }]),
      ...endpoint.suppressed.map((finding): [Finding, FindingState] => [finding, { state: 'new', justification: finding.reason }]),
    ];
    for (const [finding, { state, justification }] of entries) {
      const key = [finding.ruleId, endpoint.file, name].join('\u0000');
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);

      const region: Sarif.Region = { startLine: Math.max(1, finding.line) };
      if (finding.column !== undefined && finding.column > 0) region.startColumn = finding.column;

      const item: Sarif.Result = {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId),
        level: sarifLevel(finding.severity),
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: fileUri(finding.file), uriBaseId: SRCROOT },
              region,
            },
            logicalLocations: [{ name: endpoint.name, kind: endpoint.kind === 'action' ? 'function' : 'member' }],
          },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding.ruleId, endpoint.file, name, occurrence) },
      };
      if (justification !== undefined) item.suppressions = [{ kind: 'inSource', justification }];
      if (baseline) {
        item.baselineState = state;
        if (state === 'unchanged') item.suppressions = [{ kind: 'external', justification: `Recorded in the baseline ${baseline.file}` }];
      }
      results.push(item);
    }
  }
  for (const entry of baseline?.absent ?? []) results.push(absentResult(entry, ruleIndex.get(entry.rule), baseline!.file, seen));

  let rootUri = pathToFileURL(resolve(result.root)).href;
  if (!rootUri.endsWith('/')) rootUri += '/';

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Next Boundary',
            version: options.version,
            semanticVersion: options.version,
            informationUri: informationUri(),
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(result: ScanResult, options: SarifOptions): string {
  return JSON.stringify(toSarif(result, options), null, 2) + '\n';
}
