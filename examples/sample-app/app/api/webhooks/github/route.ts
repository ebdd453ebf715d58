import { revalidatePath } from 'next/cache';
import { NextResponse } from 'next/server';
import { db } from '@/lib/db';

type PushEvent = {
  ref: string;
  repository: { full_name: string };
  sender: { login: string };
  head_commit: { id: string; message: string } | null;
};

// Push events from the repository linked to a project (repo Settings → Webhooks → application/json).
export async function POST(request: Request) {
  const eventName = request.headers.get('x-github-event');
  if (eventName === 'ping') return NextResponse.json({ ok: true });
  if (eventName !== 'push') return NextResponse.json({ ignored: eventName }, { status: 202 });

  const payload = (await request.json()) as PushEvent;

  const project = await db.project.findUnique({
    where: { githubRepo: payload.repository.full_name },
    select: { id: true },
  });
  if (!project) {
    return NextResponse.json({ error: 'No project is linked to this repository' }, { status: 404 });
  }

  await db.activity.create({
    data: {
      projectId: project.id,
      kind: 'push',
      ref: payload.ref,
      commitSha: payload.head_commit?.id ?? null,
      message: payload.head_commit?.message.split('\n')[0] ?? null,
      actor: payload.sender.login,
    },
  });

  revalidatePath(`/dashboard/projects/${project.id}`);
  return NextResponse.json({ ok: true });
}
