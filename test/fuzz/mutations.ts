/**
 * Mutations of source text for the fuzz suite, as plain data (so fast-check prints and shrinks them) and a
 * pure `applyMutation`. Positions are large integers taken modulo the text's length, so one mutation fits any
 * text. `brokenMutation` breaks files the way typing, merging and bad tools do; `mildMutation` keeps a file
 * mostly valid (so the fixes still find their endpoint) while changing its style and surroundings.
 */
import fc from 'fast-check';
import ts from 'typescript';
import { parseFile, scriptKindOf } from '../../src/analyzers/program';

type DirectivePlace = 'top' | 'after-imports' | 'inside-function' | 'in-jsx' | 'in-string' | 'in-comment' | 'anywhere' | 'end';

export type Mutation =
  | { kind: 'delete-token'; at: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'directive'; place: DirectivePlace; directive: 'use server' | 'use client'; quote: string; at: number }
  | { kind: 'rename'; which: number; to: string }
  | { kind: 'duplicate-export'; which: number }
  | { kind: 'splice'; from: number; fromLine: number; count: number; at: number }
  | { kind: 'pad'; char: string; length: number }
  | { kind: 'line-endings'; eol: '\r\n' | '\n' | '\r' | 'mixed' }
  | { kind: 'reindent'; unit: string }
  | { kind: 'statement'; at: number; text: string }
  | { kind: 'import'; at: 'top' | 'after-directive' | 'after-imports' | 'end'; text: string }
  | { kind: 'semicolons'; add: boolean }
  | { kind: 'quotes'; to: "'" | '"' }
  | { kind: 'line-comment'; at: number; text: string }
  | { kind: 'bom' }
  | { kind: 'final-newline'; present: boolean };

/** The other files of the tree, for splices. */
export interface MutationContext {
  others: readonly string[];
}

const position = fc.nat({ max: 2 ** 30 });

const UNBALANCED = ['{', '}', '(', ')', '[', ']', '"', "'", '`', '/*', '*/', '//', '<', '</', '>', '${', '\\', '=>', '<>', '</div>', '@', '#', '?.', '...'];
const ODD_UNICODE = ['\uD800', '\uDC00', '\uDBFF\uDBFF', '\uFEFF', '\u0000', '\u202E', '\u200F', '\u2028', '\u2029', '\u200B', '\u0301', '😀', '\uFFFF', '\u00A0', 'ｕｓｅ', 'ɡ', '\u0085', '\u001B[31m'];
/** Names a rename can collide with: the ones the analyzer and the fixes look for. */
const NAMES = ['renamed', 'ünïcödé', '$', '_', 'x1', 'revalidatePath', 'revalidateTag', 'auth', 'requireUser', 'db', 'formData', 'session', 'user', 'POST', 'GET', 'default', 'redirect', 'Response', 'NextResponse'];
const STATEMENTS = [
  'console.log(1);',
  'const extra = await db.user.findMany();',
  "await db.post.delete({ where: { id: 'x' } });",
  '// a note',
  '/* block\n   comment */',
  '',
  'debugger',
  "if (Math.random() > 2) throw new Error('never');",
  "revalidatePath('/');",
  'const session = await auth();',
  "if (!session) return { error: 'no' };",
  'return;',
  "'use server';",
  'let a = 1, b = 2\n;[a, b] = [b, a]',
  'label: for (;;) break label;',
];
const IMPORTS = [
  "import { revalidatePath } from 'next/cache';",
  'import { revalidateTag as rt } from "next/cache"',
  "import * as cache from 'next/cache';",
  "import cache, { unstable_cache } from 'next/cache';",
  "import type { Metadata } from 'next';",
  "import 'server-only';",
  "import {\n  redirect,\n  notFound,\n} from 'next/navigation';",
  "import {} from 'next/cache';",
  "import { auth } from '@/auth';",
  "import { auth as getSession } from '../auth';",
  "import { db } from '@/lib/db'",
  "import { type User, requireUser } from '@/lib/auth';",
  "export { something } from './elsewhere';",
  "export * from './actions';",
  "const { revalidatePath } = require('next/cache');",
];
const COMMENTS = ['// TODO', '/* inline */', '// next-boundary-ignore missing-auth', '// next-boundary-ignore missing-auth -- public form', "// 'use server'", '/** @deprecated */'];

