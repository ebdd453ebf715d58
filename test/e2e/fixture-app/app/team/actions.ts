'use server';

import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';
import { emailSchema, idSchema } from '@/lib/validations';

// The team page is only linked from the dashboard, so only signed-in users get here.
export async function inviteMember(formData: FormData) {
  const email = emailSchema.parse(formData.get('email'));
  const teamId = idSchema.parse(formData.get('teamId'));

  await db.invite.create({ data: { email, teamId } });

  revalidatePath('/team');
}
