/**
 * The baseline file: today's unsuppressed findings, recorded so CI fails only on new ones. One entry per finding,
 * keyed by what survives code moving (see identity.ts), with the finding's message so the file reads well in a
 * diff. Sorted and free of lines, dates and versions of the tool: writing it twice gives the same bytes.
 */
import type { EndpointKind, ScanResult } from '../analyzers/model';
import { compareStrings } from '../views/sort';
import { type FindingIdentity, stableEndpointNames } from './identity';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = 'next-boundary.baseline.json';
const DESCRIPTION =
  'Findings recorded by `next-boundary baseline`. `next-boundary scan --baseline` reports only findings not listed here. Remove an entry once its finding is fixed; re-run `next-boundary baseline` to rewrite the file.';

export interface BaselineEntry extends FindingIdentity {
  /** The finding's message when recorded, for people reading the file; not part of the match. */
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  /**
   * The folder that was scanned, relative to the baseline file's own folder (`.` when the file sits in it; POSIX).
   * Entry files are relative to it, so a scan of another folder (the monorepo's root, an editor window on a parent
   * folder) still finds the same files.
   */
  root: string;
  findings: BaselineEntry[];
}

const ENDPOINT_KINDS: readonly EndpointKind[] = ['action', 'route', 'pages-api', 'procedure'];
const MESSAGE_LIMIT = 160;

/** The text without its ` (…)` asides, which name places and counts (`(2 calls, e.g. app/x.tsx:12)`) that move with every edit. */
function withoutAsides(text: string): string {
  let kept = '';
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (depth === 0 && char === '(' && (index === 0 || text[index - 1] === ' ')) {
      depth = 1;
      kept = kept.trimEnd();
    } else if (depth > 0) {
      if (char === '(') depth++;
      else if (char === ')') depth--;
    } else {
      kept += char;
    }
  }
  return kept;
}

/**
 * The message's first sentence without its asides, shortened: enough to recognise the finding in a review, and
 * free of lines and counts, so re-running `baseline` after unrelated edits leaves the file as it was.
 */
export function shortMessage(message: string): string {
  // `app/x.tsx:12` → `app/x.tsx`: the file says where, the line would change with every edit above it.
  const flat = withoutAsides(message.replace(/\s+/g, ' ').trim()).replace(/(\.[cm]?[jt]sx?):\d+(?::\d+)?/g, '$1');
  const sentence = /^.*?[.!?](?=\s+[A-Z`'"]|$)/.exec(flat)?.[0] ?? flat;
  return sentence.length <= MESSAGE_LIMIT ? sentence : `${sentence.slice(0, MESSAGE_LIMIT - 1).trimEnd()}…`;
}

export function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    compareStrings(a.file, b.file) ||
    compareStrings(a.endpoint, b.endpoint) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.message, b.message)
  );
}

/** The baseline of a scan: every unsuppressed finding (suppressed ones already carry their reason in the code). */
export function createBaseline(result: Pick<ScanResult, 'endpoints'>, root = '.'): Baseline {
  const names = stableEndpointNames(result.endpoints);
  const findings: BaselineEntry[] = [];
  for (const endpoint of result.endpoints) {
    for (const finding of endpoint.findings) {
      findings.push({
        rule: finding.ruleId,
        kind: endpoint.kind,
        file: endpoint.file,
        endpoint: names.get(endpoint) ?? endpoint.name,
        message: shortMessage(finding.message),
      });
    }
  }
  return { version: BASELINE_VERSION, root, findings: findings.sort(compareEntries) };
}

export function serializeBaseline(baseline: Baseline): string {
  // Fixed key order, one entry per line block: a diff shows exactly which findings came and went.
  const findings = [...baseline.findings].sort(compareEntries).map(({ rule, kind, file, endpoint, message }) => ({ rule, kind, file, endpoint, message }));
  return `${JSON.stringify({ description: DESCRIPTION, version: baseline.version, root: baseline.root, findings }, null, 2)}\n`;
}

export type ParsedBaseline = { ok: true; baseline: Baseline } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a baseline file's text. Every way it can be wrong is an error that says where; nothing is guessed. */
export function parseBaseline(text: string): ParsedBaseline {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isRecord(data)) return { ok: false, error: 'expected a JSON object with "version" and "findings"' };
  const { version } = data;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: `"version" must be ${BASELINE_VERSION}, found ${JSON.stringify(version) ?? 'nothing'}` };
  }
  if (version > BASELINE_VERSION) {
    return { ok: false, error: `written for baseline version ${version}; this Next Boundary reads version ${BASELINE_VERSION} (upgrade next-boundary, or re-run \`next-boundary baseline\`)` };
  }
  if (data.root !== undefined && (typeof data.root !== 'string' || data.root === '')) return { ok: false, error: '"root" must be a folder path (`.` for the baseline\'s own folder)' };
  if (!Array.isArray(data.findings)) return { ok: false, error: '"findings" must be a list' };
  const findings: BaselineEntry[] = [];
  for (const [index, item] of data.findings.entries()) {
    const where = `findings[${index}]`;
    if (!isRecord(item)) return { ok: false, error: `${where} must be an object` };
    for (const field of ['rule', 'kind', 'file', 'endpoint'] as const) {
      if (typeof item[field] !== 'string' || item[field] === '') return { ok: false, error: `${where}.${field} must be a non-empty string` };
    }
    if (!(ENDPOINT_KINDS as readonly unknown[]).includes(item.kind)) {
      return { ok: false, error: `${where}.kind must be one of ${ENDPOINT_KINDS.join(', ')}, found ${JSON.stringify(item.kind)}` };
    }
    if (item.message !== undefined && typeof item.message !== 'string') return { ok: false, error: `${where}.message must be a string` };
    findings.push({
      rule: item.rule as string,
      kind: item.kind as EndpointKind,
      file: item.file as string,
      endpoint: item.endpoint as string,
      message: (item.message) ?? '',
    });
  }
  return { ok: true, baseline: { version: BASELINE_VERSION, root: (data.root) ?? '.', findings } };
}
