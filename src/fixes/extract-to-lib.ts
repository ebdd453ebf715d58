/**
 * "Extract to /lib": the domain logic of a Server Action or Route Handler moves into a transport-free
 * function in lib/<domain>.ts (`import 'server-only'`), which takes plain typed input (FormData reads become
 * fields, the session's user id a parameter). The endpoint keeps its auth guard, its validation, its
 * revalidation and its response, and calls the new function. An existing lib file is appended to, never
 * overwritten; a name it already uses gets a number.
 */
import ts from 'typescript';
import type { Endpoint } from '../analyzers/model';
import { type TextEdit, applyEdits, lineIndentAt } from './edits';
import { type BodyPlan, type ImportedName, type InputField, type ThinCall, bindingNames, declaredIn, isReference, moduleInfo, planBody } from './extract-to-lib-body';
import { type ImportSpec, addImports } from './imports';
import { type ProjectIndex, resolveSpecifier, specifierFor } from './project';
import {
  type ReadFile,
  actionFunctionName,
  appDirAmbiguity,
  camelCase,
  creationConflict,
  domainOf,
  isJavaScriptFile,
  isReservedWord,
  libFileFor,
  pascalCase,
  routeFunctionName,
  uniqueName,
} from './refactor-project';
import { type ValueType, printType, typeReferences } from './refactor-types';
import {
  type CodeStyle,
  type FunctionNode,
  defaultExportName,
  directiveCount,
  endpointAmbiguity,
  exportedValueNames,
  findEndpointFunction,
  hasOverloads,
  parseSource,
  quoted,
  styleOf,
  syntaxErrors,
} from './source';

export type EndpointInput = Pick<Endpoint, 'kind' | 'name' | 'file' | 'line'> & Partial<Pick<Endpoint, 'actionForm' | 'urlPath' | 'app'>>;

export interface RefactorInput {
  /** The endpoint file's current text (the editor's buffer, unsaved edits included). */
  text: string;
  endpoint: EndpointInput;
  index: ProjectIndex;
  /** Another file's current text by path relative to the scan root; undefined when it does not exist. Defaults to `index.files`. */
  readFile?: ReadFile;
}

/** One file of a refactor: created with its text, or edited (offsets into `text`, the content the edits were made against). */
export type FileChange = { kind: 'create'; file: string; text: string } | { kind: 'edit'; file: string; text: string; edits: TextEdit[] };

export type RefactorResult = { ok: true; changes: FileChange[]; summary: string; open?: string } | { ok: false; reason: string };

/** A lib function's parameters, as a route handler must provide them. */
export type LibParam =
  | { kind: 'fields'; fields: LibField[] }
  | { kind: 'input'; type: ValueType; key: string }
  | { kind: 'user-id'; name: string }
  | { kind: 'identity'; name: string };

export interface LibField {
  name: string;
  /** The form field / JSON key it is read from. '' for a value validated from the whole body. */
  key: string;
  type: ValueType;
  optional: boolean;
}

export interface LibFunction {
  /** Scan-root relative path of the lib file. */
  file: string;
  name: string;
  /** The exported input type (TypeScript only). */
  inputType?: string;
  params: LibParam[];
  /** The name the endpoint gives its result, when the function returns something. */
  result?: string;
}

export interface Extraction {
  changes: FileChange[];
  lib: LibFunction;
  /** Local name of the lib module in the endpoint file (`posts` in `posts.createPost(…)`). */
  namespace: string;
  domain: string;
  plan: BodyPlan;
}

export type ExtractionResult = { ok: true; extraction: Extraction } | { ok: false; reason: string; thin?: ThinCall; sourceFile?: ts.SourceFile };

const LINE_LIMIT = 110;
const ZOD_MODULE = 'zod';

function readerOf(input: RefactorInput): ReadFile {
  return input.readFile ?? ((path) => input.index.files.get(path));
}

function statementStart(node: ts.Node, sourceFile: ts.SourceFile): number {
  const text = sourceFile.text;
  const comments = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  for (const comment of comments) {
    const lineStart = text.lastIndexOf('\n', comment.pos - 1) + 1;
    if (/^[ \t]*$/.test(text.slice(lineStart, comment.pos))) return comment.pos;
  }
  return node.getStart(sourceFile);
}

