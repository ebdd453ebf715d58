'use server';

import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';
import { inviteSchema } from '@/lib/validations';

export type InviteState = { error?: string; invited?: string };

// middleware.ts keeps signed-out users away from /dashboard, so this page is always signed in.
export async function inviteMember(_prevState: InviteState, formData: FormData): Promise<InviteState> {
  const parsed = inviteSchema.safeParse({
    projectId: formData.get('projectId'),
    email: formData.get('email'),
  });
  if (!parsed.success) {
    return { error: parsed.error.issues[0]?.message ?? 'Invalid invite.' };
  }

  const { projectId, email } = parsed.data;
  await db.invite.upsert({
    where: { projectId_email: { projectId, email } },
    create: { projectId, email },
    update: {},
  });

  revalidatePath(`/dashboard/projects/${projectId}`);
  return { invited: email };
}
