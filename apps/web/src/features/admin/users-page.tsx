/** Users (admin only): every account with its role and teams, and the form to add one. */
import { useState } from 'preact/hooks';
import { isAbort } from '../../lib/api-client';
import { usePolling } from '../../lib/use-polling';
import { Message } from '../../ui/message';
import { listUsers, type UserView } from './admin-api';
import { AdminTabs } from './admin-tabs';
import { CreateUserForm } from './create-user-form';
import { errorText } from './format';
import { UserRow } from './user-row';
import './console.css';

export interface UsersPageProps {
  self: string;
}

export function UsersPage({ self }: UsersPageProps) {
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  usePolling(
    async (signal) => {
      try {
        setUsers(await listUsers(signal));
      } catch (e) {
        if (!isAbort(e)) setError(`cannot load the users: ${errorText(e)}`);
      }
    },
    30_000,
    true,
    [generation],
  );
  const reload = (message: string): void => {
    setError(null);
    setNote(message);
    setGeneration((g) => g + 1);
  };

  return (
    <section class="page console-page" data-testid="users-page">
      <header class="page__header">
        <h1>Users</h1>
        <span class="page__meta muted">admin · operator · viewer, scoped by team</span>
      </header>
      <AdminTabs current="users" />
      {note && (
        <div class="console-note" role="status">
          {note}
        </div>
      )}
      {error && <Message kind="error">{error}</Message>}
      <div class="panel panel--flush data-table__wrap">
        {users === null ? (
          <Message>Loading users…</Message>
        ) : (
          <table class="data-table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Teams</th>
                <th scope="col" class="num">
                  Sessions
                </th>
                <th scope="col" class="num">
                  API tokens
                </th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                // Keyed by the record, so a saved change resets the row's edit state.
                <UserRow
                  key={`${u.name}:${u.role}:${u.teams.join(',')}`}
                  user={u}
                  self={self}
                  onChanged={reload}
                  onError={setError}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <CreateUserForm onCreated={(u) => reload(`Added ${u.name} (${u.role}).`)} />
    </section>
  );
}