/** The end of a statement with the comment after it on the same line. */
function statementEnd(node: ts.Node, sourceFile: ts.SourceFile): number {
  const trailing = ts.getTrailingCommentRanges(sourceFile.text, node.end) ?? [];
  let end = node.end;
  for (const comment of trailing) {
    if (sourceFile.text.slice(end, comment.pos).includes('\n')) break;
    end = comment.end;
  }
  return end;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/** Offset just past the line break that ends the line holding `offset` (or the text's end). */
function nextLineStart(text: string, offset: number): number {
  const index = text.indexOf('\n', offset);
  return index === -1 ? text.length : index + 1;
}

/** Where the code after `end` on the same line starts (another statement sharing the line), if there is any. */
function codeAfterOnLine(text: string, end: number): number | undefined {
  const rest = text.slice(end, nextLineStart(text, end));
  return /^\s*$/.test(rest) ? undefined : end + /^[ \t]*/.exec(rest)![0].length;
}

/** Indentation `from` written in units of `fromUnit`, re-written in units of `toUnit`. */
function convertIndent(whitespace: string, fromUnit: string, toUnit: string): string {
  if (fromUnit === toUnit || !whitespace) return whitespace;
  let levels = 0;
  let rest = whitespace;
  while (rest.startsWith(fromUnit)) {
    levels++;
    rest = rest.slice(fromUnit.length);
  }
  return toUnit.repeat(levels) + rest;
}

/** Offsets of lines that start inside a multi-line template literal (their text is content, not indentation). */
function templateLineStarts(node: ts.Node, sourceFile: ts.SourceFile): Set<number> {
  const starts = new Set<number>();
  const text = sourceFile.text;
  const visit = (child: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(child) || ts.isTemplateExpression(child)) {
      const ranges = ts.isTemplateExpression(child)
        ? [child.head, ...child.templateSpans.map((span) => span.literal)].map((part) => [part.getStart(sourceFile), part.end] as const)
        : [[child.getStart(sourceFile), child.end] as const];
      for (const [start, end] of ranges) for (let index = text.indexOf('\n', start); index !== -1 && index < end - 1; index = text.indexOf('\n', index + 1)) starts.add(index + 1);
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return starts;
}

/**
 * The text of `[start, end)` with the replacements inside it applied and every line that starts in it
 * re-indented from `baseIndent` (the indentation the code had) to `toIndent`, in the target file's unit.
 */
function movedText(sourceFile: ts.SourceFile, start: number, end: number, replacements: readonly TextEdit[], baseIndent: string, toIndent: string, fromUnit: string, toUnit: string, node: ts.Node): string {
  const text = sourceFile.text;
  const protectedStarts = templateLineStarts(node, sourceFile);
  const edits: TextEdit[] = replacements.filter((edit) => edit.start >= start && edit.end <= end).map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start }));
  const segment = text.slice(start, end);
  const inReplacement = (offset: number) => replacements.some((edit) => edit.start < offset && offset < edit.end);
  const lineStarts: number[] = lineStartOf(text, start) === start ? [0] : [];
  for (let index = segment.indexOf('\n'); index !== -1; index = segment.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  for (const lineStart of lineStarts) {
    const absolute = start + lineStart;
    if (protectedStarts.has(absolute) || inReplacement(absolute)) continue;
    const indent = /^[ \t]*/.exec(segment.slice(lineStart))![0];
    const restOfLine = segment.slice(lineStart + indent.length).split(/\r?\n/)[0];
    if (restOfLine.trim() === '') {
      edits.push({ start: lineStart, end: lineStart + indent.length, newText: '' });
      continue;
    }
    const extra = indent.startsWith(baseIndent) ? indent.slice(baseIndent.length) : '';
    edits.push({ start: lineStart, end: lineStart + indent.length, newText: toIndent + convertIndent(extra, fromUnit, toUnit) });
  }
  return applyEdits(segment, edits);
}

function withSemi(statement: string, style: CodeStyle): string {
  return statement + style.semi;
}

/** The name of the lib function for an endpoint. */
function libFunctionName(endpoint: EndpointInput, fn: FunctionNode, domain: string): string {
  if (endpoint.kind === 'route') return routeFunctionName(endpoint.name, endpoint.urlPath ?? '');
  if (endpoint.name !== 'default') return actionFunctionName(endpoint.name);
  const declared = defaultExportName(fn.getSourceFile(), fn);
  if (declared) return actionFunctionName(declared);
  const base = endpoint.file.split('/').pop()!.replace(/\.[^.]+$/, '');
  const fromFile = camelCase(base);
  return fromFile && !['actions', 'action', 'index', 'route'].includes(fromFile) ? fromFile : camelCase(`run ${domain}`);
}

interface LibFile {
  file: string;
  text: string | undefined;
  sourceFile?: ts.SourceFile;
  style: CodeStyle;
  /** Names the file binds at the top level (imports included) → the module they come from, for imports. */
  imports: Map<string, ImportedName>;
  locals: Set<string>;
}

function readLibFile(file: string, readFile: ReadFile, fallbackStyle: CodeStyle): LibFile | { reason: string } {
  const text = readFile(file);
  if (text === undefined) return { file, text, style: fallbackStyle, imports: new Map(), locals: new Set() };
  const sourceFile = parseSource(text, file);
  if (syntaxErrors(sourceFile).length) return { reason: `${file} has syntax errors; fix them first` };
  const directives = sourceFile.statements.slice(0, directiveCount(sourceFile.statements)).map((statement) => ((statement as ts.ExpressionStatement).expression as ts.StringLiteral).text);
  if (directives.includes('use server')) return { reason: `${file} is a 'use server' module: every function exported there becomes a public Server Action, so the logic cannot go there` };
  if (directives.includes('use client')) return { reason: `${file} is a 'use client' module; server logic cannot go there` };
  const info = moduleInfo(sourceFile);
  return { file, text, sourceFile, style: styleOf(sourceFile), imports: info.imports, locals: new Set(info.locals.keys()) };
}

