'use server';

import { randomBytes } from 'node:crypto';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth-helpers';
import { GITHUB_STATE_COOKIE, githubAuthorizeUrl } from '@/lib/github-oauth';

export async function connectGitHub() {
  await requireUser();

  const state = randomBytes(16).toString('hex');
  const cookieStore = await cookies();
  cookieStore.set(GITHUB_STATE_COOKIE, state, {
    httpOnly: true,
    secure: process.env.NODE_ENV === 'production',
    sameSite: 'lax',
    path: '/',
    maxAge: 60 * 10,
  });

  redirect(githubAuthorizeUrl(state));
}
