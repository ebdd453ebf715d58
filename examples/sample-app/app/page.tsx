import Link from 'next/link';
import { auth } from '@/auth';

export default async function HomePage() {
  const session = await auth();

  return (
    <main>
      <h1>Acme Projects</h1>
      <p className="muted">Track projects, invite your team and see every push in one place.</p>
      {session?.user ? (
        <Link href="/dashboard">Go to your dashboard →</Link>
      ) : (
        <Link href="/login">Sign in with GitHub</Link>
      )}
    </main>
  );
}