interface ImportNeed {
  local: string;
  imported: string;
  /** The module as the lib file imports it. */
  module: string;
  typeOnly: boolean;
}

/** Imports the lib function needs, with specifiers re-written for the lib file. */
function importNeeds(plan: BodyPlan, endpointFile: string, libFile: string, index: ProjectIndex, typed: boolean, typeNames: Set<string>): ImportNeed[] | { reason: string } {
  const info = moduleInfo(plan.sourceFile);
  const needs: ImportNeed[] = [];
  const move = (module: string): string => {
    if (!module.startsWith('.')) return module;
    const target = resolveSpecifier(index, endpointFile, module);
    return target === undefined ? module : specifierFor(index, libFile, target);
  };
  const add = (item: ImportedName, typeOnly: boolean) => {
    const existing = needs.find((need) => need.local === item.local);
    if (existing) {
      existing.typeOnly &&= typeOnly;
      return;
    }
    needs.push({ local: item.local, imported: item.imported, module: move(item.module), typeOnly: typeOnly || item.typeOnly });
  };
  for (const item of plan.imports) add(item, false);
  if (!typed) return needs;
  for (const name of typeNames) {
    const item = info.imports.get(name);
    if (item) add(item, true);
    else if (info.locals.has(name)) return { reason: `the input uses the type \`${name}\`, declared in ${endpointFile}; move it to a module lib can import first` };
  }
  return needs;
}

function isZodType(type: ValueType): boolean {
  if (type.kind === 'schema') return true;
  if (type.kind === 'array') return isZodType(type.of);
  if (type.kind === 'object') return type.fields.some((field) => isZodType(field.type));
  return false;
}

function schemaNames(type: ValueType): { name: string; module: string }[] {
  if (type.kind === 'schema') return [{ name: type.schema, module: type.module }];
  if (type.kind === 'array') return schemaNames(type.of);
  if (type.kind === 'object') return type.fields.flatMap((field) => schemaNames(field.type));
  return [];
}

/** The lib function's signature and input type, as parameters and printed lines. */
function signatureOf(plan: BodyPlan, typed: boolean, inputType: string, style: CodeStyle, zod: string): { params: LibParam[]; paramText: string[]; typeLines: string[] } {
  const params: LibParam[] = [];
  const paramText: string[] = [];
  const typeLines: string[] = [];
  const print = (type: ValueType) => printType(type, style.quote, zod);
  if (plan.fields.length) {
    params.push({ kind: 'fields', fields: plan.fields.map(({ name, key, type, optional }) => ({ name, key, type, optional })) });
    paramText.push(`{ ${plan.fields.map((field) => field.name).join(', ')} }${typed ? `: ${inputType}` : ''}`);
    if (typed) {
      typeLines.push(`export interface ${inputType} {`);
      for (const field of plan.fields) typeLines.push(`${style.indentUnit}${field.name}${field.optional ? '?' : ''}: ${print(field.type)}${style.semi || ';'}`);
      typeLines.push('}');
    }
  } else if (plan.wholeInput) {
    params.push({ kind: 'input', type: plan.wholeInput.type, key: '' });
    paramText.push(`${plan.wholeInput.name}${typed ? `: ${inputType}` : ''}`);
    if (typed) typeLines.push(`export type ${inputType} = ${print(plan.wholeInput.type)}${style.semi}`);
  }
  if (plan.userId) {
    params.push({ kind: 'user-id', name: plan.userId.name });
    paramText.push(`${plan.userId.name}${typed ? ': string' : ''}`);
  }
  for (const identity of plan.identityParams) {
    params.push({ kind: 'identity', name: identity.name });
    paramText.push(`${identity.name}${typed ? `: ${identity.type ?? 'unknown'}` : ''}`);
  }
  return { params, paramText, typeLines };
}

/** The arguments the endpoint passes, in the order of the parameters. */
function callArguments(plan: BodyPlan): string[] {
  const args: string[] = [];
  if (plan.fields.length) args.push(`{ ${plan.fields.map((field: InputField) => (field.value === field.name ? field.name : `${field.name}: ${field.value}`)).join(', ')} }`);
  else if (plan.wholeInput) args.push(plan.wholeInput.value);
  if (plan.userId) args.push(plan.userId.value);
  for (const identity of plan.identityParams) args.push(identity.value);
  return args;
}

/** `prefix(args)suffix` on one line, or the arguments one per line (objects opened up) when that is too long. */
function layoutCall(prefix: string, args: string[], suffix: string, indent: string, style: CodeStyle): string {
  const oneLine = `${prefix}(${args.join(', ')})${suffix}`;
  if (indent.length + oneLine.length <= LINE_LIMIT || args.length === 0) return oneLine;
  const inner = indent + style.indentUnit;
  if (args.length === 1 && /^\{ .* \}$/.test(args[0])) {
    // A lone object argument hugs the parentheses: `f({` … `})`.
    return [`${prefix}({`, ...splitTopLevel(args[0].slice(2, -2)).map((property) => `${inner}${property},`), `${indent}})${suffix}`].join(style.eol);
  }
  const lines = args.map((arg) => {
    if (inner.length + arg.length + 1 <= LINE_LIMIT || !/^\{ .* \}$/.test(arg)) return `${inner}${arg},`;
    const properties = splitTopLevel(arg.slice(2, -2));
    return [`${inner}{`, ...properties.map((property) => `${inner}${style.indentUnit}${property},`), `${inner}},`].join(style.eol);
  });
  return [`${prefix}(`, ...lines, `${indent})${suffix}`].join(style.eol);
}

