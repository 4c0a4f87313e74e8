import { labelsToRecord } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import type { Pool } from 'pg';
import { StorageIOError } from '../../storage/errors.js';
import { classified } from './classify.js';
import type { PlannedSeries, SeriesIdLookup } from './ingest-plan.js';

// One round trip for a batch's new series: insert what is missing (in the given order, so two
// writers inserting overlapping sets lock rows in the same order and cannot deadlock), and look
// up the ids of the rest through the unique index, one index probe per label set.
const UPSERT = `WITH input AS (
    SELECT l, ord FROM unnest($1::jsonb[]) WITH ORDINALITY AS u(l, ord)
  ), inserted AS (
    INSERT INTO series (labels) SELECT l FROM input ORDER BY ord
    ON CONFLICT (sha256(jsonb_send(labels))) DO NOTHING RETURNING id, labels
  )
  SELECT input.ord::integer AS ord, coalesce(inserted.id, (
      SELECT s.id FROM series s WHERE sha256(jsonb_send(s.labels)) = sha256(jsonb_send(input.l)) AND s.labels = input.l
    )) AS id, inserted.id IS NOT NULL AS created
  FROM input LEFT JOIN inserted ON inserted.labels = input.l`;
const LOOK_UP = `SELECT u.ord::integer AS ord, (
    SELECT s.id FROM series s WHERE sha256(jsonb_send(s.labels)) = sha256(jsonb_send(u.l)) AND s.labels = u.l
  ) AS id
  FROM unnest($1::jsonb[]) WITH ORDINALITY AS u(l, ord)`;

/**
 * Series ids by label set: an in-memory cache in front of the `series` table, filled on first
 * sight (a series is created, or found when another writer created it). The engine deletes a
 * series row only in `deleteSeries`, which makes this cache `forget` it; after restoring or
 * editing `series` by hand, or a deletion by another nester sharing the database, restart.
 */
export class SeriesIds implements SeriesIdLookup {
  private readonly byKeyMap = new Map<string, number>();
  /** Interned label arrays (the decoder hands out the same array for the same series). */
  private byLabels = new WeakMap<Labels, number>();
  private created = 0;
  private deleted = 0;

  constructor(
    private readonly pool: Pool,
    private readonly capacity: number,
  ) {}

  /** Series rows this process created. */
  get createdCount(): number {
    return this.created;
  }

  /** Series rows this process deleted. */
  get deletedCount(): number {
    return this.deleted;
  }

  /**
   * Drops the series rows `ids` from the cache (they were deleted), so the next append of one of
   * them creates its row again instead of writing under a vanished id.
   */
  forget(ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.deleted += ids.length;
    const gone = new Set(ids);
    for (const [key, id] of this.byKeyMap) if (gone.has(id)) this.byKeyMap.delete(key);
    // A WeakMap cannot be walked: start it afresh; it refills from `byKey` without a round trip.
    this.byLabels = new WeakMap();
  }

  byIdentity(labels: Labels): number | undefined {
    return this.byLabels.get(labels);
  }

  byKey(labels: Labels, key: string): number | undefined {
    const id = this.byKeyMap.get(key);
    if (id !== undefined) this.byLabels.set(labels, id);
    return id;
  }

  /**
   * Fills in the id of every series without one, creating rows as needed. New rows are inserted
   * in key order, so two writers creating overlapping sets cannot deadlock on each other.
   *
   * @throws StorageIOError when the database cannot be reached.
   */
  async resolve(series: readonly PlannedSeries[]): Promise<void> {
    const missing = series.filter((s) => s.id === undefined).sort((a, b) => (a.key < b.key ? -1 : 1));
    if (missing.length === 0) return;
    const json = missing.map((s) => JSON.stringify(labelsToRecord(s.labels)));
    const rows = await classified('create series', async () => {
      const { rows } = await this.pool.query<{ ord: number; id: string | null; created: boolean }>(UPSERT, [
        json,
      ]);
      const unseen = rows.filter((r) => r.id === null);
      if (unseen.length === 0) return rows;
      // Created by another writer after this statement's snapshot: a new statement sees them.
      const again = await this.pool.query<{ ord: number; id: string | null }>(LOOK_UP, [
        unseen.map((r) => json[r.ord - 1]),
      ]);
      return [
        ...rows.filter((r) => r.id !== null),
        ...again.rows.map((r) => ({ ord: unseen[r.ord - 1]!.ord, id: r.id, created: false })),
      ];
    });
    for (const { ord, id, created } of rows) {
      const s = missing[ord - 1]!;
      if (id === null) continue;
      s.id = Number(id);
      if (created) this.created++;
      this.remember(s.labels, s.key, s.id);
    }
    const lost = missing.find((s) => s.id === undefined);
    if (lost !== undefined) {
      // Only possible when someone deletes series rows while we insert them; a retry recreates it.
      throw new StorageIOError(
        `cannot create series ${JSON.stringify(labelsToRecord(lost.labels)).slice(0, 200)}: deleted right after insert`,
      );
    }
  }

  private remember(labels: Labels, key: string, id: number): void {
    if (this.capacity === 0) return;
    if (this.byKeyMap.size >= this.capacity) {
      // Forget the oldest tenth: a Map iterates in insertion order.
      let drop = Math.ceil(this.capacity / 10);
      for (const k of this.byKeyMap.keys()) {
        this.byKeyMap.delete(k);
        if (--drop === 0) break;
      }
    }
    this.byKeyMap.set(key, id);
    this.byLabels.set(labels, id);
  }
}
