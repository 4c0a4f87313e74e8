/** One user in the admin's table: role and teams edited in place, password reset, removal. */
import { useState } from 'preact/hooks';
import { ConfirmButton } from '../../ui/confirm-button';
import {
  parseTeams,
  removeUser,
  resetPassword,
  ROLES,
  updateUser,
  type Role,
  type UserView,
} from './admin-api';
import { errorText, formatDateTime } from './format';

export interface UserRowProps {
  user: UserView;
  /** The signed-in admin: cannot remove themselves. */
  self: string;
  onChanged: (note: string) => void;
  onError: (message: string) => void;
}

export function UserRow({ user, self, onChanged, onError }: UserRowProps) {
  const [role, setRole] = useState<Role>(user.role);
  const [teams, setTeams] = useState(user.teams.join(', '));
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const dirty = role !== user.role || parseTeams(teams).sort().join(',') !== [...user.teams].sort().join(',');
  const id = `user-${user.name}`;

  const run = async (action: () => Promise<string>): Promise<void> => {
    try {
      onChanged(await action());
    } catch (e) {
      onError(errorText(e));
    }
  };

  return (
    <tr data-testid="user-row" data-user={user.name}>
      <th scope="row" data-label="User">
        {user.name}
        {user.name === self && <span class="muted"> (you)</span>}
      </th>
      <td data-label="Role">
        <select
          class="input input--compact"
          aria-label={`Role of ${user.name}`}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td data-label="Teams">
        {role === 'admin' ? (
          <span class="muted">all (admin)</span>
        ) : (
          <input
            class="input input--compact"
            aria-label={`Teams of ${user.name}`}
            placeholder="no team: sees nothing"
            value={teams}
            onInput={(e) => setTeams(e.currentTarget.value)}
          />
        )}
      </td>
      <td data-label="Sessions" class="num">
        {user.sessions}
      </td>
      <td data-label="API tokens" class="num">
        {user.apiTokens}
      </td>
      <td data-label="Created">{formatDateTime(user.createdAt)}</td>
      <td data-label="Actions" class="data-table__actions">
        <button
          type="button"
          class="button button--primary"
          disabled={!dirty}
          onClick={() =>
            void run(async () => {
              await updateUser(user.name, { role, teams: parseTeams(teams) });
              return `Saved ${user.name}.`;
            })
          }
        >
          Save
        </button>
        {resetting ? (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const ended = await resetPassword(user.name, password);
                setResetting(false);
                setPassword('');
                return `New password set for ${user.name}; ${ended} session${ended === 1 ? '' : 's'} ended.`;
              });
            }}
          >
            <input
              id={`${id}-password`}
              class="input input--compact"
              type="password"
              autocomplete="new-password"
              aria-label={`New password for ${user.name}`}
              placeholder="new password (12+)"
              minLength={12}
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            <button type="submit" class="button">
              Set
            </button>
            <button type="button" class="button button--ghost" onClick={() => setResetting(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" class="button" onClick={() => setResetting(true)}>
            Reset password
          </button>
        )}
        <ConfirmButton
          label="Remove"
          description={`Remove user ${user.name}`}
          disabled={user.name === self}
          onConfirm={() =>
            run(async () => {
              await removeUser(user.name);
              return `Removed ${user.name}; their sessions and API tokens are gone.`;
            })
          }
        />
      </td>
    </tr>
  );
}