/** Splits `a, b: f(x, y), c` at its top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Every reference to an imported name outside `removed` ranges: names the endpoint file no longer uses. */
function unusedImports(sourceFile: ts.SourceFile, candidates: readonly ImportedName[], removed: readonly [number, number][]): ImportedName[] {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node) && isReference(node)) {
      const start = node.getStart(sourceFile);
      if (!removed.some(([from, to]) => start >= from && start < to)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return candidates.filter((item) => !counts.get(item.local));
}

/** Edits that drop imported names (a whole declaration when nothing of it is left). */
function removeImports(sourceFile: ts.SourceFile, unused: readonly ImportedName[]): TextEdit[] {
  const text = sourceFile.text;
  const edits: TextEdit[] = [];
  const byDeclaration = new Map<ts.ImportDeclaration, ImportedName[]>();
  for (const item of unused) byDeclaration.set(item.declaration, [...(byDeclaration.get(item.declaration) ?? []), item]);
  for (const [declaration, items] of byDeclaration) {
    const clause = declaration.importClause!;
    const bindings = clause.namedBindings;
    const names = new Set(items.map((item) => item.local));
    const elements = bindings && ts.isNamedImports(bindings) ? bindings.elements : undefined;
    const keepDefault = clause.name && !names.has(clause.name.text);
    const keptElements = elements?.filter((element) => !names.has(element.name.text)) ?? [];
    const keepNamespace = bindings && ts.isNamespaceImport(bindings) && !names.has(bindings.name.text);
    if (!keepDefault && !keptElements.length && !keepNamespace) {
      const end = statementEnd(declaration, sourceFile);
      // A statement sharing its line stays, on that line.
      const codeAfter = codeAfterOnLine(text, end);
      const start = startsLine(text, declaration.getStart(sourceFile)) && codeAfter === undefined ? lineStartOf(text, declaration.getStart(sourceFile)) : declaration.getStart(sourceFile);
      edits.push({ start, end: codeAfter ?? nextLineStart(text, end), newText: '' });
      continue;
    }
    if (clause.name && !keepDefault) {
      // `import d, { a } from 'm'` → `import { a } from 'm'`
      edits.push({ start: clause.name.getStart(sourceFile), end: bindings!.getStart(sourceFile), newText: '' });
    }
    if (elements && keptElements.length === 0 && bindings) {
      edits.push({ start: clause.name!.end, end: bindings.end, newText: '' });
      continue;
    }
    if (!elements) continue;
    elements.forEach((element, position) => {
      if (!names.has(element.name.text)) return;
      const next = elements[position + 1];
      if (next) edits.push({ start: element.getStart(sourceFile), end: next.getStart(sourceFile), newText: '' });
      else edits.push({ start: elements[position - 1].end, end: element.end, newText: '' });
    });
  }
  return mergeAdjacent(edits);
}

/** Adjacent deletions of neighbouring specifiers merge into one (they share a comma). */
function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const merged: TextEdit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last && edit.start <= last.end && !edit.newText && !last.newText) last.end = Math.max(last.end, edit.end);
    else merged.push({ ...edit });
  }
  return merged;
}

/** Shifts an import insertion that would land inside a removed declaration's line to just after it. */
function avoidOverlap(insertions: TextEdit[], removals: readonly TextEdit[], eol: string): TextEdit[] {
  return insertions.map((edit) => {
    const inside = removals.find((removal) => edit.start === edit.end && edit.start > removal.start && edit.start < removal.end);
    if (!inside || !edit.newText.startsWith(eol)) return edit;
    return { start: inside.end, end: inside.end, newText: edit.newText.slice(eol.length) + eol };
  });
}

function importedNames(declaration: ts.ImportDeclaration): string[] {
  const clause = declaration.importClause;
  if (!clause) return [];
  const bindings = clause.namedBindings;
  return [...(clause.name ? [clause.name.text] : []), ...(bindings && ts.isNamespaceImport(bindings) ? [bindings.name.text] : bindings ? bindings.elements.map((element) => element.name.text) : [])];
}

function namespaceFor(domain: string, sourceFile: ts.SourceFile, libModule: string): { name: string; existing: boolean } {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== libModule) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && !statement.importClause?.isTypeOnly) return { name: bindings.name.text, existing: true };
  }
  // Property names (`db.posts`, `{ posts: … }`) cannot clash with a namespace; bindings and references can.
  const used = declaredIn([sourceFile]);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && isReference(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) for (const name of importedNames(statement)) used.add(name);
  }
  const base = camelCase(domain) || 'lib';
  const name = isReservedWord(base) || used.has(base) ? uniqueName(`${base}Lib`, (candidate) => used.has(candidate)) : base;
  return { name, existing: false };
}

