import ts from 'typescript';
import { pathToRegexp } from 'path-to-regexp';
import { lineOf, startOf, unwrapExpression } from './ast';
import type { MiddlewareInfo } from './model';
import { sampleUrl } from './paths';

export const MIDDLEWARE_FILE_RE = /^(src\/)?(middleware|proxy)\.(ts|js|mjs|mts|tsx|jsx)$/;

/** A CSRF library, Lucia's verifyRequestOrigin, or an Origin/Sec-Fetch-Site read in a file that also rejects (403). */
const ORIGIN_CHECK_TEXT_RE = /\b(verifyRequestOrigin|csrf\w*|\w*Csrf\w*)\s*\(/i;
const ORIGIN_READ_TEXT_RE = /headers\.get\(\s*['"`](origin|sec-fetch-site)['"`]\s*\)|headers\.origin\b/i;
const REJECTS_TEXT_RE = /\b403\b|forbidden/i;

/** Reads `export const config = { matcher }` of middleware.ts / proxy.ts. Matchers must be constants (as Next requires). */
export function readMiddleware(sourceFile: ts.SourceFile, relativeFile: string): MiddlewareInfo {
  const info: MiddlewareInfo = { file: relativeFile, line: 1, matchers: [], dynamicMatcher: false };
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && /^(middleware|proxy)$/.test(statement.name.text)) {
      info.line = lineOf(sourceFile, startOf(statement, sourceFile));
    }
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== 'config' || !declaration.initializer) continue;
      const config = unwrapExpression(declaration.initializer);
      if (!ts.isObjectLiteralExpression(config)) {
        info.dynamicMatcher = true;
        continue;
      }
      for (const property of config.properties) {
        if (!ts.isPropertyAssignment(property) || property.name.getText() !== 'matcher') continue;
        const matcher = unwrapExpression(property.initializer);
        const items = ts.isArrayLiteralExpression(matcher) ? [...matcher.elements] : [matcher];
        for (const item of items) {
          const value = unwrapExpression(item);
          if (ts.isStringLiteralLike(value)) info.matchers.push(value.text);
          else if (ts.isObjectLiteralExpression(value)) {
            const source = value.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'source');
            if (source && ts.isStringLiteralLike(source.initializer)) info.matchers.push(source.initializer.text);
            else info.dynamicMatcher = true;
          } else info.dynamicMatcher = true;
        }
      }
    }
  }
  const text = sourceFile.text;
  const check = ORIGIN_CHECK_TEXT_RE.exec(text) ?? (REJECTS_TEXT_RE.test(text) ? ORIGIN_READ_TEXT_RE.exec(text) : null);
  if (check) info.originCheck = { file: relativeFile, line: lineOf(sourceFile, check.index) };
  return info;
}

const compiled = new Map<string, RegExp | null>();

function compile(matcher: string): RegExp | null {
  let regex = compiled.get(matcher);
  if (regex !== undefined) return regex;
  try {
    regex = pathToRegexp(matcher);
  } catch {
    regex = null;
  }
  compiled.set(matcher, regex);
  return regex;
}

/** The matchers of a middleware that cover a URL path (`[id]` segments stand for any value). No matcher means every path. */
export function matchersCovering(info: MiddlewareInfo, urlPath: string): string[] {
  if (info.matchers.length === 0) return info.dynamicMatcher ? [] : ['(every path)'];
  const sample = sampleUrl(urlPath);
  return info.matchers.filter((matcher) => compile(matcher)?.test(sample) ?? false);
}
