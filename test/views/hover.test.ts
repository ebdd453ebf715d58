import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Location } from '../../src/analyzers/model';
import { collapse, escapeMarkdown, hoverMarkdown, inlineMarkdown, servedProcedures } from '../../src/views/hover';
import { endpoint as endpointIn, scanFixture } from '../helpers';
import { endpoint, finding, route } from './model';

const link = (location: Location) => `file:///ws/${location.file}#L${location.line}`;

/** How each detail section starts; none of them may come before the summary ends. */
const DETAIL_STARTS = [/^\*\*Callers\*\* \(/, /^\*\*Auth evidence\*\* \(/, /^\*\*Effects\*\* \(/, /^\*\*Middleware \/ proxy/, /^[⚠ℹ] \[/, /^Ignored: /];

/**
 * The summary is the hover's first paragraph: at most eight lines, starting with what it is, holding the
 * exposure and the auth verdict, and no detail section before it ends.
 */
function assertSummaryFirst(markdown: string): string[] {
  const lines = markdown.split('\n');
  const end = lines.indexOf('');
  const summary = end === -1 ? lines : lines.slice(0, end);
  assert.ok(summary.length <= 8, `a summary of ${summary.length} lines:\n${markdown}`);
  assert.match(summary[0] ?? '', /^(⚡|🌐|🔌) \*\*(Server Action|Route Handler|API route \(pages\/api\)|tRPC (query|mutation|subscription)|Hono route)\*\*/);
  assert.ok(summary.some((line) => line.startsWith('**Exposure:** ')), `no exposure in the summary:\n${markdown}`);
  assert.ok(summary.some((line) => line.startsWith('**Auth:** ')), `no auth in the summary:\n${markdown}`);
  const firstDetail = lines.findIndex((line) => DETAIL_STARTS.some((start) => start.test(line)));
  assert.ok(firstDetail === -1 || firstDetail > summary.length, `a detail section (line ${firstDetail + 1}) before the summary ends:\n${markdown}`);
  return summary;
}

void describe('hover on real scans', () => {
  const table: { fixture: string; file: string; name: string; has: string[]; hasNot?: string[] }[] = [
    {
      fixture: 'routes-classify',
      file: 'app/api/admin/reset/route.ts',
      name: 'POST',
      has: [
        '🌐 **Route Handler** `POST`',
        '**URL:** `/api/admin/reset`',
        '**Exposure:** **external** — no code in this app calls it',
        '**Auth:** missing — no session check, guard call, guarding wrapper or signature check runs before the first write',
        '**Effects:** db.todo.deleteMany() writes data: changes shared data — [app/api/admin/reset/route.ts:5](file:///ws/app/api/admin/reset/route.ts#L5)',
        '**Findings:** ⚠ missing auth',
        '**Middleware / proxy** (context only):',
        '[middleware.ts:1](file:///ws/middleware.ts#L1)',
        '⚠ [missing auth](https://github.com/next-boundary/next-boundary#rule-missing-auth) — This POST handler writes shared data',
      ],
      hasNot: ['**Callers**', '**Revalidates:**', '**Auth evidence**', '**Effects** ('],
    },
    {
      fixture: 'routes-classify',
      file: 'app/api/todos/[id]/route.ts',
      name: 'PATCH',
      has: [
        // The summary: the chain's first hop (the wrapper) and its last (where the identity is read).
        '**Auth:** protected — withAuth() checks the caller before running the wrapped function — [app/api/todos/\\[id\\]/route.ts:12](file:///ws/app/api/todos/[id]/route.ts#L12) → … 1 more → identity read by auth() — [lib/with-auth.ts:8](file:///ws/lib/with-auth.ts#L8)',
        // The detail: the whole chain.
        '**Auth evidence** (3):\n- withAuth() checks the caller before running the wrapped function — [app/api/todos/\\[id\\]/route.ts:12](file:///ws/app/api/todos/[id]/route.ts#L12)',
        '- identity checked: `if (!session?.user)` stops the request — [lib/with-auth.ts:9](file:///ws/lib/with-auth.ts#L9)',
        // The app has middleware, but its matchers do not cover this URL.
        '**Middleware / proxy:** [middleware.ts:1](file:///ws/middleware.ts#L1) — its matchers do not cover this path',
      ],
    },
    {
      fixture: 'routes-classify',
      file: 'app/api/todos/route.ts',
      name: 'GET',
      has: [
        '**Exposure:** **internal** — 2 callers in this app',
        '**Callers** (2):',
        '- [components/todo-list.tsx:11](file:///ws/components/todo-list.tsx#L11) — HTTP client GET',
        '- [components/todo-list.tsx:15](file:///ws/components/todo-list.tsx#L15) — fetch GET',
        '**Auth:** public — read-only: no write was found, and no guard — [app/api/todos/route.ts:4](file:///ws/app/api/todos/route.ts#L4)',
        '**Effects:** none found',
      ],
    },
    {
      fixture: 'routes-classify',
      file: 'app/api/bookmarks/route.ts',
      name: 'POST',
      // Why no guard was found: the identity was read but never used to stop the request.
      has: ['**Auth:** missing — no guard stops the request before the first write: identity read by auth() but never checked — [app/api/bookmarks/route.ts:5]'],
    },
    {
      fixture: 'actions-suppression',
      file: 'app/guestbook/actions.ts',
      name: 'addGuestbookEntry',
      has: [
        '⚡ **Server Action** `addGuestbookEntry`',
        '**URL:** none of its own — a POST to the page that renders it',
        '- [app/guestbook/page.tsx:9](file:///ws/app/guestbook/page.tsx#L9) — \\<form action\\>',
        '**Revalidates:** yes — revalidatePath() refreshes cached data — [app/guestbook/actions.ts:11](file:///ws/app/guestbook/actions.ts#L11)',
        '**Findings:** ⚠ unvalidated action input · missing auth (ignored)',
        'Ignored: missing auth — public guestbook by design',
      ],
      // The suppressed finding is not a warning (the form's unchecked fields are, under unvalidated-action-input).
      hasNot: ['⚠ [missing auth]'],
    },
    {
      // Revalidated by the client: the summary says what refreshes and where, not only a link.
      fixture: 'actions-client-refresh',
      file: 'src/app/items/actions.ts',
      name: 'createItem',
      has: ['**Revalidates:** yes — refreshed by its caller at src/app/items/create-item.tsx:7: router.refresh() once the call succeeds — [src/hooks/use-safe-action.ts:'],
    },
    {
      fixture: 'actions-inline',
      file: 'app/notes/page.tsx',
      name: 'inline@32',
      has: ['⚡ **Server Action** `inline action (line 32)`'],
    },
    {
      fixture: 'routes-exports',
      file: 'app/api/inngest/route.ts',
      name: 'POST',
      has: ['**Auth:** unknown — something that could hold a guard could not be read: Inngest verifies its signing key'],
    },
    {
      fixture: 'routers-trpc',
      file: 'server/api/routers/billing.ts',
      name: 'billing.subscriptionUpdated',
      has: ['🔌 **tRPC mutation** `billing.subscriptionUpdated`', '**URL:** `/api/trpc/billing.subscriptionUpdated` — served by [app/api/trpc/\\[trpc\\]/route.ts:1]', '**Auth:** missing'],
    },
    {
      fixture: 'routers-trpc',
      file: 'app/api/trpc/[trpc]/route.ts',
      name: 'POST',
      has: ['**Serves:** fetchRequestHandler() serves the tRPC router `appRouter`: 5 procedures for POST (each has its own lens where it is defined)', '**Exposure:** **internal**'],
    },
    {
      fixture: 'routers-hono',
      file: 'server/v2.ts',
      name: 'POST /api/v2/posts/purge',
      has: ['🔌 **Hono route** `POST /api/v2/posts/purge`', '**URL:** `/api/v2/posts/purge`'],
    },
    {
      fixture: 'routes-exports',
      file: 'pages/api/users/[id].ts',
      name: 'default',
      has: ['🌐 **API route (pages/api)**  \n', '**URL:** `/api/users/[id]`'],
    },
  ];
  for (const row of table) {
    void test(`${row.fixture} ${row.file}#${row.name}`, async () => {
      const result = await scanFixture(row.fixture);
      const item = endpointIn(result, row.file, row.name);
      const app = result.apps.find((candidate) => candidate.root === item.app);
      const markdown = hoverMarkdown(item, { ...(app && { app }), link });
      assertSummaryFirst(markdown);
      for (const text of row.has) assert.ok(markdown.includes(text), `expected\n${text}\nin\n${markdown}`);
      for (const text of row.hasNot ?? []) assert.ok(!markdown.includes(text), `did not expect ${text} in\n${markdown}`);
    });
  }

  void test('every endpoint: the summary first, and every fact of the model still in the hover', async () => {
    let endpoints = 0;
    for (const fixture of ['routes-classify', 'routes-exports', 'actions-suppression', 'actions-wrappers', 'actions-inline', 'rules-ownership', 'actions-public-flows', 'routers-trpc', 'routers-hono', 'routers-monorepo']) {
      const result = await scanFixture(fixture);
      for (const item of result.endpoints) {
        endpoints++;
        const app = result.apps.find((candidate) => candidate.root === item.app);
        const markdown = hoverMarkdown(item, { ...(app && { app }), link });
        const summary = assertSummaryFirst(markdown).join('\n');
        const at = `${fixture} ${item.file}#${item.name}`;
        assert.match(summary, new RegExp(`^\\*\\*Auth:\\*\\* ${item.auth}\\b`, 'm'), at);
        if (item.exposure === 'internal') assert.ok(summary.includes(`${item.callers.length} caller`), at);
        // The evidence lists of these fixtures are short enough to be shown whole.
        for (const evidence of item.evidence) {
          if (evidence.kind === 'external-hint' && evidence !== item.evidence.find((candidate) => candidate.kind === 'external-hint')) continue;
          // Revalidation, and the other route handlers serving a procedure, are shown as links.
          if (evidence.kind === 'revalidation' || (evidence.kind === 'mount' && item.kind === 'procedure')) assert.ok(markdown.includes(`[${escapeMarkdown(`${evidence.file}:`)}`), at);
          else assert.ok(markdown.includes(inlineMarkdown(evidence.message)), `${at}: ${evidence.kind} "${evidence.message}" is not in\n${markdown}`);
        }
        for (const caller of item.callers.slice(0, 10)) assert.ok(markdown.includes(`[${escapeMarkdown(`${caller.file}:${caller.line}`)}]`), at);
        for (const found of item.findings) assert.ok(markdown.includes(inlineMarkdown(found.message)), at);
        for (const ignored of item.suppressed) assert.ok(markdown.includes(inlineMarkdown(ignored.reason)), at);
      }
    }
    assert.ok(endpoints > 60, `${endpoints} endpoints`);
  });
});

void test('a mounting route lists what it serves for its method, unguarded first, each linked where it is defined', async () => {
  const result = await scanFixture('routers-trpc');
  const post = endpointIn(result, 'app/api/trpc/[trpc]/route.ts', 'POST');
  const served = servedProcedures(post, result.endpoints);
  assert.deepEqual(served.map((item) => item.name), ['billing.subscriptionUpdated', 'comment.moderation.hide', 'comment.moderation.resetDemo', 'comment.remove', 'post.create']);
  const markdown = hoverMarkdown(post, { link, served });
  const section = markdown.slice(markdown.indexOf('**Serves** (5):'));
  assert.ok(markdown.includes('**Serves** (5):'), markdown);
  const lines = section.split('\n').slice(1, 6);
  assert.match(lines[0] ?? '', /^- \[server\/api\/routers\/billing\.ts:7\]\(.*\) — `billing\.subscriptionUpdated` — ⚠ missing auth$/);
  assert.match(lines[1] ?? '', /`comment\.remove` — ⚠ missing auth$/);
  // Silenced with a reason: after the ones still to fix.
  assert.match(lines[2] ?? '', /`comment\.moderation\.resetDemo` — ✗ no auth \(ignored\)$/);
  assert.ok(lines.slice(3).every((line) => line.endsWith('✓ guarded by wrapper')), lines.join('\n'));
  // GET serves the queries only.
  assert.deepEqual(servedProcedures(endpointIn(result, 'app/api/trpc/[trpc]/route.ts', 'GET'), result.endpoints).map((item) => item.name), ['comment.list', 'post.list']);
});

void describe('hover on small models', () => {
  void test('the whole hover of an unused action that writes and does not revalidate', () => {
    const item = endpoint({
      name: 'archive',
      exposure: 'unused',
      auth: 'missing',
      revalidates: false,
      evidence: [{ kind: 'mutation', file: 'app/posts/actions.ts', line: 4, message: 'db.post.update() writes data' }],
      findings: [finding({ file: 'app/posts/actions.ts', line: 3 }, 'unused-action', 'info')],
    });
    assert.equal(
      hoverMarkdown(item, { link }),
      [
        '⚡ **Server Action** `archive`  ',
        '**URL:** none of its own — a POST to the page that renders it  ',
        '**Exposure:** **unused** — nothing in this app references it, but Next.js may still expose it  ',
        '**Auth:** missing — no session check, guard call, guarding wrapper or signature check runs before the first write  ',
        '**Effects:** db.post.update() writes data — [app/posts/actions.ts:4](file:///ws/app/posts/actions.ts#L4)  ',
        '**Revalidates:** no  ',
        '**Findings:** ℹ unused action',
        '',
        'ℹ [unused action](https://github.com/next-boundary/next-boundary#rule-unused-action) — unused-action message',
      ].join('\n'),
    );
  });

  void test('a long auth chain: the summary keeps its first and last hop and says how many are left out; the detail lists them all', () => {
    const hops = ['withTeam() checks the caller', 'authedClient checks the caller', '.use(…) middleware checks the caller', 'identity checked: `if (!session)` stops the request', 'identity read by auth()'];
    const item = endpoint({
      name: 'rename',
      callers: [{ file: 'app/x/page.tsx', line: 7, how: 'form-action' }],
      evidence: hops.map((message, index) => ({ kind: 'wrapper-guard' as const, file: 'lib/safe.ts', line: index + 1, message })),
    });
    const markdown = hoverMarkdown(item, { link });
    const summary = assertSummaryFirst(markdown);
    assert.equal(
      summary.find((line) => line.startsWith('**Auth:**')),
      '**Auth:** protected — withTeam() checks the caller — [lib/safe.ts:1](file:///ws/lib/safe.ts#L1) → … 3 more → identity read by auth() — [lib/safe.ts:5](file:///ws/lib/safe.ts#L5)  ',
    );
    assert.ok(!summary.join('\n').includes('authedClient'), 'a middle hop in the summary');
    // The summary comes before the callers, and the whole chain after them.
    const [exposure, auth, callers, chain] = ['**Exposure:**', '**Auth:**', '**Callers** (1):', '**Auth evidence** (5):'].map((text) => markdown.indexOf(text));
    assert.ok(exposure !== -1 && auth !== -1 && callers !== -1 && chain !== -1 && exposure < callers && auth < callers && callers < chain, markdown);
    for (const hop of hops) assert.ok(markdown.slice(chain).includes(`- ${inlineMarkdown(hop)} — `), hop);
  });

  void test('two hops are shown whole, with no "more" and no repeated detail', () => {
    const item = endpoint({
      evidence: [
        { kind: 'guard', file: 'app/posts/actions.ts', line: 5, message: 'identity checked: `if (!user)` stops the request' },
        { kind: 'guard', file: 'app/posts/actions.ts', line: 4, message: 'identity read by getUser()' },
      ],
    });
    const markdown = hoverMarkdown(item, { link });
    assert.ok(
      markdown.includes(
        '**Auth:** protected — identity checked: `if (!user)` stops the request — [app/posts/actions.ts:5](file:///ws/app/posts/actions.ts#L5) → identity read by getUser() — [app/posts/actions.ts:4](file:///ws/app/posts/actions.ts#L4)',
      ),
      markdown,
    );
    assert.ok(!markdown.includes('more'), markdown);
    assert.ok(!markdown.includes('**Auth evidence**'), markdown);
  });

  void test('a long effect list: first and last in the summary with "N more"; the detail shows five, "N more" and the last', () => {
    const writes = Array.from({ length: 9 }, (_, index) => ({ kind: 'mutation' as const, file: 'app/posts/actions.ts', line: 10 + index, message: `db.t${index}.update() writes data: changes shared data` }));
    const markdown = hoverMarkdown(endpoint({ evidence: writes }), { link });
    const summary = assertSummaryFirst(markdown);
    assert.equal(
      summary.find((line) => line.startsWith('**Effects:**')),
      '**Effects:** db.t0.update() writes data: changes shared data — [app/posts/actions.ts:10](file:///ws/app/posts/actions.ts#L10) · … 7 more · db.t8.update() writes data: changes shared data — [app/posts/actions.ts:18](file:///ws/app/posts/actions.ts#L18)  ',
    );
    const detail = markdown.slice(markdown.indexOf('**Effects** (9):')).split('\n\n')[0]?.split('\n') ?? [];
    assert.deepEqual(
      detail.map((line) => line.replace(/ — .*$/, '')),
      ['**Effects** (9):', '- db.t0.update() writes data: changes shared data', '- db.t1.update() writes data: changes shared data', '- db.t2.update() writes data: changes shared data', '- db.t3.update() writes data: changes shared data', '- db.t4.update() writes data: changes shared data', '- … 3 more', '- db.t8.update() writes data: changes shared data'],
    );
  });

  void test('collapse: whole up to head + 1 items, else head, the count left out, and the last', () => {
    assert.deepEqual(collapse(['a', 'b'], 1), ['a', 'b']);
    assert.deepEqual(collapse(['a', 'b', 'c'], 1), ['a', 1, 'c']);
    assert.deepEqual(collapse(['a', 'b', 'c', 'd', 'e'], 1), ['a', 3, 'e']);
    assert.deepEqual(collapse(['a', 'b', 'c', 'd'], 3), ['a', 'b', 'c', 'd']);
    assert.deepEqual(collapse([], 1), []);
  });

  void test('long caller lists are cut at ten', () => {
    const callers = Array.from({ length: 12 }, (_, index) => ({ file: 'components/x.tsx', line: index + 1, how: 'fetch' as const }));
    const markdown = hoverMarkdown(route({ exposure: 'internal', auth: 'public', callers }), { link });
    assert.ok(markdown.includes('**Callers** (12):'));
    assert.ok(markdown.includes('[components/x.tsx:10]'));
    assert.ok(!markdown.includes('[components/x.tsx:11]'));
    assert.ok(markdown.includes('- … 2 more'));
  });

  void test('Markdown in file names and messages is escaped, code spans are kept', () => {
    assert.equal(escapeMarkdown('app/_lib/[id]/<x>.ts'), 'app/\\_lib/\\[id\\]/\\<x\\>.ts');
    assert.equal(inlineMarkdown('calls <form> with `a_b[0]` and *x*'), 'calls \\<form\\> with `a_b[0]` and \\*x\\*');
  });
});
