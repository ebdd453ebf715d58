/**
 * The resolver answers most imports from the listing (x.ts / x.tsx) without TypeScript's probing. Every answer must
 * be TypeScript's own: each case is checked against ts.resolveModuleName with the app's options and the real disk.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import ts from 'typescript';
import { nodeFileHost } from '../../src/analyzers/host';
import { ModuleResolver } from '../../src/analyzers/module-resolver';
import { discoverWorkspace } from '../../src/analyzers/workspace';
import { writeTempTree } from '../helpers';

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'app', dependencies: { next: '15.0.0' } }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      baseUrl: '.',
      paths: { '@/*': ['./src/*'], '@/lib/special/*': ['./special/*', './src/lib/*'], '~exact': ['./src/lib/exact.ts'], '#only-second/*': ['./missing/*', './src/*'] },
    },
  }),
  'next.config.js': 'module.exports = {};',
  'src/app/page.tsx': 'export default function Page() { return null; }',
  'src/app/actions.ts': "'use server';\nexport async function a() {}",
  'src/lib/auth.ts': 'export const auth = 1;',
  'src/lib/both.ts': 'export const both = 1;',
  'src/lib/both.tsx': 'export const both = 2;',
  'src/lib/view.tsx': 'export const view = 1;',
  'src/lib/folder/index.ts': 'export const folder = 1;',
  'src/lib/typed.d.ts': 'export declare const typed: number;',
  'src/lib/plain.js': 'export const plain = 1;',
  'src/lib/exact.ts': 'export const exact = 1;',
  'src/lib/dotted.server.ts': 'export const dotted = 1;',
  'special/thing.ts': 'export const special = 1;',
  'src/lib/thing.ts': 'export const notSpecial = 1;',
};

let root = '';
let resolver: ModuleResolver;
let options: ts.CompilerOptions;

before(() => {
  root = writeTempTree('nb-resolver-', FILES);
  resolver = new ModuleResolver(nodeFileHost, root, discoverWorkspace(nodeFileHost, root), () => '');
  options = resolver.optionsFor('');
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

/** TypeScript's answer, as the resolver reports it (workspace source files only). */
function typescriptAnswer(specifier: string, containing: string): string | undefined {
  const resolved = ts.resolveModuleName(specifier, containing, options, ts.sys).resolvedModule?.resolvedFileName;
  return resolved && !/\.d\.[mc]?ts$/.test(resolved) && !resolved.includes('/node_modules/') ? resolved : undefined;
}

void describe('ModuleResolver: answers from the listing agree with TypeScript', () => {
  const cases: [specifier: string, from: string, expected: string | undefined][] = [
    ['./actions', 'src/app/page.tsx', 'src/app/actions.ts'],
    ['../lib/auth', 'src/app/page.tsx', 'src/lib/auth.ts'],
    ['@/lib/auth', 'src/app/page.tsx', 'src/lib/auth.ts'],
    // x.ts before x.tsx, as TypeScript tries them.
    ['@/lib/both', 'src/app/page.tsx', 'src/lib/both.ts'],
    ['@/lib/view', 'src/app/page.tsx', 'src/lib/view.tsx'],
    // A folder's index, a declaration file, a .js file: TypeScript's own probing.
    ['@/lib/folder', 'src/app/page.tsx', 'src/lib/folder/index.ts'],
    ['@/lib/typed', 'src/app/page.tsx', undefined],
    ['@/lib/plain', 'src/app/page.tsx', 'src/lib/plain.js'],
    ['./lib/auth.js', 'src/app.ts', 'src/lib/auth.ts'],
    // The longest matching `paths` prefix wins; its first substitution is tried first.
    ['@/lib/special/thing', 'src/app/page.tsx', 'special/thing.ts'],
    ['~exact', 'src/app/page.tsx', 'src/lib/exact.ts'],
    // The first substitution finds nothing: the second is TypeScript's to find.
    ['#only-second/lib/auth', 'src/app/page.tsx', 'src/lib/auth.ts'],
    ['./lib/dotted.server', 'src/app.ts', 'src/lib/dotted.server.ts'],
    ['../lib/folder/', 'src/app/page.tsx', 'src/lib/folder/index.ts'],
    ['./missing', 'src/app/page.tsx', undefined],
  ];
  for (const [specifier, from, expected] of cases) {
    void test(`${specifier} from ${from}`, () => {
      const containing = `${root}/${from}`;
      const ours = resolver.resolve(specifier, containing);
      assert.equal(ours, expected === undefined ? undefined : `${root}/${expected}`);
      assert.equal(ours, typescriptAnswer(specifier, containing));
    });
  }
});

void describe('ModuleResolver: a tsconfig whose paths are not lists of strings', () => {
  void test('is passed over without an exception, and the answer is still TypeScript’s', () => {
    const badRoot = writeTempTree('nb-resolver-bad-', {
      'package.json': JSON.stringify({ name: 'bad', dependencies: { next: '15.0.0' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': './src/*', '~/*': [], '#x': [42] } } }),
      'src/lib/auth.ts': 'export const auth = 1;',
      'src/app/page.tsx': 'export default function Page() { return null; }',
    });
    try {
      const bad = new ModuleResolver(nodeFileHost, badRoot, discoverWorkspace(nodeFileHost, badRoot), () => '');
      const badOptions = bad.optionsFor('');
      for (const specifier of ['@/lib/auth', '~/lib/auth', '#x']) {
        const containing = `${badRoot}/src/app/page.tsx`;
        let expected: string | undefined;
        try {
          const resolved = ts.resolveModuleName(specifier, containing, badOptions, ts.sys).resolvedModule?.resolvedFileName;
          expected = resolved && !resolved.includes('/node_modules/') ? resolved : undefined;
        } catch {
          expected = undefined;
        }
        assert.doesNotThrow(() => bad.resolve(specifier, containing));
        assert.equal(bad.resolve(specifier, containing), expected, specifier);
      }
    } finally {
      fs.rmSync(badRoot, { recursive: true, force: true });
    }
  });
});