/**
 * Why a refactor cannot tell which function to move or what to name it: the endpoint's function is not
 * unique in the file, it has overload signatures (a lib function would keep only the implementation's),
 * or it is an anonymous default export (the lib function and the route would get made-up names).
 */
function refactorTargetBlocker(sourceFile: ts.SourceFile, fn: FunctionNode, endpoint: EndpointInput): string | undefined {
  const ambiguity = endpointAmbiguity(sourceFile, endpoint);
  if (ambiguity) return ambiguity;
  if (hasOverloads(sourceFile, fn)) return `${endpoint.name} has overload signatures, which a lib function cannot carry over; keep one signature first`;
  if (endpoint.kind === 'action' && endpoint.name === 'default' && !defaultExportName(sourceFile, fn)) {
    return 'the default export is an anonymous function, so its lib function would get a made-up name; name it first (`export default async function saveFeedback(…)`)';
  }
  return undefined;
}

const PROCEDURE_UNSUPPORTED = 'procedures of a tRPC router or Hono app are not supported yet: their input and context come from the router';

/** Plans the extraction: the lib function, the endpoint's new body, and every file change. */
export function planExtraction(input: RefactorInput): ExtractionResult {
  const { endpoint, index } = input;
  const readFile = readerOf(input);
  if (endpoint.kind === 'pages-api') return { ok: false, reason: 'pages/api routes are not supported: move the route to the app router first' };
  if (endpoint.kind === 'procedure') return { ok: false, reason: PROCEDURE_UNSUPPORTED };
  if (endpoint.actionForm === 'inline') return { ok: false, reason: 'inline Server Actions capture their component\'s variables; move the action to a \'use server\' file first' };
  const sourceFile = parseSource(input.text, endpoint.file);
  if (syntaxErrors(sourceFile).length) return { ok: false, reason: `${endpoint.file} has syntax errors; fix them first` };
  const fn = findEndpointFunction(sourceFile, endpoint);
  if (!fn?.body) return { ok: false, reason: `${endpoint.name} was not found in ${endpoint.file}` };
  const blocked = refactorTargetBlocker(sourceFile, fn, endpoint) ?? appDirAmbiguity(index.app, index.files.keys());
  if (blocked) return { ok: false, reason: blocked };
  const body = planBody(sourceFile, fn, endpoint.kind === 'route' ? 'route' : 'action');
  if (!body.ok) return { ok: false, reason: body.reason, ...(body.thin && { thin: body.thin }), sourceFile };
  const plan = body.plan;

  const app = index.app;
  const javascript = isJavaScriptFile(endpoint.file);
  const typed = !javascript;
  const domain = domainOf(endpoint.file, app.root);
  const libPath = libFileFor(app, domain, javascript);
  const otherPath = libFileFor(app, domain, !javascript);
  if (readFile(otherPath) !== undefined && readFile(libPath) === undefined) {
    return { ok: false, reason: `${otherPath} exists: the logic would go to ${libPath} beside it, and \`${libPath.replace(/\.[jt]s$/, '')}\` would name two files` };
  }
  if (libPath === endpoint.file) return { ok: false, reason: `the endpoint already lives in ${libPath}` };
  const style = styleOf(sourceFile);
  const lib = readLibFile(libPath, readFile, style);
  if ('reason' in lib) return { ok: false, reason: lib.reason };
  const wantedName = libFunctionName(endpoint, fn, domain);
  // Another export of that name is public API already: a numbered twin beside it would be a guess.
  if (lib.sourceFile && exportedValueNames(lib.sourceFile).has(wantedName)) {
    return { ok: false, reason: `${libPath} already exports \`${wantedName}\`; rename it (or the ${endpoint.kind === 'route' ? 'route\'s logic' : 'action'}) first, or call it from the endpoint yourself` };
  }
  const libStyle = lib.style;

  const taken = (name: string) => lib.locals.has(name) || lib.imports.has(name);
  const libName = uniqueName(wantedName, taken);
  const inputType = uniqueName(`${pascalCase(libName)}Input`, taken);

  // zod's namespace in the lib: whatever it already imports zod as, else `z`.
  const zodBinding = [...lib.imports.values()].find((item) => item.module === ZOD_MODULE && (item.imported === 'z' || item.imported === '*'));
  const zod = zodBinding?.local ?? 'z';
  const typesUsed = [...plan.fields.map((field) => field.type), ...(plan.wholeInput ? [plan.wholeInput.type] : [])];
  const typeNames = new Set<string>();
  if (typed) {
    for (const type of typesUsed) for (const name of typeReferences(type)) typeNames.add(name);
    for (const identity of plan.identityParams) if (identity.type) for (const name of typeReferences({ kind: 'text', text: identity.type })) typeNames.add(name);
    for (const type of typesUsed) for (const schema of schemaNames(type)) typeNames.add(schema.name);
    for (const name of ['NonNullable', 'Awaited', 'ReturnType', 'FormData', 'FormDataEntryValue', 'File', 'Date', 'Record', 'Promise', 'Array', 'URLSearchParams']) typeNames.delete(name);
  }
  const needs = importNeeds(plan, endpoint.file, libPath, index, typed, typeNames);
  if ('reason' in needs) return { ok: false, reason: needs.reason };
  if (typed && typesUsed.some(isZodType) && !zodBinding) needs.push({ local: 'z', imported: 'z', module: ZOD_MODULE, typeOnly: true });

  // A name the lib file already binds to something else would clash.
  for (const need of needs) {
    const existing = lib.imports.get(need.local);
    if (existing && (existing.module !== need.module || existing.imported !== need.imported)) {
      return { ok: false, reason: `${libPath} already binds \`${need.local}\` to '${existing.module}'; the moved code needs it from '${need.module}'` };
    }
    if (!existing && lib.locals.has(need.local)) return { ok: false, reason: `${libPath} already declares \`${need.local}\`; the moved code imports one from '${need.module}'` };
  }
  const missing = needs.filter((need) => !lib.imports.has(need.local));

  const signature = signatureOf(plan, typed, inputType, libStyle, zod);
  const unit = libStyle.indentUnit;
  const bodyLines: string[] = [];
  const text = sourceFile.text;
  // Statements move as written: comments and blank lines between them included.
  const pushStatements = (first: ts.Statement, last: ts.Statement, node: ts.Node) => {
    const start = statementStart(first, sourceFile);
    const from = startsLine(text, start) ? lineStartOf(text, start) : start;
    const base = lineIndentAt(text, first.getStart(sourceFile));
    const segment = movedText(sourceFile, from, statementEnd(last, sourceFile), plan.replacements, base, unit, style.indentUnit, unit, node);
    bodyLines.push(from === start ? unit + segment : segment);
  };
  for (const statement of [...plan.copiedResources, ...plan.movedResources]) pushStatements(statement, statement, statement);
  if (plan.middle.length) pushStatements(plan.middle[0], plan.middle[plan.middle.length - 1], plan.middle[0].parent);

  const results = plan.results;
  const resultName = plan.lifted ? uniqueName('result', (name) => plan.movedNames.has(name) || results.includes(name)) : undefined;
  let liftedText: string | undefined;
  if (plan.lifted) {
    const expression = plan.lifted.expression;
    const lineIndent = lineIndentAt(text, expression.getStart(sourceFile));
    liftedText = movedText(sourceFile, expression.getStart(sourceFile), expression.end, plan.replacements, lineIndent, unit, style.indentUnit, unit, expression);
  }
  if (liftedText !== undefined && results.length === 0) bodyLines.push(`${unit}${withSemi(`return ${liftedText}`, libStyle)}`);
  else if (liftedText !== undefined) bodyLines.push(`${unit}${withSemi(`return { ${resultName}: ${liftedText}, ${results.join(', ')} }`, libStyle)}`);
  else if (results.length === 1) bodyLines.push(`${unit}${withSemi(`return ${results[0]}`, libStyle)}`);
  else if (results.length > 1) bodyLines.push(`${unit}${withSemi(`return { ${results.join(', ')} }`, libStyle)}`);

  const functionLines = [`export async function ${libName}(${signature.paramText.join(', ')}) {`, ...bodyLines.join(libStyle.eol).split(/\r?\n/), '}'];
  const block = [...(signature.typeLines.length ? [...signature.typeLines, ''] : []), ...functionLines].join(libStyle.eol) + libStyle.eol;

  // The lib file: created, or appended to.
  const changes: FileChange[] = [];
  const specs = importSpecs(missing);
  if (lib.text === undefined || !lib.sourceFile) {
    const conflict = creationConflict(libPath, readFile, index.files.keys());
    if (conflict) return { ok: false, reason: conflict };
    const importLines = [`import ${quoted('server-only', libStyle)}${libStyle.semi}`, ...specs.map((spec) => importLine(spec, libStyle))];
    changes.push({ kind: 'create', file: libPath, text: importLines.join(libStyle.eol) + libStyle.eol + libStyle.eol + block });
  } else {
    const libText = lib.text;
    const edits: TextEdit[] = [];
    const statements = lib.sourceFile.statements;
    const hasImports = statements.some((statement) => ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement));
    const hasServerOnly = statements.some((statement) => ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'server-only');
    if (!hasServerOnly || !hasImports) {
      const first = statements[0];
      // After a header comment, before the first statement; a file with no imports gets all of them there, together.
      const at = first ? lineStartOf(libText, first.getStart(lib.sourceFile)) : libText.length;
      const importLines = [...(hasServerOnly ? [] : [`import ${quoted('server-only', libStyle)}${libStyle.semi}`]), ...(hasImports ? [] : specs.map((spec) => importLine(spec, libStyle)))];
      const lineBreakBefore = at > 0 && libText[at - 1] !== '\n' ? libStyle.eol : '';
      edits.push({ start: at, end: at, newText: `${lineBreakBefore}${importLines.join(libStyle.eol)}${libStyle.eol}${first && !ts.isImportDeclaration(first) ? libStyle.eol : ''}` });
    }
    if (hasImports) edits.push(...addImports(lib.sourceFile, specs, libStyle));
    const separator = libText.length === 0 ? '' : libText.endsWith('\n') ? libStyle.eol : libStyle.eol + libStyle.eol;
    edits.push({ start: libText.length, end: libText.length, newText: separator + block });
    changes.push({ kind: 'edit', file: libPath, text: libText, edits });
  }

  // The endpoint: the moved statements give way to the call.
  const endpointEdits: TextEdit[] = [];
  const libModule = specifierFor(index, endpoint.file, libPath);
  const namespace = namespaceFor(domain, sourceFile, libModule);
  const call = `${namespace.name}.${libName}`;
  const args = callArguments(plan);
  const removed: [number, number][] = [];
  for (const statement of plan.movedResources) {
    const start = statementStart(statement, sourceFile);
    const end = statementEnd(statement, sourceFile);
    // A statement sharing its line stays, on that line.
    const codeAfter = codeAfterOnLine(text, end);
    const range: [number, number] = codeAfter !== undefined ? [start, codeAfter] : startsLine(text, start) ? [lineStartOf(text, start), nextLineStart(text, end)] : [start, end];
    endpointEdits.push({ start: range[0], end: range[1], newText: '' });
    removed.push(range);
  }
  if (plan.middle.length) {
    const first = plan.middle[0];
    const last = plan.middle[plan.middle.length - 1];
    const start = statementStart(first, sourceFile);
    const indent = lineIndentAt(text, first.getStart(sourceFile));
    const from = startsLine(text, start) ? lineStartOf(text, start) : start;
    const declared = results.length ? declarationKind(plan.middle, results) : 'const';
    const binding = resultName && results.length ? `{ ${[resultName, ...results].join(', ')} }` : resultName ?? (results.length === 1 ? results[0] : results.length ? `{ ${results.join(', ')} }` : undefined);
    const prefix = binding ? `${declared} ${binding} = await ${call}` : `await ${call}`;
    const statement = layoutCall(prefix, args, style.semi, indent, style);
    endpointEdits.push({ start: from, end: statementEnd(last, sourceFile), newText: (from === start ? '' : indent) + statement });
    removed.push([from, statementEnd(last, sourceFile)]);
    if (plan.lifted) {
      endpointEdits.push({ start: plan.lifted.expression.getStart(sourceFile), end: plan.lifted.expression.end, newText: resultName! });
      removed.push([plan.lifted.expression.getStart(sourceFile), plan.lifted.expression.end]);
    }
  } else if (plan.lifted) {
    const expression = plan.lifted.expression;
    const awaited = ts.isAwaitExpression(expression);
    const indent = lineIndentAt(text, expression.getStart(sourceFile));
    endpointEdits.push({ start: expression.getStart(sourceFile), end: expression.end, newText: layoutCall(`${awaited ? 'await ' : ''}${call}`, args, '', indent, style) });
    removed.push([expression.getStart(sourceFile), expression.end]);
  }

  const unused = unusedImports(sourceFile, plan.imports, removed);
  const removals = removeImports(sourceFile, unused);
  const additions = namespace.existing ? [] : addImports(sourceFile, [{ from: libModule, namespace: namespace.name }], style);
  endpointEdits.push(...removals, ...avoidOverlap(additions, removals, style.eol));
  changes.unshift({ kind: 'edit', file: endpoint.file, text: input.text, edits: endpointEdits });

  const returned = resultName ?? (results.length === 1 ? results[0] : results.length > 1 ? 'result' : undefined);
  return {
    ok: true,
    extraction: {
      changes,
      lib: {
        file: libPath,
        name: libName,
        ...(typed && signature.typeLines.length && { inputType }),
        params: signature.params,
        ...(returned !== undefined && { result: returned }),
      },
      namespace: namespace.name,
      domain,
      plan,
    },
  };
}

