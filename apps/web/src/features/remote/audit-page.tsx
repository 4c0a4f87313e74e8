/**
 * The audit log: every terminal, desktop and run — who, which harvesters, what, when, how long,
 * bytes, outcome — filtered, exportable as CSV or JSON lines, with recordings to play back.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../../lib/format-number';
import { Message } from '../../ui/message';
import { fetchAudit } from './remote-api';
import type { AuditEntry } from './remote-api';
import './remote.css';

interface Filters {
  user: string;
  harvester: string;
  kind: string;
}

function queryOf(f: Filters, extra: Record<string, string> = {}): URLSearchParams {
  const q = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(f) as Array<[string, string]>) if (v !== '') q.set(k, v);
  return q;
}

export function AuditPage({ query }: { query: URLSearchParams }) {
  const [filters, setFilters] = useState<Filters>({
    user: query.get('user') ?? '',
    harvester: query.get('harvester') ?? '',
    kind: query.get('kind') ?? '',
  });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    const load = (): void => {
      fetchAudit(queryOf(filters, { limit: '500' }), ctl.signal).then(setEntries, (err: unknown) => {
        if (!ctl.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    };
    load();
    const timer = setInterval(load, 5000);
    return () => {
      clearInterval(timer);
      ctl.abort();
    };
  }, [filters.user, filters.harvester, filters.kind]);
  const set = (k: keyof Filters) => (e: Event) =>
    setFilters({ ...filters, [k]: (e.currentTarget as HTMLInputElement).value.trim() });
  return (
    <section class="page remote-page">
      <header class="remote-page__bar">
        <h1>Audit</h1>
        <span class="toolbar__spacer" />
        <a class="button" href={`/api/audit?${queryOf(filters, { format: 'csv' }).toString()}`} download>
          Export CSV
        </a>
        <a class="button" href={`/api/audit?${queryOf(filters, { format: 'jsonl' }).toString()}`} download>
          Export JSON lines
        </a>
      </header>
      <form class="audit-filters" onSubmit={(e) => e.preventDefault()}>
        <input placeholder="user" value={filters.user} onChange={set('user')} />
        <input placeholder="harvester" value={filters.harvester} onChange={set('harvester')} />
        <select value={filters.kind} onChange={set('kind')}>
          <option value="">every kind</option>
          <option value="terminal">terminal</option>
          <option value="desktop">desktop</option>
          <option value="run">run</option>
        </select>
      </form>
      {error && <Message kind="error">{error}</Message>}
      {entries && entries.length === 0 && <Message>No session or command recorded yet.</Message>}
      {entries && entries.length > 0 && <AuditTable entries={entries} />}
    </section>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <table class="audit-table panel" data-testid="audit-table">
      <thead>
        <tr>
          <th>When</th>
          <th>Kind</th>
          <th>User</th>
          <th>Harvesters</th>
          <th>What</th>
          <th>Duration</th>
          <th>Bytes in / out</th>
          <th>Outcome</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid="audit-row" data-kind={e.kind} data-outcome={e.outcome}>
            <td class="nowrap">{new Date(e.startedAt).toLocaleString()}</td>
            <td>{e.kind}</td>
            <td>
              {e.user} <span class="muted">({e.role})</span>
            </td>
            <td>{e.harvesters.join(', ')}</td>
            <td class="mono audit-table__what" title={e.detail}>
              {e.command ?? e.detail ?? ''}
            </td>
            <td class="nowrap">{e.durationMs === null ? '—' : `${(e.durationMs / 1000).toFixed(1)} s`}</td>
            <td class="nowrap">
              {formatBytes(e.bytesIn)} / {formatBytes(e.bytesOut)}
            </td>
            <td>
              <span
                class={`pill ${e.outcome === 'ok' ? 'pill--online' : e.outcome === 'open' ? '' : 'pill--offline'}`}
              >
                {e.outcome}
              </span>
            </td>
            <td>{e.recorded && <a href={`#/audit/${encodeURIComponent(e.id)}`}>▶ play</a>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
