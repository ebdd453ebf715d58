#!/usr/bin/env node
// Compare Next Boundary's scan output with the hand-made labels in eval/labels/.
//
// usage: node eval/compare.mjs [--repos DIR] [--json out.json] [--from-dir DIR] [--quiet] [<name>...]
//   <name>       label file eval/labels/<name>.json (default: all label files)
//   --repos DIR  where the work trees are, one folder per label name (default eval/repos, or $NEXT_BOUNDARY_EVAL_REPOS)
//   --from-dir   read scanner output from DIR/<name>.json instead of running the CLI
//   --cli PATH   scanner CLI (default dist/cli.js)
//   --json FILE  also write the full comparison as JSON
//   --quiet      only print the summary tables, not every disagreement
//
// The scanner is run as: node <cli> scan <repos>/<name>/<scope> --format json
// (exit code is ignored: a scanner may exit non-zero when it has findings).
//
// Matching: endpoints are matched on (kind, file, name). 'route' and 'pages-api' are interchangeable kinds
// for matching purposes only if nothing else matches. Inline actions whose name differs (e.g. label
// 'inline@8' vs reported 'handleSubmit' or a shifted line) are matched by (file, kind=action) among the
// still-unmatched inline-looking endpoints of that file, nearest line first.
//
// Labels with "complete": false only cover a subset (label "subset" = file-prefixes, "subsetKinds" = kinds);
// reported endpoints outside that subset are not counted as extras.
//
// Metrics per repo and overall:
//   detection recall    = labelled endpoints found / labelled endpoints
//   extra endpoints     = reported endpoints (inside the labelled subset) with no label
//   auth confusion      = label auth (protected/missing/public) x predicted auth (protected/missing/public/unknown/absent)
//   missing-auth P/R    = predicted: endpoint has a finding ruleId 'missing-auth'; actual: label auth 'missing'.
//                         Computed over matched endpoints (an undetected 'missing' endpoint counts as FN).
//                         'strict' skips labels with unsure:true; 'all' keeps them.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const EVAL = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
let jsonOut = null;
let fromDir = null;
let cli = path.join(EVAL, '..', 'dist', 'cli.js');
let reposDir = process.env.NEXT_BOUNDARY_EVAL_REPOS || path.join(EVAL, 'repos');
let quiet = false;
const names = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--json') jsonOut = args[++i];
  else if (a === '--from-dir') fromDir = args[++i];
  else if (a === '--cli') cli = args[++i];
  else if (a === '--repos') reposDir = args[++i];
  else if (a === '--quiet') quiet = true;
  else if (a === '-h' || a === '--help') {
    console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
    process.exit(0);
  } else names.push(a);
}
const labelDir = path.join(EVAL, 'labels');
if (!names.length) for (const f of fs.readdirSync(labelDir).sort()) if (f.endsWith('.json')) names.push(f.replace(/\.json$/, ''));

const AUTHS = ['protected', 'missing', 'public'];
const PRED = ['protected', 'missing', 'public', 'unknown', '(other)', '(not found)'];

function runScanner(name, label) {
  if (fromDir) {
    const p = path.join(fromDir, `${name}.json`);
    if (!fs.existsSync(p)) return { error: `no scanner output at ${p}` };
    try { return { result: JSON.parse(fs.readFileSync(p, 'utf8')) }; } catch (e) { return { error: `bad JSON in ${p}: ${e.message}` }; }
  }
  const target = path.join(reposDir, name, label.scope || '.');
  const t0 = Date.now();
  const r = spawnSync('node', [cli, 'scan', target, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 15 * 60 * 1000 });
  const ms = Date.now() - t0;
  if (r.error) return { error: `scanner failed to start: ${r.error.message}`, ms };
  const out = r.stdout || '';
  const start = out.indexOf('{');
  if (start < 0) return { error: `scanner printed no JSON (exit ${r.status}); stderr: ${(r.stderr || '').slice(0, 500)}`, ms };
  try { return { result: JSON.parse(out.slice(start)), ms, status: r.status }; } catch (e) {
    return { error: `scanner output is not JSON (exit ${r.status}): ${e.message}; stderr: ${(r.stderr || '').slice(0, 500)}`, ms };
  }
}

