/** The nester's remote-maintenance endpoints (docs/remote.md), as the UI uses them. */
import { apiRequest, ApiError, CSRF_HEADER } from '../../lib/api-client';

/** A WebSocket URL on the nester's own origin (the cookie and the Origin check follow). */
export function socketUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`;
}

/** What the user may do on a harvester. */
export interface RemoteAccess {
  harvester: string;
  operate: boolean;
  online: boolean;
}

export function fetchAccess(name: string, signal?: AbortSignal): Promise<RemoteAccess> {
  return apiRequest<RemoteAccess>(`/api/remote/access/${encodeURIComponent(name)}`, signal ? { signal } : {});
}

export interface HostResult {
  exitCode: number | null;
  signal: string | number | null;
  outcome: string;
  message?: string;
}

export interface AuditEntry {
  id: string;
  kind: 'terminal' | 'desktop' | 'run';
  user: string;
  role: string;
  via: string;
  remoteAddress: string;
  harvesters: string[];
  command?: string;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  bytesIn: number;
  bytesOut: number;
  outcome: string;
  detail?: string;
  results?: Record<string, HostResult>;
  recorded?: boolean;
}

export async function fetchAudit(query: URLSearchParams, signal?: AbortSignal): Promise<AuditEntry[]> {
  const body = await apiRequest<{ entries: AuditEntry[] }>(
    `/api/audit?${query.toString()}`,
    signal ? { signal } : {},
  );
  return body.entries;
}

export async function fetchAuditEntry(id: string, signal?: AbortSignal): Promise<AuditEntry> {
  const body = await apiRequest<{ entry: AuditEntry }>(
    `/api/audit/${encodeURIComponent(id)}`,
    signal ? { signal } : {},
  );
  return body.entry;
}

export async function fetchRecording(id: string, signal?: AbortSignal): Promise<string> {
  const res = await fetch(`/api/audit/${encodeURIComponent(id)}/recording`, {
    credentials: 'same-origin',
    signal: signal ?? null,
  });
  if (!res.ok)
    throw new ApiError(`cannot load the recording: HTTP ${res.status}`, res.status, await res.text());
  return res.text();
}

/** Events of a run, one JSON line each. */
export type RunEvent =
  | { type: 'run'; id: string; command: string; targets: string[]; refused: string[]; unknown: string[] }
  | { type: 'output'; harvester: string; stream: 'stdout' | 'stderr'; text: string }
  | ({ type: 'result'; harvester: string; durationMs: number } & HostResult)
  | { type: 'end'; id: string; outcome: string; durationMs: number };

export interface RunRequest {
  command: string;
  timeout: number;
  targets: { names?: string[]; labels?: Record<string, string>; team?: string };
}

/**
 * Starts a run and calls `onEvent` for every line as it arrives; resolves at the end of the
 * stream. Aborting `signal` drops the response, which cancels the run on the nester.
 */
export async function runCommand(
  req: RunRequest,
  onEvent: (e: RunEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch('/api/remote/run', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify(req),
    signal,
  });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(body.error ?? `HTTP ${res.status}`, res.status, body);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    let cut = buffered.indexOf('\n');
    while (cut !== -1) {
      const line = buffered.slice(0, cut);
      buffered = buffered.slice(cut + 1);
      if (line.trim() !== '') onEvent(JSON.parse(line) as RunEvent);
      cut = buffered.indexOf('\n');
    }
  }
}

export function cancelRun(id: string): Promise<unknown> {
  return apiRequest(`/api/remote/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
}

/** Words for a browser-side close of a session socket. */
export function closeText(code: number, reason: string): string {
  if (reason !== '') return reason;
  if (code === 1006) return 'the connection was refused or lost';
  return `closed (${code})`;
}
