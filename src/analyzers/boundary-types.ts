import ts from 'typescript';
import { type FunctionNode, isFunctionNode, lineOf, startOf, unwrapExpression } from './ast';
import { functionOfDeclaration } from './facts';
import type { NonSerializableSignal, NonSerializableValue } from './model';
import { extensionOf } from './program';

/**
 * What the type checker says about the values that cross a Server Action's boundary: its parameters and its awaited
 * return value. The analyzer's own program runs with `noLib` (symbols are all it needs, and it is on the keystroke
 * path), so this is a second, small program: the same SourceFile objects (already parsed and bound), only the files
 * being analysed as roots, and a few dozen lines of global declarations instead of TypeScript's lib. Built lazily, so
 * an edit that touches no 'use server' file costs nothing.
 *
 * What crosses, per https://react.dev/reference/rsc/use-server#serializable-parameters-and-return-values: primitives,
 * Symbol.for symbols, arrays and other iterables, Map, Set, typed arrays and ArrayBuffer, Date, FormData, plain objects
 * of serializable values, Server Actions, promises. Not: other functions, classes and their instances, objects with a
 * null prototype, symbols that are not registered, JSX. Map and Set were sent as plain arrays until React's Flight added
 * them (facebook/react#26933, June 2023, in the React canary Next.js 14 ships): the rule decides by the app's Next version.
 */

const LIB_FILE = '/__next_boundary__/globals.d.ts';

/** Global declarations the checks need, written for this analyzer (not TypeScript's lib). */
const LIB_TEXT = `
interface Object {}
interface Function { readonly name: string; }
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments { readonly length: number; [index: number]: any; }
interface String { readonly length: number; }
interface Number {}
interface Boolean {}
interface Symbol {}
interface BigInt {}
interface RegExp { readonly source: string; }
interface ReadonlyArray<T> { readonly length: number; readonly [index: number]: T; }
interface Array<T> { length: number; [index: number]: T; }
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
declare var Array: { new <T>(...items: T[]): T[]; isArray(value: any): value is any[]; from(value: any): any[]; };
declare var Object: { keys(value: object): string[]; entries(value: any): [string, any][]; fromEntries(entries: any): any; assign<T, U>(target: T, source: U): T & U; };
declare var JSON: { parse(text: string): any; stringify(value: any, replacer?: any, space?: any): string; };
declare var Symbol: { (description?: string): symbol; for(key: string): symbol; readonly iterator: unique symbol; readonly asyncIterator: unique symbol; };
interface PromiseLike<T> { then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: any) => B | PromiseLike<B>) | null): PromiseLike<A | B>; }
interface Promise<T> { then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<A | B>; }
declare var Promise: { new <T>(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: any) => void) => void): Promise<T>; all(values: any): Promise<any>; resolve<T>(value: T): Promise<T>; };
interface Date { getTime(): number; toISOString(): string; }
declare var Date: { new (value?: number | string | Date): Date; now(): number; };
interface Map<K, V> { readonly size: number; get(key: K): V | undefined; }
interface ReadonlyMap<K, V> { readonly size: number; get(key: K): V | undefined; }
declare var Map: { new <K = any, V = any>(entries?: readonly (readonly [K, V])[] | null): Map<K, V>; };
interface Set<T> { readonly size: number; has(value: T): boolean; }
interface ReadonlySet<T> { readonly size: number; has(value: T): boolean; }
declare var Set: { new <T = any>(values?: readonly T[] | null): Set<T>; };
interface WeakMap<K extends object, V> { get(key: K): V | undefined; }
declare var WeakMap: { new <K extends object = object, V = any>(): WeakMap<K, V>; };
interface WeakSet<T extends object> { has(value: T): boolean; }
declare var WeakSet: { new <T extends object = object>(): WeakSet<T>; };
interface Error { name: string; message: string; stack?: string; }
declare var Error: { new (message?: string, options?: { cause?: unknown }): Error; (message?: string): Error; };
interface ArrayBuffer { readonly byteLength: number; }
declare var ArrayBuffer: { new (byteLength: number): ArrayBuffer; };
interface DataView { readonly byteLength: number; }
interface Int8Array { readonly length: number; [index: number]: number; }
interface Uint8Array { readonly length: number; [index: number]: number; }
interface Uint8ClampedArray { readonly length: number; [index: number]: number; }
interface Int16Array { readonly length: number; [index: number]: number; }
interface Uint16Array { readonly length: number; [index: number]: number; }
interface Int32Array { readonly length: number; [index: number]: number; }
interface Uint32Array { readonly length: number; [index: number]: number; }
interface Float32Array { readonly length: number; [index: number]: number; }
interface Float64Array { readonly length: number; [index: number]: number; }
interface BigInt64Array { readonly length: number; [index: number]: bigint; }
interface BigUint64Array { readonly length: number; [index: number]: bigint; }
declare var Uint8Array: { new (length: number | ArrayBuffer): Uint8Array; };
interface Blob { readonly size: number; readonly type: string; arrayBuffer(): Promise<ArrayBuffer>; }
declare var Blob: { new (parts?: any[], options?: { type?: string }): Blob; };
interface File extends Blob { readonly name: string; readonly lastModified: number; }
declare var File: { new (parts: any[], name: string, options?: { type?: string }): File; };
type FormDataEntryValue = File | string;
interface FormData { get(name: string): FormDataEntryValue | null; getAll(name: string): FormDataEntryValue[]; has(name: string): boolean; }
declare var FormData: { new (): FormData; };
interface URL { readonly href: string; }
declare var URL: { new (url: string | URL, base?: string | URL): URL; };
interface URLSearchParams { get(name: string): string | null; }
declare var URLSearchParams: { new (init?: any): URLSearchParams; };
interface Headers { get(name: string): string | null; }
interface Request { readonly url: string; readonly headers: Headers; }
interface Response { readonly status: number; readonly headers: Headers; }
interface ReadableStream<R = any> { readonly locked: boolean; }
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
type ReturnType<T extends (...args: any) => any> = T extends (...args: any) => infer R ? R : any;
type InstanceType<T extends abstract new (...args: any) => any> = T extends abstract new (...args: any) => infer R ? R : any;
type Awaited<T> = T extends PromiseLike<infer U> ? Awaited<U> : T;
`;

