import 'server-only';

// "Connect GitHub" integration: a separate OAuth app from the sign-in provider, asking for repo access.
export const GITHUB_STATE_COOKIE = 'github_oauth_state';
export const GITHUB_TOKEN_COOKIE = 'github_token';

export function githubAuthorizeUrl(state: string): string {
  const url = new URL('https://github.com/login/oauth/authorize');
  url.searchParams.set('client_id', process.env.GITHUB_APP_CLIENT_ID!);
  url.searchParams.set('redirect_uri', `${process.env.APP_URL}/oauth/callback`);
  url.searchParams.set('scope', 'repo admin:repo_hook');
  url.searchParams.set('state', state);
  return url.toString();
}

type TokenResponse = { access_token?: string; error?: string; error_description?: string };

/** Trades the one-time `code` for an access token; null when GitHub refuses it. */
export async function exchangeCodeForToken(code: string): Promise<string | null> {
  const response = await fetch('https://github.com/login/oauth/access_token', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_id: process.env.GITHUB_APP_CLIENT_ID,
      client_secret: process.env.GITHUB_APP_CLIENT_SECRET,
      code,
      redirect_uri: `${process.env.APP_URL}/oauth/callback`,
    }),
    cache: 'no-store',
  });
  if (!response.ok) return null;
  const token = (await response.json()) as TokenResponse;
  return token.access_token ?? null;
}
