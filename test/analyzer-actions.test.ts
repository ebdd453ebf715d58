/**
 * Server Action semantics, asserted against the mini apps in test/fixtures/actions-*.
 * Written from /work/notes/semantics.md (the model contract), not from the analyzer's code.
 *
 * Each fixture is one Next.js app (the scanned root is the app, so `app` is '' and paths are relative to it).
 * Every expected action is a row; a row is checked field by field, and each fixture also checks that the
 * analyzer found exactly the rows' set of endpoints (nothing missing, nothing extra) and skipped no file.
 *
 * Lines are never hard-coded: `at` / `text` name a piece of text that sits on exactly one line of the
 * fixture file (or the nth line holding it), see test/fixture-lines.ts.
 *
 * Decisions where the semantics leave a case open are written next to the row as "Decision:".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  AuthStatus,
  CallerHow,
  Endpoint,
  EvidenceKind,
  Exposure,
  ScanResult,
} from '../src/analyzers';
import { lineIn } from './fixture-lines';
import { endpoint, ruleIds, scanFixture } from './helpers';

/** A line in a fixture file, found by a piece of text on it. */
interface Spot {
  file: string;
  text: string;
  /** The nth line holding `text` (1-based) when it is on several lines. */
  nth?: number;
}

interface ExpectedCaller extends Spot {
  how: CallerHow;
}

interface ExpectedEvidence {
  /** The kind, or the kinds the semantics leave open for this item. */
  kind: EvidenceKind | readonly EvidenceKind[];
  /** Defaults to the endpoint's file; '*' = any file. */
  file?: string;
  /** Text on the evidence line; omitted = any line. */
  text?: string;
  nth?: number;
}

interface ExpectedAction {
  /** Exported name, inline function name, or 'inline@<line>' (the endpoint's line is filled in). */
  name: string;
  file: string;
  /** Text on the endpoint's line (export line / specifier line / inline function line). */
  at: string;
  atNth?: number;
  form: 'file' | 'inline';
  exposure: Exposure;
  auth: AuthStatus;
  mutates: boolean;
  revalidates: boolean;
  /** The exact set of callers ([] = none). */
  callers: readonly ExpectedCaller[];
  /** Evidence items that must be present (others may be present too). */
  evidence?: readonly ExpectedEvidence[];
  /** Evidence kinds that must not appear. */
  absentEvidence?: readonly EvidenceKind[];
  /** The exact rule ids of `findings`. */
  rules: readonly string[];
  /** The exact `suppressed` findings ([] when omitted). */
  suppressed?: readonly { ruleId: string; reason: string }[];
  /** Where some findings must point (in the endpoint's file). */
  findingAt?: readonly { ruleId: string; text: string; nth?: number }[];
}

function lineOfRow(fixture: string, row: ExpectedAction): number {
  return lineIn(fixture, row.file, row.at, row.atNth);
}

function nameOfRow(fixture: string, row: ExpectedAction): string {
  return row.name.replace('<line>', String(lineOfRow(fixture, row)));
}

function endpointKey(item: { kind: string; file: string; name: string }): string {
  return `${item.kind} ${item.file}#${item.name}`;
}

function showEvidence(item: Endpoint): string {
  if (item.evidence.length === 0) return '  (no evidence)';
  return item.evidence.map((e) => `  ${e.kind} ${e.file}:${e.line} ${e.message}`).join('\n');
}

function checkAction(result: ScanResult, fixture: string, row: ExpectedAction): void {
  const line = lineOfRow(fixture, row);
  const name = nameOfRow(fixture, row);
  const item = endpoint(result, row.file, name);
  const label = `${fixture}/${row.file}#${name}`;

  assert.deepEqual(
    {
      kind: item.kind,
      line: item.line,
      app: item.app,
      actionForm: item.actionForm,
      exposure: item.exposure,
      auth: item.auth,
      mutates: item.mutates,
      revalidates: item.revalidates,
    },
    {
      kind: 'action',
      line,
      app: '',
      actionForm: row.form,
      exposure: row.exposure,
      auth: row.auth,
      mutates: row.mutates,
      revalidates: row.revalidates,
    },
    `${label}: model fields differ; evidence was:\n${showEvidence(item)}`,
  );

  assert.deepEqual(
    item.callers.map((caller) => `${caller.file}:${caller.line} ${caller.how}`).sort(),
    row.callers.map((caller) => `${caller.file}:${lineIn(fixture, caller.file, caller.text, caller.nth)} ${caller.how}`).sort(),
    `${label}: callers`,
  );

  for (const expected of row.evidence ?? []) {
    const kinds: readonly EvidenceKind[] = typeof expected.kind === 'string' ? [expected.kind] : expected.kind;
    const file = expected.file ?? row.file;
    const evidenceLine = expected.text === undefined ? undefined : lineIn(fixture, file, expected.text, expected.nth);
    const found = item.evidence.some(
      (e) =>
        kinds.includes(e.kind) &&
        (file === '*' || e.file === file) &&
        (evidenceLine === undefined || e.line === evidenceLine),
    );
    assert.ok(
      found,
      `${label}: expected evidence ${kinds.join('|')} at ${file}${evidenceLine === undefined ? '' : `:${evidenceLine}`}; got:\n${showEvidence(item)}`,
    );
  }
  for (const kind of row.absentEvidence ?? []) {
    assert.ok(
      !item.evidence.some((e) => e.kind === kind),
      `${label}: expected no ${kind} evidence; got:\n${showEvidence(item)}`,
    );
  }

  assert.deepEqual(ruleIds(item), [...row.rules].sort(), `${label}: finding rule ids`);
  assert.deepEqual(
    item.suppressed.map((s) => ({ ruleId: s.ruleId, reason: s.reason })),
    row.suppressed ?? [],
    `${label}: suppressed findings`,
  );
  for (const where of row.findingAt ?? []) {
    const finding = item.findings.find((f) => f.ruleId === where.ruleId);
    assert.ok(finding, `${label}: no ${where.ruleId} finding`);
    assert.deepEqual(
      { file: finding.file, line: finding.line },
      { file: row.file, line: lineIn(fixture, row.file, where.text, where.nth) },
      `${label}: location of the ${where.ruleId} finding`,
    );
  }
}

