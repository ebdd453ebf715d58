/**
 * The part of a generated route handler that turns the request body into the lib function's typed input:
 * one check per field, written out (a 400 with a message when it fails), from the field types extract
 * worked out. Values a type cannot check are required to be present and passed on as they are.
 */
import type { CodeStyle } from './source';
import type { ValueType } from './refactor-types';
import { isIdentifierName, uniqueName } from './refactor-project';
import type { LibField } from './extract-to-lib';

/** Helper functions a route handler needs, written once at the end of the file. */
export type RouteHelper = 'readBody' | 'badRequest' | 'toNumber' | 'toBoolean' | 'toDate' | 'toList' | 'hasApiToken';

export interface SchemaUse {
  /** The schema's local name in the route file. */
  name: string;
  /** Its module as the file that typed the input wrote it. */
  module: string;
}

export interface InputCode {
  lines: string[];
  helpers: Set<RouteHelper>;
  schemas: SchemaUse[];
  /** Whether a cast names the lib's input type (to be imported as a type). */
  usesInputType: boolean;
}

export interface InputContext {
  style: CodeStyle;
  typed: boolean;
  /** The lib's exported input type, for casts of values no check can narrow. */
  inputType?: string;
  /** Names already used in the handler. */
  taken: Set<string>;
  /** Expression that reads one body key. */
  read: (key: string) => string;
}

function quote(text: string, style: CodeStyle): string {
  return style.quote + text.replace(/\\/g, '\\\\').replace(new RegExp(style.quote, 'g'), `\\${style.quote}`) + style.quote;
}

function describe(type: ValueType): string {
  switch (type.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'date':
      return 'a date';
    case 'form-value':
      return 'a string or a file';
    case 'array':
      return `a list of ${describe(type.of).replace(/^an? /, '')}s`;
    default:
      return 'valid';
  }
}

/** Reads and checks one value: the lines, the variable that holds it afterwards. */
function checkValue(name: string, key: string, type: ValueType, optional: boolean, context: InputContext, code: InputCode): string {
  const { style, typed } = context;
  const semi = style.semi;
  const unit = style.indentUnit;
  const local = uniqueName(isIdentifierName(name) ? name : 'value', (candidate) => context.taken.has(candidate));
  context.taken.add(local);
  const source = context.read(key);
  const label = key || name;
  const fail = (what: string) => `return badRequest(${quote(`${label} must be ${what}`, style)})${semi}`;
  const guard = (condition: string, what: string) => {
    code.helpers.add('badRequest');
    code.lines.push(`if (${condition}) {`, `${unit}${fail(what)}`, '}');
  };
  const absentOk = (condition: string) => (optional ? `${local} !== undefined && ${condition}` : condition);
  const nullOk = (condition: string) => (type.nullable ? `${local} !== null && ${condition}` : condition);
  switch (type.kind) {
    case 'string':
      code.lines.push(`const ${local} = ${source}${semi}`);
      guard(absentOk(nullOk(`typeof ${local} !== ${quote('string', style)}`)), describe(type));
      return local;
    case 'number':
      code.helpers.add('toNumber');
      if (optional) {
        code.lines.push(`const ${local} = ${source} === undefined ? undefined : toNumber(${source})${semi}`);
        guard(`${source} !== undefined && ${local} === undefined`, describe(type));
      } else {
        code.lines.push(`const ${local} = toNumber(${source})${semi}`);
        guard(`${local} === undefined`, describe(type));
      }
      return local;
    case 'boolean':
      code.helpers.add('toBoolean');
      code.lines.push(optional ? `const ${local} = ${source} === undefined ? undefined : toBoolean(${source})${semi}` : `const ${local} = toBoolean(${source})${semi}`);
      return local;
    case 'date':
      code.helpers.add('toDate');
      if (optional) {
        code.lines.push(`const ${local} = ${source} === undefined ? undefined : toDate(${source})${semi}`);
        guard(`${source} !== undefined && ${local} === undefined`, describe(type));
      } else {
        code.lines.push(`const ${local} = toDate(${source})${semi}`);
        guard(`${local} === undefined`, describe(type));
      }
      return local;
    case 'literal': {
      const values = type.values.map((value) => (typeof value === 'string' ? quote(value, style) : String(value)));
      code.lines.push(`const ${local} = ${source}${semi}`);
      guard(absentOk(nullOk(values.map((value) => `${local} !== ${value}`).join(' && '))), `one of ${values.join(', ')}`.replace(new RegExp(style.quote, 'g'), ''));
      return local;
    }
    case 'form-value':
      code.lines.push(type.nullable ? `const ${local} = ${source} ?? null${semi}` : `const ${local} = ${source}${semi}`);
      guard(absentOk(nullOk(`typeof ${local} !== ${quote('string', style)} && !(${local} instanceof File)`)), describe(type));
      return local;
    case 'array': {
      const element = type.of.kind;
      if (element === 'string' || element === 'form-value') {
        code.helpers.add('toList');
        code.lines.push(`const ${local} = toList(${source})${semi}`);
        const isString = `typeof item === ${quote('string', style)}`;
        const item = element === 'string' ? isString : `${isString} || item instanceof File`;
        const predicate = typed ? `(item): item is ${element === 'string' ? 'string' : 'FormDataEntryValue'} => ${item}` : `(item) => ${item}`;
        guard(`!${local}.every(${predicate})`, describe(type));
        return local;
      }
      return opaque(local, key, source, optional, context, code);
    }
    case 'schema': {
      const parsed = uniqueName(`parsed${local[0].toUpperCase()}${local.slice(1)}`, (candidate) => context.taken.has(candidate));
      context.taken.add(parsed);
      if (!code.schemas.some((schema) => schema.name === type.schema)) code.schemas.push({ name: type.schema, module: type.module });
      const target = type.property === undefined ? type.schema : `${type.schema}.shape.${type.property}`;
      code.lines.push(`const ${parsed} = ${target}.safeParse(${source})${semi}`);
      code.helpers.add('badRequest');
      code.lines.push(`if (!${parsed}.success) {`, `${unit}return badRequest(${parsed}.error.issues[0]?.message ?? ${quote(`${label} is not valid`, style)})${semi}`, '}');
      code.lines.push(`const ${local} = ${parsed}.data${semi}`);
      return local;
    }
    case 'unknown':
      // Nothing to check it against but its presence.
      if (!optional) {
        code.helpers.add('badRequest');
        code.lines.push(`if (${source} === undefined) {`, `${unit}return badRequest(${quote(`${label} is required`, style)})${semi}`, '}');
      }
      code.lines.push(`const ${local} = ${source}${semi}`);
      return local;
    default:
      return opaque(local, key, source, optional, context, code);
  }
}

