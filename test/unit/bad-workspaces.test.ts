// Workspaces that are broken in ways real checkouts are: bundles, binaries, odd encodings, symlinks, broken
// tsconfig, files vanishing mid-scan, huge dependency folders, no app at all. Each must give a clear skip entry
// (or nothing to report), never an exception, and the rest of the app must still be analysed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { type FileHost, type ScanResult, WorkspaceAnalyzer, nodeFileHost, scanSync } from '../../src/analyzers';
import { decodeSourceText } from '../../src/analyzers/host';
import { endpoint } from '../helpers';


/** A guard the analyzer recognises only by following the import: an unresolved import makes savePost `missing`. */
const TEAM_MODULE = [
  "import { cookies } from 'next/headers';",
  'export async function loadTeam() {',
  "  const session = (await cookies()).get('session');",
  "  if (!session) throw new Error('Unauthorized');",
  '  return { id: session.value };',
  '}',
  '',
].join('\n');

function actionsImporting(specifier: string): string {
  return [
    "'use server';",
    `import { loadTeam } from '${specifier}';`,
    "import { db } from '@/lib/db';",
    '',
    'export async function savePost(formData: FormData) {',
    '  await loadTeam();',
    "  await db.post.create({ data: { title: String(formData.get('title')) } });",
    '}',
    '',
  ].join('\n');
}

/** A small healthy app: one guarded action, one public route. Every bad workspace below is this plus something bad. */
const HEALTHY_APP: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'bad-workspace', private: true, dependencies: { next: '15.5.4' } }),
  'lib/team.ts': TEAM_MODULE,
  'lib/db.ts': 'export const db = { post: { create: async (input: unknown) => input } };\n',
  'app/actions.ts': actionsImporting('@/lib/team'),
  'app/api/health/route.ts': 'export async function GET() {\n  return Response.json({ ok: true });\n}\n',
};

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/** Writes the files into a fresh temp folder; the caller removes it. */
function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'nb-bad-ws-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), content);
  }
  return root;
}

