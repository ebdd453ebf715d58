/**
 * The snippet files under snippets/: VS Code reads them as JSON with comments. Every snippet has an `nb-`
 * prefix, a description and a scope matching the languages package.json contributes its file for, and its
 * body, with every placeholder at its default, parses as TypeScript/TSX (or JavaScript/JSX).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const repo = join(__dirname, '..');
const SNIPPETS_DIR = join(repo, 'snippets');
const PREFIXES = ['nb-action', 'nb-action-form', 'nb-route', 'nb-use-server', 'nb-webhook-hmac', 'nb-webhook-stripe'];
/** Values the snippet variables take in a test (VS Code fills them from the editor). */
const VARIABLES: Record<string, string> = { TM_FILENAME_BASE: 'route', TM_FILENAME: 'route.ts', TM_DIRECTORY: 'app/api/items', CLIPBOARD: '', TM_SELECTED_TEXT: '' };

interface Snippet {
  prefix?: unknown;
  description?: unknown;
  scope?: unknown;
  body?: unknown;
}

/** Reads a JSON-with-comments file (comments and trailing commas allowed, as VS Code reads snippet files). */
function readJsonc(path: string): Record<string, Snippet> {
  const parsed: { config?: unknown; error?: ts.Diagnostic } = ts.parseConfigFileTextToJson(path, readFileSync(path, 'utf8'));
  assert.equal(parsed.error, undefined, parsed.error && ts.flattenDiagnosticMessageText(parsed.error.messageText, ' '));
  return parsed.config as Record<string, Snippet>;
}

/**
 * The text a snippet inserts when every placeholder keeps its default: `${1:x}` → x, `${1|a,b|}` → a,
 * `$1`/`${1}` → what placeholder 1 holds elsewhere, `$0` → nothing, variables → sample values.
 */
function expandDefaults(body: string): string {
  const defaults = new Map<string, string>();
  const render = (text: string, collect: boolean): string => {
    let out = '';
    let index = 0;
    const readUntilClose = (start: number): { inner: string; end: number } => {
      let depth = 1;
      let position = start;
      for (; position < text.length; position++) {
        const char = text[position];
        if (char === '\\') {
          position++;
          continue;
        }
        if (char === '$' && text[position + 1] === '{') {
          depth++;
          position++;
        } else if (char === '}' && --depth === 0) break;
      }
      assert.ok(depth === 0, `unclosed \${ in snippet body: ${text.slice(start - 2, start + 30)}`);
      return { inner: text.slice(start, position), end: position + 1 };
    };
    while (index < text.length) {
      const char = text[index];
      if (char === '\\' && index + 1 < text.length && '$}\\'.includes(text[index + 1])) {
        out += text[index + 1];
        index += 2;
        continue;
      }
      if (char !== '$') {
        out += char;
        index++;
        continue;
      }
      const simple = /^\$(\d+|[A-Z_][A-Z_0-9]*)/.exec(text.slice(index));
      if (simple) {
        const name = simple[1];
        out += /^\d+$/.test(name) ? defaults.get(name) ?? '' : VARIABLES[name] ?? '';
        index += simple[0].length;
        continue;
      }
      if (text[index + 1] !== '{') {
        out += char;
        index++;
        continue;
      }
      const { inner, end } = readUntilClose(index + 2);
      index = end;
      const parts = /^(\d+|[A-Z_][A-Z_0-9]*)(?::([\s\S]*)|\|([\s\S]*)\||\/[\s\S]*)?$/.exec(inner);
      assert.ok(parts, `unknown snippet syntax: \${${inner}}`);
      const [, name, placeholder, choices] = parts;
      let value: string;
      if (placeholder !== undefined) value = render(placeholder, collect);
      else if (choices !== undefined) value = choices.split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
      else value = /^\d+$/.test(name) ? defaults.get(name) ?? '' : VARIABLES[name] ?? '';
      if (/^\d+$/.test(name) && (placeholder !== undefined || choices !== undefined) && !defaults.has(name)) defaults.set(name, value);
      out += value;
    }
    return out;
  };
  render(body, true);
  return render(body, false);
}

