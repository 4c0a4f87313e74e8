/** Teams (admin only): each team from users and harvester labels, with members and harvesters. */
import { useState } from 'preact/hooks';
import { isAbort } from '../../lib/api-client';
import { usePolling } from '../../lib/use-polling';
import { Message } from '../../ui/message';
import { listTeams, type Member, type TeamsOverview } from './admin-api';
import { AdminTabs } from './admin-tabs';
import { errorText } from './format';
import './console.css';

function Members({ members, empty }: { members: Member[]; empty: string }) {
  if (members.length === 0) return <span class="muted">{empty}</span>;
  return (
    <span class="chips">
      {members.map((m) => (
        <span class="chip" key={m.name} title={`${m.name} (${m.role})`}>
          <span class="chip__value">{m.name}</span>
          <span class="chip__key">{m.role}</span>
        </span>
      ))}
    </span>
  );
}

function Count({ total, online }: { total: number; online: number }) {
  if (total === 0) return <span class="muted">none</span>;
  return (
    <span>
      {total} <span class="muted">({online} online)</span>
    </span>
  );
}

export function TeamsPage() {
  const [data, setData] = useState<TeamsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);

  usePolling(
    async (signal) => {
      try {
        setData(await listTeams(signal));
        setError(null);
      } catch (e) {
        if (!isAbort(e)) setError(`cannot load the teams: ${errorText(e)}`);
      }
    },
    10_000,
    true,
    [],
  );

  return (
    <section class="page console-page" data-testid="teams-page">
      <header class="page__header">
        <h1>Teams</h1>
        <span class="page__meta muted">a team is a value of the harvesters’ team label, given to users</span>
      </header>
      <AdminTabs current="teams" />
      {error && <Message kind="error">{error}</Message>}
      {data === null ? (
        <Message>Loading teams…</Message>
      ) : (
        <div class="panel panel--flush data-table__wrap">
          <table class="data-table" aria-label="Teams">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Members</th>
                <th scope="col">Harvesters</th>
              </tr>
            </thead>
            <tbody>
              {data.teams.map((t) => (
                <tr key={t.name} data-testid="team-row">
                  <th scope="row" data-label="Team">
                    {t.name}
                  </th>
                  <td data-label="Members">
                    <Members members={t.members} empty="nobody yet: give it to a user" />
                  </td>
                  <td data-label="Harvesters">
                    <Count total={t.harvesters} online={t.online} />
                  </td>
                </tr>
              ))}
              <tr class="data-table__special">
                <th scope="row" data-label="Team">
                  every team <span class="muted">(admins, *)</span>
                </th>
                <td data-label="Members">
                  <Members members={data.allTeams} empty="nobody" />
                </td>
                <td data-label="Harvesters">
                  <span class="muted">all</span>
                </td>
              </tr>
              <tr class="data-table__special">
                <th scope="row" data-label="Team">
                  no team
                </th>
                <td data-label="Members">
                  <span class="muted">seen by admins and * users only</span>
                </td>
                <td data-label="Harvesters">
                  <Count total={data.unassigned.harvesters} online={data.unassigned.online} />
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
