/**
 * The human report: one row per endpoint, aligned plain-text columns, grouped by app when the scan found
 * several, then a summary line and the skipped files. Colour (ANSI) only when the caller asks for it.
 */
import type { AuthStatus, Endpoint, EndpointKind, NextApp, ScanResult, Severity } from '../analyzers/model';
import type { ReportContext } from './report-context';
import { compareStrings, sortEndpoints } from '../views/sort';

export interface TableOptions {
  color: boolean;
  context?: ReportContext;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

const ANSI: Record<Style, [string, string]> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
};

/** A cell: its plain text (used for widths) and an optional style. */
interface Cell {
  text: string;
  style?: Style;
}

const HEADERS = ['KIND', 'ENDPOINT', 'LOCATION', 'EXPOSURE', 'AUTH', 'FINDINGS'];

const AUTH_STYLE: Record<AuthStatus, Style | undefined> = {
  protected: 'green',
  missing: 'red',
  unknown: 'yellow',
  public: undefined,
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SEVERITY_STYLE: Record<Severity, Style | undefined> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** What the ENDPOINT column shows: `GET /api/x` for routes, the URL path for pages/api, the name for actions. */
export function endpointLabel(endpoint: Endpoint): string {
  if (endpoint.kind === 'route') return endpoint.urlPath ? `${endpoint.name} ${endpoint.urlPath}` : endpoint.name;
  if (endpoint.kind === 'pages-api') return endpoint.urlPath ?? endpoint.name;
  return endpoint.name;
}

function findingsCell(endpoint: Endpoint): Cell {
  const active = new Map<string, Severity>();
  for (const finding of endpoint.findings) {
    const known = active.get(finding.ruleId);
    if (known === undefined || SEVERITY_RANK[finding.severity] < SEVERITY_RANK[known]) active.set(finding.ruleId, finding.severity);
  }
  const suppressed = [...new Set(endpoint.suppressed.map((finding) => finding.ruleId))].filter((id) => !active.has(id));
  const baselined = [...new Set((endpoint.baselined ?? []).map((finding) => finding.ruleId))].filter((id) => !active.has(id));
  const parts = [...active.keys(), ...baselined.map((id) => `${id} (baseline)`), ...suppressed.map((id) => `${id} (suppressed)`)];
  if (parts.length === 0) return { text: '-', style: 'dim' };
  const worst = [...active.values()].sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0];
  return { text: parts.join(', '), style: worst === undefined ? 'dim' : SEVERITY_STYLE[worst] };
}

function row(endpoint: Endpoint): Cell[] {
  return [
    { text: endpoint.kind },
    { text: endpointLabel(endpoint), style: 'bold' },
    { text: `${endpoint.file}:${endpoint.line}`, style: 'dim' },
    { text: endpoint.exposure, style: endpoint.exposure === 'unused' ? 'yellow' : undefined },
    { text: endpoint.auth, style: AUTH_STYLE[endpoint.auth] },
    findingsCell(endpoint),
  ];
}

function paint(text: string, style: Style | undefined, color: boolean): string {
  if (!color || style === undefined || text === '') return text;
  const [open, close] = ANSI[style];
  return open + text + close;
}

