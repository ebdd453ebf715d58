import type { Metadata } from 'next';
import Link from 'next/link';
import { ProjectPicker } from '@/components/project-picker';
import { requireUser } from '@/lib/auth-helpers';
import { db } from '@/lib/db';

export const metadata: Metadata = { title: 'Overview' };

export default async function DashboardPage() {
  const user = await requireUser();
  const [projectCount, pendingInvites] = await Promise.all([
    db.project.count({ where: { ownerId: user.id, archivedAt: null } }),
    db.invite.count({ where: { project: { ownerId: user.id }, acceptedAt: null } }),
  ]);

  return (
    <>
      <h1>Welcome back{user.name ? `, ${user.name}` : ''}</h1>
      <p className="muted">
        {projectCount} active {projectCount === 1 ? 'project' : 'projects'} · {pendingInvites} pending{' '}
        {pendingInvites === 1 ? 'invite' : 'invites'} · <Link href="/dashboard/projects">Manage projects</Link>
      </p>
      <ProjectPicker />
    </>
  );
}