/** `let` when the moved code declared a result with `let` (the endpoint may still assign it). */
function declarationKind(middle: readonly ts.Statement[], results: readonly string[]): 'const' | 'let' {
  for (const statement of middle) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Let)) continue;
    if (statement.declarationList.declarations.flatMap((declaration) => bindingNames(declaration.name)).some((name) => results.includes(name))) return 'let';
  }
  return 'const';
}

function importSpecs(needs: readonly ImportNeed[]): ImportSpec[] {
  const specs: ImportSpec[] = [];
  const specOf = (module: string, typeOnly: boolean): ImportSpec => {
    const key = `${module}\0${typeOnly}`;
    let spec = specs.find((item) => `${item.from}\0${(item as ImportSpec & { typeOnly?: boolean }).typeOnly ?? false}` === key && !item.namespace);
    if (!spec) {
      spec = { from: module, names: [], ...(typeOnly && { typeOnly }) };
      specs.push(spec);
    }
    return spec;
  };
  for (const need of needs) {
    if (need.imported === '*') specs.push({ from: need.module, namespace: need.local, ...(need.typeOnly && { typeOnly: true }) });
    else if (need.imported === 'default') {
      const spec = specOf(need.module, need.typeOnly);
      spec.defaultName = need.local;
    } else {
      const name = need.imported === need.local ? need.local : `${need.imported} as ${need.local}`;
      specOf(need.module, need.typeOnly).names!.push(name);
    }
  }
  // addImports knows no `import type`: a type-only name goes in as `type X`, valid inside any named import.
  return specs.map((spec) => {
    const typeOnly = (spec as ImportSpec & { typeOnly?: boolean }).typeOnly;
    const { from, names, defaultName, namespace } = spec;
    return { from, ...(names?.length && { names: typeOnly && !defaultName ? names.map((name) => `type ${name}`) : names }), ...(defaultName && { defaultName }), ...(namespace && { namespace }) };
  });
}

