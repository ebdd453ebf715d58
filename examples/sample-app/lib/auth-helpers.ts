import 'server-only';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';

export type CurrentUser = {
  id: string;
  name: string | null;
  email: string | null;
  image: string | null;
};

/** The signed-in user, or a redirect to /login. Call it at the top of every action that touches user data. */
export async function requireUser(): Promise<CurrentUser> {
  const session = await auth();
  if (!session?.user) {
    redirect('/login');
  }
  const { id, name, email, image } = session.user;
  return { id, name: name ?? null, email: email ?? null, image: image ?? null };
}
