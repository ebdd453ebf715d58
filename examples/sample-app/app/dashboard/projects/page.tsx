import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth-helpers';
import { db } from '@/lib/db';
import { CreateProjectForm } from './create-project-form';
import { ProjectRow } from './project-row';

export const metadata: Metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const user = await requireUser();
  const projects = await db.project.findMany({
    where: { ownerId: user.id, archivedAt: null },
    select: { id: true, name: true },
    orderBy: { updatedAt: 'desc' },
  });

  return (
    <>
      <h1>Projects</h1>
      <CreateProjectForm />
      {projects.length === 0 ? (
        <p className="muted">Create your first project above.</p>
      ) : (
        <ul className="card">
          {projects.map((project) => (
            <ProjectRow key={project.id} project={project} />
          ))}
        </ul>
      )}
    </>
  );
}
