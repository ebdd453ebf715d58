/**
 * The types of a lib function's input, kept as structure rather than text: extract prints them as
 * TypeScript, and the route handler conversion turns them into request-body checks. Built from type
 * annotations, casts, literal shapes and zod schemas written in the code (no type checker is run).
 */
import ts from 'typescript';

export type ValueType = (
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  /** A union of literals: `'draft' | 'published'`. */
  | { kind: 'literal'; values: (string | number | boolean)[] }
  | { kind: 'array'; of: ValueType }
  | { kind: 'object'; fields: ObjectField[] }
  /** FormDataEntryValue: a string or a File. */
  | { kind: 'form-value' }
  | { kind: 'form-data' }
  | { kind: 'search-params' }
  /** `z.infer<typeof schema>`, or one property of it: the schema is imported from `module`. */
  | { kind: 'schema'; schema: string; module: string; property?: string }
  /** Any other type, printed as written. */
  | { kind: 'text'; text: string }
  | { kind: 'unknown' }
) & { nullable?: boolean };

export interface ObjectField {
  name: string;
  type: ValueType;
  optional: boolean;
}

export const UNKNOWN: ValueType = { kind: 'unknown' };

function literalText(value: string | number | boolean, quote: string): string {
  return typeof value === 'string' ? `${quote}${value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}` : String(value);
}

function propertyKey(name: string, quote: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : literalText(name, quote);
}

/** TypeScript text of a type; `zodNamespace` is the local name of zod's `z` in the file that prints it. */
export function printType(type: ValueType, quote = "'", zodNamespace = 'z'): string {
  const base = ((): string => {
    switch (type.kind) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'unknown':
        return type.kind;
      case 'date':
        return 'Date';
      case 'literal':
        return type.values.map((value) => literalText(value, quote)).join(' | ');
      case 'array': {
        const inner = printType(type.of, quote, zodNamespace);
        return /[|&\s]/.test(inner) && !/^\{/.test(inner) ? `(${inner})[]` : `${inner}[]`;
      }
      case 'object':
        return `{ ${type.fields.map((field) => `${propertyKey(field.name, quote)}${field.optional ? '?' : ''}: ${printType(field.type, quote, zodNamespace)}`).join('; ')} }`;
      case 'form-value':
        return 'FormDataEntryValue';
      case 'form-data':
        return 'FormData';
      case 'search-params':
        return 'URLSearchParams';
      case 'schema': {
        const whole = `${zodNamespace}.infer<typeof ${type.schema}>`;
        return type.property === undefined ? whole : `${whole}[${literalText(type.property, quote)}]`;
      }
      case 'text':
        return type.text;
    }
  })();
  return type.nullable && type.kind !== 'unknown' ? `${base} | null` : base;
}

/** Reads a written type annotation. Unions of literals, `| null` and `| undefined` are understood. */
export function typeFromNode(node: ts.TypeNode, sourceFile: ts.SourceFile): { type: ValueType; optional: boolean } {
  if (ts.isParenthesizedTypeNode(node)) return typeFromNode(node.type, sourceFile);
  if (ts.isUnionTypeNode(node)) {
    let nullable = false;
    let optional = false;
    const rest: ts.TypeNode[] = [];
    for (const member of node.types) {
      if (member.kind === ts.SyntaxKind.UndefinedKeyword) optional = true;
      else if (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword) nullable = true;
      else rest.push(member);
    }
    const literals = rest.map(literalOf);
    if (rest.length > 0 && literals.every((value) => value !== undefined)) return { type: { kind: 'literal', values: literals, ...(nullable && { nullable }) }, optional };
    if (rest.length === 1) {
      const inner = typeFromNode(rest[0], sourceFile);
      return { type: { ...inner.type, ...(nullable && { nullable }) }, optional: optional || inner.optional };
    }
    return { type: { kind: 'text', text: node.getText(sourceFile) }, optional: false };
  }
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: { kind: 'string' }, optional: false };
    case ts.SyntaxKind.NumberKeyword:
      return { type: { kind: 'number' }, optional: false };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: { kind: 'boolean' }, optional: false };
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.AnyKeyword:
      return { type: UNKNOWN, optional: false };
  }
  const literal = literalOf(node);
  if (literal !== undefined) return { type: { kind: 'literal', values: [literal] }, optional: false };
  if (ts.isArrayTypeNode(node)) return { type: { kind: 'array', of: typeFromNode(node.elementType, sourceFile).type }, optional: false };
  if (ts.isTypeLiteralNode(node)) {
    const fields: ObjectField[] = [];
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) {
        return { type: { kind: 'text', text: node.getText(sourceFile) }, optional: false };
      }
      const read = typeFromNode(member.type, sourceFile);
      fields.push({ name: member.name.text, type: read.type, optional: !!member.questionToken || read.optional });
    }
    return { type: { kind: 'object', fields }, optional: false };
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    if (name === 'FormDataEntryValue') return { type: { kind: 'form-value' }, optional: false };
    if (name === 'FormData') return { type: { kind: 'form-data' }, optional: false };
    if (name === 'Date') return { type: { kind: 'date' }, optional: false };
    if (name === 'URLSearchParams') return { type: { kind: 'search-params' }, optional: false };
    if ((name === 'Array' || name === 'ReadonlyArray') && node.typeArguments?.length === 1) {
      return { type: { kind: 'array', of: typeFromNode(node.typeArguments[0], sourceFile).type }, optional: false };
    }
  }
  return { type: { kind: 'text', text: node.getText(sourceFile) }, optional: false };
}

