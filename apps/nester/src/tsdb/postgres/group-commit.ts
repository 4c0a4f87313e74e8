import { InvalidInputError } from '@seahawks/model';
import { CopyRows } from './pg-binary.js';

/** Adds one append's rows to a COPY being built (in a fixed order: indexes refer to it). */
export type EncodeRows = (rows: CopyRows) => void;

/** Writes one transaction of rows (`SampleWriter`); returns the indexes of refused rows. */
export interface RowWriter {
  write(build: (withOrd: boolean) => Buffer): Promise<number[]>;
}

interface Job {
  readonly count: number;
  readonly encode: EncodeRows;
  resolve(conflicts: number[]): void;
  reject(err: unknown): void;
}

export interface GroupCommitStats {
  /** Appends written, and transactions they took: their ratio is the merging achieved. */
  appendsWritten: number;
  transactions: number;
}

/**
 * Group commit: appends that arrive while every writer is busy wait, and the next free writer
 * takes all of them (up to `maxRows`) into one COPY and one commit. A lone append goes at once;
 * under load, a few large transactions replace many small ones, whose commits (a WAL flush each)
 * would otherwise bound the rate. Measured in docs/postgres.md.
 *
 * Every append still resolves only after the commit holding its rows. A failure fails every
 * append of the transaction, except refused input: then each append is retried alone, so only
 * the one at fault gets `InvalidInputError` (which tells its sender not to retry).
 */
export class GroupCommit {
  readonly stats: GroupCommitStats = { appendsWritten: 0, transactions: 0 };
  private readonly pending: Job[] = [];
  private writers = 0;

  constructor(
    private readonly writer: RowWriter,
    private readonly maxWriters: number,
    private readonly maxRows: number,
  ) {}

  /** Writes `count` rows; resolves with the indexes (0 … count-1) of rows refused as conflicts. */
  write(count: number, encode: EncodeRows): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ count, encode, resolve, reject });
      if (this.writers < this.maxWriters) void this.drain();
    });
  }

  /** Writes queued appends until none is left. Never rejects: every job is settled. */
  private async drain(): Promise<void> {
    this.writers++;
    try {
      while (this.pending.length > 0) await this.flush(this.take());
    } finally {
      this.writers--;
    }
  }

  private take(): Job[] {
    const jobs = [this.pending.shift()!];
    let rows = jobs[0]!.count;
    while (this.pending.length > 0 && rows + this.pending[0]!.count <= this.maxRows) {
      const job = this.pending.shift()!;
      rows += job.count;
      jobs.push(job);
    }
    return jobs;
  }

  private async flush(jobs: readonly Job[]): Promise<void> {
    try {
      await this.writeTogether(jobs);
    } catch (err) {
      if (jobs.length === 1 || !(err instanceof InvalidInputError)) {
        for (const job of jobs) job.reject(err);
        return;
      }
      for (const job of jobs) await this.writeTogether([job]).catch((alone: unknown) => job.reject(alone));
    }
  }

  /** One transaction for `jobs`; settles them on success, throws (settling nothing) on failure. */
  private async writeTogether(jobs: readonly Job[]): Promise<void> {
    const total = jobs.reduce((n, j) => n + j.count, 0);
    const conflicts = await this.writer.write((withOrd) => {
      const rows = new CopyRows(total, withOrd);
      for (const job of jobs) job.encode(rows);
      return rows.finish();
    });
    this.stats.transactions++;
    this.stats.appendsWritten += jobs.length;
    const sorted = [...conflicts].sort((a, b) => a - b);
    let start = 0;
    let next = 0;
    for (const job of jobs) {
      const mine: number[] = [];
      while (next < sorted.length && sorted[next]! < start + job.count) mine.push(sorted[next++]! - start);
      job.resolve(mine);
      start += job.count;
    }
  }
}