let libSourceFile: ts.SourceFile | undefined;

function lib(): ts.SourceFile {
  libSourceFile ??= ts.createSourceFile(LIB_FILE, LIB_TEXT, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return libSourceFile;
}

/*
 * Globals of the declarations above, by what the check does with them: containers whose type arguments must cross, Map
 * and Set (judged by the Next.js version), instances that never cross. Not listed, nothing to say: what crosses as it is
 * (Date, FormData, Blob, File, ArrayBuffer, typed arrays, the primitive wrappers), iterables sent as arrays
 * (URLSearchParams, Headers), and what React versions disagree on (Error, ReadableStream).
 */
const CONTAINER_BUILTINS = new Set(['Array', 'ReadonlyArray', 'Promise', 'PromiseLike']);
const MAP_SET_BUILTINS = new Set(['Map', 'ReadonlyMap', 'Set', 'ReadonlySet']);
const INSTANCE_BUILTINS = new Set(['RegExp', 'URL', 'Request', 'Response', 'WeakMap', 'WeakSet']);

const MAX_DEPTH = 4;
const MAX_PROPERTIES = 60;

export interface TypeCheckTarget {
  /** 'action' records only; the rest are left alone. */
  base: { kind: string; name: string };
  handler: { nonSerializable?: NonSerializableSignal[] };
  /** The function of an inline action. */
  inlineNode?: ts.Node;
}

/**
 * One round of checks over the files being analysed. Create it per analysis round with that round's program; the
 * checker is made on the first question.
 */
export class ActionTypes {
  private checker: ts.TypeChecker | undefined;
  private built: ts.Program | undefined;

  constructor(
    private readonly main: ts.Program,
    /** The analyzer's own checker, for symbols only (finding an export's function needs no types). */
    private readonly mainChecker: ts.TypeChecker,
    /** Files that hold actions this round (absolute): the roots of the small program. */
    private readonly roots: readonly string[],
    private readonly resolve: (specifier: string, containingFile: string) => string | undefined,
    private readonly relative: (absolutePath: string) => string,
    /**
     * The small program of an earlier round: built from it, a keystroke in the same action file resolves only that
     * file's imports again (TypeScript reuses the rest while the roots are the same).
     */
    private readonly previous?: ts.Program,
  ) {}

  /** The small program this round built, or the earlier one when no check needed types. */
  get program(): ts.Program | undefined {
    return this.built ?? this.previous;
  }

  /** Sets `handler.nonSerializable` on the action records of one file. */
  annotate(sourceFile: ts.SourceFile, records: readonly TypeCheckTarget[]): void {
    for (const record of records) {
      if (record.base.kind !== 'action') continue;
      let problems: NonSerializableSignal[];
      try {
        const fn = record.inlineNode ? (record.inlineNode as FunctionNode) : this.exportedFunction(sourceFile, record.base.name);
        // Most actions take a FormData, strings and numbers: nothing a checker could object to, and no checker is made.
        problems = fn && needsTypes(fn) ? this.checkFunction(fn) : [];
      } catch {
        // The checker meets code it cannot type (or a file it could not load): nothing to report then.
        problems = [];
      }
      if (problems.length) record.handler.nonSerializable = problems;
    }
  }

  private typeChecker(): ts.TypeChecker {
    if (this.checker) return this.checker;
    const options: ts.CompilerOptions = {
      allowJs: true,
      checkJs: false,
      jsx: ts.JsxEmit.Preserve,
      target: ts.ScriptTarget.Latest,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
      skipLibCheck: true,
      noEmit: true,
      // `Foo | null` stays a union: each member is judged.
      strictNullChecks: true,
      allowNonTsExtensions: true,
    };
    const host: ts.CompilerHost = {
      // Every workspace file comes from the analyzer's program: parsed and bound once, shared here.
      getSourceFile: (fileName) => (fileName === LIB_FILE ? lib() : this.main.getSourceFile(fileName)),
      getDefaultLibFileName: () => LIB_FILE,
      writeFile: () => undefined,
      getCurrentDirectory: () => '/',
      getCanonicalFileName: (fileName) => fileName,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      fileExists: (fileName) => fileName === LIB_FILE || this.main.getSourceFile(fileName) !== undefined,
      readFile: () => undefined,
      resolveModuleNameLiterals: (literals, containingFile) =>
        literals.map((literal) => {
          const target = this.resolve(literal.text, containingFile);
          if (!target || !this.main.getSourceFile(target)) return { resolvedModule: undefined };
          return { resolvedModule: { resolvedFileName: target, extension: extensionOf(target), isExternalLibraryImport: false } };
        }),
    };
    const program = ts.createProgram({ rootNames: [...this.roots], options, host, ...(this.previous && { oldProgram: this.previous }) });
    this.built = program;
    this.checker = program.getTypeChecker();
    return this.checker;
  }

  /**
   * Only actions that are functions as written (`export async function`, `export const x = async () => …`): the
   * signature of a wrapped one (`client.action(fn)`, `withAuth(fn)`) would have to be inferred through the wrapper,
   * which type-checks the whole body.
   */
  private exportedFunction(sourceFile: ts.SourceFile, name: string): FunctionNode | undefined {
    const checker = this.mainChecker;
    const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) return undefined;
    let symbol = checker.getExportsOfModule(moduleSymbol).find((item) => item.name === name);
    if (!symbol) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    return declaration && functionOfDeclaration(declaration);
  }

  private checkFunction(fn: FunctionNode): NonSerializableSignal[] {
    const checker = this.typeChecker();
    const problems: NonSerializableSignal[] = [];
    for (const parameter of fn.parameters) {
      const name = parameter.name.getText();
      const problem = this.problemOf(checker.getTypeAtLocation(parameter), '', 0, new Set());
      if (problem) problems.push({ ...this.where(parameter), ...problem, position: 'parameter', name, message: `parameter \`${name}\`: ${problem.text}` });
    }
    const returned = this.returnProblem(fn);
    if (returned) problems.push({ ...this.where(returned.at), ...returned.problem, position: 'return', message: `returns ${returned.problem.text}` });
    return problems;
  }

  /**
   * A declared return type is read as declared. Without one, inferring it type-checks the whole body (too slow for
   * every keystroke), so only values the action visibly builds are judged: `return new Cart()`, `return { cart }` where
   * `const cart = new Cart()`, `return () => …`.
   */
  private returnProblem(fn: FunctionNode): { problem: NonSerializableValue; at: ts.Node } | undefined {
    const checker = this.typeChecker();
    if (fn.type) {
      const signature = checker.getSignatureFromDeclaration(fn);
      if (!signature) return undefined;
      const returned = signature.getReturnType();
      const problem = this.problemOf(checker.getAwaitedType(returned) ?? returned, '', 0, new Set());
      return problem && { problem, at: fn.type };
    }
    for (const { value, path } of builtValues(fn)) {
      const problem = isFunctionNode(value) ? { kind: 'function' as const, text: 'a function (only Server Actions cross)' } : this.constructedProblem(checker.getTypeAtLocation(value));
      if (problem) return { problem: path ? { ...problem, text: `\`${path}\` is ${problem.text.replace(/^`[^`]*` is /, '')}` } : problem, at: value };
    }
    return undefined;
  }

  /** `new X()`: any instance of a class of the app's own is not a plain object, methods or not. */
  private constructedProblem(type: ts.Type): NonSerializableValue | undefined {
    const problem = this.problemOf(type, '', 0, new Set());
    if (problem) return problem;
    const symbol = type.getSymbol();
    if (symbol && symbol.flags & ts.SymbolFlags.Class && !this.isGlobal(symbol)) return { kind: 'class-instance', text: `a ${symbol.getName()} instance` };
    return undefined;
  }

  private where(node: ts.Node): { file: string; line: number } {
    const sourceFile = node.getSourceFile();
    return { file: this.relative(sourceFile.fileName), line: lineOf(sourceFile, startOf(node, sourceFile)) };
  }

  /** Why a value of this type cannot cross, or undefined when it can (or the type says too little to tell). */
  private problemOf(type: ts.Type, path: string, depth: number, seen: Set<ts.Type>): NonSerializableValue | undefined {
    if (depth > MAX_DEPTH || seen.has(type)) return undefined;
    seen.add(type);
    const checker = this.typeChecker();
    const flags = type.flags;
    const at = path ? `\`${path}\` is ` : '';
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.TypeParameter | ts.TypeFlags.NonPrimitive)) return undefined;
    if (flags & ts.TypeFlags.ESSymbolLike) return { kind: 'symbol', text: `${at}a symbol (only Symbol.for() symbols cross)` };
    if (type.isUnion() || type.isIntersection()) {
      for (const member of type.types) {
        const problem = this.problemOf(member, path, depth, seen);
        if (problem) return problem;
      }
      return undefined;
    }
    if (!(flags & ts.TypeFlags.Object)) return undefined;

    const symbol = type.getSymbol();
    const name = symbol?.getName() ?? '';
    if (symbol && this.isGlobal(symbol)) {
      if (CONTAINER_BUILTINS.has(name) || MAP_SET_BUILTINS.has(name)) {
        for (const argument of this.typeArguments(type)) {
          const problem = this.problemOf(argument, path ? `${path}[…]` : '', depth + 1, seen);
          if (problem) return problem;
        }
        return MAP_SET_BUILTINS.has(name) ? { kind: 'map-or-set', text: `${at}a ${name.replace('Readonly', '')}` } : undefined;
      }
      if (name === 'Function' || name === 'CallableFunction' || name === 'NewableFunction') return { kind: 'function', text: `${at}a function` };
      if (INSTANCE_BUILTINS.has(name)) return { kind: 'class-instance', text: `${at}a ${name} instance` };
      return undefined;
    }
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      for (const argument of this.typeArguments(type)) {
        const problem = this.problemOf(argument, path ? `${path}[…]` : '', depth + 1, seen);
        if (problem) return problem;
      }
      return undefined;
    }
    if (type.getCallSignatures().length) return { kind: 'function', text: `${at}a function (only Server Actions cross)` };
    if (type.getConstructSignatures().length) return { kind: 'function', text: `${at}a class` };

    const properties = checker.getPropertiesOfType(type);
    const typeName = symbol && !(symbol.flags & ts.SymbolFlags.TypeLiteral) && name !== '__object' && name !== '__type' ? name : 'the object';
    if (symbol && symbol.flags & ts.SymbolFlags.Class) {
      const method = properties.find((property) => property.declarations?.some((item) => ts.isMethodDeclaration(item) || ts.isGetAccessorDeclaration(item) || ts.isSetAccessorDeclaration(item)));
      // A class with only fields may be a type for plain objects (DTOs); one with methods cannot be met by one.
      if (method) return { kind: 'class-instance', text: `${at}a ${name} instance (a class with methods, e.g. ${method.getName()}())` };
    }
    for (const property of properties.slice(0, MAX_PROPERTIES)) {
      if (property.declarations?.some((item) => ts.isMethodSignature(item) || ts.isMethodDeclaration(item))) {
        return { kind: 'object-with-methods', text: `${path ? `\`${path}\`` : typeName} has a method, ${property.getName()}()` };
      }
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration) continue;
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
      const propertyPath = path ? `${path}.${property.getName()}` : property.getName();
      const problem = this.problemOf(propertyType, propertyPath, depth + 1, seen);
      if (problem) {
        if (problem.kind === 'function') return { kind: 'object-with-methods', text: `\`${propertyPath}\` is a function` };
        return problem;
      }
    }
    for (const info of checker.getIndexInfosOfType(type)) {
      const problem = this.problemOf(info.type, path ? `${path}[…]` : '[…]', depth + 1, seen);
      if (problem) return problem;
    }
    return undefined;
  }

  private typeArguments(type: ts.Type): readonly ts.Type[] {
    if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return [];
    return this.typeChecker().getTypeArguments(type as ts.TypeReference);
  }

  /** A built-in interface of the globals file (not one of its mapped types, `Partial<T>` is judged by its members). */
  private isGlobal(symbol: ts.Symbol): boolean {
    if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class))) return false;
    return symbol.declarations?.some((declaration) => declaration.getSourceFile().fileName === LIB_FILE) ?? false;
  }
}


