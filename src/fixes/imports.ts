/**
 * Adding imports the way a person would: a name goes into the existing `import { … } from 'm'` when there
 * is one, a new declaration goes after the last import (or after the `'use server'` directive), and a name
 * the file already binds is never imported again.
 *
 * Stable API (other fixes use it): ImportSpec, addImports, importedLocals, parseImportLine.
 */
import ts from 'typescript';
import type { TextEdit } from './edits';
import { type CodeStyle, directiveCount, quoted, syntaxErrors } from './source';

export interface ImportSpec {
  from: string;
  /** Named value imports: `name` or `name as local`. */
  names?: string[];
  /** Local name of the default import. */
  defaultName?: string;
  /** Local name of `import * as x`. */
  namespace?: string;
}

function localOf(name: string): string {
  const parts = name.split(/\s+as\s+/);
  return parts[parts.length - 1].trim();
}

/** Every value name the file's imports bind, with the module it comes from. */
export function importedLocals(sourceFile: ts.SourceFile): Map<string, { from: string; imported: string }> {
  const locals = new Map<string, { from: string; imported: string }>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const from = statement.moduleSpecifier.text;
    if (clause.name) locals.set(clause.name.text, { from, imported: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) locals.set(bindings.name.text, { from, imported: '*' });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) locals.set(element.name.text, { from, imported: (element.propertyName ?? element.name).text });
    }
  }
  return locals;
}

/** Names declared at the top level of the file: importing one of them would clash. */
function topLevelNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.add(statement.name.text);
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
  }
  return names;
}