/** A value no written check can narrow: required to be present, then handed on as the lib's type says. */
function opaque(local: string, key: string, source: string, optional: boolean, context: InputContext, code: InputCode): string {
  const { style } = context;
  if (!optional) {
    code.helpers.add('badRequest');
    code.lines.push(`if (${source} === undefined) {`, `${style.indentUnit}return badRequest(${quote(`${key || local} is required`, style)})${style.semi}`, '}');
  }
  const cast = context.typed && context.inputType ? ` as ${context.inputType}[${quote(local, style)}]` : '';
  if (cast) code.usesInputType = true;
  code.lines.push(`const ${local} = ${source}${cast}${style.semi}`);
  return local;
}

/** Lines that check every field and the object literal passed to the lib function. */
export function fieldsInput(fields: readonly LibField[], context: InputContext): InputCode & { argument: string } {
  const code: InputCode = { lines: [], helpers: new Set(), schemas: [], usesInputType: false };
  const parts: string[] = [];
  // Fields typed by one schema's properties are validated together, with the schema itself.
  const bySchema = new Map<string, LibField[]>();
  for (const field of fields) {
    if (field.type.kind === 'schema' && field.type.property !== undefined && !field.key) bySchema.set(field.type.schema, [...(bySchema.get(field.type.schema) ?? []), field]);
  }
  const done = new Set<LibField>();
  for (const [schema, group] of bySchema) {
    const first = group[0].type as Extract<ValueType, { kind: 'schema' }>;
    const local = checkValue(schema.replace(/Schema$/, '') || 'input', '', { kind: 'schema', schema, module: first.module }, false, context, code);
    for (const field of group) {
      parts.push(`${field.name}: ${local}.${field.type.kind === 'schema' ? field.type.property : field.name}`);
      done.add(field);
    }
  }
  for (const field of fields) {
    if (done.has(field)) continue;
    const local = field.type.kind === 'object' ? objectValue(field, context, code) : checkValue(field.name, field.key, field.type, field.optional, context, code);
    parts.push(local === field.name ? field.name : `${field.name}: ${local}`);
  }
  return { ...code, argument: `{ ${parts.join(', ')} }` };
}

function objectValue(field: LibField, context: InputContext, code: InputCode): string {
  if (field.type.kind !== 'object') return checkValue(field.name, field.key, field.type, field.optional, context, code);
  // A validated object given whole (`parsed.data`) was read from the whole body: check its properties there.
  const parts = field.type.fields.map((property) => {
    const local = checkValue(property.name, property.name, property.type, property.optional, context, code);
    return local === property.name ? property.name : `${property.name}: ${local}`;
  });
  const local = uniqueName(field.name, (candidate) => context.taken.has(candidate));
  context.taken.add(local);
  code.lines.push(`const ${local} = { ${parts.join(', ')} }${context.style.semi}`);
  return local;
}

