import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchersCovering } from '../../src/analyzers/middleware';
import { pagesApiUrlPath, routeUrlPath, segmentUrlPath, urlPatternFromLiteral, urlPatternMatchesRoute } from '../../src/analyzers/paths';

void test('route URL paths drop groups and slots and keep dynamic segments', () => {
  const cases: [string, string][] = [
    ['route.ts', '/'],
    ['api/items/route.ts', '/api/items'],
    ['(shop)/api/@modal/items/[id]/route.ts', '/api/items/[id]'],
    ['docs/[...slug]/route.js', '/docs/[...slug]'],
    ['files/[[...path]]/route.mjs', '/files/[[...path]]'],
    ['feed.xml/route.ts', '/feed.xml'],
  ];
  for (const [file, url] of cases) assert.equal(routeUrlPath(file), url, file);
});

void test('pages/api paths name index files by their folder', () => {
  assert.equal(pagesApiUrlPath('api/users/[id].ts'), '/api/users/[id]');
  assert.equal(pagesApiUrlPath('api/reports/index.ts'), '/api/reports');
});

void test('segment URL of a component under app/ ignores private folders', () => {
  assert.equal(segmentUrlPath('(app)/dashboard/_components/form.tsx'), '/dashboard');
});

const literal = (text: string) => urlPatternFromLiteral(text.split(/(\$\{\})/).filter(Boolean).map((part) => (part === '${}' ? { text: '', wildcard: true } : { text: part, wildcard: false })));

void test('URLs in code match the routes they reach', () => {
  const cases: [string, string, boolean][] = [
    ['/api/todos', '/api/todos', true],
    ['/api/todos/', '/api/todos', true],
    ['/api/todos?page=2', '/api/todos', true],
    ['/api/todos/${}', '/api/todos/[id]', true],
    ['${}/api/todos', '/api/todos', true],
    ['https://example.com/api/todos', '/api/todos', true],
    ['/api/docs/a/b', '/api/docs/[...slug]', true],
    ['/api/files', '/api/files/[[...path]]', true],
    ['/api/todos', '/api/todos/[id]', false],
    ['/api/other', '/api/todos', false],
  ];
  for (const [code, route, expected] of cases) {
    const pattern = literal(code);
    assert.ok(pattern, code);
    assert.equal(urlPatternMatchesRoute(pattern, route), expected, `${code} vs ${route}`);
  }
});

void test('a bare "/" or "/${x}" names no route', () => {
  assert.equal(literal('/'), undefined);
  assert.equal(literal('/${}'), undefined);
  assert.equal(literal('not a path'), undefined);
});

void test('middleware matchers are read with path-to-regexp semantics', () => {
  const info = { file: 'middleware.ts', line: 1, matchers: ['/dashboard/:path*', '/((?!api|_next/static|favicon.ico).*)'], dynamicMatcher: false };
  assert.deepEqual(matchersCovering(info, '/dashboard/projects/[id]'), ['/dashboard/:path*', '/((?!api|_next/static|favicon.ico).*)']);
  assert.deepEqual(matchersCovering(info, '/api/projects'), []);
  assert.deepEqual(matchersCovering({ ...info, matchers: [] }, '/anything'), ['(every path)']);
  assert.deepEqual(matchersCovering({ ...info, matchers: [], dynamicMatcher: true }, '/anything'), []);
});