const norm = (f) => String(f || '').replace(/\\/g, '/').replace(/^\.\//, '');
const isInlineName = (n) => /^inline@\d+$/.test(n);
const hasMissing = (e) => Array.isArray(e?.findings) && e.findings.some((f) => f && (f.ruleId === 'missing-auth' || f.rule === 'missing-auth'));
const predAuth = (e) => (!e ? '(not found)' : AUTHS.includes(e.auth) || e.auth === 'unknown' ? e.auth : '(other)');

function inSubset(label, e) {
  if (label.complete) return true;
  const f = norm(e.file);
  if (label.subset && !label.subset.some((p) => f.startsWith(p))) return false;
  if (label.subsetKinds && !label.subsetKinds.includes(e.kind)) return false;
  return !!(label.subset || label.subsetKinds);
}

function compareRepo(name) {
  const label = JSON.parse(fs.readFileSync(path.join(labelDir, `${name}.json`), 'utf8'));
  const scan = runScanner(name, label);
  const rep = { name, repo: label.repo, commit: label.commit, scope: label.scope, complete: label.complete, labelled: label.endpoints.length, ms: scan.ms };
  if (scan.error) { rep.error = scan.error; return rep; }
  const reported = (scan.result.endpoints || []).map((e, i) => ({ ...e, file: norm(e.file), _i: i }));
  rep.reported = reported.length;
  rep.skipped = scan.result.skipped || [];
  const used = new Set();
  const byKey = new Map();
  for (const e of reported) {
    const k = `${e.kind}|${e.file}|${e.name}`;
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k).push(e);
  }
  const take = (k) => {
    const l = byKey.get(k);
    if (!l) return null;
    const e = l.find((x) => !used.has(x._i));
    if (e) used.add(e._i);
    return e || null;
  };
  const pairs = label.endpoints.map((l) => ({ l, p: null, how: null }));
  // pass 1: exact
  for (const pr of pairs) {
    const e = take(`${pr.l.kind}|${pr.l.file}|${pr.l.name}`);
    if (e) { pr.p = e; pr.how = 'exact'; }
  }
  // pass 2: route <-> pages-api kind mix-up
  for (const pr of pairs) {
    if (pr.p || pr.l.kind === 'action') continue;
    const other = pr.l.kind === 'route' ? 'pages-api' : 'route';
    const e = take(`${other}|${pr.l.file}|${pr.l.name}`);
    if (e) { pr.p = e; pr.how = 'kind-mismatch'; }
  }
  // pass 3: inline actions by file (nearest line)
  for (const pr of pairs) {
    if (pr.p || pr.l.kind !== 'action') continue;
    const cands = reported.filter((e) => !used.has(e._i) && e.kind === 'action' && e.file === pr.l.file &&
      !pairs.some((q) => q.l.kind === 'action' && q.l.file === e.file && q.l.name === e.name));
    if (!cands.length) continue;
    const want = isInlineName(pr.l.name) ? Number(pr.l.name.slice(7)) : (pr.l.line || 0);
    cands.sort((a, b) => Math.abs((a.line || 0) - want) - Math.abs((b.line || 0) - want));
    pr.p = cands[0]; used.add(cands[0]._i); pr.how = 'inline-by-file';
  }
  const extras = reported.filter((e) => !used.has(e._i) && inSubset(label, e));
  const found = pairs.filter((p) => p.p).length;
  rep.detection = { found, labelled: pairs.length, recall: pairs.length ? found / pairs.length : 1, extras: extras.length };
  rep.undetected = pairs.filter((p) => !p.p).map((p) => ({ kind: p.l.kind, file: p.l.file, name: p.l.name, label: p.l.auth, why: p.l.why }));
  rep.extraEndpoints = extras.map((e) => ({ kind: e.kind, file: e.file, name: e.name, line: e.line, auth: e.auth, missingAuth: hasMissing(e) }));
  // confusion
  const conf = {};
  for (const a of AUTHS) { conf[a] = {}; for (const b of PRED) conf[a][b] = 0; }
  for (const p of pairs) { if (p.l.unsure) continue; conf[p.l.auth][predAuth(p.p)]++; }
  rep.confusion = conf;
  // missing-auth P/R
  const pr = (skipUnsure) => {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    for (const p of pairs) {
      if (skipUnsure && p.l.unsure) continue;
      const actual = p.l.auth === 'missing';
      const pred = hasMissing(p.p);
      if (actual && pred) tp++; else if (!actual && pred) fp++; else if (actual && !pred) fn++; else tn++;
    }
    return { tp, fp, fn, tn };
  };
  rep.missingAuth = { strict: pr(true), all: pr(false) };
  rep.extraMissingAuth = extras.filter(hasMissing).length;
  // disagreements
  const dis = [];
  for (const p of pairs) {
    const predicted = p.p ? `${p.p.auth}${hasMissing(p.p) ? '+missing-auth' : ''}` : '(not found)';
    const labelStr = `${p.l.auth}${p.l.unsure ? '?' : ''}`;
    const authDiff = !p.p || (p.p.auth !== p.l.auth);
    const ruleDiff = (p.l.auth === 'missing') !== hasMissing(p.p);
    if (authDiff || ruleDiff) {
      dis.push({
        severity: ruleDiff ? (p.l.auth === 'missing' ? 'FN missing-auth' : 'FP missing-auth') : (!p.p ? 'undetected' : 'auth differs'),
        kind: p.l.kind, file: p.l.file, name: p.l.name, line: p.p?.line, label: labelStr, predicted,
        mutatesLabel: p.l.mutates, mutatesPred: p.p?.mutates, unsure: !!p.l.unsure, match: p.how, why: p.l.why,
      });
    }
  }
  rep.disagreements = dis;
  return rep;
}

