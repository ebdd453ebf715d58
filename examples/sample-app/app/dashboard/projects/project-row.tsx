'use client';

import Link from 'next/link';
import { useTransition } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { deleteProject, renameProject } from './actions';

export function ProjectRow({ project }: { project: { id: string; name: string } }) {
  const [isDeleting, startTransition] = useTransition();

  function handleDelete() {
    if (!window.confirm(`Delete “${project.name}”? This cannot be undone.`)) return;
    startTransition(async () => {
      await deleteProject(project.id);
    });
  }

  return (
    <li className="row">
      <Link href={`/dashboard/projects/${project.id}`}>{project.name}</Link>
      <form action={renameProject} className="row">
        <input type="hidden" name="projectId" value={project.id} />
        <input name="name" defaultValue={project.name} aria-label="Project name" maxLength={80} required />
        <SubmitButton pendingLabel="Saving…">Rename</SubmitButton>
      </form>
      <button type="button" className="danger" onClick={handleDelete} disabled={isDeleting}>
        {isDeleting ? 'Deleting…' : 'Delete'}
      </button>
    </li>
  );
}