/** One describe block per fixture: the exact endpoint set, then one test per row, then any extra checks. */
function actionSuite(
  fixture: string,
  title: string,
  rows: readonly ExpectedAction[],
  extra?: (t: { fixture: string; scan: () => Promise<ScanResult> }) => void,
): void {
  void describe(`${fixture} — ${title}`, () => {
    void test('finds exactly the expected endpoints and skips no file', async () => {
      const result = await scanFixture(fixture);
      assert.deepEqual(result.skipped, [], 'skipped files');
      assert.deepEqual(
        result.apps.map((app) => app.root),
        [''],
        'the fixture root is the one Next.js app',
      );
      assert.deepEqual(
        result.endpoints.map(endpointKey).sort(),
        rows.map((row) => endpointKey({ kind: 'action', file: row.file, name: nameOfRow(fixture, row) })).sort(),
      );
    });
    for (const row of rows) {
      void test(`${nameOfRow(fixture, row)} in ${row.file}`, async () => {
        checkAction(await scanFixture(fixture), fixture, row);
      });
    }
    extra?.({ fixture, scan: () => scanFixture(fixture) });
  });
}

/* ------------------------------------------------------------------------------------------------
 * 1. Every export form of a 'use server' module.
 * ---------------------------------------------------------------------------------------------- */

// Read-only lookups, referenced by nothing: public (no guard, no write), unused.
const readOnlyUnused = {
  form: 'file',
  exposure: 'unused',
  auth: 'public',
  mutates: false,
  revalidates: false,
  callers: [],
  absentEvidence: ['mutation', 'revalidation'],
  rules: ['unused-action'],
} as const satisfies Partial<ExpectedAction>;

actionSuite(
  'actions-export-forms',
  "export forms of 'use server' modules",
  [
    { name: 'listPosts', file: 'app/posts/actions.ts', at: 'export async function listPosts', ...readOnlyUnused },
    { name: 'countPosts', file: 'app/posts/actions.ts', at: 'export const countPosts = async () =>', ...readOnlyUnused },
    { name: 'findPost', file: 'app/posts/actions.ts', at: 'export const findPost = async function', ...readOnlyUnused },
    // `export default async function latestPost()` is named `default` (the exported name).
    { name: 'default', file: 'app/posts/actions.ts', at: 'export default async function latestPost', ...readOnlyUnused },
    // "use server" in double quotes; `export { a, b as c }` on several lines: each at its specifier's line,
    // named by the exported name.
    { name: 'searchPosts', file: 'app/posts/search.ts', at: '  searchPosts,', ...readOnlyUnused },
    { name: 'suggest', file: 'app/posts/search.ts', at: 'suggestTitles as suggest', ...readOnlyUnused },
    // 'use strict' before 'use server' is still a directive prologue.
    { name: 'listComments', file: 'app/comments/actions.ts', at: 'export async function listComments', ...readOnlyUnused },
    // A comment before the directive does not break the prologue.
    { name: 'listTags', file: 'app/tags/actions.ts', at: 'export async function listTags', ...readOnlyUnused },
    // Re-export of a plain (non-'use server') module: reported at the re-exporting file, analysed through the
    // implementation (the write and the revalidation are in lib/posts/archive.ts).
    {
      name: 'archivePost',
      file: 'app/posts/archive.ts',
      at: "export { archivePost } from '@/lib/posts/archive';",
      form: 'file',
      exposure: 'unused',
      auth: 'missing',
      mutates: true,
      revalidates: true,
      callers: [],
      evidence: [
        { kind: 'mutation', file: 'lib/posts/archive.ts', text: 'await db.post.update(' },
        { kind: 'revalidation', file: 'lib/posts/archive.ts', text: "revalidatePath('/posts');" },
      ],
      rules: ['missing-auth', 'unused-action', 'unvalidated-action-input'],
    },
    // The 'use server' barrel app/todos/actions/index.ts re-exports another 'use server' file: the actions are
    // reported once, at the original; the page imports them through the barrel ('./actions').
    {
      name: 'createTodo',
      file: 'app/todos/actions/mutations.ts',
      at: 'export async function createTodo',
      form: 'file',
      exposure: 'internal',
      auth: 'missing',
      mutates: true,
      revalidates: true,
      callers: [{ file: 'app/todos/page.tsx', text: '<form action={createTodo}>', how: 'form-action' }],
      evidence: [
        { kind: 'mutation', text: 'await db.todo.create(' },
        { kind: 'revalidation', text: "revalidatePath('/todos');", nth: 1 },
      ],
      rules: ['missing-auth', 'unvalidated-action-input'],
    },
    {
      name: 'clearCompleted',
      file: 'app/todos/actions/mutations.ts',
      at: 'export async function clearCompleted',
      form: 'file',
      exposure: 'internal',
      auth: 'missing',
      mutates: true,
      revalidates: true,
      callers: [{ file: 'app/todos/page.tsx', text: '<form action={clearCompleted}>', how: 'form-action' }],
      evidence: [{ kind: 'mutation', text: 'await db.todo.deleteMany(' }],
      rules: ['missing-auth'],
    },
  ],
  ({ scan }) => {
    void test("'use server' after an import is not a directive: that module has no actions", async () => {
      const result = await scan();
      assert.deepEqual(result.endpoints.filter((e) => e.file === 'app/posts/maintenance.ts').map(endpointKey), []);
    });
    void test("a 'use server' barrel re-exporting a 'use server' file reports nothing itself", async () => {
      const result = await scan();
      assert.deepEqual(result.endpoints.filter((e) => e.file === 'app/todos/actions/index.ts').map(endpointKey), []);
      assert.equal(result.endpoints.filter((e) => e.name === 'createTodo').length, 1);
    });
    void test('type exports and non-re-exported helpers are not actions', async () => {
      const result = await scan();
      const names = result.endpoints.map((e) => e.name);
      assert.ok(!names.includes('PostSummary'));
      assert.ok(!names.includes('isArchived'));
      assert.deepEqual(result.endpoints.filter((e) => e.file === 'lib/posts/archive.ts').map(endpointKey), []);
    });
  },
);

/* ------------------------------------------------------------------------------------------------
 * 2. Inline actions (function-level 'use server') in Server Components of non-'use server' files.
 * ---------------------------------------------------------------------------------------------- */

