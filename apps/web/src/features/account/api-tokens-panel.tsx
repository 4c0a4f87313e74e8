/** One's own API tokens (Grafana, scripts): create one with a role up to one's own, revoke. */
import { useState } from 'preact/hooks';
import { ConfirmButton } from '../../ui/confirm-button';
import { CopyField } from '../../ui/copy-field';
import { Message } from '../../ui/message';
import { formatAgo } from '../../lib/format-time';
import { ROLES, type Role } from '../admin/admin-api';
import { errorText, formatDateTime, formatUntil } from '../admin/format';
import { createApiToken, type ApiToken } from './account-api';

export interface ApiTokensPanelProps {
  role: Role;
  tokens: ApiToken[];
  now: number;
  onChanged: () => void;
  onRevoke: (id: string, name: string) => Promise<void>;
}

const TTLS: ReadonlyArray<[string, string]> = [
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['90d', '90 days'],
  ['365d', '1 year'],
  ['', 'never expires'],
];

export function ApiTokensPanel({ role, tokens, now, onChanged, onRevoke }: ApiTokensPanelProps) {
  const allowed = ROLES.slice(ROLES.indexOf(role));
  const [name, setName] = useState('');
  const [tokenRole, setTokenRole] = useState<Role>('viewer');
  const [ttl, setTtl] = useState('30d');
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (): Promise<void> => {
    setError(null);
    try {
      const created = await createApiToken({
        name: name.trim(),
        role: tokenRole,
        ...(ttl === '' ? {} : { ttl }),
      });
      setSecret({ name: created.name, token: created.token });
      setName('');
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section class="panel console-form" aria-label="API tokens" data-testid="api-tokens-panel">
      <h2>API tokens</h2>
      <p class="muted console-form__hint">
        For Grafana and scripts: <code>Authorization: Bearer sht_…</code>. A token acts as you, with at most
        its role.
      </p>
      {secret && (
        <div class="created-token" data-testid="created-api-token">
          <p>
            Token <strong>{secret.name}</strong> created. Copy it now: it is shown only once.
          </p>
          <CopyField value={secret.token} label="API token" testId="api-token-secret" />
          <div class="console-form__actions">
            <button type="button" class="button" onClick={() => setSecret(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <form
        class="form-grid"
        aria-label="Create an API token"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label class="field">
          <span class="field__label">Name</span>
          <input
            class="input"
            name="token-name"
            required
            placeholder="grafana"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">Role</span>
          <select
            class="input"
            name="token-role"
            value={tokenRole}
            onChange={(e) => setTokenRole(e.currentTarget.value as Role)}
          >
            {allowed.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">Expires</span>
          <select class="input" name="token-ttl" value={ttl} onChange={(e) => setTtl(e.currentTarget.value)}>
            {TTLS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <div class="field field--end">
          <button type="submit" class="button button--primary">
            Create token
          </button>
        </div>
      </form>
      {error && <Message kind="error">{error}</Message>}
      {tokens.length > 0 && (
        <div class="data-table__wrap">
          <table class="data-table" aria-label="Your API tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} data-testid="api-token-row">
                  <th scope="row" data-label="Name">
                    {t.name}
                  </th>
                  <td data-label="Role">{t.role}</td>
                  <td data-label="Created">{formatDateTime(t.createdAt)}</td>
                  <td data-label="Expires" title={formatDateTime(t.expiresAt)}>
                    {formatUntil(t.expiresAt, now)}
                  </td>
                  <td data-label="Last used">{t.lastUsed === null ? 'never' : formatAgo(t.lastUsed, now)}</td>
                  <td data-label="Actions" class="data-table__actions">
                    <ConfirmButton
                      label="Revoke"
                      description={`Revoke API token ${t.name}`}
                      onConfirm={() => onRevoke(t.id, t.name)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