function withWorkspace(files: Record<string, string | Buffer>, body: (root: string) => void): void {
  const root = workspace(files);
  try {
    body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The healthy part of the app is still there, with the auth status that needs its imports resolved. */
function assertHealthyAppAnalysed(result: ScanResult): void {
  assert.equal(endpoint(result, 'app/actions.ts', 'savePost').auth, 'protected');
  const health = endpoint(result, 'app/api/health/route.ts', 'GET');
  assert.equal(health.auth, 'public');
  assert.equal(health.urlPath, '/api/health');
}

function skipReason(result: ScanResult, file: string): string {
  const matches = result.skipped.filter((item) => item.file === file);
  assert.equal(matches.length, 1, `expected one skip entry for ${file}; skipped: ${JSON.stringify(result.skipped)}`);
  return matches[0].reason;
}

/** Every host call, by method: the paths asked for. */
type HostCalls = Record<string, string[]>;

/** Records every call made through the host, whatever methods it has (a read, a size, a listing…). */
function countingHost(base: FileHost): { host: FileHost; calls: HostCalls } {
  const calls: HostCalls = {};
  const host = {} as Record<string, unknown>;
  for (const [method, value] of Object.entries(base)) {
    if (typeof value !== 'function') continue;
    calls[method] = [];
    host[method] = (path: string, ...rest: unknown[]): unknown => {
      calls[method].push(path);
      return (value as (...args: unknown[]) => unknown).call(base, path, ...rest);
    };
  }
  return { host: host as unknown as FileHost, calls };
}

/** Calls that list, size or read; existence probes are left out (module resolution probes node_modules for packages). */
function readingCalls(calls: HostCalls): string[] {
  return Object.entries(calls).flatMap(([method, paths]) => (method === 'fileExists' || method === 'directoryExists' || method === 'realpath' ? [] : paths));
}

/** What must be the same between an incremental update and a fresh scan. */
function model(result: ScanResult): unknown {
  return { ...result, stats: undefined };
}

/** An in-memory tree (absolute POSIX paths), for trees too big to write to disk in a unit test. */
function memoryHost(files: ReadonlyMap<string, string>): FileHost {
  const children = new Map<string, Map<string, boolean>>();
  for (const file of files.keys()) {
    let path = file;
    let isFile = true;
    while (path.lastIndexOf('/') > 0) {
      const parent = path.slice(0, path.lastIndexOf('/'));
      let entries = children.get(parent);
      if (!entries) children.set(parent, (entries = new Map<string, boolean>()));
      const known = entries.has(path.slice(parent.length + 1));
      entries.set(path.slice(parent.length + 1), isFile);
      if (known) break;
      path = parent;
      isFile = false;
    }
  }
  return {
    readFile: (path) => files.get(path),
    fileSize: (path) => (files.has(path) ? Buffer.byteLength(files.get(path)!) : undefined),
    fileExists: (path) => files.has(path),
    directoryExists: (path) => children.has(path),
    readDirectory: (path) => [...(children.get(path) ?? [])].map(([name, isFile]) => ({ name, isFile, isDirectory: !isFile })),
  };
}

/** One line of JSON, `bytes` long: what a bundler emits. */
function minifiedBundle(prefix: string, bytes: number, suffix: string): string {
  const rows: string[] = [];
  let length = prefix.length + suffix.length + 2;
  for (let i = 0; length < bytes; i++) {
    const row = JSON.stringify({ id: i, slug: `item-${i}`, tags: ['alpha', 'beta'] });
    rows.push(row);
    length += row.length + 1;
  }
  return `${prefix}[${rows.join(',')}]${suffix}`;
}

void describe('bad workspaces', () => {
  void test('1. minified bundles in app/ are skipped by name or size without being read', (t) => {
    const fiveMegabytes = 5 * 1024 * 1024;
    const files = {
      ...HEALTHY_APP,
      'app/vendor.min.js': minifiedBundle('!function(){var d=', fiveMegabytes, ';window.__v=d}();'),
      'app/api/x/route.js': minifiedBundle('export async function GET(){return Response.json(', fiveMegabytes, ')}'),
      // Under 1 MB, so it is read, but one 300 KB line is not source anyone wrote.
      'app/api/y/route.js': minifiedBundle('export async function GET(){return Response.json(', 300 * 1024, ')}'),
      // A bundle outside app/ and pages/ is not app source: not read and not worth a word.
      'public/lib/chart.min.js': minifiedBundle('var c=', 64 * 1024, ';'),
    };
    withWorkspace(files, (root) => {
      const { host, calls } = countingHost(nodeFileHost);
      const started = performance.now();
      const result = scanSync(root, { host });
      t.diagnostic(`scan with two 5 MB bundles: ${Math.round(performance.now() - started)} ms`);

      assert.equal(skipReason(result, 'app/vendor.min.js'), 'minified bundle (*.min.js): not read');
      assert.match(skipReason(result, 'app/api/x/route.js'), /^larger than 1 MB \(5\d{3} KB\): not analysed$/);
      assert.match(skipReason(result, 'app/api/y/route.js'), /looks minified/);
      assert.deepEqual(result.skipped.map((item) => item.file).sort(), ['app/api/x/route.js', 'app/api/y/route.js', 'app/vendor.min.js']);
      const big = [join(root, 'app/vendor.min.js'), join(root, 'app/api/x/route.js'), join(root, 'public/lib/chart.min.js')].map(toPosix);
      assert.deepEqual(calls.readFile.filter((path) => big.includes(path)), [], 'the bundles were never read');
      assertHealthyAppAnalysed(result);
    });
  });

  void test('1b. a 5 MB bundle in app/ without a .min name gets a skip entry too', () => {
    withWorkspace({ ...HEALTHY_APP, 'app/vendor.js': minifiedBundle('var d=', 5 * 1024 * 1024, ';') }, (root) => {
      const result = scanSync(root);
      assert.match(skipReason(result, 'app/vendor.js'), /^larger than 1 MB \(5\d{3} KB\): not analysed$/);
      assertHealthyAppAnalysed(result);
    });
  });

  void test('1c. build/, out/ and vendor/ are skipped as output at the top, but are route segments under app/', () => {
    const route = 'export async function POST() {\n  return Response.json({ started: true });\n}\n';
    withWorkspace({ ...HEALTHY_APP, 'app/api/build/route.ts': route, 'app/out/[id]/route.ts': route, 'build/server/app/api/x/route.js': route, 'vendor/actions.ts': "'use server';\nexport async function leak() {}\n" }, (root) => {
      const result = scanSync(root);
      assert.deepEqual(result.endpoints.filter((item) => item.kind === 'route').map((item) => item.urlPath).sort(), ['/api/build', '/api/health', '/out/[id]']);
      assert.ok(!result.endpoints.some((item) => item.file.startsWith('build/') || item.file.startsWith('vendor/')));
      assertHealthyAppAnalysed(result);
    });
  });

  void test('2. a binary file named route.ts is skipped as binary', () => {
    const bytes = randomBytes(8192);
    bytes[100] = 0;
    withWorkspace({ ...HEALTHY_APP, 'app/api/bin/route.ts': bytes }, (root) => {
      const result = scanSync(root);
      assert.equal(skipReason(result, 'app/api/bin/route.ts'), 'binary file: not analysed');
      assert.equal(result.skipped.length, 1);
      assert.ok(!result.endpoints.some((item) => item.file === 'app/api/bin/route.ts'));
      assertHealthyAppAnalysed(result);
    });
  });

  void describe('3. text that is not UTF-8', () => {
    // Windows-1252: é is 0xE9, the curly quotes are 0x93/0x94. Invalid as UTF-8.
    const latin1Route = Buffer.from(
      [
        '// R\xe9sum\xe9 des t\xe2ches \x93urgentes\x94',
        'export async function GET() {',
        "  const r\xe9ponse = { titre: 'caf\xe9' };",
        '  return Response.json(r\xe9ponse);',
        '}',
        '',
      ].join('\n'),
      'latin1',
    );
    const utf16Route = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("// Généré\nexport async function GET() {\n  return Response.json({ ok: 'oui' });\n}\n", 'utf16le'),
    ]);

    void test('a Windows-1252 route is read as Windows-1252 and analysed, not skipped', () => {
      withWorkspace({ ...HEALTHY_APP, 'app/api/latin/route.ts': latin1Route }, (root) => {
        const result = scanSync(root);
        assert.deepEqual(result.skipped, []);
        const get = endpoint(result, 'app/api/latin/route.ts', 'GET');
        assert.equal(get.line, 2);
        assert.equal(get.auth, 'public');
        assertHealthyAppAnalysed(result);
      });
    });

    void test('a UTF-16LE route with a byte-order mark is decoded and analysed', () => {
      withWorkspace({ ...HEALTHY_APP, 'app/api/utf16/route.ts': utf16Route }, (root) => {
        const result = scanSync(root);
        assert.deepEqual(result.skipped, []);
        const get = endpoint(result, 'app/api/utf16/route.ts', 'GET');
        assert.equal(get.line, 2);
        assert.equal(get.urlPath, '/api/utf16');
        assertHealthyAppAnalysed(result);
      });
    });

    void test('decoding: UTF-8 (BOM dropped), UTF-16 both ways, and Windows-1252 byte for byte', () => {
      assert.equal(decodeSourceText(Buffer.from('\ufeffconst café = 1;', 'utf8')), 'const café = 1;');
      assert.equal(decodeSourceText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('é\n', 'utf16le')])), 'é\n');
      assert.equal(decodeSourceText(Buffer.from([0xfe, 0xff, 0x00, 0xe9, 0x00, 0x0a])), 'é\n');
      const legacy = decodeSourceText(Buffer.from('a\x93b\xe9c\x00', 'latin1'));
      assert.equal(legacy, 'a\u201cbéc\u0000', 'one character per byte, NUL kept so binary detection still works');
    });
  });

  void test('4. symbolic links: a loop, a file outside the workspace, a dangling link', { skip: process.platform === 'win32' && 'symlinks need privileges on Windows', timeout: 30_000 }, () => {
    const outside = mkdtempSync(join(tmpdir(), 'nb-bad-ws-outside-'));
    try {
      writeFileSync(join(outside, 'route.ts'), 'export async function GET() {\n  return Response.json({ from: "outside" });\n}\n');
      withWorkspace({ ...HEALTHY_APP, 'app/loop/page.tsx': 'export default function Page() { return null; }\n' }, (root) => {
        symlinkSync('..', join(root, 'app/loop/link'));
        mkdirSync(join(root, 'app/api/linked'), { recursive: true });
        symlinkSync(join(outside, 'route.ts'), join(root, 'app/api/linked/route.ts'));
        mkdirSync(join(root, 'app/api/gone'), { recursive: true });
        symlinkSync(join(root, 'lib/deleted.ts'), join(root, 'app/api/gone/route.ts'));

        const result = scanSync(root);

        assert.equal(skipReason(result, 'app/loop/link'), 'symbolic link to a folder: not followed');
        assert.match(skipReason(result, 'app/api/gone/route.ts'), /^broken symbolic link/);
        assert.equal(result.skipped.length, 2);
        // A linked file is followed wherever it points: Next compiles it too.
        assert.equal(endpoint(result, 'app/api/linked/route.ts', 'GET').urlPath, '/api/linked');
        assertHealthyAppAnalysed(result);
      });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  void describe('5. a tsconfig that cannot be fully read', () => {
    void test('a syntax error: what parses before it is used, and the entry says so', () => {
      const tsconfig = '{\n  "compilerOptions": {\n    "paths": { "@app-lib/*": ["./lib/*"] }\n  }\n  oops\n}\n';
      withWorkspace({ ...HEALTHY_APP, 'tsconfig.json': tsconfig, 'app/actions.ts': actionsImporting('@app-lib/team').replace("'@/lib/db'", "'@app-lib/db'") }, (root) => {
        const result = scanSync(root);
        assert.equal(skipReason(result, 'tsconfig.json'), "tsconfig.json partly used: syntax error in tsconfig.json at line 5: ',' expected");
        assertHealthyAppAnalysed(result); // savePost is protected only if @app-lib/* resolved
      });
    });

    void test('extends a missing file: the default @/* alias is used, and the entry says so', () => {
      withWorkspace({ ...HEALTHY_APP, 'tsconfig.json': '{ "extends": "./config/missing.json" }\n' }, (root) => {
        const result = scanSync(root);
        assert.equal(
          skipReason(result, 'tsconfig.json'),
          "tsconfig.json not used: \"extends\" not followed: Cannot read file 'config/missing.json'; imports resolve with Next's default @/* alias",
        );
        assertHealthyAppAnalysed(result);
      });
    });

    void test('an extends cycle a → b → a: no hang, the cycle is named', { timeout: 30_000 }, () => {
      const files = { ...HEALTHY_APP, 'tsconfig.json': '{ "extends": "./tsconfig.base.json" }\n', 'tsconfig.base.json': '{ "extends": "./tsconfig.json" }\n' };
      withWorkspace(files, (root) => {
        const result = scanSync(root);
        assert.match(skipReason(result, 'tsconfig.json'), /^tsconfig\.json not used: Circularity detected .*: tsconfig\.json -> tsconfig\.base\.json -> tsconfig\.json; imports resolve with Next's default @\/\* alias$/);
        assertHealthyAppAnalysed(result);
      });
    });

    void test('a tsconfig with only unknown options or bad values is not reported (they do not change resolution)', () => {
      withWorkspace({ ...HEALTHY_APP, 'tsconfig.json': '{ "compilerOptions": { "bogus": true, "target": "es9999" } }\n' }, (root) => {
        const result = scanSync(root);
        assert.deepEqual(result.skipped, []);
        assertHealthyAppAnalysed(result);
      });
    });
  });

  void describe('6. files that vanish during the scan', () => {
    /** Runs `vanish` on the file just before the host first reads it, so the read fails. */
    function vanishingHost(target: string, vanish: () => void): FileHost {
      let done = false;
      return {
        ...nodeFileHost,
        readFile: (path) => {
          if (!done && path === target) {
            done = true;
            vanish();
          }
          return nodeFileHost.readFile(path);
        },
      };
    }

    void test('deleted between the listing and the read: skipped with a reason; update() then drops it', () => {
      withWorkspace({ ...HEALTHY_APP, 'app/api/doomed/route.ts': 'export async function GET() {\n  return Response.json({});\n}\n' }, (root) => {
        const doomed = toPosix(join(root, 'app/api/doomed/route.ts'));
        const analyzer = new WorkspaceAnalyzer(root, { host: vanishingHost(doomed, () => rmSync(doomed)) });
        try {
          const first = analyzer.scan();
          assert.equal(skipReason(first, 'app/api/doomed/route.ts'), 'could not be read');
          assertHealthyAppAnalysed(first);

          const updated = analyzer.update([{ path: doomed }]);
          assert.deepEqual(updated.skipped, []);
          assert.deepEqual(model(updated), model(scanSync(root)));
          assertHealthyAppAnalysed(updated);
        } finally {
          analyzer.dispose();
        }
      });
    });

    void test('renamed between the listing and the read: update() with both paths finds it under its new name', () => {
      withWorkspace({ ...HEALTHY_APP, 'app/api/before/route.ts': 'export async function GET() {\n  return Response.json({});\n}\n' }, (root) => {
        const before = toPosix(join(root, 'app/api/before/route.ts'));
        const after = toPosix(join(root, 'app/api/after/route.ts'));
        const rename = () => {
          mkdirSync(dirname(after), { recursive: true });
          renameSync(before, after);
        };
        const analyzer = new WorkspaceAnalyzer(root, { host: vanishingHost(before, rename) });
        try {
          assert.equal(skipReason(analyzer.scan(), 'app/api/before/route.ts'), 'could not be read');
          const updated = analyzer.update([{ path: before }, { path: after }]);
          assert.equal(endpoint(updated, 'app/api/after/route.ts', 'GET').urlPath, '/api/after');
          assert.deepEqual(model(updated), model(scanSync(root)));
        } finally {
          analyzer.dispose();
        }
      });
    });

    void test('whichever file is read Nth disappears: never an exception, and update() catches up with the disk', () => {
      const files = { ...HEALTHY_APP, 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }\n', 'app/page.tsx': "import { savePost } from './actions';\nexport default function Page() {\n  return <form action={savePost} />;\n}\n" };
      const probe = countingHost(nodeFileHost);
      withWorkspace(files, (root) => void scanSync(root, { host: probe.host }));
      const readCount = probe.calls.readFile.length;
      assert.ok(readCount >= Object.keys(files).length, `a scan reads every file (${readCount} reads)`);

      for (let n = 1; n <= readCount; n++) {
        withWorkspace(files, (root) => {
          let calls = 0;
          let deleted: string | undefined;
          const host: FileHost = {
            ...nodeFileHost,
            readFile: (path) => {
              if (++calls === n) {
                rmSync(path, { force: true });
                deleted = path;
              }
              return nodeFileHost.readFile(path);
            },
          };
          const analyzer = new WorkspaceAnalyzer(root, { host });
          try {
            const first = analyzer.scan();
            for (const item of first.skipped) assert.ok(item.reason.length > 0);
            const updated = analyzer.update([{ path: deleted! }]);
            assert.deepEqual(model(updated), model(scanSync(root)), `read #${n} deleted ${deleted}`);
          } finally {
            analyzer.dispose();
          }
        });
      }
    });
  });

  void describe('7. dependency and build folders are never read', () => {
    const IGNORED = ['node_modules', '.next', 'dist', 'build', '.turbo', 'out', 'coverage', '.git', '.vercel'];
    const insideIgnored = (root: string) => (path: string) => {
      const relative = path.startsWith(root + '/') ? path.slice(root.length + 1) : path;
      return relative.split('/').some((segment) => IGNORED.includes(segment));
    };

    void test('a few thousand real files in them: no listing, no read, no stat', (t) => {
      const files: Record<string, string> = { ...HEALTHY_APP };
      for (const folder of IGNORED) {
        for (let i = 0; i < 400; i++) {
          // Things that would be endpoints if they were scanned.
          files[`${folder}/pkg-${i % 20}/app/api/r${i}/route.ts`] = "'use server';\nexport async function GET() { return Response.json({}); }\n";
        }
      }
      const started = performance.now();
      const root = workspace(files);
      t.diagnostic(`wrote ${Object.keys(files).length} files in ${Math.round(performance.now() - started)} ms`);
      try {
        const { host, calls } = countingHost(nodeFileHost);
        const scanStarted = performance.now();
        const result = scanSync(root, { host });
        t.diagnostic(`scan: ${Math.round(performance.now() - scanStarted)} ms`);
        const posixRoot = toPosix(root);
        assert.ok(calls.readFile.length > 0 && calls.readDirectory.length > 0, 'the host is the one the scan used');
        assert.deepEqual(readingCalls(calls).filter(insideIgnored(posixRoot)), []);
        assert.equal(result.stats.filesSeen, 4);
        assert.deepEqual(result.skipped, []);
        assert.deepEqual(result.endpoints.map((item) => item.file).sort(), ['app/actions.ts', 'app/api/health/route.ts']);
        assertHealthyAppAnalysed(result);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    void test('50,000 files in them (in memory), also nested in a monorepo app: none listed or read', (t) => {
      const root = '/mem/repo';
      const files = new Map<string, string>();
      for (const [file, text] of Object.entries(HEALTHY_APP)) files.set(`${root}/${file}`, text);
      for (const [file, text] of Object.entries(HEALTHY_APP)) files.set(`${root}/apps/web/${file}`, text);
      const prefixes = IGNORED.flatMap((folder) => [`${root}/${folder}`, `${root}/apps/web/${folder}`]);
      for (let i = 0; i < 50_000; i++) {
        files.set(`${prefixes[i % prefixes.length]}/pkg-${i % 97}/src/file-${i}.ts`, "'use server';\nexport async function leaked() {}\n");
      }
      const { host, calls } = countingHost(memoryHost(files));
      const started = performance.now();
      const result = scanSync(root, { host });
      t.diagnostic(`scan of 50,000 ignored + 10 real files: ${Math.round(performance.now() - started)} ms`);
      assert.ok(calls.readFile.length > 0 && calls.readDirectory.length > 0, 'the host is the one the scan used');
      assert.deepEqual(readingCalls(calls).filter(insideIgnored(root)), []);
      assert.equal(result.stats.filesSeen, 8);
      assert.deepEqual(result.apps.map((app) => app.root), ['', 'apps/web']);
      assert.ok(!result.endpoints.some((item) => item.name === 'leaked'));
      assertHealthyAppAnalysed(result);
      assert.equal(endpoint(result, 'apps/web/app/actions.ts', 'savePost').auth, 'protected');
    });
  });

  void describe('8. no Next.js app', () => {
    void test('an empty folder: no apps, no endpoints, nothing skipped', () => {
      withWorkspace({}, (root) => {
        const result = scanSync(root);
        assert.deepEqual([result.apps, result.endpoints, result.skipped], [[], [], []]);
      });
    });

    void test('a package.json without next: no apps, and its plain modules are not endpoints', () => {
      withWorkspace({ 'package.json': JSON.stringify({ name: 'lib', dependencies: { react: '19.0.0' } }), 'src/index.ts': 'export const x = 1;\n' }, (root) => {
        const result = scanSync(root);
        assert.deepEqual([result.apps, result.endpoints, result.skipped], [[], [], []]);
      });
    });
  });
});
