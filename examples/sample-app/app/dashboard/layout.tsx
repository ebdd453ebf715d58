import Image from 'next/image';
import Link from 'next/link';
import { signOutAction } from '@/app/(auth)/actions';
import { requireUser } from '@/lib/auth-helpers';

export default async function DashboardLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const user = await requireUser();

  return (
    <>
      <header className="topbar">
        <nav>
          <Link href="/dashboard">Overview</Link>
          <Link href="/dashboard/projects">Projects</Link>
          <Link href="/dashboard/settings">Settings</Link>
        </nav>
        {user.image && <Image src={user.image} alt="" width={28} height={28} />}
        <span className="muted">{user.name ?? user.email}</span>
        <form action={signOutAction}>
          <button type="submit">Sign out</button>
        </form>
      </header>
      <main>{children}</main>
    </>
  );
}
