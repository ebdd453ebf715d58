import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Location } from '../../src/analyzers/model';
import { escapeMarkdown, hoverMarkdown, inlineMarkdown } from '../../src/views/hover';
import { endpoint as endpointIn, scanFixture } from '../helpers';
import { endpoint, finding, route } from './model';

const link = (location: Location) => `file:///ws/${location.file}#L${location.line}`;

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
        '- db.todo.deleteMany() writes data: changes shared data — [app/api/admin/reset/route.ts:5](file:///ws/app/api/admin/reset/route.ts#L5)',
        '**Middleware / proxy** (context only):',
        '[middleware.ts:1](file:///ws/middleware.ts#L1)',
        '⚠ [missing auth](https://github.com/next-boundary/next-boundary#rule-missing-auth) — This POST handler writes shared data',
      ],
      hasNot: ['**Callers**', '**Revalidates:**'],
    },
    {
      fixture: 'routes-classify',
      file: 'app/api/todos/[id]/route.ts',
      name: 'PATCH',
      has: [
        '**Auth:** protected',
        '- withAuth() checks the caller before running the wrapped function — [app/api/todos/\\[id\\]/route.ts:12](file:///ws/app/api/todos/[id]/route.ts#L12)',
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
        '**Auth:** public\n- read-only: no write was found, and no guard',
      ],
    },
    {
      fixture: 'routes-classify',
      file: 'app/api/bookmarks/route.ts',
      name: 'POST',
      // Why no guard was found: the identity was read but never used to stop the request.
      has: ['**Auth:** missing — no guard stops the request before the first write:\n- identity read by auth() but never checked — [app/api/bookmarks/route.ts:5]'],
    },
    {
      fixture: 'actions-suppression',
      file: 'app/guestbook/actions.ts',
      name: 'addGuestbookEntry',
      has: [
        '⚡ **Server Action** `addGuestbookEntry`',
        '**URL:** none of its own — a POST to the page that renders it',
        '- [app/guestbook/page.tsx:9](file:///ws/app/guestbook/page.tsx#L9) — \\<form action\\>',
        '**Revalidates:** yes — [app/guestbook/actions.ts:11](file:///ws/app/guestbook/actions.ts#L11)',
        'Ignored: missing auth — public guestbook by design',
      ],
      // The suppressed finding is not a warning (the form's unchecked fields are, under unvalidated-action-input).
      hasNot: ['⚠ [missing auth]'],
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
      has: ['**Auth:** unknown — something that could hold a guard could not be read\n- '],
    },
    {
      fixture: 'routes-exports',
      file: 'pages/api/users/[id].ts',
      name: 'default',
      has: ['🌐 **API route (pages/api)**\n', '**URL:** `/api/users/[id]`'],
    },
  ];
  for (const row of table) {
    void test(`${row.fixture} ${row.file}#${row.name}`, async () => {
      const result = await scanFixture(row.fixture);
      const item = endpointIn(result, row.file, row.name);
      const app = result.apps.find((candidate) => candidate.root === item.app);
      const markdown = hoverMarkdown(item, { ...(app && { app }), link });
      for (const text of row.has) assert.ok(markdown.includes(text), `expected\n${text}\nin\n${markdown}`);
      for (const text of row.hasNot ?? []) assert.ok(!markdown.includes(text), `did not expect ${text} in\n${markdown}`);
    });
  }
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
        '⚡ **Server Action** `archive`',
        '',
        '**URL:** none of its own — a POST to the page that renders it  ',
        '**Exposure:** **unused** — nothing in this app references it, but Next.js may still expose it',
        '',
        '**Auth:** missing — no session check, guard call, guarding wrapper or signature check runs before the first write',
        '',
        '**Effects:**',
        '- db.post.update() writes data — [app/posts/actions.ts:4](file:///ws/app/posts/actions.ts#L4)',
        '',
        '**Revalidates:** no',
        '',
        'ℹ [unused action](https://github.com/next-boundary/next-boundary#rule-unused-action) — unused-action message',
      ].join('\n'),
    );
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