/** Values a function visibly builds and returns: `new X()` and functions, directly, in a returned literal, or through a const. */
function builtValues(fn: FunctionNode): { value: ts.Expression; path: string }[] {
  const found: { value: ts.Expression; path: string }[] = [];
  const consider = (expression: ts.Expression, path: string, depth: number): void => {
    const value = unwrapExpression(expression);
    if (ts.isNewExpression(value) || isFunctionNode(value)) found.push({ value, path });
    else if (ts.isIdentifier(value)) {
      const initializer = constInitializer(value);
      if (initializer && (ts.isNewExpression(initializer) || isFunctionNode(initializer))) found.push({ value: initializer, path });
    } else if (depth < 2 && ts.isObjectLiteralExpression(value)) {
      for (const property of value.properties) {
        const key = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
        if (!key) continue;
        const child = path ? `${path}.${key}` : key;
        if (ts.isPropertyAssignment(property)) consider(property.initializer, child, depth + 1);
        else if (ts.isShorthandPropertyAssignment(property)) consider(property.name, child, depth + 1);
        else if (ts.isMethodDeclaration(property)) found.push({ value: property as unknown as ts.Expression, path: child });
      }
    } else if (depth < 2 && ts.isArrayLiteralExpression(value)) {
      for (const element of value.elements) if (!ts.isSpreadElement(element)) consider(element, path ? `${path}[…]` : '[…]', depth + 1);
    }
  };
  const body = fn.body;
  if (!body) return found;
  if (!ts.isBlock(body)) {
    consider(body, '', 0);
    return found;
  }
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) return;
    if (ts.isReturnStatement(node) && node.expression) consider(node.expression, '', 0);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** The initializer of a `const` in the same file, syntactically (no checker). */
