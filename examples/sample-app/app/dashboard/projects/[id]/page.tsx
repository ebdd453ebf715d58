import { revalidatePath } from 'next/cache';
import { notFound, redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth-helpers';
import { db } from '@/lib/db';
import { InviteForm } from './invite-form';

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();

  const project = await db.project.findFirst({
    where: { id, ownerId: user.id, archivedAt: null },
    include: {
      invites: { orderBy: { createdAt: 'desc' } },
      activities: { orderBy: { createdAt: 'desc' }, take: 10 },
    },
  });
  if (!project) notFound();

  async function archiveProject() {
    'use server';
    // The page's check does not cover this action: it is its own POST endpoint.
    const currentUser = await requireUser();
    await db.project.update({
      where: { id, ownerId: currentUser.id },
      data: { archivedAt: new Date() },
    });
    revalidatePath('/dashboard/projects');
    redirect('/dashboard/projects');
  }

  return (
    <>
      <h1>{project.name}</h1>
      {project.description && <p className="muted">{project.description}</p>}

      <section className="card">
        <h2>Team</h2>
        <InviteForm projectId={project.id} />
        <ul>
          {project.invites.map((invite) => (
            <li key={invite.id}>
              {invite.email} <span className="muted">{invite.acceptedAt ? 'joined' : 'invited'}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card">
        <h2>Recent pushes</h2>
        {project.activities.length === 0 ? (
          <p className="muted">
            {project.githubRepo ? 'No pushes yet.' : 'Link a GitHub repository in Settings to see pushes here.'}
          </p>
        ) : (
          <ul>
            {project.activities.map((activity) => (
              <li key={activity.id}>
                <code>{activity.commitSha?.slice(0, 7)}</code> {activity.message}{' '}
                <span className="muted">by {activity.actor}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <form action={archiveProject}>
        <button type="submit" className="danger">
          Archive project
        </button>
      </form>
    </>
  );
}
