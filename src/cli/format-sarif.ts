/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer).
 * One run; every registry rule in tool.driver.rules; one result per finding, suppressed findings included
 * with an inSource suppression. Locations are relative to %SRCROOT% (the scanned directory).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Endpoint, Finding, ScanResult, Severity } from '../analyzers/model';
import type { Rule } from '../analyzers/rules';
import { ruleHelpUri } from '../analyzers/rules/rule';
import { sortEndpoints } from './sort';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** partialFingerprints key; bump the suffix if the hash input ever changes. */
export const FINGERPRINT_KEY = 'nextBoundary/v1';

export interface SarifOptions {
  /** The rule registry (allRules). */
  rules: readonly Pick<Rule, 'id' | 'description' | 'defaultSeverity'>[];
  version: string;
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

/**
 * The part of an endpoint's identity that survives edits elsewhere in the file. Anonymous inline actions are
 * named `inline@<line>`; for them the ordinal among the file's anonymous inline actions stands in for the line.
 */
function stableEndpointName(endpoint: Endpoint, sameFile: readonly Endpoint[]): string {
  if (!/^inline@\d+$/.test(endpoint.name)) return endpoint.name;
  const anonymous = sameFile.filter((other) => /^inline@\d+$/.test(other.name));
  return `inline#${anonymous.indexOf(endpoint)}`;
}

export function fingerprint(ruleId: string, file: string, endpointName: string, occurrence = 0): string {
  const input = [ruleId, file, endpointName, ...(occurrence > 0 ? [String(occurrence)] : [])].join('\u0000');
  return createHash('sha256').update(input).digest('hex').slice(0, 32);
}

export function toSarif(result: ScanResult, options: SarifOptions): Sarif.Log {
  const rules = options.rules.map(descriptor);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const endpoints = sortEndpoints(result.endpoints);

  // A finding whose rule is not in the registry still gets a descriptor, so ruleIndex always resolves.
  for (const endpoint of endpoints) {
    for (const finding of [...endpoint.findings, ...endpoint.suppressed]) {
      if (ruleIndex.has(finding.ruleId)) continue;
      ruleIndex.set(finding.ruleId, rules.length);
      rules.push(
        descriptor({ id: finding.ruleId, description: `Next Boundary rule ${finding.ruleId}.`, defaultSeverity: finding.severity }),
      );
    }
  }

  const results: Sarif.Result[] = [];
  const seen = new Map<string, number>();
  for (const endpoint of endpoints) {
    const sameFile = endpoints.filter((other) => other.file === endpoint.file);
    const name = stableEndpointName(endpoint, sameFile);
    const entries: [Finding, string | undefined][] = [
      ...endpoint.findings.map((finding): [Finding, undefined] => [finding, undefined]),
      ...endpoint.suppressed.map((finding): [Finding, string] => [finding, finding.reason]),
    ];
    for (const [finding, justification] of entries) {
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
      results.push(item);
    }
  }

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