/** `import { a, b as c } from 'm'` → an ImportSpec; undefined when the line is not one import declaration. */
export function parseImportLine(line: string): ImportSpec | undefined {
  const sourceFile = ts.createSourceFile('import.ts', line, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const statement = sourceFile.statements[0];
  if (sourceFile.statements.length !== 1 || !ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return undefined;
  const spec: ImportSpec = { from: statement.moduleSpecifier.text };
  const clause = statement.importClause;
  if (clause?.name) spec.defaultName = clause.name.text;
  const bindings = clause?.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) spec.namespace = bindings.name.text;
  if (bindings && ts.isNamedImports(bindings)) spec.names = bindings.elements.map((element) => (element.propertyName ? `${element.propertyName.text} as ${element.name.text}` : element.name.text));
  return spec;
}

function declarationText(spec: ImportSpec, style: CodeStyle): string {
  const parts: string[] = [];
  if (spec.defaultName) parts.push(spec.defaultName);
  if (spec.namespace) parts.push(`* as ${spec.namespace}`);
  if (spec.names?.length) parts.push(`{ ${spec.names.join(', ')} }`);
  return `import ${parts.join(', ')} from ${quoted(spec.from, style)}${style.semi}`;
}

/** Whether the parser met an error among the directives and imports at the top, where `addImports` writes. */
export function importsHaveSyntaxErrors(sourceFile: ts.SourceFile): boolean {
  const statements = sourceFile.statements;
  const directives = directiveCount(statements);
  let last = -1;
  statements.forEach((statement, position) => {
    if (position < directives || ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) last = position;
  });
  // Up to the code after them: the rest of an import the parser cut short is there.
  const end = last + 1 < statements.length ? statements[last + 1].getStart(sourceFile) : sourceFile.text.length;
  return syntaxErrors(sourceFile).some((diagnostic) => diagnostic.start < end);
}

/** Edits that add the names of `specs` the file does not bind yet (each name at most once). */
export function addImports(sourceFile: ts.SourceFile, specs: readonly ImportSpec[], style: CodeStyle): TextEdit[] {
  const text = sourceFile.text;
  const bound = new Set([...importedLocals(sourceFile).keys(), ...topLevelNames(sourceFile)]);
  const edits: TextEdit[] = [];
  const newDeclarations: ImportSpec[] = [];
  for (const spec of specs) {
    const take = (local: string | undefined): boolean => {
      if (!local || bound.has(local)) return false;
      bound.add(local);
      return true;
    };
    const wanted: ImportSpec = {
      from: spec.from,
      names: (spec.names ?? []).filter((name) => take(localOf(name))),
      ...(take(spec.defaultName) && { defaultName: spec.defaultName }),
      ...(take(spec.namespace) && { namespace: spec.namespace }),
    };
    let names = wanted.names ?? [];
    if (!names.length && !wanted.defaultName && !wanted.namespace) continue;
    const existing = sourceFile.statements.find(
      (statement): statement is ts.ImportDeclaration =>
        ts.isImportDeclaration(statement) &&
        ts.isStringLiteral(statement.moduleSpecifier) &&
        statement.moduleSpecifier.text === spec.from &&
        !!statement.importClause &&
        !statement.importClause.isTypeOnly &&
        !(statement.importClause.namedBindings && ts.isNamespaceImport(statement.importClause.namedBindings)),
    );
    if (existing && names.length && !wanted.namespace) {
      const merged = mergeNames(existing, names, sourceFile, style);
      if (merged) {
        edits.push(merged);
        names = [];
      }
    }
    if (names.length || wanted.defaultName || wanted.namespace) newDeclarations.push({ ...wanted, names });
  }
  if (newDeclarations.length) edits.push(insertDeclarations(sourceFile, newDeclarations.map((spec) => declarationText(spec, style)), style, text));
  return edits;
}

function mergeNames(declaration: ts.ImportDeclaration, names: string[], sourceFile: ts.SourceFile, style: CodeStyle): TextEdit | undefined {
  const text = sourceFile.text;
  const clause = declaration.importClause!;
  const bindings = clause.namedBindings;
  if (!bindings) {
    // `import x from 'm'` → `import x, { a } from 'm'`
    if (!clause.name) return undefined;
    return { start: clause.name.end, end: clause.name.end, newText: `, { ${names.join(', ')} }` };
  }
  if (!ts.isNamedImports(bindings)) return undefined;
  const elements = bindings.elements;
  if (elements.length === 0) return { start: bindings.getStart(sourceFile), end: bindings.end, newText: `{ ${names.join(', ')} }` };
  const last = elements[elements.length - 1];
  const first = elements[0];
  const multiline = text.slice(bindings.getStart(sourceFile), first.getStart(sourceFile)).includes('\n');
  if (!multiline) return { start: last.end, end: last.end, newText: names.map((name) => `, ${name}`).join('') };
  const indent = /[ \t]*$/.exec(text.slice(0, first.getStart(sourceFile)))![0];
  if (elements.hasTrailingComma) {
    const comma = text.indexOf(',', last.end);
    return { start: comma + 1, end: comma + 1, newText: names.map((name) => `${style.eol}${indent}${name},`).join('') };
  }
  return { start: last.end, end: last.end, newText: names.map((name) => `,${style.eol}${indent}${name}`).join('') };
}

function insertDeclarations(sourceFile: ts.SourceFile, lines: string[], style: CodeStyle, text: string): TextEdit {
  const statements = sourceFile.statements;
  const lastImport = [...statements].reverse().find((statement) => ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement));
  if (lastImport) {
    let lineEnd = text.indexOf('\n', lastImport.end);
    if (lineEnd === -1) lineEnd = text.length;
    if (text[lineEnd - 1] === '\r') lineEnd--;
    const at = /^\s*(\/\/.*)?$/.test(text.slice(lastImport.end, lineEnd)) ? lineEnd : lastImport.end;
    return { start: at, end: at, newText: lines.map((line) => style.eol + line).join('') };
  }
  const directives = directiveCount(statements);
  if (directives > 0) {
    const directive = statements[directives - 1];
    const rest = text.slice(directive.end);
    // Keep a blank line between the imports and the code after them.
    const blankFollows = /^[ \t]*(\/\/[^\n]*)?\r?\n[ \t]*\r?\n/.test(rest) || /^\s*$/.test(rest);
    return { start: directive.end, end: directive.end, newText: style.eol + style.eol + lines.join(style.eol) + (blankFollows ? '' : style.eol) };
  }
  return { start: 0, end: 0, newText: lines.join(style.eol) + style.eol + style.eol };
}
