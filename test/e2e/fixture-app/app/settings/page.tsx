import { updateProfile } from './actions';

export default function SettingsPage() {
  return (
    <form action={updateProfile}>
      <input name="name" aria-label="Display name" required />
      <button type="submit">Save</button>
    </form>
  );
}
