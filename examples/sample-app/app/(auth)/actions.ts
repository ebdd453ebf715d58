'use server';

import { signIn, signOut } from '@/auth';

function safeCallbackUrl(value: FormDataEntryValue | null): string {
  // Only same-origin paths: "//evil.example" would leave the site.
  if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) return value;
  return '/dashboard';
}

export async function signInWithGitHub(formData: FormData) {
  await signIn('github', { redirectTo: safeCallbackUrl(formData.get('callbackUrl')) });
}

export async function signOutAction() {
  await signOut({ redirectTo: '/' });
}
