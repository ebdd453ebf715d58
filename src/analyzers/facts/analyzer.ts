/**
 * Reads what a function does about identity, data and caches, following calls into other workspace files through
 * the type checker. One walk a function (walk.ts), memoized per function node.
 */
import ts from 'typescript';
import { type FunctionNode, calleeName, importedNameOf, isFunctionNode, lineOf, moduleOfImport, startOf, unwrapExpression } from '../ast';
import type { BoundaryConfig } from '../config';
import type { Evidence, EvidenceKind } from '../model';
import type { FunctionFacts } from './types';
import { FunctionWalker } from './walk';

/** What a call turned out to be. */
export type Callee =
  | { kind: 'function'; fn: FunctionNode; name: string }
  | { kind: 'value'; declaration: ts.Declaration; name: string; initializer?: ts.Expression }
  | { kind: 'external'; module: string; name: string }
  | { kind: 'unknown' };

const NO_FACTS: FunctionFacts = { returnsIdentity: false, unresolved: [], noGuardHelpers: [] };
const MAX_DEPTH = 8;

export class FactsAnalyzer {
  private readonly memo = new Map<ts.Node, FunctionFacts>();
  /** Function bodies walked by this analyzer (memo hits and inherited facts not counted). */
  walks = 0;
  private readonly inProgress = new Set<ts.Node>();
  private depth = 0;

  constructor(
    readonly checker: ts.TypeChecker,
    private readonly config: BoundaryConfig,
    private readonly relative: (absolutePath: string) => string,
    private readonly graphqlOperations?: { kindOf(name: string): 'query' | 'mutation' | 'subscription' | undefined },
    /** A member call the checker cannot place that still runs workspace code (a tRPC server-side caller's procedure). */
    private readonly callThrough?: (callee: ts.PropertyAccessExpression) => FunctionNode | undefined,
  ) {}

  /**
   * Takes over what an earlier round read of functions whose facts cannot have changed: those in files `isStale`
   * does not name (the edited files and every file that imports one, at any depth). A keystroke in an action file
   * then walks that file's functions again, not the helpers it calls.
   */
  inherit(previous: FactsAnalyzer, isStale: (fileName: string) => boolean): void {
    const staleByFile = new Map<string, boolean>();
    for (const [fn, facts] of previous.memo) {
      const fileName = fn.getSourceFile().fileName;
      let stale = staleByFile.get(fileName);
      if (stale === undefined) staleByFile.set(fileName, (stale = isStale(fileName)));
      if (!stale) this.memo.set(fn, facts);
    }
  }

  /** The kind of the GraphQL operation a generated document is named after (`AccountUpdateDocument`), from the app's `.graphql` files. */
  graphqlOperationKind(documentName: string): 'query' | 'mutation' | 'subscription' | undefined {
    return this.graphqlOperations?.kindOf(documentName);
  }

  evidence(kind: EvidenceKind, node: ts.Node, message: string): Evidence {
    const sourceFile = node.getSourceFile();
    return { kind, file: this.relative(sourceFile.fileName), line: lineOf(sourceFile, startOf(node, sourceFile)), message };
  }

  private readonly resolved = new Map<ts.Expression, Callee>();

  /** Resolves a name (or a member chain's last name) to what it is declared as (once per node: every concern asks). */
  resolve(expression: ts.Expression): Callee {
    let known = this.resolved.get(expression);
    if (!known) {
      known = this.resolveUncached(expression);
      this.resolved.set(expression, known);
    }
    return known;
  }

