import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SeahawksError } from '@seahawks/model';
import type { AuditEnd, AuditEntry, AuditKind, AuditOutcome, AuditStart } from './audit-types.js';

/** The audit log could not be read or written. */
export class AuditLogError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('audit_log', message, options);
  }
}

/** Filters of a query; all optional, bounds inclusive, ms since the epoch. */
export interface AuditQuery {
  readonly since?: number;
  readonly until?: number;
  readonly user?: string;
  readonly harvester?: string;
  readonly kind?: AuditKind;
  readonly outcome?: AuditOutcome;
  /** Newest first, at most this many. */
  readonly limit?: number;
}

type Line = ({ event: 'open' } & AuditEntry) | ({ event: 'close'; id: string; endedAt: number } & AuditEnd);

/**
 * Every remote session and command, append-only in `<dir>/audit.jsonl` (mode 0600): an `open`
 * line when it starts, a `close` line when it ends, so a session is on disk before any byte is
 * relayed and a nester that dies mid-session leaves it marked `interrupted` at the next start.
 * Recordings live beside it (`recordings/<id>.cast`). Entries are kept in memory for queries.
 */
export class AuditLog {
  private readonly entries = new Map<string, AuditEntry>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly file: FileHandle,
    private readonly clock: () => number,
  ) {}

  static async open(dir: string, clock: () => number = Date.now): Promise<AuditLog> {
    const path = join(dir, 'audit.jsonl');
    try {
      await mkdir(join(dir, 'recordings'), { recursive: true, mode: 0o700 });
      const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      const log = new AuditLog(dir, await open(path, 'a', 0o600), clock);
      log.replay(text);
      return log;
    } catch (err) {
      throw new AuditLogError(`cannot open the audit log ${path}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Path of the recording of entry `id` (which may not exist). */
  recordingPath(id: string): string {
    return join(this.dir, 'recordings', `${id}.cast`);
  }

  /** Records a start; resolves with the entry once its line is written. */
  async start(s: AuditStart): Promise<AuditEntry> {
    const now = this.clock();
    const entry: AuditEntry = {
      id: `${now.toString(36).padStart(9, '0')}-${randomBytes(5).toString('hex')}`,
      ...s,
      startedAt: now,
      endedAt: null,
      durationMs: null,
      bytesIn: 0,
      bytesOut: 0,
      outcome: 'open',
    };
    this.entries.set(entry.id, entry);
    await this.append({ event: 'open', ...entry });
    return entry;
  }

  /** Records the end of `entry` (once; later calls are ignored). */
  async end(entry: AuditEntry, e: AuditEnd): Promise<void> {
    if (entry.outcome !== 'open') return;
    const now = this.clock();
    this.apply(entry, { ...e, endedAt: now });
    await this.append({ event: 'close', id: entry.id, endedAt: now, ...e });
  }

  /** A denied attempt: one entry, started and ended at once. */
  async deny(s: AuditStart, detail: string): Promise<AuditEntry> {
    const entry = await this.start(s);
    await this.end(entry, { outcome: 'denied', detail });
    return entry;
  }

  get(id: string): AuditEntry | undefined {
    return this.entries.get(id);
  }

  /** Entries matching `q`, newest first. */
  query(q: AuditQuery, visible: (e: AuditEntry) => boolean = () => true): AuditEntry[] {
    const out: AuditEntry[] = [];
    const limit = q.limit ?? 1000;
    const all = [...this.entries.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const e = all[i]!;
      if (q.since !== undefined && e.startedAt < q.since) continue;
      if (q.until !== undefined && e.startedAt > q.until) continue;
      if (q.user !== undefined && e.user !== q.user) continue;
      if (q.harvester !== undefined && !e.harvesters.includes(q.harvester)) continue;
      if (q.kind !== undefined && e.kind !== q.kind) continue;
      if (q.outcome !== undefined && e.outcome !== q.outcome) continue;
      if (visible(e)) out.push(e);
    }
    return out;
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
    await this.file.close();
  }

  private apply(entry: AuditEntry, e: AuditEnd & { endedAt: number }): void {
    entry.outcome = e.outcome;
    entry.endedAt = e.endedAt;
    entry.durationMs = e.endedAt - entry.startedAt;
    entry.bytesIn = e.bytesIn ?? entry.bytesIn;
    entry.bytesOut = e.bytesOut ?? entry.bytesOut;
    if (e.detail !== undefined) entry.detail = e.detail;
    if (e.results !== undefined) entry.results = e.results;
  }

  private append(line: Line): Promise<void> {
    const text = `${JSON.stringify(line)}\n`;
    // Sessions cut by a shutdown end after the log closed: the next start marks them interrupted.
    if (this.closed) return Promise.resolve();
    const next = this.chain.then(async () => {
      await this.file.appendFile(text);
    });
    this.chain = next.catch(() => undefined);
    return next.catch((err: unknown) => {
      throw new AuditLogError(`cannot write the audit log: ${(err as Error).message}`, { cause: err });
    });
  }

  private replay(text: string): void {
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a torn last line after a crash: the entries before it stand
      }
      if (line.event === 'open') {
        const entry: AuditEntry & { event?: string } = { ...line };
        delete entry.event;
        this.entries.set(entry.id, entry);
      } else if (line.event === 'close') {
        const entry = this.entries.get(line.id);
        if (entry) this.apply(entry, line);
      }
    }
    for (const entry of this.entries.values()) {
      if (entry.outcome === 'open') entry.outcome = 'interrupted';
    }
  }
}