const directive = fc.record({
  kind: fc.constant('directive' as const),
  place: fc.constantFrom<DirectivePlace>('top', 'after-imports', 'inside-function', 'in-jsx', 'in-string', 'in-comment', 'anywhere', 'end'),
  directive: fc.constantFrom('use server' as const, 'use client' as const),
  quote: fc.constantFrom("'", '"', '`'),
  at: position,
});

const rename = (names: fc.Arbitrary<string>) => fc.record({ kind: fc.constant('rename' as const), which: fc.nat({ max: 200 }), to: names });

/** Every code unit, lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Mutations that break files: deleted tokens, truncation, unbalanced brackets, odd unicode, stray directives… */
export const brokenMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('delete-token' as const), at: position }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.constantFrom(...UNBALANCED) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.constantFrom(...ODD_UNICODE) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.string({ unit: anyCodeUnit, maxLength: 12 }) }), weight: 2 },
  { arbitrary: directive, weight: 4 },
  { arbitrary: rename(fc.constantFrom(1_000, 20_000, 100_000).map((length) => 'h' + 'u'.repeat(length - 1))), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate-export' as const), which: fc.nat({ max: 50 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('splice' as const), from: fc.nat({ max: 500 }), fromLine: position, count: fc.integer({ min: 1, max: 12 }), at: position }), weight: 3 },
  // Past the 1 MB limit, in ASCII or in 3-byte characters (1 MB of bytes is fewer characters).
  { arbitrary: fc.record({ kind: fc.constant('pad' as const), char: fc.constantFrom('x', '€'), length: fc.constantFrom(400_000, 1_100_000) }), weight: 1 },
);

/** Mutations that keep a file mostly valid: line endings, indentation, renames, extra statements and imports, comments. */
export const mildMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('line-endings' as const), eol: fc.constantFrom('\r\n' as const, '\n' as const, '\r' as const, 'mixed' as const) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('reindent' as const), unit: fc.constantFrom('\t', '    ', '', ' ', '\t  ') }), weight: 3 },
  { arbitrary: rename(fc.constantFrom(...NAMES)), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('statement' as const), at: position, text: fc.constantFrom(...STATEMENTS) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('import' as const), at: fc.constantFrom('top' as const, 'after-directive' as const, 'after-imports' as const, 'end' as const), text: fc.constantFrom(...IMPORTS) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('semicolons' as const), add: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('quotes' as const), to: fc.constantFrom("'" as const, '"' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('line-comment' as const), at: position, text: fc.constantFrom(...COMMENTS) }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'bom' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('final-newline' as const), present: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate-export' as const), which: fc.nat({ max: 50 }) }), weight: 1 },
  { arbitrary: directive, weight: 1 },
);

export const anyMutation: fc.Arbitrary<Mutation> = fc.oneof(brokenMutation, mildMutation);

// ---------------------------------------------------------------------------------------------------------

function at(text: string, offset: number): number {
  return offset % (text.length + 1);
}

function insertAt(text: string, offset: number, inserted: string): string {
  return text.slice(0, offset) + inserted + text.slice(offset);
}

function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function parse(text: string, file: string): ts.SourceFile {
  return parseFile(file, text);
}

