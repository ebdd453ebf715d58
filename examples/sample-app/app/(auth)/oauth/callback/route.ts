import { cookies } from 'next/headers';
import { NextResponse, type NextRequest } from 'next/server';
import { auth } from '@/auth';
import { exchangeCodeForToken, GITHUB_STATE_COOKIE, GITHUB_TOKEN_COOKIE } from '@/lib/github-oauth';

// GitHub sends the browser back here after "Connect GitHub" on /dashboard/settings.
export async function GET(request: NextRequest) {
  const session = await auth();
  if (!session?.user) {
    return NextResponse.redirect(new URL('/login', request.url));
  }

  const settingsUrl = new URL('/dashboard/settings', request.url);
  const code = request.nextUrl.searchParams.get('code');
  const state = request.nextUrl.searchParams.get('state');

  const cookieStore = await cookies();
  const expectedState = cookieStore.get(GITHUB_STATE_COOKIE)?.value;
  cookieStore.delete(GITHUB_STATE_COOKIE);

  if (!code || !state || state !== expectedState) {
    settingsUrl.searchParams.set('error', 'github_state');
    return NextResponse.redirect(settingsUrl);
  }

  const accessToken = await exchangeCodeForToken(code);
  if (!accessToken) {
    settingsUrl.searchParams.set('error', 'github_token');
    return NextResponse.redirect(settingsUrl);
  }

  cookieStore.set(GITHUB_TOKEN_COOKIE, accessToken, {
    httpOnly: true,
    secure: process.env.NODE_ENV === 'production',
    sameSite: 'lax',
    path: '/',
    maxAge: 60 * 60 * 8,
  });

  settingsUrl.searchParams.set('connected', 'github');
  return NextResponse.redirect(settingsUrl);
}
