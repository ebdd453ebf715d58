/**
 * "Convert to Route Handler": a Server Action gets a twin at `<app dir>/api/<kebab-name>/route.ts` — a POST
 * handler for outside callers (mobile apps, other services) that reads JSON or form data, authenticates
 * the caller with an explicit 401, checks the input (400), calls the same lib function the action now
 * calls, and answers with `Response.json`. The logic is extracted to lib first when the action still
 * holds it; the action keeps working. An existing route file is never overwritten.
 */
import ts from 'typescript';
import type { Endpoint } from '../analyzers/model';
import { type GuardRecipe, UNAUTHORIZED_PLACEHOLDER, authGuardRecipes } from './add-auth-guard';
import { type RouteHelper, type SchemaUse, fieldsInput, helperLines, wholeInput } from './convert-to-route-handler-input';
import { type ThinCall, bindingNames, freeReferences, moduleInfo } from './extract-to-lib-body';
import { type FileChange, type LibFunction, type LibParam, type RefactorInput, type RefactorResult, importLine, planExtraction } from './extract-to-lib';
import type { ImportSpec } from './imports';
import { resolveSpecifier, specifierFor } from './project';
import { type AppRef, type ReadFile, appDirAmbiguity, appHolding, creationConflict, isJavaScriptFile, routeFileFor, segmentConflicts, uniqueName, urlConflict } from './refactor-project';
import { typeFromNode } from './refactor-types';
import { type CodeStyle, normalizeStatement, parseSource, quoted, styleOf, syntaxErrors } from './source';

export interface ConvertInput extends RefactorInput {
  endpoint: Endpoint;
  /** Every endpoint of the scan: the guards the app already uses are preferred to a library's documented one. */
  endpoints?: readonly Endpoint[];
  /** The `nextBoundary` auth guard template from the editor's settings, when set. */
  authGuardTemplate?: string;
  /** Every app of the scan: an action other apps call has no one app to serve its route. */
  apps?: readonly AppRef[];
}

/** Statuses by what the action does: creating answers 201 Created. */
const CREATE_NAME_RE = /^(create|add|insert|new|register|upload|invite|submit|post)(?=[A-Z0-9_]|$)/;
const USER_ID_PARAM_RE = /^(userId|uid|currentUserId|ownerId|authorId|viewerId)$/;
const IDENTITY_PARAM_RE = /^(session|user|currentUser|viewer|authUser|me)$/;
const REVALIDATE_IN_ROUTE = new Set(['revalidatePath', 'revalidateTag', 'expirePath', 'expireTag']);

interface LibSource {
  lib: LibFunction;
  /** File the lib's type annotations (schema modules) are written relative to. */
  typesFrom: string;
  changes: FileChange[];
  /** The action's statements before and after the logic (for its guard and revalidation). */
  prefix: ts.Statement[];
  suffix: ts.Statement[];
  /** What the action passes as the user id, as it wrote it. */
  userIdValue?: string;
}

interface Guard {
  imports: ImportSpec[];
  lines: string[];
  declared: Set<string>;
  userId?: string;
  usesRequest: boolean;
  helper?: RouteHelper;
  label: string;
}

function readerOf(input: RefactorInput): ReadFile {
  return input.readFile ?? ((path) => input.index.files.get(path));
}