/** Word and punctuation tokens with their offsets, from the scanner (identifiers, strings, keywords…). */
function scan(text: string, file: string): { kind: ts.SyntaxKind; start: number; end: number }[] {
  const variant = scriptKindOf(file) === ts.ScriptKind.TSX || scriptKindOf(file) === ts.ScriptKind.JSX ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, variant, text);
  const tokens: { kind: ts.SyntaxKind; start: number; end: number }[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken && tokens.length < 200_000; kind = scanner.scan()) {
    tokens.push({ kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
  }
  return tokens;
}

function nodesOf<T extends ts.Node>(sourceFile: ts.SourceFile, test: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Statements directly in a block or at the top level: inserting one more before them keeps the file parsing. */
function isStatementInBlock(node: ts.Node): node is ts.Statement {
  return node.parent !== undefined && (ts.isBlock(node.parent) || ts.isSourceFile(node.parent)) && node.kind !== ts.SyntaxKind.EndOfFileToken;
}

function afterImports(sourceFile: ts.SourceFile): number {
  const imports = sourceFile.statements.filter((statement) => ts.isImportDeclaration(statement));
  if (imports.length) return imports[imports.length - 1].end;
  const first = sourceFile.statements[0];
  return first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) ? first.end : 0;
}

function placeDirective(text: string, file: string, mutation: Extract<Mutation, { kind: 'directive' }>): string {
  const line = `${mutation.quote}${mutation.directive}${mutation.quote}`;
  const sourceFile = parse(text, file);
  const eol = eolOf(text);
  switch (mutation.place) {
    case 'top':
      return `${line};${eol}${text}`;
    case 'after-imports':
      return insertAt(text, afterImports(sourceFile), `${eol}${line};${eol}`);
    case 'end':
      return `${text}${eol}${line}${eol}`;
    case 'in-comment':
      return insertAt(text, at(text, mutation.at), `/* ${line} */`);
    case 'anywhere':
      return insertAt(text, at(text, mutation.at), line);
    case 'inside-function': {
      const bodies = nodesOf(sourceFile, ts.isBlock).filter((block) => block.parent && (ts.isFunctionLike(block.parent) || ts.isArrowFunction(block.parent)));
      if (!bodies.length) return `${line};${eol}${text}`;
      return insertAt(text, bodies[mutation.at % bodies.length].getStart(sourceFile) + 1, `${eol}${line};`);
    }
    case 'in-jsx': {
      const elements = nodesOf(sourceFile, (node): node is ts.JsxOpeningElement => ts.isJsxOpeningElement(node));
      if (!elements.length) return insertAt(text, at(text, mutation.at), `<form action={async () => { ${line}; }} />`);
      const element = elements[mutation.at % elements.length];
      return insertAt(text, element.end, mutation.at % 2 ? `{${line}}` : line);
    }
    case 'in-string': {
      const strings = nodesOf(sourceFile, (node): node is ts.StringLiteral => ts.isStringLiteral(node));
      if (!strings.length) return insertAt(text, at(text, mutation.at), `const s = '${mutation.directive}';`);
      const literal = strings[mutation.at % strings.length];
      return insertAt(text, literal.getStart(sourceFile) + 1, mutation.directive + ' ');
    }
  }
}

function renameIdentifier(text: string, file: string, which: number, to: string): string {
  const identifiers = scan(text, file).filter((token) => token.kind === ts.SyntaxKind.Identifier);
  const names = [...new Set(identifiers.map((token) => text.slice(token.start, token.end)))];
  if (!names.length) return text;
  const name = names[which % names.length];
  let result = '';
  let cursor = 0;
  for (const token of identifiers) {
    if (text.slice(token.start, token.end) !== name) continue;
    result += text.slice(cursor, token.start) + to;
    cursor = token.end;
  }
  return result + text.slice(cursor);
}

function duplicateExport(text: string, file: string, which: number): string {
  const sourceFile = parse(text, file);
  const exported = sourceFile.statements.filter(
    (statement) => ts.isExportDeclaration(statement) || ts.isExportAssignment(statement) || (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)),
  );
  const eol = eolOf(text);
  if (!exported.length) {
    const starts = lineStarts(text);
    const start = starts[which % starts.length];
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end + 1);
    return insertAt(text, start, line.endsWith('\n') ? line : line + eol);
  }
  const statement = exported[which % exported.length];
  return insertAt(text, statement.end, eol + statement.getText(sourceFile));
}

function splice(text: string, mutation: Extract<Mutation, { kind: 'splice' }>, context: MutationContext): string {
  if (!context.others.length) return text;
  const source = context.others[mutation.from % context.others.length];
  const sourceLines = source.split('\n');
  const first = mutation.fromLine % sourceLines.length;
  const taken = sourceLines.slice(first, first + mutation.count).join('\n');
  const starts = lineStarts(text);
  return insertAt(text, starts[mutation.at % starts.length], taken + '\n');
}

function insertStatement(text: string, file: string, offset: number, statement: string): string {
  const sourceFile = parse(text, file);
  const statements = nodesOf(sourceFile, isStatementInBlock);
  const eol = eolOf(text);
  const written = statement.replace(/\n/g, eol);
  if (!statements.length) return `${text}${eol}${written}${eol}`;
  const target = statements[offset % statements.length];
  const start = target.getStart(sourceFile);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return insertAt(text, start, `${written}${eol}${indent}`);
}

