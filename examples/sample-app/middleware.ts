import { NextResponse } from 'next/server';
import { auth } from '@/auth';

// Bounce signed-out visitors before the page renders. This only reads the session cookie.
export default auth((req) => {
  if (req.auth) return NextResponse.next();

  if (req.nextUrl.pathname.startsWith('/api/')) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  const loginUrl = new URL('/login', req.nextUrl.origin);
  loginUrl.searchParams.set('callbackUrl', req.nextUrl.pathname);
  return NextResponse.redirect(loginUrl);
});

export const config = {
  matcher: ['/dashboard/:path*', '/api/projects/:path*'],
};
