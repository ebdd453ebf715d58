'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';

type ProjectSummary = { id: string; name: string };

/** Quick switcher on the overview page: reads and creates projects through /api/projects. */
export function ProjectPicker() {
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    fetch('/api/projects')
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then((data: { projects: ProjectSummary[] }) => {
        if (!cancelled) setProjects(data.projects);
      })
      .catch(() => {
        if (!cancelled) setError('Could not load your projects.');
      });
    return () => {
      cancelled = true;
    };
  }, []);

  async function handleQuickCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setError(null);

    const res = await fetch('/api/projects', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    setSaving(false);

    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: string } | null;
      setError(body?.error ?? 'Could not create the project.');
      return;
    }
    const { project } = (await res.json()) as { project: ProjectSummary };
    setProjects((current) => [project, ...(current ?? [])]);
    setName('');
  }

  return (
    <section className="card">
      <h2>Jump to a project</h2>
      {projects === null && !error && <p className="muted">Loading…</p>}
      {projects?.length === 0 && <p className="muted">No projects yet.</p>}
      <ul>
        {projects?.map((project) => (
          <li key={project.id}>
            <Link href={`/dashboard/projects/${project.id}`}>{project.name}</Link>
          </li>
        ))}
      </ul>
      <form onSubmit={handleQuickCreate} className="row">
        <input
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="New project name"
          aria-label="New project name"
          maxLength={80}
          required
        />
        <button type="submit" disabled={saving}>
          {saving ? 'Creating…' : 'Quick create'}
        </button>
      </form>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
