/** Join tokens: state, what remains of them, labels; active ones can be revoked. */
import { ConfirmButton } from '../../ui/confirm-button';
import { formatDateTime, formatUntil } from '../admin/format';
import type { JoinToken } from './enroll-api';

export interface JoinTokensTableProps {
  tokens: JoinToken[];
  now: number;
  onRevoke: (id: string) => Promise<void>;
}

/** `site=lab, team=a`, sorted by name. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join(', ');
}

const STATE_TEXT: Record<JoinToken['state'], string> = {
  active: 'active',
  expired: 'expired',
  used_up: 'used up',
  revoked: 'revoked',
};

export function JoinTokensTable({ tokens, now, onRevoke }: JoinTokensTableProps) {
  return (
    <table class="data-table" aria-label="Join tokens" data-testid="join-tokens">
      <thead>
        <tr>
          <th scope="col">Token</th>
          <th scope="col">State</th>
          <th scope="col">Expires</th>
          <th scope="col">Uses</th>
          <th scope="col">Labels</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} data-testid="join-token-row" data-token={t.id}>
            <th scope="row" data-label="Token">
              <code>{t.id}</code>
              {t.description !== '' && <div class="muted data-table__sub">{t.description}</div>}
            </th>
            <td data-label="State">
              <span class={`pill pill--${t.state === 'active' ? 'online' : 'offline'}`}>
                {STATE_TEXT[t.state]}
              </span>
            </td>
            <td data-label="Expires" title={formatDateTime(t.expiresAt)}>
              {t.state === 'active' ? formatUntil(t.expiresAt, now) : formatDateTime(t.expiresAt)}
            </td>
            <td data-label="Uses">
              {t.used} / {t.maxUses === 0 ? '∞' : t.maxUses}
            </td>
            <td data-label="Labels">{formatLabels(t.labels) || <span class="muted">none</span>}</td>
            <td data-label="Created">
              {formatDateTime(t.createdAt)} <span class="muted">by {t.createdBy}</span>
            </td>
            <td data-label="Actions" class="data-table__actions">
              {t.state === 'active' && (
                <ConfirmButton
                  label="Revoke"
                  description={`Revoke join token ${t.id}`}
                  onConfirm={() => onRevoke(t.id)}
                />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
