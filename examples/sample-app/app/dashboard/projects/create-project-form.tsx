'use client';

import { useActionState } from 'react';
import { createProject, type CreateProjectState } from './actions';

const initialState: CreateProjectState = {};

export function CreateProjectForm() {
  const [state, formAction, isPending] = useActionState(createProject, initialState);

  return (
    <form action={formAction} className="card">
      <h2>New project</h2>
      <label>
        Name
        <input name="name" required maxLength={80} />
      </label>
      {state.fieldErrors?.name && <p className="error">{state.fieldErrors.name[0]}</p>}
      <label>
        Description
        <textarea name="description" rows={2} maxLength={500} />
      </label>
      {state.fieldErrors?.description && <p className="error">{state.fieldErrors.description[0]}</p>}
      <button type="submit" disabled={isPending}>
        {isPending ? 'Creating…' : 'Create project'}
      </button>
      {state.ok && <p role="status">Project created.</p>}
    </form>
  );
}