/** The lib function an already-thin action calls, read from its file. */
function libFromThinCall(thin: ThinCall, input: ConvertInput): LibSource | { reason: string } {
  const readFile = readerOf(input);
  const target = resolveSpecifier(input.index, input.endpoint.file, thin.module);
  const file = target === undefined ? undefined : ['.ts', '.tsx', '.js', '.jsx', '.mjs', '/index.ts', '/index.js'].map((extension) => target + extension).find((candidate) => readFile(candidate) !== undefined);
  if (!file) return { reason: `the action already calls ${thin.exported}() from '${thin.module}', which is not a file of this workspace` };
  const sourceFile = parseSource(readFile(file)!, file);
  const fn = exportedFunction(sourceFile, thin.exported);
  if (!fn) return { reason: `${thin.exported} is not an exported function of ${file}` };
  const params: LibParam[] = [];
  let inputType: string | undefined;
  for (const parameter of fn.parameters) {
    const annotation = parameter.type;
    const name = parameter.name;
    if (ts.isObjectBindingPattern(name)) {
      const members = annotation ? typeMembers(annotation, sourceFile) : undefined;
      if (annotation && ts.isTypeReferenceNode(annotation) && ts.isIdentifier(annotation.typeName)) inputType = annotation.typeName.text;
      params.push({
        kind: 'fields',
        fields: name.elements.filter((element) => ts.isIdentifier(element.name)).map((element) => {
          const property = (element.propertyName ?? element.name).getText(sourceFile);
          const member = members?.get(property);
          const read = member ? typeFromNode(member.type, sourceFile) : { type: { kind: 'unknown' as const }, optional: false };
          return { name: property, key: property, type: read.type, optional: !!member?.optional || read.optional || !!element.initializer };
        }),
      });
      continue;
    }
    if (!ts.isIdentifier(name)) return { reason: `${thin.exported}() takes a parameter the route handler cannot build` };
    if (USER_ID_PARAM_RE.test(name.text)) params.push({ kind: 'user-id', name: name.text });
    else if (IDENTITY_PARAM_RE.test(name.text)) params.push({ kind: 'identity', name: name.text });
    else if (annotation && typeMembers(annotation, sourceFile)) {
      if (ts.isTypeReferenceNode(annotation) && ts.isIdentifier(annotation.typeName)) inputType = annotation.typeName.text;
      const members = typeMembers(annotation, sourceFile)!;
      params.push({
        kind: 'input',
        key: '',
        type: { kind: 'object', fields: [...members].map(([property, member]) => ({ name: property, type: typeFromNode(member.type, sourceFile).type, optional: member.optional })) },
      });
    } else {
      const read = annotation ? typeFromNode(annotation, sourceFile) : { type: { kind: 'unknown' as const }, optional: false };
      params.push({ kind: 'fields', fields: [{ name: name.text, key: name.text, type: read.type, optional: read.optional || !!parameter.questionToken || !!parameter.initializer }] });
    }
  }
  const userIndex = params.findIndex((param) => param.kind === 'user-id');
  const userArgument = userIndex >= 0 ? thin.call.arguments[userIndex] : undefined;
  return {
    lib: { file, name: thin.exported, ...(inputType && { inputType }), params, ...(returnsValue(fn) && { result: 'result' }) },
    typesFrom: file,
    changes: [],
    prefix: thin.prefix,
    suffix: thin.suffix,
    ...(userArgument && { userIdValue: userArgument.getText() }),
  };
}

function exportedFunction(sourceFile: ts.SourceFile, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    const exported = ts.getModifiers(statement as ts.FunctionDeclaration)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isFunctionDeclaration(statement)) {
      const isDefault = ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
      if ((isDefault && name === 'default') || statement.name?.text === name) return statement;
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const initializer = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) return initializer;
      }
    }
  }
  return undefined;
}

/** Whether a function hands back a value (a `return x` of its own, or an expression body). */
function returnsValue(fn: ts.FunctionLikeDeclaration): boolean {
  if (!fn.body) return false;
  if (!ts.isBlock(fn.body)) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

/** The properties of an object type written inline or declared in the same file. */
function typeMembers(node: ts.TypeNode, sourceFile: ts.SourceFile): Map<string, { type: ts.TypeNode; optional: boolean }> | undefined {
  let members: ts.NodeArray<ts.TypeElement> | undefined;
  if (ts.isTypeLiteralNode(node)) members = node.members;
  else if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    for (const statement of sourceFile.statements) {
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) members = statement.members;
      if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name && ts.isTypeLiteralNode(statement.type)) members = statement.type.members;
    }
  }
  if (!members) return undefined;
  const found = new Map<string, { type: ts.TypeNode; optional: boolean }>();
  for (const member of members) {
    if (ts.isPropertySignature(member) && member.type && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) found.set(member.name.text, { type: member.type, optional: !!member.questionToken });
  }
  return found;
}

