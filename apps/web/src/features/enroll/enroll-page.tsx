/**
 * Enrollment (admins; operators for their own teams): create a join token and copy the command
 * that joins a machine, list and revoke tokens, list harvester credentials and revoke them.
 */
import { useState } from 'preact/hooks';
import { isAbort } from '../../lib/api-client';
import { useNow } from '../../lib/use-now';
import { usePolling } from '../../lib/use-polling';
import { Message } from '../../ui/message';
import { errorText } from '../admin/format';
import '../admin/console.css';
import { CreatedToken } from './created-token';
import { CredentialsTable } from './credentials-table';
import {
  enrollmentInfo,
  listCredentials,
  listJoinTokens,
  revokeCredential,
  revokeJoinToken,
  type CreatedJoinToken,
  type Credential,
  type EnrollmentInfo,
  type JoinToken,
} from './enroll-api';
import { JoinTokensTable } from './join-tokens-table';
import { TokenForm } from './token-form';

export interface EnrollPageProps {
  role: string;
  teams: readonly string[];
}

interface Loaded {
  info: EnrollmentInfo;
  tokens: JoinToken[];
  harvesters: Credential[];
}

export function EnrollPage({ role, teams }: EnrollPageProps) {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedJoinToken | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const now = useNow(5000);

  const load = async (signal?: AbortSignal): Promise<void> => {
    try {
      const [info, tokens, harvesters] = await Promise.all([
        enrollmentInfo(signal),
        listJoinTokens(signal),
        listCredentials(signal),
      ]);
      setData({ info, tokens, harvesters });
    } catch (e) {
      if (!isAbort(e)) setError(`cannot load enrollment: ${errorText(e)}`);
    }
  };
  usePolling(load, 5000, true, [generation]);
  // The lists are reloaded before the note shows, so the note never sits beside a stale row.
  const act = async (action: () => Promise<void>, done: string): Promise<void> => {
    try {
      await action();
      setError(null);
      await load();
      setNote(done);
    } catch (e) {
      setError(errorText(e));
    }
    setGeneration((g) => g + 1);
  };

  return (
    <section class="page console-page" data-testid="enroll-page">
      <header class="page__header">
        <h1>Enroll machines</h1>
        <span class="page__meta muted">
          {role === 'admin' ? 'every team' : `your teams: ${teams.join(', ') || 'none'}`}
        </span>
      </header>
      {data && (
        <p class="muted enroll-endpoint">
          Harvesters join <code>{data.info.tunnelUrl}</code> and pin the CA{' '}
          <code class="enroll-hash">{data.info.caHash}</code>
        </p>
      )}
      {note && (
        <div class="console-note" role="status">
          {note}
        </div>
      )}
      {error && <Message kind="error">{error}</Message>}
      {created ? (
        <CreatedToken token={created} onDismiss={() => setCreated(null)} />
      ) : (
        <TokenForm
          teams={role === 'admin' ? null : teams}
          onCreated={(t) => {
            setCreated(t);
            setNote(null);
            setGeneration((g) => g + 1);
          }}
        />
      )}
      <h2 class="console-heading">Join tokens</h2>
      <div class="panel panel--flush data-table__wrap">
        {data === null ? (
          <Message>Loading…</Message>
        ) : data.tokens.length === 0 ? (
          <Message>No join tokens yet.</Message>
        ) : (
          <JoinTokensTable
            tokens={data.tokens}
            now={now}
            onRevoke={(id) => act(() => revokeJoinToken(id), `Join token ${id} revoked.`)}
          />
        )}
      </div>
      <h2 class="console-heading">Harvester credentials</h2>
      <div class="panel panel--flush data-table__wrap">
        {data === null ? (
          <Message>Loading…</Message>
        ) : data.harvesters.length === 0 ? (
          <Message>No harvester has joined yet.</Message>
        ) : (
          <CredentialsTable
            harvesters={data.harvesters}
            now={now}
            onRevoke={(name) =>
              act(() => revokeCredential(name), `${name}’s credential revoked; its tunnel was closed.`)
            }
          />
        )}
      </div>
    </section>
  );
}
