import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { signInWithGitHub } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const [session, { callbackUrl }] = await Promise.all([auth(), searchParams]);
  if (session?.user) redirect('/dashboard');

  return (
    <main>
      <h1>Sign in to Acme Projects</h1>
      <form action={signInWithGitHub} className="card">
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? '/dashboard'} />
        <button type="submit">Continue with GitHub</button>
      </form>
    </main>
  );
}
