/**
 * The `fixes.authGuard` template the "Set up an auth guard template…" command writes, from the two things
 * it asks: the call that reads the signed-in user (or guards by itself) and the module it comes from. Pure:
 * the command (src/features/quickFixes.ts) asks, validates with these functions, and saves the result.
 */
import { IDENTITY_NAME_RE, SELF_GUARD_NAME_RE } from '../analyzers/knowledge';
import { templateRecipe } from './add-auth-guard';
import { type ProjectIndex, specifierFor } from './project';

export interface IdentityCall {
  /** As the user would write it after `await`: `getCurrentUser()`, `auth()`, `session.get()`. */
  call: string;
  /** The module it is imported from (`@/lib/session`); '' when it needs no import. */
  from: string;
}

const CALL_RE = /^(?:await\s+)?([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)*)\s*(\([^\r\n]*\))?$/;
const SPECIFIER_RE = /^[^\s'"`;]+$/;

/** Why the text cannot be the identity call; undefined when it can. */
export function identityCallProblem(input: string): string | undefined {
  const text = input.trim();
  if (!text) return 'Name the function that returns the signed-in user, e.g. getCurrentUser()';
  if (!CALL_RE.test(text)) return 'A function call such as getCurrentUser() or session.get(), without a semicolon';
  return undefined;
}

/** Why the text cannot be an import specifier; undefined when it can ('' means no import). */
export function importSpecifierProblem(input: string): string | undefined {
  const text = input.trim();
  if (text && !SPECIFIER_RE.test(text)) return "A module path such as @/lib/session or ./lib/auth, without quotes";
  return undefined;
}

/**
 * The template for `call` from `from`: a self-guarding call (`requireUser()`: it throws or redirects by
 * itself) is awaited alone; an identity read is kept in `session` or `user` and checked, refusing with
 * `{{unauthorized}}`. Undefined when the input is not a call or a module (see the *Problem functions).
 */
export function guardTemplate({ call, from }: IdentityCall): string | undefined {
  if (identityCallProblem(call) || importSpecifierProblem(from)) return undefined;
  const match = CALL_RE.exec(call.trim())!;
  const [, root, members, args] = match;
  const expression = `${root}${members}${args ?? '()'}`;
  const lines: string[] = [];
  if (from.trim()) lines.push(`import { ${root} } from '${from.trim()}'`);
  const last = members ? members.slice(members.lastIndexOf('.') + 1) : root;
  if (SELF_GUARD_NAME_RE.test(last)) lines.push(`await ${expression}`);
  else {
    const word = /session|auth/i.test(root + members) ? 'session' : 'user';
    const name = word === root ? `current${word[0].toUpperCase()}${word.slice(1)}` : word;
    lines.push(`const ${name} = await ${expression}`, `if (!${name}) {{unauthorized}}`);
  }
  const template = lines.join('\n');
  // What the quick fix will read: the same parser, so a template saved here is always usable.
  return templateRecipe(template) ? template : undefined;
}

/**
 * A helper of the app that reads the signed-in user, to suggest: an exported function whose name says so
 * (`getCurrentUser`, `getSession`, `requireUser`…), in the shortest path (lib/ before deep folders).
 * Undefined when the app has none.
 */
export function suggestIdentityCall(index: ProjectIndex, targetFile: string): IdentityCall | undefined {
  const root = index.app.root;
  let best: { file: string; name: string } | undefined;
  for (const [file, text] of index.files) {
    if (!/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(file) || /(^|\/)node_modules\//.test(file) || (root && !file.startsWith(root + '/'))) continue;
    if (/(^|\/)(page|layout|route|template|loading|error|not-found)\.\w+$/.test(file) || file === targetFile) continue;
    for (const match of text.matchAll(/export\s+(?:async\s+)?function\s+([A-Za-z_$][\w$]*)|export\s+const\s+([A-Za-z_$][\w$]*)\s*=/g)) {
      const name = match[1] ?? match[2];
      // `auth` alone is Auth.js's own export: the library recipe covers it, and the name says too little.
      if (name === 'auth' || name === 'session' || name === 'me' || !(IDENTITY_NAME_RE.test(name) || SELF_GUARD_NAME_RE.test(name))) continue;
      if (!best || file.length < best.file.length || (file.length === best.file.length && file < best.file)) best = { file, name };
      break;
    }
  }
  return best && { call: `${best.name}()`, from: specifierFor(index, targetFile, best.file) };
}
