// Bundles the extension (vscode stays external) and the CLI into dist/.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  }),
  // The service and the quick fixes (with TypeScript, which the fixes parse with) are their own file, loaded
  // only once a Next.js app is found, so activating the extension stays cheap.
  esbuild.context({
    ...common,
    entryPoints: ['src/service/boundary-service.ts'],
    outfile: 'dist/service.js',
  }),
  // The analyzer runs in a worker thread started from this file, off the extension host's thread.
  esbuild.context({
    ...common,
    entryPoints: ['src/service/analysis-worker.ts'],
    outfile: 'dist/analysis-worker.js',
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
