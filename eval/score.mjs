#!/usr/bin/env node
// Scores Next Boundary against every hand-labelled set in eval/, with no label skipped.
//
//   node eval/score.mjs [--src DIR] [--set NAME]... [--app OWNER/NAME]... [--verbose] [--out DIR] [--from DIR] [--json FILE] [--markdown FILE] [--cli FILE]
//
// Sets (the meaning of every label: ../shared/auth-semantics.md, kept in eval/README.md):
//   legacy  eval/labels/<name>.json    15 apps labelled before set A (re-decided under the semantics, no "unsure")
//   set-a   eval/set-a/                 10 apps, 268 endpoints, labelled blind by reviewers (copy of shared set A)
//   blind   eval/blind/                 apps added for issue 14, labelled blind before the analyzer ever ran on them
//   blind-2 eval/blind-2/               3 apps added after issue 18, labelled blind the same way (first score: eval/results/)
// --src DIR   checkouts, one folder per app named OWNER+NAME (eval/checkout.mjs puts them there;
//             default $NEXT_BOUNDARY_EVAL_SRC or eval/src)
// --out DIR   keep each scan's JSON as DIR/OWNER+NAME.json;  --from DIR  score saved scans instead of scanning
// --json FILE write the figures (per app, per set, overall) as JSON;  --markdown FILE  the same as a Markdown table
// --verbose   print every disagreement with the label's reason
// --cli FILE  score another build of the CLI (a worktree of an older commit) instead of this one's dist/cli.js
//
// Figures: missing-auth precision and recall (predicted = auth "missing", or an ownership rule on an endpoint whose
// label says IDOR), auth, mutates and exposure accuracy, and detection (sets with an inventory).
// Exit 0 when every scan ran; the figures are the verdict.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EVAL = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = { sets: [], apps: [], verbose: false, src: process.env.NEXT_BOUNDARY_EVAL_SRC ?? path.join(EVAL, 'src') };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--src') opt.src = args[++i];
  else if (a === '--set') opt.sets.push(args[++i]);
  else if (a === '--app') opt.apps.push(args[++i]);
  else if (a === '--out') opt.out = args[++i];
  else if (a === '--from') opt.from = args[++i];
  else if (a === '--json') opt.json = args[++i];
  else if (a === '--markdown') opt.markdown = args[++i];
  else if (a === '--verbose') opt.verbose = true;
  else if (a === '--cli') opt.cli = path.resolve(args[++i]);
  else if (a === '-h' || a === '--help') {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
    process.exit(0);
  } else { console.error(`unknown argument ${a}`); process.exit(2); }
}
const cli = opt.cli ?? path.join(EVAL, '..', 'dist', 'cli.js');
if (!opt.from && !fs.existsSync(cli)) { console.error('dist/cli.js is missing: run `npm run build` first'); process.exit(2); }

const AUTH_OF = { 'has-auth': 'protected', 'missing-auth': 'missing', 'public-by-design': 'public', protected: 'protected', missing: 'missing', public: 'public' };
const norm = (f) => String(f ?? '').replace(/\\/g, '/').replace(/^\.\//, '');

/** Every labelled app of a set: { set, repo, commit, scope, labels: [{kind, file, name, auth, mutates, exposure?, reason, line?}], inventory?, subset? } */
function loadSets() {
  const apps = [];
  for (const file of fs.readdirSync(path.join(EVAL, 'labels')).filter((f) => f.endsWith('.json')).sort()) {
    const label = JSON.parse(fs.readFileSync(path.join(EVAL, 'labels', file), 'utf8'));
    apps.push({
      set: 'legacy', repo: label.repo, commit: label.commit, scope: label.scope ?? '.',
      subset: label.complete ? undefined : { prefixes: label.subset, kinds: label.subsetKinds },
      labels: label.endpoints.map((e) => ({ kind: e.kind, file: e.file, name: e.name, auth: AUTH_OF[e.auth], mutates: !!e.mutates, reason: e.why ?? '' })),
    });
  }
  for (const set of ['set-a', 'blind', 'blind-2']) {
    const dir = path.join(EVAL, set);
    if (!fs.existsSync(path.join(dir, 'inventory.json'))) continue;
    const inventory = JSON.parse(fs.readFileSync(path.join(dir, 'inventory.json'), 'utf8'));
    const lines = fs.readdirSync(dir).filter((f) => /^labels.*\.jsonl$/.test(f)).sort()
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)));
    for (const [repo, inv] of Object.entries(inventory)) {
      const labels = lines.filter((l) => l.repo === repo).map((l) => ({
        kind: l.kind, file: l.path, name: l.export, auth: AUTH_OF[l.auth], mutates: l.mutates === 'y', exposure: l.exposure, reason: l.reason ?? '',
      }));
      if (!labels.length) continue; // inventoried but not labelled yet
      apps.push({ set, repo, commit: inv.commit, scope: '.', inventory: inv, labels });
    }
  }
  return apps;
}

