/**
 * A second, nested Next.js app the real-editor suite writes into the fixture workspace for the checks of a
 * finding with no guard to copy (issue 15, item 4): no auth library in its package.json, no guarded endpoint,
 * one Server Action that deletes shared data. Written at run time and removed after (the workspace's totals,
 * which other checks assert, stay those of fixture-app). No `vscode` import: the browser-driven runner reads it too.
 */
export const NO_AUTH_ACTION = 'notes-app/app/notes/actions.ts';

export const NO_AUTH_APP: Record<string, string> = {
  'notes-app/lib/db.ts': "import { PrismaClient } from '@prisma/client';\n\nexport const db = new PrismaClient();\n",
  [NO_AUTH_ACTION]: [
    "'use server';",
    '',
    "import { revalidatePath } from 'next/cache';",
    "import { db } from '../../lib/db';",
    '',
    'export async function deleteNote(formData: FormData) {',
    "  const id = String(formData.get('id'));",
    '  if (!id) return;',
    '  await db.note.delete({ where: { id } });',
    "  revalidatePath('/notes');",
    '}',
    '',
  ].join('\n'),
  'notes-app/app/notes/page.tsx': [
    "import { deleteNote } from './actions';",
    '',
    'export default function NotesPage() {',
    '  return (',
    '    <form action={deleteNote}>',
    '      <input name="id" />',
    '      <button>Delete</button>',
    '    </form>',
    '  );',
    '}',
    '',
  ].join('\n'),
  // The app's manifest last: once it is there the extension scans the new app, with its files already written.
  'notes-app/package.json': JSON.stringify({ name: 'notes-app', private: true, dependencies: { '@prisma/client': '^6.19.0', next: '15.5.29', react: '^19.2.0' } }, null, 2) + '\n',
  'notes-app/next.config.mjs': 'export default {};\n',
};

/** The lines the "Mark as public with a reason" quick fix puts above the action, before the user types. */
export const MARK_PUBLIC_TITLE = 'Mark as public with a reason';
export const SET_UP_TEMPLATE_TITLE = 'Set up an auth guard template… (no auth library or guard found in this app)';
export const PLACEHOLDER_REASON = 'TODO: why is this public?';
