'use client';

import { useActionState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { inviteMember, type InviteState } from './actions';

export function InviteForm({ projectId }: { projectId: string }) {
  const [state, formAction] = useActionState(inviteMember, {} as InviteState);

  return (
    <form action={formAction} className="row">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="email" name="email" placeholder="teammate@company.com" aria-label="Email" required />
      <SubmitButton pendingLabel="Inviting…">Invite</SubmitButton>
      {state.error && <p className="error">{state.error}</p>}
      {state.invited && <p role="status">Invite sent to {state.invited}.</p>}
    </form>
  );
}
