// `npm run package`: a production build, then the .vsix (@vscode/vsce; .vscodeignore decides what ships).
// Prints the file, its size and what it holds. `--out FILE` writes it elsewhere (the real-editor suite does).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { REPO } from './e2e-env.mjs';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(REPO, `${manifest.name}-${manifest.version}.vsix`);
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');

function run(args, options = {}) {
  const result = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', ...options });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    console.error(`package: \`node ${args.join(' ')}\` failed`);
    process.exit(1);
  }
  return result.stdout;
}

run(['scripts/build.mjs', '--production'], { stdio: 'inherit' });
// The bundles hold every dependency, so node_modules never ships.
run([vsce, 'package', '--no-dependencies', '--out', out]);
const files = run([vsce, 'ls', '--no-dependencies']).trim().split('\n').sort();
const size = statSync(out).size;
console.log(`${relative(process.cwd(), out) || out}: ${(size / 1024).toFixed(0)} KB (${size} bytes), ${files.length} files: ${files.join(', ')}`);
