/**
 * A nested Next.js app the real-editor suite writes into the fixture workspace for two judgements of issue 15
 * that only show on real shapes: an action whose caller refreshes the page after it (item 2: that is
 * revalidation), and a route that reads and deletes objects through a command-pattern SDK (item 3: the
 * command's name decides read or write). Written at run time and removed after, like no-auth-app.ts.
 * No `vscode` import: the browser-driven runner may read it too.
 */
export const REFRESHED_ACTION = 'media-app/app/notes/actions.ts';
export const REFRESHING_CALLER = 'media-app/app/notes/rename-button.tsx';
export const REFRESH_LINE = '        router.refresh();\n';
export const OBJECT_ROUTE = 'media-app/app/api/images/[key]/route.ts';

export const MEDIA_APP: Record<string, string> = {
  'media-app/lib/db.ts': "import { PrismaClient } from '@prisma/client';\n\nexport const db = new PrismaClient();\n",
  'media-app/lib/s3.ts': "import { S3Client } from '@aws-sdk/client-s3';\n\nexport const s3 = new S3Client({});\n",
  'media-app/auth.ts': "import NextAuth from 'next-auth';\n\nexport const { auth, handlers, signIn, signOut } = NextAuth({ providers: [] });\n",
  [OBJECT_ROUTE]: [
    "import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';",
    "import { s3 } from '../../../../lib/s3';",
    '',
    'export async function GET(_request: Request, { params }: { params: Promise<{ key: string }> }) {',
    '  const { key } = await params;',
    "  const object = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: key }));",
    '  return new Response(object.Body?.transformToWebStream());',
    '}',
    '',
    'export async function DELETE(_request: Request, { params }: { params: Promise<{ key: string }> }) {',
    '  const { key } = await params;',
    "  await s3.send(new DeleteObjectCommand({ Bucket: 'media', Key: key }));",
    '  return new Response(null, { status: 204 });',
    '}',
    '',
  ].join('\n'),
  [REFRESHED_ACTION]: [
    "'use server';",
    '',
    "import { z } from 'zod';",
    "import { auth } from '../../auth';",
    "import { db } from '../../lib/db';",
    '',
    'const Rename = z.object({ id: z.string(), title: z.string().min(1) });',
    '',
    'export async function renameNote(input: { id: string; title: string }) {',
    '  const session = await auth();',
    "  if (!session?.user) throw new Error('Unauthorized');",
    '  const { id, title } = Rename.parse(input);',
    '  await db.note.update({ where: { id, ownerId: session.user.id }, data: { title } });',
    '}',
    '',
  ].join('\n'),
  [REFRESHING_CALLER]: [
    "'use client';",
    '',
    "import { useRouter } from 'next/navigation';",
    "import { renameNote } from './actions';",
    '',
    'export function RenameButton({ id }: { id: string }) {',
    '  const router = useRouter();',
    '  return (',
    '    <button',
    '      onClick={async () => {',
    "        await renameNote({ id, title: 'Renamed' });",
    REFRESH_LINE.trimEnd(),
    '      }}',
    '    >',
    '      Rename',
    '    </button>',
    '  );',
    '}',
    '',
  ].join('\n'),
  'media-app/app/notes/page.tsx': "import { RenameButton } from './rename-button';\n\nexport default function NotesPage() {\n  return <RenameButton id=\"1\" />;\n}\n",
  // The app's manifest last: once it is there the extension scans the new app, with its files already written.
  'media-app/package.json':
    JSON.stringify({ name: 'media-app', private: true, dependencies: { '@aws-sdk/client-s3': '^3.700.0', '@prisma/client': '^6.19.0', next: '15.5.29', 'next-auth': '^5.0.0-beta.25', react: '^19.2.0', zod: '^3.25.0' } }, null, 2) + '\n',
  'media-app/next.config.mjs': 'export default {};\n',
};
