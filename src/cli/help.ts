import type { Rule } from '../analyzers/rules';
import { FAIL_ON_ANY } from './args';

type RuleInfo = Pick<Rule, 'id' | 'description' | 'defaultSeverity'>;

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join(`\n${indent}`);
}

export function helpText(version: string, rules: readonly RuleInfo[]): string {
  const ruleLines = rules.map(
    (rule) => `  ${rule.id} (${rule.defaultSeverity})\n      ${wrap(rule.description, 74, '      ')}`,
  );

  return `Next Boundary ${version}
Lists every Server Action, Route Handler and pages/api route of a Next.js App Router
project with its exposure, its auth status and its findings.

Usage:
  next-boundary scan [DIR] [options]
  next-boundary baseline [DIR] [--output FILE]
  next-boundary help
  next-boundary --version

Commands:
  scan                     Report every endpoint with its exposure, auth and findings.
  baseline                 Record today's unsuppressed findings in a baseline file
                           (default: DIR/next-boundary.baseline.json), so that
                           'scan --baseline' reports only new ones. Commit the file.

Arguments:
  DIR                      The folder to scan: a Next.js app or a monorepo holding several
                           (default: .)

Options:
  -f, --format <format>    Report format: table, json or sarif. Default: table when stdout
                           is a terminal, else json; with --output, sarif for a .sarif file,
                           table for a .txt file, else json.
      --fail-on <rules>    Exit with code 1 when an unsuppressed finding of one of these
                           rules is reported. Comma-separated rule ids, repeatable;
                           "${FAIL_ON_ANY}" means any finding.
  -o, --output <file>      Write the report to <file> instead of stdout (baseline: where
                           to write the baseline).
      --baseline <file>    Findings the baseline file records are not new: they are listed
                           apart, do not count for --fail-on, and are "unchanged" in SARIF
                           (baselineState); recorded findings no longer found are listed
                           as fixed ("absent"). A missing or malformed file is exit 2.
      --changed-since <ref>
                           Report only endpoints whose file, or code they import (guards,
                           wrappers, helpers), changed since the merge base of <ref> and
                           HEAD, including uncommitted and untracked files (git). The
                           whole app is still analysed.
      --no-color           No colours in the table. Colours are only used on a terminal,
                           and never when NO_COLOR is set.
      --timings            Print where the scan's time went, by phase (walk, read, program,
                           facts, callers, classify, rules), to stderr; in JSON also as
                           a "timings" object.
  -h, --help               Show this help.
      --version            Print the version.

Options also take the --name=value form (--format=json).

Rules (ids for --fail-on; default severity in brackets):
${ruleLines.join('\n')}

Exit codes:
  0  The scan ran and no finding matched --fail-on (also when DIR holds no Next.js app).
  1  An unsuppressed finding of a --fail-on rule was reported.
  2  Usage error (unknown command or option, bad format, unknown rule id,
     DIR missing or not a directory, baseline file missing or malformed,
     --changed-since outside a git checkout or with an unknown ref), or the
     scan failed.

Environment:
  NO_COLOR=1               Same as --no-color.
  NEXT_BOUNDARY_DEBUG=1    Print stack traces of unexpected errors.

Examples:
  next-boundary scan
  next-boundary scan apps/web --format json > boundary.json
  next-boundary scan --format sarif --output next-boundary.sarif
  next-boundary scan --fail-on missing-auth,webhook-without-verification
  next-boundary baseline && git add next-boundary.baseline.json
  next-boundary scan --baseline next-boundary.baseline.json --fail-on any
  next-boundary scan --changed-since origin/main --format sarif -o pr.sarif
`;
}