/** Lines that check a whole-input value (a wrapper's validated object) and the expression passed on. */
export function wholeInput(type: ValueType, context: InputContext): InputCode & { argument: string } {
  const code: InputCode = { lines: [], helpers: new Set(), schemas: [], usesInputType: false };
  if (type.kind === 'object') {
    const parts = type.fields.map((field) => {
      const local = checkValue(field.name, field.name, field.type, field.optional, context, code);
      return local === field.name ? field.name : `${field.name}: ${local}`;
    });
    return { ...code, argument: `{ ${parts.join(', ')} }` };
  }
  if (type.kind === 'schema' && type.property === undefined) return { ...code, argument: checkValue('input', '', type, false, context, code) };
  const cast = context.typed && context.inputType ? ` as ${context.inputType}` : '';
  return { ...code, usesInputType: !!cast, argument: `body${cast}` };
}

/** The helper functions' text, in a fixed order. */
export function helperLines(helpers: ReadonlySet<RouteHelper>, style: CodeStyle, typed: boolean): string[] {
  const u = style.indentUnit;
  const s = style.semi;
  const q = (text: string) => quote(text, style);
  const t = (annotation: string) => (typed ? annotation : '');
  const blocks: string[][] = [];
  if (helpers.has('hasApiToken')) {
    blocks.push([
      '/** True when the request carries `Authorization: Bearer <API_TOKEN>` (compared in constant time); false when API_TOKEN is unset. */',
      `function hasApiToken(request${t(': Request')})${t(': boolean')} {`,
      `${u}const expected = process.env.API_TOKEN${s}`,
      `${u}const token = /^Bearer (.+)$/i.exec(request.headers.get(${q('authorization')}) ?? ${q('')})?.[1]${s}`,
      `${u}if (!expected || !token) return false${s}`,
      `${u}const given = Buffer.from(token)${s}`,
      `${u}const wanted = Buffer.from(expected)${s}`,
      `${u}return given.length === wanted.length && timingSafeEqual(given, wanted)${s}`,
      '}',
    ]);
  }
  if (helpers.has('readBody')) {
    blocks.push([
      '/** The body as an object: JSON, or form fields (a repeated field becomes a list); undefined when it is neither. */',
      `async function readBody(request${t(': Request')})${t(': Promise<Record<string, unknown> | undefined>')} {`,
      `${u}const contentType = request.headers.get(${q('content-type')}) ?? ${q('')}${s}`,
      `${u}try {`,
      `${u}${u}if (contentType.includes(${q('multipart/form-data')}) || contentType.includes(${q('application/x-www-form-urlencoded')})) {`,
      `${u}${u}${u}const form = await request.formData()${s}`,
      `${u}${u}${u}const body${t(': Record<string, unknown>')} = {}${s}`,
      `${u}${u}${u}form.forEach((value, key) => {`,
      `${u}${u}${u}${u}const previous = body[key]${s}`,
      `${u}${u}${u}${u}body[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]${s}`,
      `${u}${u}${u}})${s}`,
      `${u}${u}${u}return body${s}`,
      `${u}${u}}`,
      `${u}${u}const json${t(': unknown')} = await request.json()${s}`,
      `${u}${u}return typeof json === ${q('object')} && json !== null && !Array.isArray(json) ? ${typed ? '(json as Record<string, unknown>)' : 'json'} : undefined${s}`,
      `${u}} catch {`,
      `${u}${u}return undefined${s}`,
      `${u}}`,
      '}',
    ]);
  }
  if (helpers.has('badRequest')) {
    blocks.push([`function badRequest(message${t(': string')})${t(': Response')} {`, `${u}return Response.json({ error: message }, { status: 400 })${s}`, '}']);
  }
  if (helpers.has('toNumber')) {
    blocks.push([
      '/** A finite number, from JSON or from a form field\'s text. */',
      `function toNumber(value${t(': unknown')})${t(': number | undefined')} {`,
      `${u}const number = typeof value === ${q('string')} && value.trim() !== ${q('')} ? Number(value) : value${s}`,
      `${u}return typeof number === ${q('number')} && Number.isFinite(number) ? number : undefined${s}`,
      '}',
    ]);
  }
  if (helpers.has('toBoolean')) {
    blocks.push([
      '/** JSON true, or a checked checkbox (`on`) or `true` from a form. */',
      `function toBoolean(value${t(': unknown')})${t(': boolean')} {`,
      `${u}return value === true || value === ${q('true')} || value === ${q('on')}${s}`,
      '}',
    ]);
  }
  if (helpers.has('toDate')) {
    blocks.push([
      `function toDate(value${t(': unknown')})${t(': Date | undefined')} {`,
      `${u}if (typeof value !== ${q('string')} && typeof value !== ${q('number')}) return undefined${s}`,
      `${u}const date = new Date(value)${s}`,
      `${u}return Number.isNaN(date.getTime()) ? undefined : date${s}`,
      '}',
    ]);
  }
  if (helpers.has('toList')) {
    blocks.push([
      '/** A list from JSON, or the values of a form field sent once or several times. */',
      `function toList(value${t(': unknown')})${t(': unknown[]')} {`,
      `${u}return value === undefined ? [] : Array.isArray(value) ? value : [value]${s}`,
      '}',
    ]);
  }
  return blocks.flatMap((block) => ['', ...block]);
}

