/**
 * The in-host checks by key, with the test name each one gets. No `vscode` import: the code-server runner
 * (plain Node) reads this to declare one node:test test per check; the checks themselves are in checks.ts
 * and run inside the extension host (through the probe extension, or @vscode/test-electron's runner).
 */
export const HOST_CHECKS = {
  ready: 'the extension activates and scans the fixture workspace',
  actionLenses: 'CodeLens on Server Actions: kind, exposure, auth, callers, findings',
  routeLenses: 'CodeLens on a Route Handler: method, URL, exposure, signature check',
  missingAuth: 'a missing-auth diagnostic with its code, link, severity and evidence',
  hover: 'hover on an action: a summary first (exposure, the guard found, effects, revalidation), then the callers',
  unsavedEdit: 'an unsaved edit updates the lens and the diagnostics, reverting restores them',
  quickFixRevalidate: "quick fix \"Add revalidatePath('/settings')\": the file after it, the finding gone",
  quickFixAuthGuard: 'quick fix "Add auth guard (…)": the guard before the write, the finding gone',
  quickFixUndo: 'a quick fix is one undo step: one `undo` gives back the original text exactly',
  quickFixNoGuard: 'no guard to copy: "Mark as public with a reason" and the template set-up are offered; marking silences the finding, once, in one undo step',
  clientRefresh: 'an action whose caller refreshes after it: revalidated, the hover names the refresh; deleting the refresh (unsaved) brings missing-revalidation back',
  commandSdkRoute: 'a command-pattern SDK route: GetObjectCommand reads (read-only), DeleteObjectCommand writes (missing auth, the command named)',
  routerProcedures: 'a tRPC router behind one route file: each procedure has its lens and diagnostic where it is defined, the mount says what it serves',
  convertToRouteHandler: '"Convert to Route Handler" creates the route file, and its lens appears',
  snippets: 'snippets: every nb-* prefix is offered and nb-route expands to a Route Handler',
  baseline: 'nextBoundary.baseline: a recorded finding becomes a hint (or is hidden), a new one stays a warning; clearing the setting restores it',
} as const;

export type HostCheckKey = keyof typeof HOST_CHECKS;

/** The probe's wire format (code-server runner ↔ probe extension), JSON over loopback HTTP. */
export type ProbeRequest = { kind: 'check'; name: HostCheckKey } | { kind: 'op'; name: string; args: unknown[] };
export type ProbeResponse = { ok: true; value: unknown } | { ok: false; error: string };

export const PROBE_ENV = 'NB_E2E_PROBE_FILE';
/** Set on a launch whose workspace is never edited (the first-lens timing): the probe takes no snapshot of it. */
export const NO_SNAPSHOT_ENV = 'NB_E2E_PROBE_NO_SNAPSHOT';
