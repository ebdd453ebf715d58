/** URL paths of route files and the matching of in-app URLs against them. Pure string work. */

export const ROUTE_FILE_RE = /(^|\/)route\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
export const SOURCE_FILE_RE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
const DECLARATION_FILE_RE = /\.d\.[mc]?ts$/;

/** Config files whose change can change the structure of the model (apps, aliases, settings): they mean a rescan. */
export const CONFIG_FILE_RE = /(^|\/)(package\.json|[tj]sconfig(\.[\w-]+)*\.json|next-boundary\.config\.json|vercel\.json)$/;

export function isSourceFile(path: string): boolean {
  return SOURCE_FILE_RE.test(path) && !DECLARATION_FILE_RE.test(path);
}

/** Removes route groups `(x)` and parallel slots `@x`; keeps dynamic segments. Interception markers too. */
function visibleSegments(segments: string[]): string[] {
  return segments.filter((segment) => {
    if (segment.startsWith('(') && segment.endsWith(')')) return false;
    if (segment.startsWith('@')) return false;
    return segment.length > 0;
  }).map((segment) => segment.replace(/^\((\.{1,3}|\.\.\)\(\.\.)\)/, ''));
}

/** `app/(shop)/api/@x/items/[id]/route.ts` (relative to the app dir's parent) → `/api/items/[id]`. */
export function routeUrlPath(fileRelativeToAppDir: string): string {
  const segments = fileRelativeToAppDir.split('/');
  segments.pop(); // route.ts
  return '/' + visibleSegments(segments).join('/');
}

/** URL of the page segment a file in the app dir belongs to (its folder), for middleware context. */
export function segmentUrlPath(fileRelativeToAppDir: string): string {
  const segments = fileRelativeToAppDir.split('/');
  segments.pop();
  return '/' + visibleSegments(segments.filter((segment) => !segment.startsWith('_'))).join('/');
}

/** `pages/api/users/[id].ts` relative to the pages dir → `/api/users/[id]`; `index` files name their folder. */
export function pagesApiUrlPath(fileRelativeToPagesDir: string): string {
  const withoutExtension = fileRelativeToPagesDir.replace(SOURCE_FILE_RE, '');
  const segments = withoutExtension.split('/');
  if (segments[segments.length - 1] === 'index') segments.pop();
  return '/' + segments.join('/');
}

/** Stands for a `${…}` part of a URL written in code. */
export const WILDCARD = '\u0000';

/** One segment of a URL seen in code: a literal, or a wildcard where `${…}` stood. */
export type UrlPattern = string[];

/**
 * Turns the text of a string/template literal into the path segments it can stand for.
 * `${expr}` parts become wildcards; a leading origin (`https://x`, `${process.env.URL}`) is dropped.
 * Returns undefined when the text is not a path.
 */
export function urlPatternFromLiteral(parts: { text: string; wildcard: boolean }[]): UrlPattern | undefined {
  let text = '';
  for (const part of parts) text += part.wildcard ? WILDCARD : part.text;
  text = text.replace(/^https?:\/\/[^/]*/, '');
  // A leading substitution is taken as an origin or base (`${baseUrl}/api/x`).
  if (text.startsWith(WILDCARD + '/')) text = text.slice(1);
  if (!text.startsWith('/') || text.startsWith('//')) return undefined;
  text = text.split(/[?#]/)[0];
  if (text.length > 300 || /\s/.test(text)) return undefined;
  const segments = text.split('/').slice(1);
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  // '/' alone, or `/${x}`, names no route in particular: path joins and redirects, not calls.
  if (!segments.some((segment) => segment.replace(new RegExp(WILDCARD, 'g'), '').length > 0)) return undefined;
  return segments.map((segment) => (segment.includes(WILDCARD) ? (segment === WILDCARD ? WILDCARD : segment) : segment));
}

/** Does a URL seen in code reach the route at `routeUrl` (with `[id]`, `[...a]`, `[[...a]]`)? */
export function urlPatternMatchesRoute(pattern: UrlPattern, routeUrl: string): boolean {
  return matchSegments(pattern, 0, routeSegmentsOf(routeUrl), 0);
}

// Every URL in the app's code is tried against every route of its first segment: the split routes and the
// patterns of `${id}.json`-style segments are made once, not once a try. Both are small (one entry a route or segment).
const routeSegmentCache = new Map<string, string[]>();
const segmentPatternCache = new Map<string, RegExp>();
const MAX_CACHED = 50_000;

function routeSegmentsOf(routeUrl: string): string[] {
  let segments = routeSegmentCache.get(routeUrl);
  if (!segments) {
    segments = routeUrl === '/' ? [] : routeUrl.split('/').slice(1);
    if (routeSegmentCache.size >= MAX_CACHED) routeSegmentCache.clear();
    routeSegmentCache.set(routeUrl, segments);
  }
  return segments;
}

function segmentMatches(code: string, route: string): boolean {
  if (code === route) return true;
  const dynamic = route.startsWith('[') && route.endsWith(']');
  if (code.includes(WILDCARD)) {
    if (dynamic) return true;
    // `${id}.json` against `feed.json` style segments: compare the literal parts as a pattern.
    let regex = segmentPatternCache.get(code);
    if (!regex) {
      regex = new RegExp('^' + code.split(WILDCARD).map(escapeRegex).join('.*') + '$');
      if (segmentPatternCache.size >= MAX_CACHED) segmentPatternCache.clear();
      segmentPatternCache.set(code, regex);
    }
    return regex.test(route);
  }
  return dynamic;
}

function matchSegments(code: UrlPattern, i: number, route: string[], j: number): boolean {
  if (j === route.length) return i === code.length;
  const segment = route[j];
  if (segment.startsWith('[[...')) return true; // optional catch-all takes the rest, even nothing
  if (segment.startsWith('[...')) return i < code.length;
  if (i === code.length) return false;
  // A wildcard at the end of a literal (`/api/${path}`) may stand for several segments.
  if (code[i] === WILDCARD && i === code.length - 1 && j < route.length - 1) return true;
  return segmentMatches(code[i], segment) && matchSegments(code, i + 1, route, j + 1);
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A concrete sample URL for a route path, for testing middleware matchers against it. */
export function sampleUrl(routeUrl: string): string {
  return routeUrl
    .replace(/\[\[\.\.\.([^\]]+)\]\]/g, '$1')
    .replace(/\[\.\.\.([^\]]+)\]/g, '$1')
    .replace(/\[([^\]]+)\]/g, '$1');
}