function declaredBy(lines: readonly string[]): Set<string> {
  const sourceFile = ts.createSourceFile('guard.ts', lines.join('\n'), ts.ScriptTarget.Latest, true);
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) for (const name of bindingNames(declaration.name)) names.add(name);
  }
  return names;
}

/** The user id under the names a guard declares: what the action passed when those names hold it, else the usual path. */
function userIdFrom(declared: Set<string>, actionValue: string | undefined): string | undefined {
  if (actionValue) {
    const expression = ts.createSourceFile('value.ts', `(${actionValue})`, ts.ScriptTarget.Latest, true);
    const names = freeReferences([expression]).map((id) => id.text);
    if (names.length && names.every((name) => declared.has(name))) return actionValue;
  }
  if (declared.has('userId')) return 'userId';
  if (declared.has('user')) return 'user.id';
  if (declared.has('session')) return 'session.user.id';
  return undefined;
}

function unauthorizedLine(style: CodeStyle): string {
  return `return Response.json({ error: ${quoted('Unauthorized', style)} }, { status: 401 })`;
}

/** The route's guard: the action's own when a recipe reproduces it, else the app's or its auth library's; an API token when there is none. */
function chooseGuard(input: ConvertInput, routeFile: string, source: LibSource, style: CodeStyle, needsUser: boolean): Guard | { reason: string } {
  const routeEndpoint: Endpoint = { ...input.endpoint, kind: 'route', name: 'POST', file: routeFile, actionForm: undefined };
  const recipes = authGuardRecipes(routeEndpoint, input.endpoints ?? [input.endpoint], input.index, input.authGuardTemplate);
  const own = new Set(source.prefix.map((statement) => normalizeStatement(statement.getText())));
  const usable = recipes.filter((recipe) => recipe.templateBody || recipe.deny !== undefined);
  // The action's own guard first: the route then authenticates exactly like it.
  usable.sort((a, b) => Number(isOwn(b, own)) - Number(isOwn(a, own)));
  const unauthorized = unauthorizedLine(style);
  for (const recipe of usable) {
    if (recipe.templateBody) {
      const lines = recipe.templateBody.map((line) => line.split(UNAUTHORIZED_PLACEHOLDER).join(unauthorized));
      const declared = declaredBy(lines);
      const userId = userIdFrom(declared, source.userIdValue);
      if (needsUser && !userId) continue;
      return { imports: recipe.imports, lines, declared, ...(userId && { userId }), usesRequest: lines.some((line) => /\brequest\b/.test(line)), label: recipe.label };
    }
    const declared = declaredBy(recipe.setup);
    const userId = userIdFrom(declared, source.userIdValue);
    if (needsUser && !userId) continue;
    // `session.user.id` may be typed optional: checking it too narrows it to the string the lib takes.
    const deny = userId && needsUser && userId.split('.').length > 2 && !normalizeStatement(recipe.deny!).includes(normalizeStatement(userId)) ? `${recipe.deny!} || !${userId}` : recipe.deny!;
    const lines = [...recipe.setup.map((line) => line + style.semi), `if (${deny}) {`, `${style.indentUnit}${unauthorized}${style.semi}`, '}'];
    return { imports: recipe.imports, lines, declared, ...(userId && { userId }), usesRequest: recipe.setup.some((line) => /\brequest\b/.test(line)), label: recipe.label };
  }
  if (needsUser) {
    const libraries = input.index.app.authLibraries.length ? input.index.app.authLibraries.join(', ') : 'none';
    return { reason: `the lib function needs the signed-in user's id, and no session guard was found for a route handler (auth libraries: ${libraries}); add an auth guard to the action first` };
  }
  return {
    imports: [{ from: 'node:crypto', names: ['timingSafeEqual'] }],
    lines: ['if (!hasApiToken(request)) {', `${style.indentUnit}${unauthorized}${style.semi}`, '}'],
    declared: new Set(),
    usesRequest: true,
    helper: 'hasApiToken',
    label: 'API token',
  };
}