function insertImport(text: string, file: string, place: Extract<Mutation, { kind: 'import' }>['at'], line: string): string {
  const eol = eolOf(text);
  const written = line.replace(/\n/g, eol);
  if (place === 'top') return `${written}${eol}${text}`;
  if (place === 'end') return `${text}${eol}${written}${eol}`;
  const sourceFile = parse(text, file);
  const first = sourceFile.statements[0];
  const offset = place === 'after-imports' ? afterImports(sourceFile) : first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) ? first.end : 0;
  return insertAt(text, offset, `${eol}${written}${eol}`);
}

/** Adds or drops the semicolons that end statements (a drop can glue lines into one expression: that is the point). */
function semicolons(text: string, file: string, add: boolean): string {
  const sourceFile = parse(text, file);
  const ends: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isReturnStatement(node) || ts.isImportDeclaration(node) || ts.isThrowStatement(node)) ends.push(node.end);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  let result = text;
  for (const end of ends.sort((a, b) => b - a)) {
    const hasSemi = text[end - 1] === ';';
    if (add && !hasSemi) result = insertAt(result, end, ';');
    else if (!add && hasSemi) result = result.slice(0, end - 1) + result.slice(end);
  }
  return result;
}

function requote(text: string, file: string, to: "'" | '"'): string {
  const strings = scan(text, file).filter((token) => token.kind === ts.SyntaxKind.StringLiteral);
  let result = text;
  for (const token of strings.reverse()) {
    const literal = text.slice(token.start, token.end);
    const from = literal[0];
    if (from === to || literal.length < 2 || literal[literal.length - 1] !== from) continue;
    const body = literal.slice(1, -1).replace(new RegExp(`\\\\${from}`, 'g'), from).replace(new RegExp(to, 'g'), `\\${to}`);
    result = result.slice(0, token.start) + to + body + to + result.slice(token.end);
  }
  return result;
}

function reindent(text: string, unit: string): string {
  return text.replace(/^( {2}|\t)+/gm, (indent) => unit.repeat(indent.replace(/\t/g, '  ').length / 2));
}

function lineEndings(text: string, eol: Extract<Mutation, { kind: 'line-endings' }>['eol']): string {
  const lines = text.split(/\r\n|\n/);
  if (eol !== 'mixed') return lines.join(eol);
  return lines.reduce((result, line, index) => (index === 0 ? line : result + (index % 2 ? '\r\n' : '\n') + line), '');
}

/** The mutated text of `file`. Never throws on any text. */
export function applyMutation(text: string, file: string, mutation: Mutation, context: MutationContext): string {
  switch (mutation.kind) {
    case 'delete-token': {
      const tokens = scan(text, file);
      if (!tokens.length) return text;
      const token = tokens[mutation.at % tokens.length];
      return text.slice(0, token.start) + text.slice(token.end);
    }
    case 'truncate':
      return text.slice(0, at(text, mutation.at));
    case 'insert':
      return insertAt(text, at(text, mutation.at), mutation.text);
    case 'directive':
      return placeDirective(text, file, mutation);
    case 'rename':
      return renameIdentifier(text, file, mutation.which, mutation.to);
    case 'duplicate-export':
      return duplicateExport(text, file, mutation.which);
    case 'splice':
      return splice(text, mutation, context);
    case 'pad':
      return `${text}${eolOf(text)}// ${mutation.char.repeat(mutation.length)}${eolOf(text)}`;
    case 'line-endings':
      return lineEndings(text, mutation.eol);
    case 'reindent':
      return reindent(text, mutation.unit);
    case 'statement':
      return insertStatement(text, file, mutation.at, mutation.text);
    case 'import':
      return insertImport(text, file, mutation.at, mutation.text);
    case 'semicolons':
      return semicolons(text, file, mutation.add);
    case 'quotes':
      return requote(text, file, mutation.to);
    case 'line-comment': {
      const starts = lineStarts(text);
      const lineStart = starts[mutation.at % starts.length];
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = text.length;
      if (text[lineEnd - 1] === '\r') lineEnd--;
      return insertAt(text, lineEnd, (mutation.text.startsWith('//') ? ' ' : '') + mutation.text);
    }
    case 'bom':
      return text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
    case 'final-newline':
      return mutation.present ? text.replace(/(\r?\n)*$/, eolOf(text)) : text.replace(/(\r?\n)+$/, '');
  }
}