function literalOf(node: ts.TypeNode): string | number | boolean | undefined {
  if (!ts.isLiteralTypeNode(node)) return undefined;
  const literal = node.literal;
  if (ts.isStringLiteral(literal)) return literal.text;
  if (ts.isNumericLiteral(literal)) return Number(literal.text);
  if (literal.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (literal.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** Type names the printed type refers to (to be imported where it is printed). */
export function typeReferences(type: ValueType, sourceFile?: ts.SourceFile): string[] {
  switch (type.kind) {
    case 'array':
      return typeReferences(type.of, sourceFile);
    case 'object':
      return type.fields.flatMap((field) => typeReferences(field.type, sourceFile));
    case 'text': {
      const parsed = ts.createSourceFile('type.ts', `type T = ${type.text};`, ts.ScriptTarget.Latest, true);
      const names: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isTypeReferenceNode(node)) {
          let name: ts.EntityName = node.typeName;
          while (ts.isQualifiedName(name)) name = name.left;
          names.push(name.text);
        }
        if (ts.isTypeQueryNode(node)) {
          let name: ts.EntityName = node.exprName;
          while (ts.isQualifiedName(name)) name = name.left;
          names.push(name.text);
        }
        ts.forEachChild(node, visit);
      };
      visit(parsed);
      return names;
    }
    default:
      return [];
  }
}

const ZOD_IDENTITY_METHODS = new Set([
  'min', 'max', 'length', 'email', 'url', 'uuid', 'cuid', 'cuid2', 'ulid', 'regex', 'trim', 'toLowerCase', 'toUpperCase', 'startsWith', 'endsWith',
  'includes', 'int', 'positive', 'negative', 'nonnegative', 'nonpositive', 'finite', 'safe', 'multipleOf', 'step', 'gt', 'gte', 'lt', 'lte',
  'nonempty', 'describe', 'datetime', 'date', 'time', 'ip', 'emoji', 'nanoid', 'base64', 'refine', 'superRefine', 'check', 'brand', 'readonly',
]);

/**
 * The output type of a zod schema written inline (`z.object({ name: z.string().min(1) })`), or undefined
 * when a part of it is not understood (transforms, unions of objects, custom types).
 */
export function zodType(expression: ts.Expression, resolveLocal: (name: string) => ts.Expression | undefined, depth = 0): { type: ValueType; optional: boolean } | undefined {
  if (depth > 12) return undefined;
  if (ts.isIdentifier(expression)) {
    const local = resolveLocal(expression.text);
    return local ? zodType(local, resolveLocal, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) return undefined;
  const method = expression.expression.name.text;
  const receiver = expression.expression.expression;
  const isRoot = ts.isIdentifier(receiver) || (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'coerce');
  if (isRoot) return zodRoot(method, expression, resolveLocal, depth);
  const inner = zodType(receiver, resolveLocal, depth + 1);
  if (!inner) return undefined;
  if (ZOD_IDENTITY_METHODS.has(method)) return inner;
  switch (method) {
    case 'optional':
      return { type: inner.type, optional: true };
    case 'nullable':
      return { type: { ...inner.type, nullable: true }, optional: inner.optional };
    case 'nullish':
      return { type: { ...inner.type, nullable: true }, optional: true };
    case 'default':
    case 'catch':
      return { type: inner.type, optional: false };
    case 'array':
      return { type: { kind: 'array', of: inner.type }, optional: false };
    default:
      return undefined;
  }
}

function zodRoot(method: string, call: ts.CallExpression, resolveLocal: (name: string) => ts.Expression | undefined, depth: number): { type: ValueType; optional: boolean } | undefined {
  const plain = (type: ValueType) => ({ type, optional: false });
  switch (method) {
    case 'string':
    case 'email':
    case 'url':
    case 'uuid':
    case 'cuid':
    case 'ulid':
      return plain({ kind: 'string' });
    case 'number':
    case 'int':
      return plain({ kind: 'number' });
    case 'boolean':
      return plain({ kind: 'boolean' });
    case 'date':
      return plain({ kind: 'date' });
    case 'enum': {
      const values = call.arguments[0];
      if (!values || !ts.isArrayLiteralExpression(values) || !values.elements.every(ts.isStringLiteral)) return undefined;
      return plain({ kind: 'literal', values: values.elements.map((element) => (element as ts.StringLiteral).text) });
    }
    case 'literal': {
      const value = call.arguments[0];
      if (value && ts.isStringLiteral(value)) return plain({ kind: 'literal', values: [value.text] });
      if (value && ts.isNumericLiteral(value)) return plain({ kind: 'literal', values: [Number(value.text)] });
      return undefined;
    }
    case 'array': {
      const inner = call.arguments[0] && zodType(call.arguments[0], resolveLocal, depth + 1);
      return inner ? plain({ kind: 'array', of: inner.type }) : undefined;
    }
    case 'object':
    case 'strictObject':
    case 'looseObject': {
      const shape = call.arguments[0];
      if (!shape || !ts.isObjectLiteralExpression(shape)) return undefined;
      const fields: ObjectField[] = [];
      for (const property of shape.properties) {
        if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return undefined;
        const field = zodType(property.initializer, resolveLocal, depth + 1);
        if (!field) return undefined;
        fields.push({ name: property.name.text, type: field.type, optional: field.optional });
      }
      return plain({ kind: 'object', fields });
    }
    default:
      return undefined;
  }
}
