import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { requireUser } from '@/lib/auth-helpers';
import { db } from '@/lib/db';
import { GITHUB_TOKEN_COOKIE } from '@/lib/github-oauth';
import { connectGitHub } from './actions';

export const metadata: Metadata = { title: 'Settings' };

const ERRORS: Record<string, string> = {
  github_state: 'The GitHub sign-in expired or was tampered with. Try again.',
  github_token: 'GitHub did not grant access. Try again.',
};

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<{ connected?: string; error?: string }>;
}) {
  const user = await requireUser();
  const [{ connected, error }, cookieStore, subscription] = await Promise.all([
    searchParams,
    cookies(),
    db.subscription.findUnique({ where: { userId: user.id }, select: { status: true } }),
  ]);
  const hasGitHub = cookieStore.has(GITHUB_TOKEN_COOKIE);

  return (
    <>
      <h1>Settings</h1>

      <section className="card">
        <h2>Plan</h2>
        <p>{subscription?.status === 'active' ? 'Pro' : 'Free'}</p>
      </section>

      <section className="card">
        <h2>GitHub</h2>
        {error && ERRORS[error] && <p className="error">{ERRORS[error]}</p>}
        {connected === 'github' && <p role="status">GitHub connected.</p>}
        {hasGitHub ? (
          <p>Connected. Push events from linked repositories show up on each project.</p>
        ) : (
          <form action={connectGitHub}>
            <button type="submit">Connect GitHub</button>
          </form>
        )}
      </section>
    </>
  );
}
