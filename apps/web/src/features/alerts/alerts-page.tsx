/**
 * The alerts page: what fires, is pending, is silenced, and resolved recently; the history of
 * state changes and undelivered notifications; every rule with its state and last error; silences
 * and maintenance windows. Tabs live in the URL (`#/alerts?tab=rules`).
 */
import { useState } from 'preact/hooks';
import { usePolling } from '../../lib/use-polling';
import { redirect, hashOf } from '../../lib/hash-route';
import { Message } from '../../ui/message';
import { AlertTable } from './alert-table';
import { expireSilence, fetchAlerts, fetchRules, fetchSilences } from './alerts-api';
import type {
  AlertsAnswer,
  DeadLetter,
  Matcher,
  RulesAnswer,
  Silence,
  SilencesAnswer,
  UiAlert,
} from './alerts-api';
import { RulesPanel } from './rules-panel';
import { SilenceForm } from './silence-form';
import './alerts.css';

type Tab = 'alerts' | 'history' | 'rules' | 'silences';
const TABS: Tab[] = ['alerts', 'history', 'rules', 'silences'];
const ORDER: Record<string, number> = { firing: 0, pending: 1, silenced: 2, resolved: 3 };

export function AlertsPage({
  query,
  canSilence: roleMaySilence,
}: {
  query: URLSearchParams;
  canSilence: boolean;
}) {
  const tab = (TABS as string[]).includes(query.get('tab') ?? '') ? (query.get('tab') as Tab) : 'alerts';
  const [alerts, setAlerts] = useState<AlertsAnswer | null>(null);
  const [rules, setRules] = useState<RulesAnswer | null>(null);
  const [silences, setSilences] = useState<SilencesAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [silencing, setSilencing] = useState<Matcher[] | null>(null);
  const [tick, setTick] = useState(0);
  usePolling(
    async (signal) => {
      try {
        const [a, r, s] = await Promise.all([fetchAlerts(signal), fetchRules(signal), fetchSilences(signal)]);
        setAlerts(a);
        setRules(r);
        setSilences(s);
        setError(null);
      } catch (err) {
        if (!signal.aborted) setError(err instanceof Error ? err.message : String(err));
      }
    },
    5000,
    true,
    [tick],
  );
  const refresh = () => setTick(tick + 1);
  const now = Date.now();
  const sorted = [...(alerts?.alerts ?? [])].sort(
    (x, y) => ORDER[stateOf(x)]! - ORDER[stateOf(y)]! || y.activeAt - x.activeAt,
  );
  const count = (s: string) => sorted.filter((a) => stateOf(a) === s).length;
  // The server knows the user's teams; until it answered, the role decides.
  const canSilence = silences?.canCreate ?? roleMaySilence;
  const pinTeams = silences?.teams;
  const deadLetters = alerts?.deadLetters ?? [];
  return (
    <section class="page alerts-page">
      <header class="alerts-page__bar">
        <h1>Alerts</h1>
        <span class="alerts-page__counts" data-testid="alert-counts">
          {(['firing', 'pending', 'silenced', 'resolved'] as const).map((s) => (
            <span key={s} class={`alert-state alert-state--${s}`}>
              {count(s)} {s}
            </span>
          ))}
          {deadLetters.length > 0 && (
            <a
              class="alert-state alert-state--firing"
              href={hashOf(['alerts'], { tab: 'history' })}
              data-testid="dead-letter-count"
            >
              {deadLetters.length} undelivered
            </a>
          )}
        </span>
        <span class="toolbar__spacer" />
        {canSilence && (
          <button type="button" class="button" onClick={() => setSilencing(teamMatcher(pinTeams))}>
            New silence
          </button>
        )}
      </header>
      <nav class="alerts-tabs segmented" aria-label="Alert views">
        {TABS.map((t) => (
          <button
            type="button"
            key={t}
            class="button button--ghost"
            aria-pressed={t === tab}
            onClick={() => redirect(hashOf(['alerts'], { tab: t }))}
          >
            {t}
          </button>
        ))}
      </nav>
      {error && <Message kind="error">{error}</Message>}
      {silencing && (
        <SilenceForm
          initial={silencing}
          pinTeams={pinTeams}
          onDone={() => {
            setSilencing(null);
            refresh();
          }}
        />
      )}
      {tab === 'alerts' &&
        alerts &&
        (sorted.length === 0 ? (
          <Message>Nothing is firing or pending. The rules are on the rules tab.</Message>
        ) : (
          <AlertTable
            alerts={sorted}
            now={now}
            onSilence={canSilence ? (a) => setSilencing(matchersOf(a, pinTeams)) : undefined}
          />
        ))}
      {tab === 'alerts' && deadLetters.length > 0 && (
        <Message kind="error">
          {deadLetters.length} notification(s) could not be delivered after every retry (they are sent again
          at the group's next flush); the latest: {deadLetters[0]!.integration} {deadLetters[0]!.receiver}:{' '}
          {deadLetters[0]!.error}
        </Message>
      )}
      {tab === 'history' && alerts && <History alerts={alerts} />}
      {tab === 'history' && deadLetters.length > 0 && <DeadLetters letters={deadLetters} />}
      {tab === 'rules' && rules && <RulesPanel rules={rules} onSaved={refresh} />}
      {tab === 'silences' && silences && (
        <Silences silences={silences.silences} canSilence={canSilence} onChange={refresh} />
      )}
    </section>
  );
}

function stateOf(a: UiAlert): string {
  return a.silencedBy.length > 0 && a.state !== 'resolved' ? 'silenced' : a.state;
}

/** A silence for one alert: its name and instance, and its team (required of team-bound operators). */
function matchersOf(a: UiAlert, pinTeams: string[] | undefined): Matcher[] {
  const keep = ['alertname', 'instance', ...(pinTeams ? ['team'] : [])].filter(
    (k) => a.labels[k] !== undefined,
  );
  return keep.map((name) => ({ name, value: a.labels[name]!, isRegex: false, isEqual: true }));
}

/** A new silence of a team-bound operator starts with `team="<their first team>"`. */
function teamMatcher(pinTeams: string[] | undefined): Matcher[] {
  const team = pinTeams?.[0];
  if (team === undefined) return [];
  return [
    { name: 'team', value: team, isRegex: false, isEqual: true },
    { name: 'instance', value: '', isRegex: false, isEqual: true },
  ];
}

function DeadLetters({ letters }: { letters: DeadLetter[] }) {
  return (
    <table class="alerts-table panel" data-testid="dead-letters">
      <caption>Undelivered notifications (every retry failed)</caption>
      <thead>
        <tr>
          <th>When</th>
          <th>Receiver</th>
          <th>Attempts</th>
          <th>About</th>
          <th>Last error</th>
        </tr>
      </thead>
      <tbody>
        {letters.map((d, i) => (
          <tr key={i}>
            <td class="nowrap">{new Date(d.at).toLocaleString()}</td>
            <td>
              {d.integration} {d.receiver}
            </td>
            <td>{d.attempts}</td>
            <td class="mono">{d.summary}</td>
            <td>{d.error}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History({ alerts }: { alerts: AlertsAnswer }) {
  if (alerts.history.length === 0) return <Message>No alert changed state yet.</Message>;
  return (
    <table class="alerts-table alerts-history panel" data-testid="alerts-history">
      <thead>
        <tr>
          <th>When</th>
          <th>Alert</th>
          <th>Change</th>
          <th>Labels</th>
        </tr>
      </thead>
      <tbody>
        {alerts.history.map((h, i) => (
          <tr key={i}>
            <td class="nowrap">{new Date(h.at).toLocaleString()}</td>
            <td class="alerts-table__name">{h.alertname}</td>
            <td>
              {h.from} → <span class={`alert-state alert-state--${h.to}`}>{h.to}</span>
            </td>
            <td class="mono">
              {Object.entries(h.labels)
                .filter(([k]) => k !== 'alertname')
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Silences({
  silences,
  canSilence,
  onChange,
}: {
  silences: Silence[];
  canSilence: boolean;
  onChange: () => void;
}) {
  if (silences.length === 0) return <Message>No silence or maintenance window.</Message>;
  return (
    <table class="alerts-table panel" data-testid="silences-table">
      <thead>
        <tr>
          <th>Status</th>
          <th>Matchers</th>
          <th>When</th>
          <th>By</th>
          <th>Why</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {silences.map((s) => (
          <tr key={s.id}>
            <td>{s.status}</td>
            <td class="mono">
              {s.matchers
                .map((m) => `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '~' : '='}"${m.value}"`)
                .join(', ')}
            </td>
            <td class="nowrap">
              {s.weekly
                ? `weekly ${s.weekly.weekdays.map((d) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d]).join(',')} ${s.weekly.startTime} UTC, ${s.weekly.durationMinutes} min`
                : `until ${new Date(s.endsAt).toLocaleString()}`}
            </td>
            <td>{s.createdBy}</td>
            <td>{s.comment}</td>
            <td>
              {canSilence && s.status !== 'expired' && (
                <button
                  type="button"
                  class="button button--ghost"
                  onClick={() => void expireSilence(s.id).then(onChange)}
                >
                  Expire
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