function syntaxErrorsOf(text: string, kind: ts.ScriptKind): string[] {
  const extension = { [ts.ScriptKind.TS]: 'ts', [ts.ScriptKind.TSX]: 'tsx', [ts.ScriptKind.JSX]: 'jsx' }[kind as number] ?? 'js';
  const sourceFile = ts.createSourceFile(`snippet.${extension}`, text, ts.ScriptTarget.Latest, true, kind);
  const diagnostics = (sourceFile as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  return diagnostics.map((diagnostic) => `${sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
}

const KIND: Record<string, ts.ScriptKind> = { typescript: ts.ScriptKind.TS, typescriptreact: ts.ScriptKind.TSX, javascript: ts.ScriptKind.JS, javascriptreact: ts.ScriptKind.JSX };

const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { contributes: { snippets?: { language?: string; path: string }[] } };
const contributions = manifest.contributes.snippets ?? [];
const files = readdirSync(SNIPPETS_DIR).filter((name) => name.endsWith('.code-snippets') || name.endsWith('.json'));

/** Languages package.json contributes a snippet file for. */
function languagesOf(file: string): string[] {
  return contributions.filter((item) => item.path.replace(/^\.\//, '') === `snippets/${file}`).map((item) => item.language ?? '');
}

void describe('snippets', () => {
  void test('every snippet file is contributed, for TS/JS languages only, and every contribution exists', () => {
    assert.ok(files.length > 0);
    for (const file of files) assert.ok(languagesOf(file).length > 0, `${file} is not in contributes.snippets`);
    for (const item of contributions) {
      assert.ok(files.includes(item.path.replace(/^\.\/snippets\//, '')), `${item.path} does not exist`);
      assert.ok(item.language && item.language in KIND, `${item.path}: language ${item.language}`);
    }
  });

  void test('TypeScript and JavaScript files each get every nb-* prefix, once per language', () => {
    for (const language of Object.keys(KIND)) {
      const prefixes = files.filter((file) => languagesOf(file).includes(language)).flatMap((file) => Object.values(readJsonc(join(SNIPPETS_DIR, file))).map((snippet) => snippet.prefix));
      const expected = language.endsWith('react') ? PREFIXES : PREFIXES.filter((prefix) => prefix !== 'nb-action-form');
      assert.deepEqual([...prefixes].sort(), expected, language);
    }
  });

  for (const file of files) {
    const snippets = readJsonc(join(SNIPPETS_DIR, file));
    for (const [name, snippet] of Object.entries(snippets)) {
      void test(`${file}: ${name}`, () => {
        assert.equal(typeof snippet.prefix, 'string');
        assert.match(snippet.prefix as string, /^nb-[a-z-]+$/);
        assert.ok(typeof snippet.description === 'string' && snippet.description.length > 30, 'a description that says what it inserts');
        assert.ok(typeof snippet.scope === 'string' && snippet.scope.length > 0, 'a scope');
        assert.deepEqual(snippet.scope.split(',').sort(), languagesOf(file).sort(), 'the scope names the languages the file is contributed for');
        assert.ok(Array.isArray(snippet.body) && snippet.body.every((line) => typeof line === 'string'));
        const text = expandDefaults(snippet.body.join('\n'));
        for (const language of languagesOf(file)) assert.deepEqual(syntaxErrorsOf(text, KIND[language]), [], `${language}:\n${text}`);
      });
    }
  }

  void test('what the webhook and action snippets insert', () => {
    const typescript = readJsonc(join(SNIPPETS_DIR, 'nextjs.code-snippets'));
    const body = (prefix: string) => expandDefaults((Object.values(typescript).find((snippet) => snippet.prefix === prefix)!.body as string[]).join('\n'));
    const stripe = body('nb-webhook-stripe');
    assert.match(stripe, /await request\.text\(\)/);
    assert.match(stripe, /headers\.get\('stripe-signature'\)/);
    assert.match(stripe, /stripe\.webhooks\.constructEvent\(body, signature, /);
    assert.match(stripe, /catch \{\n\t\treturn Response\.json\(\{ error: 'Invalid signature' \}, \{ status: 400 \}\)/);
    assert.match(stripe, /event\.id/);
    assert.match(stripe, /switch \(event\.type\)/);
    const hmac = body('nb-webhook-hmac');
    assert.match(hmac, /createHmac\('sha256', /);
    // The length check comes first: timingSafeEqual throws on unequal lengths.
    assert.match(hmac, /given\.length !== wanted\.length \|\| !timingSafeEqual\(given, wanted\)/);
    assert.match(hmac, /status: 401/);
    const action = body('nb-action');
    assert.match(action, /^'use server';/);
    assert.match(action, /if \(!session\?\.user\) return \{ ok: false, error: /);
    assert.match(action, /Schema\.safeParse\(/);
    assert.match(action, /revalidatePath\('\/'\)/);
    const route = body('nb-route');
    assert.match(route, /\{ params \}: Context/);
    assert.match(route, /type Context = \{ params: Promise<\{ id: string \}> \}/);
  });
});

void describe('snippet defaults (the test helper itself)', () => {
  const table: [string, string][] = [
    ['${1:id} and $1 again', 'id and id again'],
    ['${2|GET,POST|} ${1:a ${3:b}} $3', 'GET a b b'],
    ['cost \\$5 $0', 'cost $5 '],
    ['${TM_FILENAME_BASE}: $TM_FILENAME', 'route: route.ts'],
  ];
  for (const [body, expected] of table) void test(body, () => assert.equal(expandDefaults(body), expected));
});