/** One import declaration for a new file; all-type named imports are written `import type { … }`. */
export function importLine(spec: ImportSpec, style: CodeStyle): string {
  const names = spec.names ?? [];
  const allTypes = names.length > 0 && names.every((name) => name.startsWith('type ')) && !spec.defaultName && !spec.namespace;
  const parts: string[] = [];
  if (spec.defaultName) parts.push(spec.defaultName);
  if (spec.namespace) parts.push(`* as ${spec.namespace}`);
  if (names.length) parts.push(`{ ${(allTypes ? names.map((name) => name.slice(5)) : names).join(', ')} }`);
  return `import ${allTypes ? 'type ' : ''}${parts.join(', ')} from ${quoted(spec.from, style)}${style.semi}`;
}

function countLines(text: string): number {
  return text.split(/\r?\n/).length;
}

/** "Extract to /lib" on one endpoint: every file change, or why it cannot be done. */
export function extractToLib(input: RefactorInput): RefactorResult {
  const result = planExtraction(input);
  if (!result.ok) return { ok: false, reason: result.reason };
  const { changes, lib } = result.extraction;
  const created = changes.some((change) => change.kind === 'create' && change.file === lib.file);
  const moved = result.extraction.plan.middle.reduce((sum, statement) => sum + countLines(statement.getText(result.extraction.plan.sourceFile)), 0);
  return {
    ok: true,
    changes,
    summary: `Moved ${moved || 1} line${moved === 1 ? '' : 's'} of logic to ${lib.name}() in ${lib.file}${created ? ' (new file)' : ''}.`,
    open: lib.file,
  };
}