  private resolveUncached(expression: ts.Expression): Callee {
    const target = unwrapExpression(expression);
    if (ts.isIdentifier(target)) {
      const symbol = this.symbolAt(target);
      return symbol ? this.fromSymbol(symbol, target.text) : { kind: 'unknown' };
    }
    if (!ts.isPropertyAccessExpression(target)) return { kind: 'unknown' };
    // Member calls are resolved only where no type inference is needed: `ns.fn` on a namespace import, or a
    // method of a const object literal. Asking the checker about `db.user.create` would type-check the
    // whole expression, which costs more than the rest of the scan.
    const receiver = unwrapExpression(target.expression);
    if (!ts.isIdentifier(receiver)) {
      const through = this.callThrough?.(target);
      return through ? { kind: 'function', fn: through, name: target.name.text } : { kind: 'unknown' };
    }
    const receiverSymbol = this.symbolAt(receiver);
    if (!receiverSymbol) return { kind: 'unknown' };
    let resolved = receiverSymbol;
    if (receiverSymbol.flags & ts.SymbolFlags.Alias) {
      try {
        resolved = this.checker.getAliasedSymbol(receiverSymbol);
      } catch {
        return { kind: 'unknown' };
      }
    }
    const member = target.name.text;
    if (resolved.flags & ts.SymbolFlags.ValueModule) {
      try {
        const exported = this.checker.getExportsOfModule(resolved).find((item) => item.name === member);
        return exported ? this.fromSymbol(exported, member) : { kind: 'unknown' };
      } catch {
        return { kind: 'unknown' };
      }
    }
    if (!resolved.declarations?.length && receiverSymbol.flags & ts.SymbolFlags.Alias) {
      const importModule = moduleOfImport(receiverSymbol.declarations?.[0]);
      if (importModule !== undefined) return { kind: 'external', module: importModule, name: member };
    }
    const declaration = resolved.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const object = unwrapExpression(declaration.initializer);
      if (ts.isObjectLiteralExpression(object)) {
        for (const property of object.properties) {
          if (!property.name || !ts.isIdentifier(property.name) || property.name.text !== member) continue;
          if (ts.isMethodDeclaration(property)) return { kind: 'function', fn: property, name: member };
          if (ts.isPropertyAssignment(property)) {
            const fn = functionOfExpression(property.initializer);
            if (fn) return { kind: 'function', fn, name: member };
            if (ts.isIdentifier(unwrapExpression(property.initializer))) return this.resolve(property.initializer);
          }
          if (ts.isShorthandPropertyAssignment(property)) return this.resolve(property.name);
        }
      }
      // `const queue = new RequestQueue()`, a class of the app's: its method's body says what `queue.enqueue()` does.
      if (ts.isNewExpression(object) && ts.isIdentifier(object.expression)) {
        const classSymbol = this.symbolAt(object.expression);
        const method = classSymbol && this.classMethod(classSymbol, member);
        if (method) return { kind: 'function', fn: method, name: member };
      }
    }
    return { kind: 'unknown' };
  }

  private classMethod(symbol: ts.Symbol, member: string): FunctionNode | undefined {
    let resolved = symbol;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      try {
        resolved = this.checker.getAliasedSymbol(symbol);
      } catch {
        return undefined;
      }
    }
    const declaration = resolved.valueDeclaration;
    if (!declaration || !ts.isClassDeclaration(declaration) || declaration.getSourceFile().isDeclarationFile) return undefined;
    for (const element of declaration.members) {
      if (ts.isMethodDeclaration(element) && element.body && element.name && ts.isIdentifier(element.name) && element.name.text === member) return element;
      if (ts.isPropertyDeclaration(element) && element.initializer && ts.isIdentifier(element.name) && element.name.text === member) {
        const fn = functionOfExpression(element.initializer);
        if (fn) return fn;
      }
    }
    return undefined;
  }

  private symbolAt(identifier: ts.Identifier): ts.Symbol | undefined {
    try {
      // `{ auth }`: the value the shorthand names, not the property it makes.
      if (ts.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier) return this.checker.getShorthandAssignmentValueSymbol(identifier.parent);
      return this.checker.getSymbolAtLocation(identifier);
    } catch {
      return undefined;
    }
  }

  fromSymbol(symbol: ts.Symbol, name: string): Callee {
    let resolved = symbol;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      try {
        resolved = this.checker.getAliasedSymbol(symbol);
      } catch {
        return { kind: 'unknown' };
      }
      if (!resolved.declarations?.length) {
        const importModule = moduleOfImport(symbol.declarations?.[0]);
        if (importModule !== undefined) {
          const imported = importedNameOf(symbol.declarations?.[0]) ?? name;
          return { kind: 'external', module: importModule, name: imported };
        }
        return { kind: 'unknown' };
      }
    }
    // Overloaded functions: the implementation is the declaration with a body.
    const declaration =
      resolved.declarations?.find((item) => isFunctionNode(item) && item.body !== undefined) ?? resolved.valueDeclaration ?? resolved.declarations?.[0];
    if (!declaration) return { kind: 'unknown' };
    if (declaration.getSourceFile().isDeclarationFile) return { kind: 'unknown' };
    if (ts.isBindingElement(declaration)) {
      const imported = this.dynamicImport(declaration);
      if (imported) return imported;
    }
    const fn = functionOfDeclaration(declaration);
    if (fn) return { kind: 'function', fn, name };
    const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    return { kind: 'value', declaration, name, ...(initializer && { initializer }) };
  }

  /** `const { getClient } = await import('@/lib/auth')`: the module's export, as a static import would name it. */
  private dynamicImport(element: ts.BindingElement): Callee | undefined {
    const declaration = element.parent.parent;
    if (!ts.isObjectBindingPattern(element.parent) || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    const value = unwrapExpression(declaration.initializer);
    if (!ts.isCallExpression(value) || value.expression.kind !== ts.SyntaxKind.ImportKeyword || !value.arguments[0] || !ts.isStringLiteral(value.arguments[0])) return undefined;
    const key = element.propertyName ?? element.name;
    if (!ts.isIdentifier(key)) return undefined;
    try {
      const moduleSymbol = this.checker.getSymbolAtLocation(value.arguments[0]);
      const exported = moduleSymbol && this.checker.getExportsOfModule(moduleSymbol).find((item) => item.name === key.text);
      return exported ? this.fromSymbol(exported, key.text) : { kind: 'external', module: value.arguments[0].text, name: key.text };
    } catch {
      return undefined;
    }
  }

  /** Facts of a function; cycles and very deep chains yield nothing rather than loop. */
  functionFacts(fn: FunctionNode): FunctionFacts {
    const cached = this.memo.get(fn);
    if (cached) return cached;
    if (this.inProgress.has(fn) || this.depth >= MAX_DEPTH) return NO_FACTS;
    this.inProgress.add(fn);
    this.depth++;
    try {
      this.walks++;
      const facts = new FunctionWalker(this, fn, this.config).run();
      this.memo.set(fn, facts);
      return facts;
    } finally {
      this.depth--;
      this.inProgress.delete(fn);
    }
  }
}

/** The function a declaration stands for: a function, or a const initialised with one (also through cache(fn)). */
export function functionOfDeclaration(declaration: ts.Node): FunctionNode | undefined {
  if (isFunctionNode(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) return functionOfExpression(declaration.initializer);
  if (ts.isPropertyAssignment(declaration)) return functionOfExpression(declaration.initializer);
  if (ts.isExportAssignment(declaration)) return functionOfExpression(declaration.expression);
  return undefined;
}

/** `async () => …`, `function …`, or a memoizer around one (`cache(fn)`, `React.cache(fn)`, `unstable_cache(fn)`). */
export function functionOfExpression(expression: ts.Expression): FunctionNode | undefined {
  const inner = unwrapExpression(expression);
  if (isFunctionNode(inner)) return inner;
  if (ts.isCallExpression(inner)) {
    const name = calleeName(inner);
    if (name && /^(cache|unstable_cache|memoize|memo|once)$/.test(name)) {
      const first = inner.arguments[0];
      return first ? functionOfExpression(first) : undefined;
    }
  }
  return undefined;}