function scan(app) {
  const slug = app.repo.replace('/', '+');
  const scopeKey = app.scope === '.' ? slug : `${slug}--${app.scope.replace(/\//g, '_')}`;
  if (opt.from) {
    const file = path.join(opt.from, `${scopeKey}.json`);
    return fs.existsSync(file) ? { report: JSON.parse(fs.readFileSync(file, 'utf8')) } : { error: `no saved scan ${file}` };
  }
  const dir = path.join(opt.src, slug, app.scope);
  if (!fs.existsSync(dir)) return { error: `no checkout at ${dir} (node eval/checkout.mjs)` };
  const started = Date.now();
  const run = spawnSync(process.execPath, [cli, 'scan', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 15 * 60_000 });
  const ms = Date.now() - started;
  try {
    const report = JSON.parse(run.stdout);
    if (opt.out) { fs.mkdirSync(opt.out, { recursive: true }); fs.writeFileSync(path.join(opt.out, `${scopeKey}.json`), run.stdout); }
    return { report, ms };
  } catch {
    return { error: `the CLI printed no JSON (exit ${run.status}): ${(run.stderr || run.stdout).slice(0, 300)}` };
  }
}

/** Pairs each label with a reported endpoint: exact (kind, file, name), then route/pages-api, then inline actions by file. */
function match(labels, endpoints) {
  const used = new Set();
  const take = (test) => {
    const found = endpoints.find((e, i) => !used.has(i) && test(e));
    if (found) used.add(endpoints.indexOf(found));
    return found;
  };
  const pairs = labels.map((l) => ({ l, e: take((e) => e.kind === l.kind && norm(e.file) === l.file && e.name === l.name) }));
  for (const p of pairs) if (!p.e) p.e = take((e) => norm(e.file) === l(p).file && e.name === l(p).name);
  for (const p of pairs) {
    if (p.e || p.l.kind !== 'action') continue;
    const line = Number(/@(\d+)$/.exec(p.l.name)?.[1] ?? /:(\d+)$/.exec(p.l.name)?.[1] ?? 0);
    const candidates = endpoints.filter((e, i) => !used.has(i) && e.kind === 'action' && norm(e.file) === p.l.file && (e.actionForm === 'inline' || /^inline/.test(e.name)));
    candidates.sort((a, b) => Math.abs(a.line - line) - Math.abs(b.line - line));
    if (candidates[0]) { p.e = candidates[0]; used.add(endpoints.indexOf(candidates[0])); }
  }
  return pairs;
  function l(p) { return p.l; }
}

const ownershipRule = (e) => (e.findings ?? []).some((f) => /owner|idor|authori[sz]ation/i.test(f.ruleId));

function newTally() { return { labelled: 0, matched: 0, tp: 0, fp: 0, fn: 0, auth: 0, mutates: 0, exposure: 0, exposureN: 0, truth: 0, found: 0, ms: 0 }; }
function add(into, from) { for (const k of Object.keys(into)) into[k] += from[k]; }
const ratio = (a, b) => (b ? +(a / b).toFixed(3) : null);
function figures(t) {
  return {
    missingAuthPrecision: ratio(t.tp, t.tp + t.fp), missingAuthRecall: ratio(t.tp, t.tp + t.fn), tp: t.tp, fp: t.fp, fn: t.fn,
    authAccuracy: ratio(t.auth, t.matched), mutatesAccuracy: ratio(t.mutates, t.matched), exposureAccuracy: ratio(t.exposure, t.exposureN),
    detectionRecall: ratio(t.found, t.truth), labelled: t.labelled, matched: t.matched, scanSeconds: +(t.ms / 1000).toFixed(1),
  };
}

