/**
 * A small in-memory program for the walk's table tests: a few files, the analyzer over them, and the facts of one
 * function. Packages (`next/headers`, `ai`, `openai`…) are left unresolved, as in an app without node_modules.
 */
import ts from 'typescript';
import { FactsAnalyzer, type FunctionFacts } from '../../../src/analyzers/facts';
import type { FunctionNode } from '../../../src/analyzers/ast';
import { scopeOf } from '../../../src/analyzers/scope';
import type { EffectScope } from '../../../src/analyzers/model';

export type Files = Record<string, string>;

const ROOT = '/app/';

function host(files: Files): ts.CompilerHost {
  const text = (name: string) => files[name.replace(ROOT, '')];
  return {
    getSourceFile: (name, version) => {
      const source = text(name);
      return source === undefined ? undefined : ts.createSourceFile(name, source, version, true, name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    },
    getDefaultLibFileName: () => '/lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => ROOT,
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => text(name) !== undefined,
    readFile: (name) => text(name),
    directoryExists: () => true,
    getDirectories: () => [],
  };
}

/** The facts of the function (declaration, or const initialised with one) named `name` in `file`. */
export function factsOf(files: Files, file: string, name: string): FunctionFacts {
  const program = ts.createProgram(Object.keys(files).map((item) => ROOT + item), { noLib: true, baseUrl: ROOT, paths: { '@/*': ['./*'] }, jsx: ts.JsxEmit.Preserve }, host(files));
  const analyzer = new FactsAnalyzer(program.getTypeChecker(), { guards: [], wrappers: [], publicPaths: [] } as never, (path) => path.replace(ROOT, ''));
  const sourceFile = program.getSourceFile(ROOT + file);
  if (!sourceFile) throw new Error(`no file ${file}`);
  let found: FunctionNode | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionDeclaration(node) && node.name?.text === name) found = node;
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) found = node.initializer;
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!found) throw new Error(`no function ${name} in ${file}`);
  return analyzer.functionFacts(found);
}

/** Each effect as `kind/scope`, in source order. */
export function effectScopes(facts: FunctionFacts): string[] {
  return (facts.effects ?? []).filter((effect) => !effect.conditional).map((effect) => `${effect.kind}/${scopeOf(effect).scope satisfies EffectScope}`);
}
