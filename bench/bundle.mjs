// How every benchmark bundles the TypeScript it loads: one CommonJS file for Node, with `typescript` left out where
// the benchmark must run the very same compiler module as the parse-only floor.
import * as esbuild from 'esbuild';

/** Bundles `entryPoint` to `outfile` and returns the loaded module's path. */
export async function bundleForNode(entryPoint, outfile, { external = [], alias } = {}) {
  await esbuild.build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external,
    ...(alias && { alias }),
    logLevel: 'warning',
    legalComments: 'none',
  });
  return outfile;
}
