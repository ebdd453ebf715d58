/**
 * "Mark as public with a reason" (src/fixes/add-suppression.ts): where the comment goes for every export
 * shape, that the analyzer's own reader (src/analyzers/suppressions.ts) then sees the rule silenced with the
 * reason, and that a second application changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addSuppression, suppressionAnchor } from '../../src/fixes/add-suppression';
import { applyEdits } from '../../src/fixes/edits';
import { SUPPRESSION_OFFERS } from '../../src/fixes/offers';
import { parseSource } from '../../src/fixes/source';
import { suppressionsAbove } from '../../src/analyzers/suppressions';
import { type EndpointRef } from '../../src/fixes/source';
import { assertFix, lines } from './harness';

const REASON = SUPPRESSION_OFFERS['missing-auth'].reason;
const COMMENT = `// next-boundary-ignore missing-auth: ${REASON}`;

interface Case {
  name: string;
  file?: string;
  endpoint?: Partial<EndpointRef>;
  rule?: string;
  input: string;
  expected: string;
}

const action = (name: string, line = 3): EndpointRef => ({ kind: 'action', name, line, actionForm: 'file' });

const cases: Case[] = [
  {
    name: 'an exported async function: the line above, after the directive',
    input: lines("'use server';", '', 'export async function deletePost(id: string) {', '  await db.post.delete({ where: { id } });', '}', ''),
    expected: lines("'use server';", '', COMMENT, 'export async function deletePost(id: string) {', '  await db.post.delete({ where: { id } });', '}', ''),
  },
  {
    name: 'below the JSDoc, so the doc stays with the function',
    input: lines("'use server';", '/** Deletes a post. */', 'export async function deletePost(id: string) {}', ''),
    expected: lines("'use server';", '/** Deletes a post. */', COMMENT, 'export async function deletePost(id: string) {}', ''),
  },
  {
    name: 'an exported const (a wrapped action)',
    endpoint: action('deletePost'),
    input: lines("'use server'", 'export const deletePost = client.action(async () => {})', ''),
    expected: lines("'use server'", COMMENT, 'export const deletePost = client.action(async () => {})', ''),
  },
  {
    name: '`export { … }` names it: the comment goes above the list (where the analyzer reads it)',
    endpoint: action('remove'),
    input: lines("'use server';", 'async function deletePost() {}', 'export { deletePost as remove };', ''),
    expected: lines("'use server';", 'async function deletePost() {}', COMMENT, 'export { deletePost as remove };', ''),
  },
  {
    name: 'a route method, destructured from a handler object',
    file: 'app/api/x/route.ts',
    endpoint: { kind: 'route', name: 'POST', line: 2, actionForm: undefined },
    input: lines("import { handlers } from '@/lib/h';", 'export const { GET, POST } = handlers;', ''),
    expected: lines("import { handlers } from '@/lib/h';", COMMENT, 'export const { GET, POST } = handlers;', ''),
  },
  {
    name: 'export default (pages/api)',
    file: 'pages/api/x.ts',
    endpoint: { kind: 'pages-api', name: 'default', line: 1, actionForm: undefined },
    input: lines('export default async function handler(req, res) {}', ''),
    expected: lines(COMMENT, 'export default async function handler(req, res) {}', ''),
  },
  {
    name: 'an inline action: above its declaration, indented like it',
    file: 'app/page.tsx',
    endpoint: { kind: 'action', name: 'save', line: 3, actionForm: 'inline' },
    input: lines('export default function Page() {', '  // The form posts here.', "  async function save() { 'use server'; await db.x.create({}); }", '  return <form action={save} />;', '}', ''),
    expected: lines('export default function Page() {', '  // The form posts here.', `  ${COMMENT}`, "  async function save() { 'use server'; await db.x.create({}); }", '  return <form action={save} />;', '}', ''),
  },
  {
    name: 'another statement before it on its line: the comment gets a line of its own',
    input: "'use server'; export async function deletePost() {}\n",
    expected: `'use server'; \n${COMMENT}\nexport async function deletePost() {}\n`,
  },
  {
    name: 'CRLF files stay CRLF',
    input: "'use server';\r\n\r\nexport async function deletePost() {}\r\n",
    expected: `'use server';\r\n\r\n${COMMENT}\r\nexport async function deletePost() {}\r\n`,
  },
  {
    name: 'a comment for this rule without a reason (it silenced nothing) gets the reason',
    input: lines("'use server';", '// next-boundary-ignore missing-auth', 'export async function deletePost() {}', ''),
    expected: lines("'use server';", COMMENT, 'export async function deletePost() {}', ''),
  },
  {
    name: 'a block comment without a reason, with its colon, gets it before the `*/`',
    input: lines("'use server';", '/* next-boundary-ignore missing-auth: */', 'export async function deletePost() {}', ''),
    expected: lines("'use server';", `/* next-boundary-ignore missing-auth: ${REASON} */`, 'export async function deletePost() {}', ''),
  },
  {
    name: "a bare comment naming other rules too is left alone (the reason is this rule's only)",
    input: lines("'use server';", '// next-boundary-ignore missing-auth, missing-revalidation', 'export async function deletePost() {}', ''),
    expected: lines("'use server';", '// next-boundary-ignore missing-auth, missing-revalidation', COMMENT, 'export async function deletePost() {}', ''),
  },
  {
    name: "another rule's reasoned comment stays; this one goes under it",
    input: lines("'use server';", '// next-boundary-ignore missing-revalidation: the list page refetches', 'export async function deletePost() {}', ''),
    expected: lines("'use server';", '// next-boundary-ignore missing-revalidation: the list page refetches', COMMENT, 'export async function deletePost() {}', ''),
  },
  {
    name: "a tRPC procedure: above its router's property, indented like it",
    file: 'server/api/routers/post.ts',
    endpoint: { kind: 'procedure', name: 'post.remove', line: 3, actionForm: undefined },
    input: lines('export const postRouter = createTRPCRouter({', '  list: publicProcedure.query(() => []),', '  remove: publicProcedure.mutation(() => db.post.deleteMany()),', '});', ''),
    expected: lines('export const postRouter = createTRPCRouter({', '  list: publicProcedure.query(() => []),', `  ${COMMENT}`, '  remove: publicProcedure.mutation(() => db.post.deleteMany()),', '});', ''),
  },
  {
    name: 'a tRPC procedure declared as a variable and listed by name: above the declaration',
    file: 'server/api/routers/post.ts',
    endpoint: { kind: 'procedure', name: 'post.remove', line: 1, actionForm: undefined },
    input: lines('const remove = publicProcedure.mutation(() => db.post.deleteMany());', 'export const postRouter = createTRPCRouter({ remove });', ''),
    expected: lines(COMMENT, 'const remove = publicProcedure.mutation(() => db.post.deleteMany());', 'export const postRouter = createTRPCRouter({ remove });', ''),
  },
  {
    name: 'a Hono route in a chain: above the statement that holds the chain',
    file: 'app/api/[[...route]]/route.ts',
    endpoint: { kind: 'procedure', name: 'POST /api/open', line: 3, actionForm: undefined },
    input: lines("const app = new Hono().basePath('/api')", "  .get('/posts', (c) => c.json([]))", "  .post('/open', (c) => c.json({}));", ''),
    expected: lines(COMMENT, "const app = new Hono().basePath('/api')", "  .get('/posts', (c) => c.json([]))", "  .post('/open', (c) => c.json({}));", ''),
  },
  {
    name: 'another rule',
    rule: 'missing-ownership-check',
    input: lines("'use server';", 'export async function deletePost() {}', ''),
    expected: lines("'use server';", `// next-boundary-ignore missing-ownership-check: ${SUPPRESSION_OFFERS['missing-ownership-check'].reason}`, 'export async function deletePost() {}', ''),
  },
];

