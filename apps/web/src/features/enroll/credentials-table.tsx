/** Enrolled harvesters and their credentials; revoking one drops its tunnel at once. */
import { LabelChips } from '../../ui/label-chips';
import { ConfirmButton } from '../../ui/confirm-button';
import { StatusDot } from '../../ui/status-dot';
import { formatAgo } from '../../lib/format-time';
import { formatDateTime } from '../admin/format';
import type { Credential } from './enroll-api';

export interface CredentialsTableProps {
  harvesters: Credential[];
  now: number;
  onRevoke: (name: string) => Promise<void>;
}

export function CredentialsTable({ harvesters, now, onRevoke }: CredentialsTableProps) {
  return (
    <table class="data-table" aria-label="Harvester credentials" data-testid="credentials">
      <thead>
        <tr>
          <th scope="col">Harvester</th>
          <th scope="col">Labels</th>
          <th scope="col">Hostname</th>
          <th scope="col">Last seen</th>
          <th scope="col">Joined</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {harvesters.map((h) => (
          <tr key={h.id} data-testid="credential-row" data-harvester={h.name}>
            <th scope="row" data-label="Harvester">
              <StatusDot online={h.online} />
              <a href={`#/host/${encodeURIComponent(h.name)}`}>{h.name}</a>
            </th>
            <td data-label="Labels">
              <LabelChips labels={h.labels} />
            </td>
            <td data-label="Hostname">{h.hostname || <span class="muted">—</span>}</td>
            <td data-label="Last seen">{h.online ? 'now' : formatAgo(h.lastSeen, now)}</td>
            <td data-label="Joined">{formatDateTime(h.createdAt)}</td>
            <td data-label="Actions" class="data-table__actions">
              <ConfirmButton
                label="Revoke"
                description={`Revoke the credential of ${h.name}`}
                testId={`revoke-${h.name}`}
                onConfirm={() => onRevoke(h.name)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