const ratio = (a, b) => (b ? (a / b).toFixed(3) : 'n/a');
const prf = ({ tp, fp, fn }) => `P=${ratio(tp, tp + fp)} R=${ratio(tp, tp + fn)} (tp=${tp} fp=${fp} fn=${fn})`;
function printConfusion(conf) {
  const w = 12;
  console.log('    label \\ pred'.padEnd(18) + PRED.map((p) => p.padStart(w)).join(''));
  for (const a of AUTHS) console.log(`    ${a}`.padEnd(18) + PRED.map((b) => String(conf[a][b]).padStart(w)).join(''));
}

const reports = names.map(compareRepo);
const total = { found: 0, labelled: 0, extras: 0, strict: { tp: 0, fp: 0, fn: 0, tn: 0 }, all: { tp: 0, fp: 0, fn: 0, tn: 0 }, conf: {} };
for (const a of AUTHS) { total.conf[a] = {}; for (const b of PRED) total.conf[a][b] = 0; }
for (const r of reports) {
  console.log(`\n=== ${r.name}  (${r.repo} @ ${String(r.commit).slice(0, 10)}, scope ${r.scope}${r.complete ? '' : ', PARTIAL labels'})`);
  if (r.error) { console.log(`  ERROR: ${r.error}`); continue; }
  console.log(`  scan: ${r.reported} endpoints reported${r.ms != null ? ` in ${(r.ms / 1000).toFixed(1)}s` : ''}; skipped files: ${r.skipped.length}`);
  console.log(`  detection: ${r.detection.found}/${r.detection.labelled} labelled endpoints found (recall ${ratio(r.detection.found, r.detection.labelled)}); extra endpoints reported: ${r.detection.extras}`);
  console.log(`  missing-auth strict: ${prf(r.missingAuth.strict)}   incl. unsure: ${prf(r.missingAuth.all)}   missing-auth on extra endpoints: ${r.extraMissingAuth}`);
  console.log('  auth confusion (unsure labels skipped):');
  printConfusion(r.confusion);
  if (!quiet) {
    if (r.disagreements.length) {
      console.log(`  disagreements (${r.disagreements.length}):`);
      const order = { 'FN missing-auth': 0, 'FP missing-auth': 1, undetected: 2, 'auth differs': 3 };
      for (const d of [...r.disagreements].sort((a, b) => order[a.severity] - order[b.severity] || a.file.localeCompare(b.file)))
        console.log(`   - [${d.severity}] ${d.kind} ${d.file} ${d.name}${d.line ? `:${d.line}` : ''}  label=${d.label} predicted=${d.predicted}  mutates label/pred=${d.mutatesLabel}/${d.mutatesPred}\n       why: ${d.why}`);
    }
    if (r.extraEndpoints.length) {
      console.log(`  extra endpoints (${r.extraEndpoints.length}, not in labels):`);
      for (const e of r.extraEndpoints.slice(0, 200)) console.log(`   + ${e.kind} ${e.file} ${e.name}${e.line ? `:${e.line}` : ''} auth=${e.auth}${e.missingAuth ? ' +missing-auth' : ''}`);
      if (r.extraEndpoints.length > 200) console.log(`   … ${r.extraEndpoints.length - 200} more`);
    }
    if (r.skipped.length) for (const s of r.skipped.slice(0, 50)) console.log(`   ~ skipped ${s.file || JSON.stringify(s)}: ${s.reason || ''}`);
  }
  total.found += r.detection.found; total.labelled += r.detection.labelled; total.extras += r.detection.extras;
  for (const k of ['strict', 'all']) for (const m of ['tp', 'fp', 'fn', 'tn']) total[k][m] += r.missingAuth[k][m];
  for (const a of AUTHS) for (const b of PRED) total.conf[a][b] += r.confusion[a][b];
}
console.log('\n=== OVERALL');
console.log('  repo'.padEnd(16) + 'detect'.padStart(14) + 'extra'.padStart(7) + '   missing-auth (strict)');
for (const r of reports) {
  if (r.error) { console.log(`  ${r.name}`.padEnd(16) + '  ERROR'); continue; }
  console.log(`  ${r.name}`.padEnd(16) + `${r.detection.found}/${r.detection.labelled}`.padStart(14) + String(r.detection.extras).padStart(7) + `   ${prf(r.missingAuth.strict)}`);
}
console.log(`  detection recall ${total.found}/${total.labelled} = ${ratio(total.found, total.labelled)}; extra endpoints ${total.extras}`);
console.log(`  missing-auth strict: ${prf(total.strict)}`);
console.log(`  missing-auth incl. unsure: ${prf(total.all)}`);
console.log('  auth confusion (unsure labels skipped):');
printConfusion(total.conf);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ reports, total }, null, 2));
const anyError = reports.some((r) => r.error);
process.exit(anyError ? 2 : 0);