function isOwn(recipe: GuardRecipe, own: Set<string>): boolean {
  return recipe.setup.length > 0 && recipe.setup.every((line) => own.has(normalizeStatement(line)));
}

/** Imports merged per module, in first-use order. */
function mergeImports(specs: readonly ImportSpec[]): ImportSpec[] {
  const merged: ImportSpec[] = [];
  for (const spec of specs) {
    const existing = merged.find((item) => item.from === spec.from && !item.namespace && !spec.namespace);
    if (!existing) {
      merged.push({ ...spec, ...(spec.names && { names: [...spec.names] }) });
      continue;
    }
    for (const name of spec.names ?? []) if (!existing.names?.includes(name)) existing.names = [...(existing.names ?? []), name];
    if (spec.defaultName && !existing.defaultName) existing.defaultName = spec.defaultName;
  }
  return merged;
}

/** The schema's import for the route file, from the module the lib's types named it by. */
function schemaImport(schema: SchemaUse, typesFrom: string, routeFile: string, input: ConvertInput): ImportSpec {
  const target = schema.module.startsWith('.') ? resolveSpecifier(input.index, typesFrom, schema.module) : undefined;
  return { from: target === undefined ? schema.module : specifierFor(input.index, routeFile, target), names: [schema.name] };
}

/** Revalidation calls of the action that make sense in a handler too (no locals: `revalidatePath('/posts')`). */
function revalidations(suffix: readonly ts.Statement[], sourceFile: ts.SourceFile | undefined, routeFile: string, actionFile: string, input: ConvertInput): { lines: string[]; imports: ImportSpec[] } {
  const lines: string[] = [];
  const imports: ImportSpec[] = [];
  if (!sourceFile) return { lines, imports };
  const info = moduleInfo(sourceFile);
  for (const statement of suffix) {
    if (!ts.isExpressionStatement(statement)) continue;
    let expression = statement.expression;
    if (ts.isAwaitExpression(expression)) expression = expression.expression;
    if (!ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression) || !REVALIDATE_IN_ROUTE.has(expression.expression.text)) continue;
    const free = freeReferences([statement]);
    if (!free.every((id) => info.imports.has(id.text))) continue;
    lines.push(statement.getText(sourceFile).replace(/;?\s*$/, ''));
    for (const id of free) {
      const imported = info.imports.get(id.text)!;
      const target = imported.module.startsWith('.') ? resolveSpecifier(input.index, actionFile, imported.module) : undefined;
      imports.push({ from: target === undefined ? imported.module : specifierFor(input.index, routeFile, target), names: [imported.imported === id.text ? id.text : `${imported.imported} as ${id.text}`] });
    }
  }
  return { lines, imports };
}