function renderRow(cells: Cell[], widths: number[], color: boolean): string {
  return cells
    .map((cell, index) => {
      const last = index === cells.length - 1;
      const padding = last ? '' : ' '.repeat(widths[index] - cell.text.length);
      return paint(cell.text, cell.style, color) + padding;
    })
    .join('  ')
    .trimEnd();
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

const KIND_NOUNS: [EndpointKind, string, string][] = [
  ['action', 'action', 'actions'],
  ['route', 'route', 'routes'],
  ['pages-api', 'pages-api', 'pages-api'],
  ['procedure', 'procedure', 'procedures'],
];

/** `42 actions, 17 routes, 3 pages-api · 5 findings (2 missing-auth, 3 unused-action) · 1 suppressed · 1 file skipped` */
export function summaryLine(result: Pick<ScanResult, 'endpoints' | 'skipped'>, appCount = 1, withBaseline = false): string {
  const parts: string[] = [];
  if (appCount > 1) parts.push(plural(appCount, 'app'));

  const kinds = KIND_NOUNS.map(([kind, one, many]) => {
    const count = result.endpoints.filter((endpoint) => endpoint.kind === kind).length;
    return count === 0 ? '' : plural(count, one, many);
  }).filter((text) => text !== '');
  parts.push(kinds.length === 0 ? 'no endpoints' : kinds.join(', '));

  const byRule = new Map<string, number>();
  let suppressed = 0;
  let baselined = 0;
  for (const endpoint of result.endpoints) {
    for (const finding of endpoint.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    suppressed += endpoint.suppressed.length;
    baselined += endpoint.baselined?.length ?? 0;
  }
  const total = [...byRule.values()].reduce((sum, count) => sum + count, 0);
  const noun = withBaseline ? 'new finding' : 'finding';
  if (total === 0) {
    parts.push(`no ${noun}s`);
  } else {
    const breakdown = [...byRule.entries()]
      .sort(([idA, countA], [idB, countB]) => countB - countA || compareStrings(idA, idB))
      .map(([id, count]) => `${count} ${id}`)
      .join(', ');
    parts.push(`${plural(total, noun)} (${breakdown})`);
  }
  if (baselined > 0) parts.push(`${baselined} in the baseline`);
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  if (result.skipped.length > 0) parts.push(`${plural(result.skipped.length, 'file')} skipped`);
  return parts.join(' · ');
}

/** What a scan that found no app says (in the table, or on stderr next to json/sarif), so an empty report is not silent. */
export function noNextAppMessage(root: string): string {
  return `No Next.js app found in ${root} (looked for a next.config.* file, or an app/ or pages/ folder beside a package.json that depends on "next").`;
}

function appHeading(root: string, app: NextApp | undefined): string {
  const where = root === '' ? '.' : root;
  const basename = root.split('/').pop();
  return app && app.name && app.name !== root && app.name !== basename ? `${where} (${app.name})` : where;
}

/** What --changed-since and --baseline add under the summary: how the report was narrowed, what the baseline holds that is gone. */
function contextLines(context: ReportContext | undefined, color: boolean): string[] {
  const lines: string[] = [];
  const changed = context?.changedSince;
  if (changed) {
    lines.push(
      `Changed since ${changed.ref} (${changed.base.slice(0, 12)}): ${plural(changed.changedFiles, 'file')} changed; ${changed.endpointsShown} of ${plural(changed.endpointsTotal, 'endpoint')} shown (their code, or code they import, changed).`,
    );
  }
  const baseline = context?.baseline;
  if (baseline) {
    const { unchanged, absent } = baseline.comparison;
    lines.push(`Baseline ${baseline.file}: ${plural(unchanged, 'recorded finding')} still present, not counted as new.`);
    if (absent.length > 0) {
      lines.push('', `${plural(absent.length, 'baseline entry', 'baseline entries')} no longer found (fixed): re-run 'next-boundary baseline' to update the file.`);
      for (const entry of absent) lines.push(`  ${entry.rule}  ${entry.kind} ${entry.endpoint}  ${paint(entry.file, 'dim', color)}`);
    }
  }
  return lines;
}

export function formatTable(result: ScanResult, options: TableOptions): string {
  const { color } = options;
  const endpoints = sortEndpoints(result.endpoints);

  // Apps: the ones the analyzer reported plus any app an endpoint names, in path order.
  const appRoots = [...new Set([...result.apps.map((app) => app.root), ...endpoints.map((endpoint) => endpoint.app)])].sort(
    compareStrings,
  );
  const grouped = appRoots.length > 1;

  const rows = endpoints.map(row);
  const widths = HEADERS.map((header, index) => Math.max(header.length, ...rows.map((cells) => cells[index].text.length)));
  const header = renderRow(
    HEADERS.map((text) => ({ text, style: 'bold' as const })),
    widths,
    color,
  );

  const lines: string[] = [];
  if (result.apps.length === 0) lines.push(noNextAppMessage(result.root));
  if (endpoints.length === 0) {
    if (result.apps.length > 0) lines.push('No Server Actions, Route Handlers or pages/api routes found.');
  } else if (!grouped) {
    if (lines.length > 0) lines.push('');
    lines.push(header, ...rows.map((cells) => renderRow(cells, widths, color)));
  } else {
    for (const root of appRoots) {
      const indexes = endpoints.flatMap((endpoint, index) => (endpoint.app === root ? [index] : []));
      if (lines.length > 0) lines.push('');
      const heading = appHeading(
        root,
        result.apps.find((app) => app.root === root),
      );
      lines.push(paint(`${heading} — ${plural(indexes.length, 'endpoint')}`, 'bold', color));
      if (indexes.length === 0) continue;
      lines.push(header, ...indexes.map((index) => renderRow(rows[index], widths, color)));
    }
  }

  lines.push('', summaryLine(result, appRoots.length, options.context?.baseline !== undefined));
  lines.push(...contextLines(options.context, color));

  if (result.skipped.length > 0) {
    lines.push('', `Skipped ${plural(result.skipped.length, 'file')}:`);
    const skipped = [...result.skipped].sort((a, b) => compareStrings(a.file, b.file));
    for (const item of skipped) lines.push(`  ${item.file} — ${paint(item.reason.replace(/\s*\n\s*/g, ' '), 'dim', color)}`);
  }

  return lines.join('\n') + '\n';
}