void describe('addSuppression', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const file = item.file ?? 'app/posts/actions.ts';
      const endpoint = { ...action('deletePost'), ...item.endpoint } as EndpointRef;
      const rule = item.rule ?? 'missing-auth';
      const reason = SUPPRESSION_OFFERS[rule].reason;
      const fix = (text: string) => {
        const found = addSuppression(text, file, endpoint, rule, reason);
        return found ? [found.edit] : [];
      };
      // The expected text, parses no worse, and a second application changes nothing.
      assertFix(item.input, file, fix, item.expected);
      // The analyzer's own reader sees the rule silenced, with that reason.
      const output = parseSource(item.expected, file);
      const anchor = suppressionAnchor(output, endpoint);
      assert.ok(anchor, 'the endpoint is found after the edit');
      assert.ok(
        suppressionsAbove(output, anchor).some((comment) => comment.rules.includes(rule) && comment.reason === reason),
        `the analyzer does not read a reasoned ${rule} suppression: ${JSON.stringify(suppressionsAbove(output, anchor))}`,
      );
      // The reason's offsets point at the reason: the editor selects exactly that for the user to type over.
      const found = addSuppression(item.input, file, endpoint, rule, reason)!;
      assert.equal(found.edit.newText.slice(found.reason.start, found.reason.end), reason);
    });
  }

  void test('nothing when the rule is already silenced with a reason, or the endpoint is not in the text', () => {
    const silenced = lines("'use server';", '// next-boundary-ignore missing-revalidation, missing-auth: a public demo', 'export async function deletePost() {}', '');
    assert.equal(addSuppression(silenced, 'a.ts', action('deletePost'), 'missing-auth', REASON), undefined);
    assert.equal(addSuppression("'use server';\nexport async function other() {}\n", 'a.ts', action('deletePost'), 'missing-auth', REASON), undefined);
    assert.equal(addSuppression("'use server';\nexport * from './more';\n", 'a.ts', action('deletePost'), 'missing-auth', REASON), undefined);
  });

  void test('a statement the parser had to recover is not edited', () => {
    assert.equal(addSuppression("'use server';\nexport async function deletePost( {\n", 'a.ts', action('deletePost'), 'missing-auth', REASON), undefined);
  });

  void test('the reason is kept on one line and cannot close a block comment', () => {
    const found = addSuppression("export async function deletePost() {}\n", 'a.ts', action('deletePost'), 'missing-auth', ' a demo\nof */ things ')!;
    assert.equal(applyEdits("export async function deletePost() {}\n", [found.edit]), '// next-boundary-ignore missing-auth: a demo of * / things\nexport async function deletePost() {}\n');
  });
});
