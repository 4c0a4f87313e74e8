/** The form that adds a user: name, role, teams and a first password. */
import { useState } from 'preact/hooks';
import { Message } from '../../ui/message';
import { createUser, parseTeams, ROLES, type Role, type UserView } from './admin-api';
import { errorText } from './format';

export interface CreateUserFormProps {
  onCreated: (user: UserView) => void;
}

export function CreateUserForm({ onCreated }: CreateUserFormProps) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [teams, setTeams] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const user = await createUser({ name: name.trim(), role, teams: parseTeams(teams), password });
      setName('');
      setTeams('');
      setPassword('');
      onCreated(user);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="panel console-form"
      aria-label="Add a user"
      data-testid="create-user-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>Add a user</h2>
      <div class="form-grid">
        <label class="field">
          <span class="field__label">Name</span>
          <input
            class="input"
            name="name"
            required
            autocomplete="off"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">Role</span>
          <select
            class="input"
            name="role"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">Teams</span>
          <input
            class="input"
            name="teams"
            placeholder="alpha, beta (or * for all)"
            value={teams}
            onInput={(e) => setTeams(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">Password</span>
          <input
            class="input"
            name="password"
            type="password"
            autocomplete="new-password"
            minLength={12}
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
      </div>
      <p class="muted console-form__hint">
        Teams decide which harvesters operators and viewers see (their <code>team</code> label); admins see
        all. Passwords have at least 12 characters.
      </p>
      {error && <Message kind="error">{error}</Message>}
      <div class="console-form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add user'}
        </button>
      </div>
    </form>
  );
}
