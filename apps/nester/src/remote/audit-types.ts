/** What kind of remote access an audit entry records. */
export type AuditKind = 'terminal' | 'desktop' | 'run';

/**
 * How it ended: `open` (still going), `ok` (ended normally), `failed` (the harvester or the
 * tunnel failed), `denied` (access refused), `cancelled`, `timeout`, `interrupted` (the nester
 * stopped while it was open).
 */
export type AuditOutcome = 'open' | 'ok' | 'failed' | 'denied' | 'cancelled' | 'timeout' | 'interrupted';

/** The result on one harvester of a run (or the exit of a terminal). */
export interface HostResult {
  readonly exitCode: number | null;
  readonly signal: string | number | null;
  readonly outcome: string;
  readonly message?: string;
}

/** One session or command: who, which harvesters, what, when, how long, bytes, outcome. */
export interface AuditEntry {
  /** Sortable by time: base-36 milliseconds, then random. */
  readonly id: string;
  readonly kind: AuditKind;
  readonly user: string;
  readonly role: string;
  /** How the user authenticated: session (browser), token (automation), basic. */
  readonly via: string;
  readonly remoteAddress: string;
  readonly harvesters: readonly string[];
  /** The command of a run. */
  readonly command?: string;
  /** ms since the epoch. */
  readonly startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  /** Bytes from the user towards the harvesters. */
  bytesIn: number;
  /** Bytes from the harvesters towards the user. */
  bytesOut: number;
  outcome: AuditOutcome;
  /** Why it was denied or failed, in words. */
  detail?: string;
  /** Per harvester: exit status. */
  results?: Record<string, HostResult>;
  /** Whether an asciicast recording of the session exists. */
  recorded?: boolean;
}

/** What is known when a session starts. */
export type AuditStart = Pick<
  AuditEntry,
  'kind' | 'user' | 'role' | 'via' | 'remoteAddress' | 'harvesters' | 'command'
> & { recorded?: boolean };

/** What is known when it ends. */
export interface AuditEnd {
  readonly outcome: Exclude<AuditOutcome, 'open'>;
  readonly bytesIn?: number;
  readonly bytesOut?: number;
  readonly detail?: string;
  readonly results?: Record<string, HostResult>;
}