function constInitializer(identifier: ts.Identifier): ts.Expression | undefined {
  let scope: ts.Node | undefined = identifier.parent;
  while (scope) {
    if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
      for (const statement of scope.statements) {
        if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === identifier.text && declaration.initializer) return unwrapExpression(declaration.initializer);
        }
      }
    }
    scope = scope.parent;
  }
  return undefined;
}

/** Type names that need no checker: they cross (or are judged by the rule from the type's name alone never). */
const PLAIN_TYPE_NAMES = new Set(['FormData', 'Date', 'File', 'Blob', 'ArrayBuffer', 'Uint8Array', 'Promise', 'Array', 'ReadonlyArray', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'NonNullable']);

/**
 * Whether a signature says anything a checker could object to: a named type of the app's (a class, an interface with
 * methods), a function type, a method, a symbol, a Map/Set; or a return that builds an instance or a function. Keywords,
 * literals, FormData and object literals of those need no checker.
 */
function needsTypes(fn: FunctionNode): boolean {
  const typeNeedsChecker = (node: ts.Node | undefined): boolean => {
    if (!node) return false;
    let found = false;
    const visit = (child: ts.Node): void => {
      if (found) return;
      if (ts.isTypeReferenceNode(child)) {
        const name = ts.isIdentifier(child.typeName) ? child.typeName.text : child.typeName.right.text;
        if (!PLAIN_TYPE_NAMES.has(name)) {
          found = true;
          return;
        }
      } else if (ts.isFunctionTypeNode(child) || ts.isConstructorTypeNode(child) || ts.isMethodSignature(child) || ts.isTypeQueryNode(child) || ts.isImportTypeNode(child) || child.kind === ts.SyntaxKind.SymbolKeyword) {
        found = true;
        return;
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
    return found;
  };
  return fn.parameters.some((parameter) => typeNeedsChecker(parameter.type)) || typeNeedsChecker(fn.type) || (!fn.type && builtValues(fn).length > 0);
}