/** "Convert to Route Handler" on one Server Action: the route file, plus the extraction when the action still holds its logic. */
export function convertToRouteHandler(input: ConvertInput): RefactorResult {
  const { endpoint, index } = input;
  const readFile = readerOf(input);
  if (endpoint.kind !== 'action') return { ok: false, reason: `${endpoint.name} is already a ${endpoint.kind === 'route' ? 'route handler' : 'pages/api route'}` };
  if (endpoint.actionForm === 'inline') return { ok: false, reason: "inline Server Actions capture their component's variables; move the action to a 'use server' file first" };
  const javascript = isJavaScriptFile(endpoint.file);
  const typed = !javascript;
  const appDirs = appDirAmbiguity(index.app, index.files.keys());
  if (appDirs) return { ok: false, reason: appDirs };
  const callerApps = new Set((input.apps ? endpoint.callers.map((caller) => appHolding(input.apps!, caller.file)?.root) : []).filter((root) => root !== undefined && root !== index.app.root));
  if (callerApps.size) {
    const names = [index.app.root, ...callerApps].map((root) => root || '(root)').join(', ');
    return { ok: false, reason: `${endpoint.name} is called from more than one app (${names}); a route belongs to one app, so which one should serve it is ambiguous` };
  }

  const extraction = planExtraction(input);
  let source: LibSource;
  let actionSource: ts.SourceFile | undefined;
  if (extraction.ok) {
    const { lib, plan, changes } = extraction.extraction;
    source = { lib, typesFrom: endpoint.file, changes, prefix: plan.prefix, suffix: plan.suffix, ...(plan.userId && { userIdValue: plan.userId.value }) };
    actionSource = plan.sourceFile;
  } else if (extraction.thin) {
    const read = libFromThinCall(extraction.thin, input);
    if ('reason' in read) return { ok: false, reason: read.reason };
    source = read;
    actionSource = extraction.sourceFile;
  } else {
    return { ok: false, reason: extraction.reason };
  }
  const lib = source.lib;

  const routeName = endpoint.name === 'default' ? lib.name : endpoint.name;
  const routeFile = routeFileFor(index.app, routeName, javascript);
  const conflicts = segmentConflicts(routeFile, readFile);
  if (conflicts.length) return { ok: false, reason: `${conflicts[0]} already exists; Next Boundary never overwrites a route. Rename or remove it first` };
  const occupied = creationConflict(routeFile, readFile, index.files.keys()) ?? urlConflict(routeFile, index.app, index.files.keys());
  if (occupied) return { ok: false, reason: occupied };

  const style = actionSource ? styleOf(actionSource) : styleOf(parseSource(input.text, endpoint.file));
  const unit = style.indentUnit;
  const semi = style.semi;
  const needsUser = lib.params.some((param) => param.kind === 'user-id');
  const guard = chooseGuard(input, routeFile, source, style, needsUser);
  if ('reason' in guard) return { ok: false, reason: guard.reason };
  for (const param of lib.params) {
    if (param.kind === 'identity' && !guard.declared.has(param.name)) {
      return { ok: false, reason: `${lib.name}() takes the whole \`${param.name}\`, which the route's guard (${guard.label}) does not provide; pass the fields it needs instead` };
    }
  }

  // Names of the handler's own variables, so field variables do not shadow them.
  const libLocal = lib.name;
  const taken = new Set<string>(['request', 'body', 'result', 'POST', 'Response', libLocal, ...guard.declared, 'readBody', 'badRequest', 'toNumber', 'toBoolean', 'toDate', 'toList', 'hasApiToken']);
  const resultName = uniqueName(lib.result && lib.result !== 'result' ? lib.result : 'result', (name) => taken.has(name) && name !== 'result');
  taken.add(resultName);

  const helpers = new Set<RouteHelper>(guard.helper ? [guard.helper] : []);
  const inputLines: string[] = [];
  const schemas: SchemaUse[] = [];
  let usesInputType = false;
  const args: string[] = [];
  const hasBody = lib.params.some((param) => param.kind === 'fields' || param.kind === 'input');
  const formDataField = lib.params.some((param) => param.kind === 'fields' && param.fields.some((field) => field.type.kind === 'form-data'));
  const read = (key: string) => (key === '' ? 'body' : /^[A-Za-z_$][\w$]*$/.test(key) ? `body.${key}` : `body[${quoted(key, style)}]`);
  if (formDataField) {
    // The lib works on the FormData itself: only a form body can give it one.
    taken.add('formData');
    inputLines.push(`const formData = await request.formData().catch(() => undefined)${semi}`, 'if (!formData) {', `${unit}return badRequest(${quoted('Expected form data', style)})${semi}`, '}');
    helpers.add('badRequest');
  } else if (hasBody) {
    helpers.add('readBody').add('badRequest');
    inputLines.push(`const body = await readBody(request)${semi}`, 'if (!body) {', `${unit}return badRequest(${quoted('Expected a JSON object or form data', style)})${semi}`, '}');
  }
  const context = { style, typed, ...(lib.inputType && { inputType: lib.inputType }), taken, read };
  for (const param of lib.params) {
    if (param.kind === 'fields') {
      const fields = formDataField ? param.fields.filter((field) => field.type.kind !== 'form-data') : param.fields;
      const code = fieldsInput(fields, context);
      inputLines.push(...code.lines);
      for (const helper of code.helpers) helpers.add(helper);
      schemas.push(...code.schemas);
      usesInputType ||= code.usesInputType;
      const formPart = param.fields.filter((field) => field.type.kind === 'form-data').map((field) => (field.name === 'formData' ? 'formData' : `${field.name}: formData`));
      args.push(formPart.length ? `{ ${[...formPart, code.argument.slice(2, -2)].filter(Boolean).join(', ')} }` : code.argument);
    } else if (param.kind === 'input') {
      const code = wholeInput(param.type, context);
      inputLines.push(...code.lines);
      for (const helper of code.helpers) helpers.add(helper);
      schemas.push(...code.schemas);
      usesInputType ||= code.usesInputType;
      args.push(code.argument);
    } else if (param.kind === 'user-id') {
      args.push(guard.userId!);
    } else {
      args.push(param.name);
    }
  }

  const revalidation = revalidations(source.suffix, actionSource, routeFile, endpoint.file, input);
  const libModule = specifierFor(index, routeFile, lib.file);
  const libNames = [lib.name, ...(usesInputType && lib.inputType ? [`type ${lib.inputType}`] : [])];
  const imports = mergeImports([
    ...guard.imports,
    ...schemas.map((schema) => schemaImport(schema, source.typesFrom, routeFile, input)),
    ...revalidation.imports,
    { from: libModule, names: libNames },
  ]);

  const creates = CREATE_NAME_RE.test(lib.name) || CREATE_NAME_RE.test(endpoint.name);
  const status = creates ? ', { status: 201 }' : '';
  const call = `await ${libLocal}(${args.join(', ')})`;
  const returns = lib.result !== undefined;
  const body: string[] = [
    ...guard.lines,
    ...(inputLines.length ? ['', ...inputLines] : []),
    '',
    returns ? `const ${resultName} = ${call}${semi}` : `${call}${semi}`,
    ...revalidation.lines.map((line) => line + semi),
    `return Response.json(${returns ? resultName : '{ ok: true }'}${status})${semi}`,
  ];
  const usesRequest = guard.usesRequest || hasBody;
  const lines = [
    ...imports.map((spec) => importLine(spec, style)),
    '',
    `/** ${endpoint.name === 'default' ? lib.name : endpoint.name} for callers outside the app: same logic as the Server Action (${lib.name} in ${lib.file}). */`,
    `export async function POST(${usesRequest ? `request${typed ? ': Request' : ''}` : ''}) {`,
    ...body.map((line) => (line ? unit + line : '')),
    '}',
    ...helperLines(helpers, style, typed),
  ];
  const text = lines.join(style.eol) + style.eol;
  if (syntaxErrors(parseSource(text, routeFile)).length) return { ok: false, reason: 'the generated route handler did not parse; please report this action\'s code' };

  return {
    ok: true,
    changes: [...source.changes, { kind: 'create', file: routeFile, text }],
    summary: `Created ${routeFile} (POST, ${guard.label} guard) calling ${lib.name}() from ${lib.file}${source.changes.length ? ', extracted from the action' : ''}.`,
    open: routeFile,
  };
}

