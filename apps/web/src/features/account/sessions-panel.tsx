/** One's own sessions: where and when each began, when it ends; end one or all others. */
import { ConfirmButton } from '../../ui/confirm-button';
import { formatAgo } from '../../lib/format-time';
import { formatDateTime, formatUntil } from '../admin/format';
import type { SessionInfo } from './account-api';

export interface SessionsPanelProps {
  sessions: SessionInfo[];
  now: number;
  onEnd: (id: string) => Promise<void>;
  onEndOthers: () => Promise<void>;
}

/** "Firefox on Linux" out of a user agent string, or the string itself cut short. */
export function describeAgent(ua: string): string {
  if (ua === '') return 'unknown client';
  const browser = /(Firefox|Edg|Chrome|Chromium|Safari|curl)\//.exec(ua)?.[1];
  const os = /(Windows|Mac OS X|Android|iPhone|Linux)/.exec(ua)?.[1];
  if (!browser) return ua.slice(0, 60);
  const name = browser === 'Edg' ? 'Edge' : browser;
  return os ? `${name} on ${os === 'Mac OS X' ? 'macOS' : os}` : name;
}

export function SessionsPanel({ sessions, now, onEnd, onEndOthers }: SessionsPanelProps) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <section class="panel console-form" aria-label="Sessions" data-testid="sessions-panel">
      <div class="console-form__title">
        <h2>Sessions</h2>
        <span class="toolbar__spacer" />
        <ConfirmButton
          label="End all others"
          description="End every other session"
          disabled={others === 0}
          onConfirm={onEndOthers}
        />
      </div>
      <div class="data-table__wrap">
        <table class="data-table" aria-label="Your sessions">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">Ends</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <th scope="row" data-label="Client" title={s.userAgent}>
                  {describeAgent(s.userAgent)}
                  {s.current && <span class="pill pill--online session-current">this browser</span>}
                </th>
                <td data-label="Address">{s.address || <span class="muted">—</span>}</td>
                <td data-label="Signed in">{formatDateTime(s.createdAt)}</td>
                <td data-label="Last active">{formatAgo(s.lastSeenAt, now)}</td>
                <td data-label="Ends" title={formatDateTime(s.expiresAt)}>
                  {formatUntil(s.expiresAt, now)}
                </td>
                <td data-label="Actions" class="data-table__actions">
                  <ConfirmButton
                    label={s.current ? 'Sign out' : 'End'}
                    description={s.current ? 'Sign out of this browser' : `End the session from ${s.address}`}
                    onConfirm={() => onEnd(s.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
