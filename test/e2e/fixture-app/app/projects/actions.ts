'use server';

import { revalidatePath } from 'next/cache';
import { auth } from '@/auth';
import { db } from '@/lib/db';
import { idSchema, projectNameSchema } from '@/lib/validations';

export async function createProject(formData: FormData) {
  const session = await auth();
  if (!session?.user) throw new Error('Unauthorized');

  const name = projectNameSchema.parse(formData.get('name'));
  await db.project.create({ data: { name, ownerId: session.user.id } });

  revalidatePath('/projects');
}

export async function archiveProject(formData: FormData) {
  const session = await auth();
  if (!session?.user) throw new Error('Unauthorized');

  const id = idSchema.parse(formData.get('projectId'));
  await db.project.update({
    where: { id, ownerId: session.user.id },
    data: { archivedAt: new Date() },
  });

  revalidatePath('/projects');
}
