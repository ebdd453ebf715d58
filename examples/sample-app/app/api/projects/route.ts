import { revalidatePath } from 'next/cache';
import { NextResponse } from 'next/server';
import { auth } from '@/auth';
import { db } from '@/lib/db';
import { createProjectSchema } from '@/lib/validations';

export async function GET() {
  const session = await auth();
  if (!session?.user) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  const projects = await db.project.findMany({
    where: { ownerId: session.user.id, archivedAt: null },
    select: { id: true, name: true },
    orderBy: { updatedAt: 'desc' },
    take: 20,
  });
  return NextResponse.json({ projects });
}

export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  const parsed = createProjectSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return NextResponse.json({ error: parsed.error.issues[0]?.message ?? 'Invalid project.' }, { status: 400 });
  }

  const project = await db.project.create({
    data: { ...parsed.data, ownerId: session.user.id },
    select: { id: true, name: true },
  });

  revalidatePath('/dashboard/projects');
  return NextResponse.json({ project }, { status: 201 });
}
