'use server';

import { auth } from '@/auth';
import { db } from '@/lib/db';
import { displayNameSchema } from '@/lib/validations';

export async function updateProfile(formData: FormData) {
  const session = await auth();
  if (!session?.user) throw new Error('Unauthorized');

  const name = displayNameSchema.parse(formData.get('name'));
  await db.user.update({
    where: { id: session.user.id },
    data: { name },
  });
}