actionSuite('actions-inline', 'inline actions in Server Components', [
  {
    name: 'addNote',
    file: 'app/notes/page.tsx',
    at: 'async function addNote(formData: FormData)',
    form: 'inline',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/notes/page.tsx', text: '<form action={addNote}>', how: 'form-action' }],
    evidence: [
      { kind: 'guard', text: 'const session = await auth();' },
      { kind: 'mutation', text: 'await db.note.create(' },
      { kind: 'revalidation', text: "revalidatePath('/notes');", nth: 1 },
    ],
    rules: ['unvalidated-action-input'],
  },
  // An anonymous arrow written straight into <form action={...}>: named inline@<line of `async`>, and that
  // same attribute is its one caller. The page-level data read does not guard it.
  {
    name: 'inline@<line>',
    file: 'app/notes/page.tsx',
    at: 'action={async () => {',
    form: 'inline',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/notes/page.tsx', text: 'action={async () => {', how: 'form-action' }],
    evidence: [{ kind: 'mutation', text: 'await db.note.delete(' }],
    rules: ['missing-auth'],
  },
  // Passed to a client component as a prop (not a form): caller how = 'prop'.
  {
    name: 'pinNote',
    file: 'app/notes/[id]/page.tsx',
    at: 'async function pinNote()',
    form: 'inline',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/notes/[id]/page.tsx', text: 'onConfirm={pinNote}', how: 'prop' }],
    evidence: [{ kind: 'guard', text: 'const session = await auth();' }],
    rules: [],
  },
  // Decision: an arrow assigned to a const (`const shareNote = async () => { 'use server' ... }`) takes the
  // variable's name (as JS names the function), not inline@<line>.
  {
    name: 'shareNote',
    file: 'app/notes/[id]/page.tsx',
    at: 'const shareNote = async () => {',
    form: 'inline',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: false,
    callers: [{ file: 'app/notes/[id]/page.tsx', text: 'onConfirm={shareNote}', how: 'prop' }],
    evidence: [{ kind: 'mutation', text: 'await db.shareLink.create(' }],
    absentEvidence: ['revalidation'],
    rules: ['missing-auth', 'missing-revalidation'],
  },
]);

/* ------------------------------------------------------------------------------------------------
 * 3. Wrappers: next-safe-action clients, home-grown HOFs, zsa procedures. None is referenced by the app.
 * ---------------------------------------------------------------------------------------------- */

// Decision: for a guard living in another file, the spec asks for "an entry at the identity call's line in
// that file" without fixing its kind; 'guard' and 'wrapper-guard' are both accepted there. The entry at the
// call site in the action's file must be 'wrapper-guard'.
const guardElsewhere: readonly EvidenceKind[] = ['wrapper-guard', 'guard'];

actionSuite('actions-wrappers', 'action wrappers and clients', [
  // authActionClient = actionClient.use(mw) in lib/safe-action.ts, mw calls auth() and throws when absent.
  {
    name: 'updateProfile',
    file: 'app/account/actions.ts',
    at: 'export const updateProfile = authActionClient.schema(profileSchema).action(',
    form: 'file',
    exposure: 'unused',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [
      { kind: 'wrapper-guard', text: 'export const updateProfile' },
      { kind: guardElsewhere, file: 'lib/safe-action.ts', text: 'const session = await auth();' },
      { kind: 'mutation', text: 'await db.user.update(' },
    ],
    rules: ['unused-action'],
  },
  // Built from the base client even though the auth client exists.
  {
    name: 'setNotificationPrefs',
    file: 'app/account/actions.ts',
    at: 'export const setNotificationPrefs = actionClient.inputSchema(prefsSchema).action(',
    form: 'file',
    exposure: 'unused',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [{ kind: 'mutation', text: 'await db.preference.upsert(' }],
    absentEvidence: ['guard', 'wrapper-guard'],
    rules: ['missing-auth', 'unused-action'],
  },
  // validatedAction only parses the input: validation is not protection.
  {
    name: 'createNote',
    file: 'app/account/actions.ts',
    at: 'export const createNote = validatedAction(',
    form: 'file',
    exposure: 'unused',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [{ kind: 'mutation', text: 'await db.note.create(' }],
    absentEvidence: ['guard', 'wrapper-guard'],
    rules: ['missing-auth', 'unused-action'],
  },
  // validatedActionWithUser's closure calls the local identity helper getUser() and throws when it is null.
  {
    name: 'renameWorkspace',
    file: 'app/account/actions.ts',
    at: 'export const renameWorkspace = validatedActionWithUser(',
    form: 'file',
    exposure: 'unused',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [
      { kind: 'wrapper-guard', text: 'export const renameWorkspace' },
      { kind: guardElsewhere, file: 'lib/validated.ts', text: 'const user = await getUser();' },
    ],
    rules: ['unused-action'],
  },
  // withAuth sounds safe but its body only logs.
  {
    name: 'deleteAccount',
    file: 'app/account/actions.ts',
    at: 'export const deleteAccount = withAuth(',
    form: 'file',
    exposure: 'unused',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [
      { kind: 'wrapper-no-guard', file: '*' },
      { kind: 'mutation', text: 'await db.user.delete(' },
    ],
    absentEvidence: ['guard', 'wrapper-guard'],
    rules: ['missing-auth', 'unused-action'],
  },
  // `.action(withAuditLog('archived', async … => …))`: the body is the function handed to the inner wrapper.
  {
    name: 'archiveNote',
    file: 'app/account/actions.ts',
    at: 'export const archiveNote = authActionClient',
    form: 'file',
    exposure: 'unused',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [
      { kind: 'wrapper-guard', text: 'export const archiveNote' },
      { kind: 'mutation', text: 'await db.note.update(' },
    ],
    rules: ['unused-action'],
  },
  {
    name: 'purgeNotes',
    file: 'app/account/actions.ts',
    at: 'export const purgeNotes = actionClient',
    form: 'file',
    exposure: 'unused',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [{ kind: 'mutation', text: 'await db.note.deleteMany(' }],
    absentEvidence: ['guard', 'wrapper-guard'],
    rules: ['missing-auth', 'unused-action'],
  },
  // zsa: authedProcedure's handler throws ZSAError when there is no session. The chain spans several lines,
  // so only the file of the call-site entry is pinned.
  {
    name: 'renameTeam',
    file: 'app/teams/actions.ts',
    at: 'export const renameTeam = authedProcedure',
    form: 'file',
    exposure: 'unused',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [],
    evidence: [
      { kind: 'wrapper-guard' },
      { kind: guardElsewhere, file: 'lib/zsa.ts', text: 'const session = await auth();' },
      { kind: 'mutation', text: 'await db.team.update(' },
    ],
    rules: ['unused-action'],
  },
]);

/* ------------------------------------------------------------------------------------------------
 * 4a. Auth traps with Auth.js (next-auth v5), a helper chain, middleware, sign-in / sign-up.
 * ---------------------------------------------------------------------------------------------- */

actionSuite(
  'actions-auth-nextauth',
  'guards and false guards with next-auth',
  [
    // The guard's evidence is at the identity call (not at the `if`).
    {
      name: 'createPost',
      file: 'app/posts/actions.ts',
      at: 'export async function createPost',
      form: 'file',
      exposure: 'internal',
      auth: 'protected',
      mutates: true,
      revalidates: true,
      callers: [{ file: 'app/posts/new/page.tsx', text: '<form action={createPost}>', how: 'form-action' }],
      evidence: [
        { kind: 'guard', text: 'const session = await auth();', nth: 1 },
        { kind: 'mutation', text: 'await db.post.create(', nth: 1 },
      ],
      // /posts/new is outside the middleware matcher.
      absentEvidence: ['middleware'],
      rules: ['unvalidated-action-input'],
    },
    // auth() read only to fill authorName: not a guard.
    {
      name: 'submitGuestPost',
      file: 'app/posts/actions.ts',
      at: 'export async function submitGuestPost',
      form: 'file',
      exposure: 'unused',
      auth: 'missing',
      mutates: true,
      revalidates: true,
      callers: [],
      evidence: [
        { kind: 'identity-unchecked', text: 'const session = await auth();', nth: 2 },
        { kind: 'mutation', text: 'await db.post.create(', nth: 2 },
      ],
      absentEvidence: ['guard'],
      rules: ['missing-auth', 'unused-action', 'unvalidated-action-input'],
    },
    // action → requirePermission() (lib/auth/permissions.ts) → requireUser() (lib/auth/user.ts) → auth() + redirect.
    // Its caller page is under the middleware matcher, which adds context but decides nothing.
    {
      name: 'deletePost',
      file: 'app/posts/actions.ts',
      at: 'export async function deletePost',
      form: 'file',
      exposure: 'internal',
      auth: 'protected',
      mutates: true,
      revalidates: true,
      // Decision: `<form action={x.bind(null, id)}>` is a form-action caller at that attribute.
      callers: [
        { file: 'app/dashboard/posts/page.tsx', text: '<form action={deletePost.bind(null, post.id)}>', how: 'form-action' },
      ],
      evidence: [
        { kind: 'guard', text: "await requirePermission('post:delete');" },
        { kind: 'guard', file: 'lib/auth/user.ts', text: 'const session = await auth();' },
        { kind: 'middleware', file: 'middleware.ts' },
        { kind: 'mutation', text: 'await db.post.delete(' },
      ],
      rules: ['unvalidated-action-input'],
    },
    // Unguarded, used only from /dashboard/posts which middleware.ts covers: still missing.
    {
      name: 'publishPost',
      file: 'app/posts/actions.ts',
      at: 'export async function publishPost',
      form: 'file',
      exposure: 'internal',
      auth: 'missing',
      mutates: true,
      revalidates: true,
      callers: [{ file: 'app/dashboard/posts/page.tsx', text: '<form action={publishPost}>', how: 'form-action' }],
      evidence: [
        { kind: 'middleware', file: 'middleware.ts' },
        { kind: 'mutation', text: 'await db.post.update(' },
      ],
      absentEvidence: ['guard', 'wrapper-guard'],
      rules: ['missing-auth', 'unvalidated-action-input'],
    },
    // Read-only, no guard: public.
    {
      name: 'searchPosts',
      file: 'app/posts/actions.ts',
      at: 'export async function searchPosts',
      form: 'file',
      exposure: 'unused',
      auth: 'public',
      mutates: false,
      revalidates: false,
      callers: [],
      absentEvidence: ['mutation'],
      rules: ['unused-action'],
    },
    // Decision (auth-semantics.md): signIn('credentials', formData) changes the caller's sign-in state, so it
    // mutates; a sign-in is public by design (evidence 'public'), and a change of sign-in state alone has nothing
    // to revalidate, so no missing-revalidation is raised for a login form.
    {
      name: 'authenticate',
      file: 'app/login/actions.ts',
      at: 'export async function authenticate',
      form: 'file',
      exposure: 'internal',
      auth: 'public',
      mutates: true,
      revalidates: false,
      callers: [{ file: 'app/login/login-form.tsx', text: 'useActionState(authenticate, undefined)', how: 'useActionState' }],
      evidence: [{ kind: 'public' }, { kind: 'mutation', text: 'signIn(' }],
      rules: [],
    },
    // Sign-up writes a user and redirects: mutates, revalidates (redirect), public by design (register).
    {
      name: 'register',
      file: 'app/login/actions.ts',
      at: 'export async function register',
      form: 'file',
      exposure: 'internal',
      auth: 'public',
      mutates: true,
      revalidates: true,
      callers: [{ file: 'app/register/page.tsx', text: '<form action={register}>', how: 'form-action' }],
      evidence: [
        { kind: 'public' },
        { kind: 'mutation', text: 'await db.user.create(' },
        { kind: 'revalidation', text: "redirect('/login');" },
      ],
      rules: ['unvalidated-action-input'],
    },
  ],
  ({ scan }) => {
    void test('middleware.ts is recorded on the app with its constant matcher', async () => {
      const [app] = (await scan()).apps;
      assert.ok(app?.middleware, 'app.middleware');
      assert.deepEqual(
        { file: app.middleware.file, matchers: app.middleware.matchers, dynamicMatcher: app.middleware.dynamicMatcher },
        { file: 'middleware.ts', matchers: ['/dashboard/:path*'], dynamicMatcher: false },
      );
    });
  },
);

/* ------------------------------------------------------------------------------------------------
 * 4b. Clerk (auth is imported from @clerk/nextjs/server), drizzle writes.
 * ---------------------------------------------------------------------------------------------- */

const clerkFile = 'app/invoices/actions.ts';
const invoicesPage = 'app/invoices/page.tsx';

actionSuite('actions-auth-clerk', 'Clerk guards and false guards', [
  {
    name: 'createInvoice',
    file: clerkFile,
    at: 'export async function createInvoice',
    form: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [{ file: invoicesPage, text: '<form action={createInvoice}>', how: 'form-action' }],
    evidence: [
      { kind: 'guard', text: 'const { userId } = await auth();', nth: 1 },
      { kind: 'mutation', text: 'await db.insert(invoices)' },
    ],
    rules: [],
  },
  // await auth.protect() guards by itself.
  {
    name: 'deleteInvoice',
    file: clerkFile,
    at: 'export async function deleteInvoice',
    form: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [{ file: invoicesPage, text: '<form action={deleteInvoice.bind(null, invoice.id)}>', how: 'form-action' }],
    evidence: [
      { kind: 'guard', text: 'await auth.protect();' },
      { kind: 'mutation', text: 'await db.delete(invoices)' },
    ],
    rules: [],
  },
  // Decision (a subtle trap, kept on purpose): Clerk's auth() resolves to an object that is never null, so
  // `if (!(await auth()))` never stops anyone. Not a guard.
  {
    name: 'markPaid',
    file: clerkFile,
    at: 'export async function markPaid',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [{ file: invoicesPage, text: '<form action={markPaid.bind(null, invoice.id)}>', how: 'form-action' }],
    evidence: [{ kind: 'mutation', text: 'await db.update(invoices)' }],
    absentEvidence: ['guard'],
    rules: ['missing-auth'],
  },
  // userId written into a row without a null check.
  {
    name: 'requestExport',
    file: clerkFile,
    at: 'export async function requestExport',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [{ file: invoicesPage, text: '<form action={requestExport}>', how: 'form-action' }],
    evidence: [
      { kind: 'identity-unchecked', text: 'const { userId } = await auth();', nth: 2 },
      { kind: 'mutation', text: 'await db.insert(exportsTable)' },
    ],
    absentEvidence: ['guard'],
    rules: ['missing-auth'],
  },
  // currentUser() checked for null, redirect on the absent branch.
  {
    name: 'updateBillingEmail',
    file: clerkFile,
    at: 'export async function updateBillingEmail',
    form: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [{ file: invoicesPage, text: '<form action={updateBillingEmail}>', how: 'form-action' }],
    evidence: [{ kind: 'guard', text: 'const user = await currentUser();' }],
    rules: [],
  },
]);

/* ------------------------------------------------------------------------------------------------
 * 4c. Supabase (@supabase/ssr), writes through the supabase client.
 * ---------------------------------------------------------------------------------------------- */

const todoActions = 'app/todos/actions.ts';

actionSuite('actions-auth-supabase', 'Supabase guards and false guards', [
  {
    name: 'addTodo',
    file: todoActions,
    at: 'export async function addTodo',
    form: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/todos/page.tsx', text: '<form action={addTodo}>', how: 'form-action' }],
    evidence: [
      { kind: 'guard', text: 'await supabase.auth.getUser();', nth: 1 },
      { kind: 'mutation', text: ".insert({ task:" },
    ],
    rules: ['unvalidated-action-input'],
  },
  // Decision (a subtle trap, kept on purpose): supabase.auth.getSession() reads the cookie without revalidating
  // it ("never trust getSession() in server code"), so it is not an identity source and this is not a guard.
  {
    name: 'toggleTodo',
    file: todoActions,
    at: 'export async function toggleTodo',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/todos/todo-item.tsx', text: 'onChange={() => toggleTodo(', how: 'call' }],
    evidence: [{ kind: 'mutation', text: ".update({ is_complete: done })" }],
    absentEvidence: ['guard'],
    rules: ['missing-auth', 'unvalidated-action-input'],
  },
  // getUser() result only used as `user?.id` in the filter, never tested.
  {
    name: 'deleteTodo',
    file: todoActions,
    at: 'export async function deleteTodo',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/todos/todo-item.tsx', text: 'onClick={() => deleteTodo(todo.id)}', how: 'call' }],
    evidence: [
      { kind: 'identity-unchecked', text: 'await supabase.auth.getUser();', nth: 2 },
      { kind: 'mutation', text: '.delete().eq(' },
    ],
    absentEvidence: ['guard'],
    rules: ['missing-auth'],
  },
]);

/* ------------------------------------------------------------------------------------------------
 * 5. Mutations and revalidation (every action here is guarded by the self-guarding requireUser()).
 * ---------------------------------------------------------------------------------------------- */

const projectActions = 'app/projects/actions.ts';
const projectsPage = 'app/projects/page.tsx';
const projectPage = 'app/projects/[id]/page.tsx';
const dal = 'lib/dal/projects.ts';

const guardedInternal = {
  form: 'file',
  exposure: 'internal',
  auth: 'protected',
} as const satisfies Partial<ExpectedAction>;

actionSuite('actions-mutations', 'mutation and revalidation', [
  {
    name: 'addComment',
    file: projectActions,
    at: 'export async function addComment',
    ...guardedInternal,
    mutates: true,
    revalidates: true,
    callers: [{ file: projectPage, text: '<form action={addComment.bind(null, id)}>', how: 'form-action' }],
    evidence: [
      { kind: 'guard', text: 'const user = await requireUser();', nth: 1 },
      { kind: 'guard', file: 'lib/auth.ts', text: 'const session = await auth();' },
      { kind: 'mutation', text: 'await db.comment.create(' },
      { kind: 'revalidation', text: 'revalidatePath(`/projects/${projectId}`);' },
    ],
    rules: ['unvalidated-action-input'],
  },
  // redirect() after the write counts as revalidation.
  {
    name: 'createProject',
    file: projectActions,
    at: 'export async function createProject',
    ...guardedInternal,
    mutates: true,
    revalidates: true,
    callers: [{ file: projectsPage, text: '<form action={createProject}>', how: 'form-action' }],
    evidence: [
      { kind: 'mutation', text: 'const project = await db.project.create(' },
      { kind: 'revalidation', text: 'redirect(`/projects/${project.id}`);' },
    ],
    rules: ['unvalidated-action-input'],
  },
  // Writes and neither revalidates nor redirects.
  {
    name: 'toggleStar',
    file: projectActions,
    at: 'export async function toggleStar',
    ...guardedInternal,
    mutates: true,
    revalidates: false,
    callers: [{ file: projectPage, text: '<form action={toggleStar.bind(null, id)}>', how: 'form-action' }],
    evidence: [{ kind: 'mutation', text: 'await db.star.upsert(' }],
    absentEvidence: ['revalidation'],
    rules: ['missing-revalidation', 'unvalidated-action-input'],
  },
  // The write is in a DAL function in another file; revalidateTag in the action.
  {
    name: 'renameProject',
    file: projectActions,
    at: 'export async function renameProject',
    ...guardedInternal,
    mutates: true,
    revalidates: true,
    callers: [{ file: projectPage, text: '<form action={renameProject.bind(null, id)}>', how: 'form-action' }],
    evidence: [
      { kind: 'mutation', file: dal, text: 'return db.project.update(' },
      { kind: 'revalidation', text: "revalidateTag('projects', 'max');" },
    ],
    rules: ['unvalidated-action-input'],
  },
  // Both the write and the revalidation live in the DAL helper.
  {
    name: 'deleteProject',
    file: projectActions,
    at: 'export async function deleteProject',
    ...guardedInternal,
    mutates: true,
    revalidates: true,
    callers: [{ file: projectPage, text: '<form action={deleteProject.bind(null, id)}>', how: 'form-action' }],
    evidence: [
      { kind: 'mutation', file: dal, text: 'await db.project.delete(' },
      { kind: 'revalidation', file: dal, text: "revalidatePath('/projects');" },
    ],
    rules: ['unvalidated-action-input'],
  },
  // cookies().set is a mutation.
  {
    name: 'switchTeam',
    file: projectActions,
    at: 'export async function switchTeam',
    ...guardedInternal,
    mutates: true,
    revalidates: true,
    callers: [{ file: projectsPage, text: 'action={switchTeam.bind(null, team.id)}', how: 'form-action' }],
    evidence: [
      { kind: 'mutation', text: "(await cookies()).set('active-team'" },
      { kind: 'revalidation', text: "revalidatePath('/', 'layout');" },
    ],
    rules: [],
  },
  // Raw SQL UPDATE through prisma.$executeRaw; updateTag revalidates.
  {
    name: 'archiveStaleProjects',
    file: projectActions,
    at: 'export async function archiveStaleProjects',
    ...guardedInternal,
    mutates: true,
    revalidates: true,
    callers: [{ file: projectsPage, text: '<form action={archiveStaleProjects}>', how: 'form-action' }],
    evidence: [
      { kind: 'mutation', text: 'await db.$executeRaw`UPDATE' },
      { kind: 'revalidation', text: "updateTag('projects');" },
    ],
    rules: [],
  },
  // Reads only (count). Guarded, so 'protected' even though nothing is written. Called directly from a
  // Server Component: caller how = 'call'.
  {
    name: 'getProjectStats',
    file: projectActions,
    at: 'export async function getProjectStats',
    ...guardedInternal,
    mutates: false,
    revalidates: false,
    callers: [{ file: projectsPage, text: 'const stats = await getProjectStats();', how: 'call' }],
    absentEvidence: ['mutation', 'revalidation'],
    rules: [],
  },
]);

/* ------------------------------------------------------------------------------------------------
 * 6. Callers and exposure (src/ layout, `@/*` → `./src/*`). All guarded, all write and revalidate.
 * ---------------------------------------------------------------------------------------------- */

const postActions = 'src/app/actions/posts.ts';
const newPostForm = 'src/app/posts/new/new-post-form.tsx'; // imports the actions by a relative path
const postEditor = 'src/app/posts/[id]/post-editor.tsx'; // imports them through the @/ alias

const usedAndGuarded = {
  form: 'file',
  exposure: 'internal',
  auth: 'protected',
  mutates: true,
  revalidates: true,
  rules: [],
} as const satisfies Partial<ExpectedAction>;

// The actions that write what their callers send, unchecked, also get unvalidated-action-input.
actionSuite('actions-callers', 'callers and exposure', [
  {
    name: 'createPost',
    file: postActions,
    at: 'export async function createPost',
    ...usedAndGuarded,
    rules: ['unvalidated-action-input'],
    callers: [{ file: newPostForm, text: '<form action={createPost}>', how: 'form-action' }],
    evidence: [
      { kind: 'guard', text: 'const user = await requireUser();', nth: 1 },
      { kind: 'guard', file: 'src/lib/auth.ts', text: 'const session = await auth();' },
    ],
  },
  {
    name: 'publishPost',
    file: postActions,
    at: 'export async function publishPost',
    ...usedAndGuarded,
    rules: ['unvalidated-action-input'],
    callers: [{ file: newPostForm, text: 'formAction={publishPost}', how: 'form-formAction' }],
  },
  // `<form action={titleAction}>` uses the hook's returned function, not the action: one caller only.
  {
    name: 'updateTitle',
    file: postActions,
    at: 'export async function updateTitle',
    ...usedAndGuarded,
    callers: [{ file: postEditor, text: 'useActionState(updateTitle,', how: 'useActionState' }],
  },
  // Decision: a call inside the callback given to startTransition (here the one returned by useTransition)
  // is one caller of how 'startTransition', not an extra 'call'.
  {
    name: 'likePost',
    file: postActions,
    at: 'export async function likePost',
    ...usedAndGuarded,
    rules: ['unvalidated-action-input'],
    callers: [{ file: postEditor, text: 'startTransition(() => likePost(post.id))', how: 'startTransition' }],
  },
  // Imported under another name (`deletePost as removePost`) and awaited in an event handler.
  {
    name: 'deletePost',
    file: postActions,
    at: 'export async function deletePost',
    ...usedAndGuarded,
    rules: ['unvalidated-action-input'],
    callers: [{ file: postEditor, text: 'await removePost(post.id);', how: 'call' }],
  },
  // next-safe-action action used through useAction(): how 'hook'. The later archive(...) call is a call of
  // the hook's execute function, not of the action.
  {
    name: 'archivePost',
    file: postActions,
    at: 'export const archivePost = authActionClient',
    ...usedAndGuarded,
    callers: [{ file: postEditor, text: 'useAction(archivePost)', how: 'hook' }],
  },
  {
    name: 'pinPost',
    file: postActions,
    at: 'export async function pinPost',
    ...usedAndGuarded,
    rules: ['unvalidated-action-input'],
    callers: [{ file: postEditor, text: '<form action={pinPost.bind(null, post.id)}>', how: 'form-action' }],
  },
  // Exported and never referenced.
  {
    name: 'duplicatePost',
    file: postActions,
    at: 'export async function duplicatePost',
    ...usedAndGuarded,
    exposure: 'unused',
    callers: [],
    rules: ['unused-action'],
  },
]);

/* ------------------------------------------------------------------------------------------------
 * 7. Suppression comments.
 * ---------------------------------------------------------------------------------------------- */

const guestbookActions = 'app/guestbook/actions.ts';

actionSuite('actions-suppression', 'next-boundary-ignore comments', [
  // The finding moves to `suppressed`; the model itself (auth: missing) does not change.
  {
    name: 'addGuestbookEntry',
    file: guestbookActions,
    at: 'export async function addGuestbookEntry',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/guestbook/page.tsx', text: '<form action={addGuestbookEntry}>', how: 'form-action' }],
    rules: ['unvalidated-action-input'],
    suppressed: [{ ruleId: 'missing-auth', reason: 'public guestbook by design' }],
  },
  // No reason: the finding stays and suppression-without-reason is added.
  // Decision: the suppression-without-reason finding points at the comment's line.
  {
    name: 'hideGuestbookEntry',
    file: guestbookActions,
    at: 'export async function hideGuestbookEntry',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [
      { file: 'app/guestbook/page.tsx', text: '<form action={hideGuestbookEntry.bind(null, entry.id)}>', how: 'form-action' },
    ],
    rules: ['missing-auth', 'suppression-without-reason', 'unvalidated-action-input'],
    suppressed: [],
    findingAt: [{ ruleId: 'suppression-without-reason', text: '// next-boundary-ignore missing-auth', nth: 2 }],
  },
  // Any rule can be suppressed; here unused-action, for an action another client calls.
  {
    name: 'listGuestbookEntries',
    file: guestbookActions,
    at: 'export async function listGuestbookEntries',
    form: 'file',
    exposure: 'unused',
    auth: 'public',
    mutates: false,
    revalidates: false,
    callers: [],
    rules: [],
    suppressed: [{ ruleId: 'unused-action', reason: 'called by the mobile app' }],
  },
]);

/* ------------------------------------------------------------------------------------------------
 * 8. next-boundary.config.json guards: ensureTeamMember comes from a package that is not installed.
 * ---------------------------------------------------------------------------------------------- */

actionSuite('actions-config', 'user-configured guards', [
  {
    name: 'inviteMember',
    file: 'app/team/actions.ts',
    at: 'export async function inviteMember',
    form: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/team/page.tsx', text: '<form action={inviteMember}>', how: 'form-action' }],
    evidence: [{ kind: ['config', 'guard'], text: 'await ensureTeamMember();' }],
    absentEvidence: ['unresolved'],
    rules: ['unvalidated-action-input'],
  },
  // Same file, no guard call: the config does not leak to it.
  {
    name: 'removeMember',
    file: 'app/team/actions.ts',
    at: 'export async function removeMember',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: true,
    callers: [{ file: 'app/team/page.tsx', text: '<form action={removeMember.bind(null, member.id)}>', how: 'form-action' }],
    evidence: [{ kind: 'mutation', text: 'await db.membership.delete(' }],
    rules: ['missing-auth', 'unvalidated-action-input'],
  },
]);

/* ----------------------------------------------------------------------------------------------
 * Public flows: an action beside a sign-in page is public by design, but no flow hands out secrets.
 * ---------------------------------------------------------------------------------------------- */

actionSuite('actions-public-flows', 'actions of a sign-in page', [
  {
    name: 'readSetting',
    file: 'app/login/page.tsx',
    at: 'async function readSetting(name: string)',
    form: 'inline',
    exposure: 'internal',
    auth: 'missing',
    mutates: false,
    revalidates: false,
    callers: [{ file: 'app/login/page.tsx', text: 'readSetting={readSetting}', how: 'prop' }],
    evidence: [{ kind: 'identity-unchecked', text: 'return process.env[name];' }],
    absentEvidence: ['public'],
    rules: ['missing-auth'],
  },
  {
    name: 'rememberEmail',
    file: 'app/login/page.tsx',
    at: 'async function rememberEmail(email: string)',
    form: 'inline',
    exposure: 'internal',
    auth: 'public',
    mutates: true,
    revalidates: false,
    callers: [{ file: 'app/login/page.tsx', text: 'rememberEmail={rememberEmail}', how: 'prop' }],
    evidence: [{ kind: 'public', text: 'async function rememberEmail' }, { kind: 'mutation', text: "(await cookies()).set('last-email', email);" }],
    // Only a cookie is written: Next.js re-renders the page after a cookie write in an action, nothing to revalidate.
    rules: [],
  },
]);

/* ----------------------------------------------------------------------------------------------
 * A session object taken as a parameter: as an endpoint, the caller sends it.
 * ---------------------------------------------------------------------------------------------- */

actionSuite('actions-claimed-identity', 'identity the caller sends', [
  {
    name: 'getEnrolledTracks',
    file: 'app/tracks/actions.ts',
    at: 'export async function getEnrolledTracks(session: Session)',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: false,
    revalidates: false,
    callers: [{ file: 'app/tracks/page.tsx', text: 'await getEnrolledTracks(session)', how: 'call' }],
    evidence: [{ kind: 'identity-unchecked', text: 'return db.track.findMany(', nth: 1 }],
    absentEvidence: ['guard'],
    rules: ['missing-auth'],
  },
  {
    name: 'getMyTracks',
    file: 'app/tracks/actions.ts',
    at: 'export async function getMyTracks()',
    form: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: false,
    revalidates: false,
    callers: [{ file: 'app/tracks/page.tsx', text: 'await getMyTracks()', how: 'call' }],
    evidence: [{ kind: 'guard', text: 'if (!session?.user) return [];' }],
    rules: [],
  },
  {
    name: 'leaveTrack',
    file: 'app/tracks/actions.ts',
    at: 'export async function leaveTrack(trackId: string, userIdOverride?: string)',
    form: 'file',
    exposure: 'internal',
    auth: 'missing',
    mutates: true,
    revalidates: false,
    callers: [{ file: 'app/tracks/page.tsx', text: "<form action={leaveTrack.bind(null, 'typescript')}>", how: 'form-action' }],
    evidence: [{ kind: 'identity-unchecked', text: 'const userId = userIdOverride ?? (await auth())?.user?.id;', nth: 1 }],
    absentEvidence: ['guard'],
    rules: ['missing-auth', 'missing-revalidation'],
  },
  {
    name: 'countMyTracks',
    file: 'app/tracks/actions.ts',
    at: 'export async function countMyTracks(userIdOverride?: string)',
    form: 'file',
    exposure: 'internal',
    auth: 'protected',
    mutates: false,
    revalidates: false,
    callers: [{ file: 'app/tracks/page.tsx', text: 'await countMyTracks()', how: 'call' }],
    evidence: [{ kind: 'guard', text: 'if (!userId) return 0;' }],
    rules: [],
  },
]);

/* ------------------------------------------------------------------------------------------------
 * Callers that refresh the page on success stand in for revalidation (issue 15, item 2).
 * ------------------------------------------------------------------------------------------------ */

const itemActions = 'src/app/items/actions.ts';
const itemRow = 'src/app/items/item-row.tsx';
const guardedWrite = { form: 'file', exposure: 'internal', auth: 'protected', mutates: true } as const satisfies Partial<ExpectedAction>;

actionSuite(
  'actions-client-refresh',
  'a refresh by every caller counts as revalidation',
  [
    // Decision: handed to a wrapper hook whose useAction onSuccess calls router.refresh(): the hook's line is the evidence.
    {
      name: 'createItem',
      file: itemActions,
      at: 'export const createItem = authActionClient',
      ...guardedWrite,
      revalidates: true,
      callers: [{ file: 'src/app/items/create-item.tsx', text: 'useSafeAction(createItem)', how: 'prop' }],
      evidence: [{ kind: 'revalidation', file: 'src/hooks/use-safe-action.ts', text: 'router.refresh();' }],
      rules: [],
    },
    {
      name: 'renameItem',
      file: itemActions,
      at: 'export async function renameItem',
      ...guardedWrite,
      revalidates: true,
      callers: [{ file: itemRow, text: 'await renameItem(id, name)', how: 'call' }],
      evidence: [{ kind: 'revalidation', file: itemRow, text: 'router.refresh();', nth: 1 }],
      rules: [],
    },
    {
      name: 'starItem',
      file: itemActions,
      at: 'export async function starItem',
      ...guardedWrite,
      revalidates: true,
      callers: [{ file: itemRow, text: 'starItem(itemId)', how: 'call' }],
      evidence: [{ kind: 'revalidation', file: itemRow, text: 'queryClient.invalidateQueries(' }],
      rules: ['unvalidated-action-input'],
    },
    {
      name: 'tagItem',
      file: itemActions,
      at: 'export async function tagItem',
      ...guardedWrite,
      revalidates: true,
      callers: [{ file: itemRow, text: 'await tagItem(id)', how: 'call' }],
      evidence: [{ kind: 'revalidation', file: itemRow, text: 'await mutate();' }],
      rules: ['unvalidated-action-input'],
    },
    // A refresh only in the catch block runs when the action failed.
    {
      name: 'archiveItem',
      file: itemActions,
      at: 'export async function archiveItem',
      ...guardedWrite,
      revalidates: false,
      callers: [{ file: itemRow, text: 'await archiveItem(id)', how: 'call' }],
      absentEvidence: ['revalidation'],
      rules: ['missing-revalidation', 'unvalidated-action-input'],
    },
    // One caller refreshes, the form in the server page does not.
    {
      name: 'moveItem',
      file: itemActions,
      at: 'export async function moveItem',
      ...guardedWrite,
      revalidates: false,
      callers: [
        { file: itemRow, text: 'await moveItem(formData)', how: 'call' },
        { file: 'src/app/items/page.tsx', text: '<form action={moveItem}>', how: 'form-action' },
      ],
      absentEvidence: ['revalidation'],
      rules: ['missing-revalidation'],
    },
    // The wrapper refreshes in onError only.
    {
      name: 'pinItem',
      file: itemActions,
      at: 'export async function pinItem',
      ...guardedWrite,
      revalidates: false,
      callers: [{ file: 'src/app/items/pin-button.tsx', text: 'useQuietAction(pinItem)', how: 'prop' }],
      absentEvidence: ['revalidation'],
      rules: ['missing-revalidation', 'unvalidated-action-input'],
    },
    // Not awaited: the refresh races the action.
    {
      name: 'deleteItem',
      file: itemActions,
      at: 'export async function deleteItem',
      ...guardedWrite,
      revalidates: false,
      callers: [{ file: itemRow, text: 'void deleteItem(id)', how: 'startTransition' }],
      absentEvidence: ['revalidation'],
      rules: ['missing-revalidation', 'unvalidated-action-input'],
    },
  ],
  ({ fixture, scan }) => {
    void test('the evidence names the caller; a partly refreshing action says which caller does not', async () => {
      const result = await scan();
      const created = endpoint(result, itemActions, 'createItem');
      const formLine = lineIn(fixture, 'src/app/items/create-item.tsx', 'useSafeAction(createItem)');
      assert.ok(
        created.evidence.some((item) => item.kind === 'revalidation' && item.message === `refreshed by its caller at src/app/items/create-item.tsx:${formLine}: router.refresh() once the call succeeds`),
        showEvidence(created),
      );
      const moved = endpoint(result, itemActions, 'moveItem');
      const message = moved.findings.find((finding) => finding.ruleId === 'missing-revalidation')?.message ?? '';
      assert.match(message, new RegExp(`1 of its 2 callers refreshes the page on success \\(router\\.refresh\\(\\) at ${itemRow.replace(/\./g, '\\.')}:\\d+\\); the one at src/app/items/page\\.tsx:${lineIn(fixture, 'src/app/items/page.tsx', '<form action={moveItem}>')} does not\\.`));
    });
  },
);
