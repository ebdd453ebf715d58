import { auth } from '@/auth';
import { db } from '@/lib/db';
import { archiveProject, createProject } from './actions';

export default async function ProjectsPage() {
  const session = await auth();
  const projects = await db.project.findMany({ where: { ownerId: session?.user?.id } });

  return (
    <main>
      <form action={createProject}>
        <input name="name" aria-label="Project name" required />
        <button type="submit">Create</button>
      </form>
      <ul>
        {projects.map((project) => (
          <li key={project.id}>
            {project.name}
            <form action={archiveProject}>
              <input type="hidden" name="projectId" value={project.id} />
              <button type="submit">Archive</button>
            </form>
          </li>
        ))}
      </ul>
    </main>
  );
}
