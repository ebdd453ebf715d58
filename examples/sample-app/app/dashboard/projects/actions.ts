'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { auth } from '@/auth';
import { requireUser } from '@/lib/auth-helpers';
import { db } from '@/lib/db';
import { createProjectSchema, projectIdSchema, projectNameSchema } from '@/lib/validations';

export type CreateProjectState = {
  ok?: boolean;
  fieldErrors?: { name?: string[]; description?: string[] };
};

export async function createProject(
  _prevState: CreateProjectState,
  formData: FormData,
): Promise<CreateProjectState> {
  const session = await auth();
  if (!session?.user) throw new Error('Unauthorized');

  const parsed = createProjectSchema.safeParse({
    name: formData.get('name'),
    description: formData.get('description') || undefined,
  });
  if (!parsed.success) {
    return { fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }

  await db.project.create({
    data: { ...parsed.data, ownerId: session.user.id },
  });

  revalidatePath('/dashboard/projects');
  return { ok: true };
}

export async function renameProject(formData: FormData) {
  const session = await auth();
  if (!session?.user) throw new Error('Unauthorized');

  const projectId = projectIdSchema.parse(formData.get('projectId'));
  const name = projectNameSchema.parse(formData.get('name'));

  await db.project.update({
    where: { id: projectId, ownerId: session.user.id },
    data: { name },
  });
}

export async function deleteProject(projectId: string) {
  const user = await requireUser();
  const id = projectIdSchema.parse(projectId);

  await db.project.delete({ where: { id, ownerId: user.id } });

  revalidatePath('/dashboard/projects');
}

export async function duplicateProject(projectId: string) {
  const session = await auth();
  if (!session?.user) throw new Error('Unauthorized');

  const source = await db.project.findFirst({
    where: { id: projectIdSchema.parse(projectId), ownerId: session.user.id },
  });
  if (!source) throw new Error('Project not found');

  await db.project.create({
    data: {
      name: `${source.name} (copy)`,
      description: source.description,
      ownerId: session.user.id,
    },
  });

  revalidatePath('/dashboard/projects');
}
