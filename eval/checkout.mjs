#!/usr/bin/env node
// Checks out the apps an eval needs, at their pinned commits, from git mirrors (the `fetch` tool brings them to
// /work/.mirror/OWNER+NAME/repo; any bare clone works). Nothing of the apps is kept in this repository.
//
//   node eval/checkout.mjs [--mirrors DIR] [--out DIR] [--list FILE]...
//
// --list FILE: lines "owner/name commit" (eval/repos.txt, ../shared/eval-sets/set-a/repos.txt); default: eval/repos.txt.
// --out DIR:   where work trees go, one folder per app named owner+name (default $NEXT_BOUNDARY_EVAL_SRC or
//              eval/src). A folder that already holds the commit (marker file) is left alone.
// --mirrors DIR: folder of mirrors named owner+name/repo or owner+name (default /work/.mirror).
// A mirror that lacks some blobs (large binaries) is extracted blob by blob, skipping what is absent.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opts = { lists: [], mirrors: '/work/.mirror', out: process.env.NEXT_BOUNDARY_EVAL_SRC ?? path.join(here, 'src') };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--list') opts.lists.push(args[++i]);
  else if (args[i] === '--mirrors') opts.mirrors = args[++i];
  else if (args[i] === '--out') opts.out = args[++i];
  else { console.error(`unknown argument ${args[i]}`); process.exit(2); }
}
if (!opts.lists.length) opts.lists.push(path.join(here, 'repos.txt'));

const wanted = opts.lists.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')
  .map((l) => l.replace(/#.*/, '').trim()).filter(Boolean).map((l) => l.split(/\s+/)));
let failed = 0;
for (const [repo, commit] of wanted) {
  const slug = repo.replace('/', '+');
  const dest = path.join(opts.out, slug);
  const marker = path.join(dest, '.eval-commit');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === commit) { console.log(`ok   ${repo} (already at ${commit.slice(0, 12)})`); continue; }
  const gitDir = [path.join(opts.mirrors, slug, 'repo'), path.join(opts.mirrors, slug)].find((d) => fs.existsSync(path.join(d, 'HEAD')));
  if (!gitDir) { console.log(`MISS ${repo}: no mirror under ${opts.mirrors} (fetch github:${repo})`); failed++; continue; }
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const skipped = extract(gitDir, commit, dest);
  if (skipped === null) { console.log(`MISS ${repo}: commit ${commit} not in the mirror`); failed++; continue; }
  fs.writeFileSync(marker, commit + '\n');
  console.log(`ok   ${repo} @ ${commit.slice(0, 12)}${skipped ? ` (${skipped} blobs absent from the mirror, skipped)` : ''}`);
}
process.exit(failed ? 1 : 0);

/** Extracts COMMIT's tree into DEST; returns how many blobs were absent, or null when the commit is unknown. */
function extract(gitDir, commit, dest) {
  if (spawnSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`]).status !== 0) return null;
  const archive = spawnSync('sh', ['-c', `git --git-dir="$0" archive "$1" | tar -x -C "$2"`, gitDir, commit, dest], { stdio: 'pipe' });
  if (archive.status === 0 && !archive.stderr.length) return 0;
  // Some blob is missing: write the tree blob by blob.
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const listing = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { maxBuffer: 1 << 30 }).toString('utf8');
  let skipped = 0;
  for (const entry of listing.split('\0').filter(Boolean)) {
    const [meta, file] = entry.split('\t');
    const [mode, type, sha] = meta.split(' ');
    if (type !== 'blob') continue;
    const blob = spawnSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', sha], { maxBuffer: 1 << 30 });
    if (blob.status !== 0) { skipped++; continue; }
    const target = path.join(dest, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (mode === '120000') { try { fs.symlinkSync(blob.stdout.toString('utf8'), target); } catch { /* exists */ } continue; }
    fs.writeFileSync(target, blob.stdout, { mode: mode === '100755' ? 0o755 : 0o644 });
  }
  return skipped;
}
