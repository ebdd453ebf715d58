import { inviteMember } from './actions';

export default function TeamPage() {
  return (
    <form action={inviteMember}>
      <input type="hidden" name="teamId" value="acme" />
      <input type="email" name="email" aria-label="Email" required />
      <button type="submit">Invite</button>
    </form>
  );
}
