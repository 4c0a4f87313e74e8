/** The signed-in user's own page: who they are, password, sessions and API tokens. */
import { useState } from 'preact/hooks';
import { isAbort } from '../../lib/api-client';
import { useNow } from '../../lib/use-now';
import { usePolling } from '../../lib/use-polling';
import { Message } from '../../ui/message';
import { errorText } from '../admin/format';
import '../admin/console.css';
import { endOtherSessions, endSession, loadAccount, revokeApiToken, type Account } from './account-api';
import { ApiTokensPanel } from './api-tokens-panel';
import { PasswordForm } from './password-form';
import { SessionsPanel } from './sessions-panel';

/** Ending this browser's own session here signs it out: the next load answers 401 and the shell shows the login. */
export function AccountPage() {
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const now = useNow(10_000);

  usePolling(
    async (signal) => {
      try {
        setAccount(await loadAccount(signal));
      } catch (e) {
        if (!isAbort(e)) setError(`cannot load your account: ${errorText(e)}`);
      }
    },
    30_000,
    true,
    [generation],
  );
  const act = async (action: () => Promise<string>): Promise<void> => {
    try {
      setNote(await action());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
    setGeneration((g) => g + 1);
  };

  if (account === null) {
    return (
      <section class="page console-page" data-testid="account-page">
        {error ? <Message kind="error">{error}</Message> : <Message>Loading your account…</Message>}
      </section>
    );
  }
  const { user } = account;
  return (
    <section class="page console-page" data-testid="account-page">
      <header class="page__header">
        <h1>{user.name}</h1>
        <span class="page__meta muted">
          {user.role} · {user.role === 'admin' ? 'every team' : `teams: ${user.teams.join(', ') || 'none'}`}
        </span>
      </header>
      {note && (
        <div class="console-note" role="status">
          {note}
        </div>
      )}
      {error && <Message kind="error">{error}</Message>}
      <PasswordForm
        onChanged={(ended) =>
          void act(() =>
            Promise.resolve(`Password changed; ${ended} other session${ended === 1 ? '' : 's'} ended.`),
          )
        }
      />
      <SessionsPanel
        sessions={account.sessions}
        now={now}
        onEnd={(id) =>
          act(async () => {
            await endSession(id);
            return 'Session ended.';
          })
        }
        onEndOthers={() =>
          act(async () => {
            const ended = await endOtherSessions();
            return `${ended} other session${ended === 1 ? '' : 's'} ended.`;
          })
        }
      />
      <ApiTokensPanel
        role={user.role}
        tokens={account.tokens}
        now={now}
        onChanged={() => setGeneration((g) => g + 1)}
        onRevoke={(id, name) =>
          act(async () => {
            await revokeApiToken(id);
            return `API token ${name} revoked.`;
          })
        }
      />
    </section>
  );
}