const apps = loadSets().filter((a) => (!opt.sets.length || opt.sets.includes(a.set)) && (!opt.apps.length || opt.apps.includes(a.repo)));
const disagreements = [];
const perApp = [];
const perSet = {};
const overall = newTally();
let failed = 0;
for (const app of apps) {
  const t = newTally();
  const { report, error, ms } = scan(app);
  if (error) { console.log(`SCAN FAILED ${app.repo}: ${error}`); failed++; continue; }
  t.ms = ms ?? 0;
  const endpoints = report.endpoints ?? [];
  if (app.inventory) {
    const keys = new Set(endpoints.map((e) => `${norm(e.file)}#${e.name}`));
    const actionFiles = new Set(endpoints.filter((e) => e.kind === 'action').map((e) => norm(e.file)));
    for (const k of [...app.inventory.actions, ...app.inventory.routes]) { t.truth++; if (keys.has(k)) t.found++; else disagreements.push(`NOT DETECTED ${app.repo} ${k}`); }
    for (const k of app.inventory.inline) { t.truth++; if (actionFiles.has(k.split(':')[0])) t.found++; else disagreements.push(`NOT DETECTED ${app.repo} inline ${k}`); }
  }
  for (const { l, e } of match(app.labels, endpoints)) {
    t.labelled++;
    const where = `${app.repo} ${l.file}#${l.name}`;
    if (!e) { disagreements.push(`NOT FOUND ${where}`); if (l.auth === 'missing') t.fn++; continue; }
    t.matched++;
    const idorCaught = /\bIDOR\b/.test(l.reason) && ownershipRule(e);
    const saysMissing = e.auth === 'missing' || idorCaught;
    if (e.auth === l.auth || idorCaught) t.auth++;
    else disagreements.push(`AUTH ${e.auth} (label ${l.auth}) ${where} :: ${l.reason.slice(0, 160)}`);
    if (saysMissing && l.auth === 'missing') t.tp++;
    if (saysMissing && l.auth !== 'missing') t.fp++;
    if (!saysMissing && l.auth === 'missing') t.fn++;
    if (e.mutates === l.mutates) t.mutates++;
    else disagreements.push(`MUTATES ${e.mutates} (label ${l.mutates}) ${where} :: ${l.reason.slice(0, 120)}`);
    if (l.exposure) {
      t.exposureN++;
      if (e.exposure === l.exposure || (l.exposure === 'internal' && e.exposure === 'unused')) t.exposure++;
      else disagreements.push(`EXPOSURE ${e.exposure} (label ${l.exposure}) ${where}`);
    }
  }
  perApp.push({ set: app.set, repo: app.repo, ...figures(t) });
  add((perSet[app.set] ??= newTally()), t);
  add(overall, t);
}

if (opt.verbose) for (const line of disagreements.sort()) console.log(line);
else console.log(`${disagreements.length} disagreements (--verbose lists them)`);
const pad = (s, n) => String(s ?? '-').padEnd(n);
const row = (name, f) => `${pad(name, 48)} ${pad(f.missingAuthPrecision, 6)} ${pad(f.missingAuthRecall, 6)} ${pad(`${f.tp}/${f.fp}/${f.fn}`, 10)} ${pad(f.authAccuracy, 6)} ${pad(f.mutatesAccuracy, 7)} ${pad(f.detectionRecall, 6)} ${f.labelled}`;
console.log(`\n${pad('app', 48)} ${pad('P', 6)} ${pad('R', 6)} ${pad('tp/fp/fn', 10)} ${pad('auth', 6)} ${pad('mutates', 7)} ${pad('detect', 6)} labelled`);
for (const a of perApp) console.log(row(`${a.set} ${a.repo}`, a));
console.log('');
for (const [set, t] of Object.entries(perSet)) console.log(row(`[${set}]`, figures(t)));
console.log(row('[all]', figures(overall)));
const result = { sets: Object.fromEntries(Object.entries(perSet).map(([k, t]) => [k, figures(t)])), overall: figures(overall), apps: perApp };
if (opt.json) fs.writeFileSync(opt.json, JSON.stringify(result, null, 2) + '\n');
if (opt.markdown) {
  const cell = (value) => (value === null || value === undefined ? '–' : String(value));
  const line = (name, f) => `| ${name} | ${cell(f.missingAuthPrecision)} | ${cell(f.missingAuthRecall)} | ${f.tp} / ${f.fp} / ${f.fn} | ${cell(f.authAccuracy)} | ${cell(f.mutatesAccuracy)} | ${f.labelled} |`;
  const table = ['| app | missing-auth P | R | tp / fp / fn | auth | mutates | labelled |', '|---|---|---|---|---|---|---|',
    ...perApp.map((a) => line(`${a.set}: ${a.repo}`, a)), ...Object.entries(result.sets).map(([set, f]) => line(`**${set}**`, f)), line('**all**', result.overall)];
  fs.writeFileSync(opt.markdown, table.join('\n') + '\n');
}
console.log(JSON.stringify({ overall: result.overall }));
process.exit(failed ? 2 : 0);