/** Applies a refactor's changes to texts, for tests and previews: file → its text afterwards. */
export function applyChanges(changes: readonly FileChange[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const change of changes) files.set(change.file, change.kind === 'create' ? change.text : applyEdits(change.text, change.edits));
  return files;
}

export interface RefactorAvailability {
  /** Why "Extract to /lib" does not apply; undefined when it does. */
  extract?: string;
  /** Why "Convert to Route Handler" does not apply; undefined when it does. */
  convert?: string;
}

/**
 * Whether the refactors apply, from the endpoint file's text alone (one parse, no project read): cheap
 * enough for every code-action request on an endpoint's name. The full plan may still refuse later (a
 * clash in the lib file, an existing route).
 */
export function refactorAvailability(text: string, endpoint: EndpointInput): RefactorAvailability {
  const notAction = endpoint.kind === 'action' ? undefined : `${endpoint.name} is already a ${endpoint.kind === 'route' ? 'route handler' : endpoint.kind === 'procedure' ? 'procedure of a router' : 'pages/api route'}`;
  if (endpoint.kind === 'pages-api') return { extract: 'pages/api routes are not supported: move the route to the app router first', convert: notAction };
  if (endpoint.kind === 'procedure') return { extract: PROCEDURE_UNSUPPORTED, convert: notAction };
  if (endpoint.actionForm === 'inline') {
    const reason = "inline Server Actions capture their component's variables; move the action to a 'use server' file first";
    return { extract: reason, convert: reason };
  }
  const sourceFile = parseSource(text, endpoint.file);
  if (syntaxErrors(sourceFile).length) {
    const reason = `${endpoint.file} has syntax errors; fix them first`;
    return { extract: reason, convert: notAction ?? reason };
  }
  const fn = findEndpointFunction(sourceFile, endpoint);
  if (!fn?.body) {
    const reason = `${endpoint.name} was not found in ${endpoint.file}`;
    return { extract: reason, convert: notAction ?? reason };
  }
  const blocked = refactorTargetBlocker(sourceFile, fn, endpoint);
  if (blocked) return { extract: blocked, convert: notAction ?? blocked };
  const body = planBody(sourceFile, fn, endpoint.kind === 'route' ? 'route' : 'action');
  if (body.ok) return { ...(notAction && { convert: notAction }) };
  // An action that already calls lib converts with that function; anything else blocks both.
  return { extract: body.reason, ...((notAction || !body.thin) && { convert: notAction ?? body.reason }) };
}

/** Offsets of the function an endpoint runs (for "the endpoint under the cursor"), if it is found. */
export function endpointSpan(text: string, endpoint: EndpointInput): { start: number; end: number } | undefined {
  const sourceFile = parseSource(text, endpoint.file);
  const fn = findEndpointFunction(sourceFile, endpoint);
  if (!fn) return undefined;
  // The whole export statement: from `export` to the end of the wrapper call around the function.
  let node: ts.Node = fn;
  while (node.parent && !ts.isSourceFile(node.parent)) node = node.parent;
  return { start: node.getStart(sourceFile), end: node.end };
}
