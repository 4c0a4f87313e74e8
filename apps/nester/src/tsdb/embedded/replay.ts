import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageIOError } from '../../storage/errors.js';
import { CorruptChunkError } from '../chunkenc/errors.js';
import type { EncodedChunk } from './chunk-policy.js';
import { decodeChunksRecord, isDense, isSealed } from './chunk-records.js';
import type { ChunkKind } from './chunk-records.js';
import type { Head, MemSeries } from './head.js';
import type { EmbeddedLogger } from './options.js';
import {
  decodeCheckpointMeta,
  decodeSamplesRecord,
  decodeSeriesRecord,
  READABLE_VERSIONS,
  RecordType,
} from './records.js';
import type { LoggedSeries } from './records.js';
import { decodeTombstoneRecord } from './tombstone-record.js';
import type { LoggedDeletion } from './tombstone-record.js';
import {
  checkpointName,
  listWal,
  readFramedFile,
  segmentName,
  syncDir,
  truncateDurably,
} from './wal-files.js';

/** What replay found. Byte counts are of what was kept. */
export interface ReplayResult {
  /** Highest segment number seen or covered by the checkpoint; 0 for an empty directory. */
  readonly lastSegment: number;
  readonly checkpointBytes: number;
  readonly walBytes: number;
  /** Torn or corrupt tails cut off, plus records that passed their checksum but did not parse. */
  readonly corruptions: number;
  /** Samples whose series record was lost to a corruption; they cannot be placed. */
  readonly orphanSamples: number;
}

/** Applies records to the head; maps logged ids to series (one label set may have had several ids). */
class Replayer {
  private readonly byLoggedId = new Map<number, MemSeries>();
  badRecords = 0;
  orphanSamples = 0;

  constructor(
    private readonly head: Head,
    private readonly logger: EmbeddedLogger,
  ) {}

  apply(type: RecordType, payload: Buffer, path: string): void {
    try {
      switch (type) {
        case RecordType.series:
          decodeSeriesRecord(payload, (s) => this.addSeries(s));
          break;
        case RecordType.samples:
          decodeSamplesRecord(payload, (id, t, v) => this.addSample(id, t, v));
          break;
        case RecordType.checkpointMeta:
          this.checkMeta(payload, path);
          break;
        case RecordType.chunks:
          decodeChunksRecord(payload, (id, kind, chunk) => this.addChunk(id, kind, chunk));
          break;
        case RecordType.tombstones:
          this.deleteSamples(decodeTombstoneRecord(payload));
          break;
      }
    } catch (err) {
      if (!(err instanceof RangeError || err instanceof CorruptChunkError)) throw err;
      this.badRecords++;
      this.logger.warn(`cannot decode record of type ${type} in ${path}: ${err.message}; skipped it`);
    }
  }

  private addSeries(s: LoggedSeries): void {
    // A series dropped by retention and created again gets a new id; both ids mean this series.
    let series = this.head.find(s.labels);
    if (series === undefined) {
      if (this.head.getById(s.id) !== undefined) throw new RangeError(`series id ${s.id} logged twice`);
      series = this.head.restore(s.id, s.labels);
    }
    this.head.reserveIds(s.id + 1);
    this.byLoggedId.set(s.id, series);
  }

  private addSample(id: number, t: number, v: number): void {
    // Appends only log safe-integer timestamps; anything else is a record no nester wrote.
    if (!Number.isSafeInteger(t))
      throw new RangeError(`sample timestamp ${t} is not an integer number of ms`);
    const series = this.byLoggedId.get(id);
    if (series === undefined) this.orphanSamples++;
    else this.head.addSample(series, t, v);
  }

  private addChunk(id: number, kind: ChunkKind, chunk: EncodedChunk): void {
    const series = this.byLoggedId.get(id);
    if (series === undefined) this.orphanSamples += chunk.count;
    else if (isDense(kind)) this.head.restoreDense(series, chunk, isSealed(kind));
    else this.head.restoreChunk(series, chunk, isSealed(kind));
  }

  /** A deletion applies to what was logged before it; samples logged after it come back. */
  private deleteSamples(d: LoggedDeletion): void {
    for (const id of d.ids) {
      const series = this.byLoggedId.get(id);
      if (series !== undefined) this.head.deleteRange(series, d.minT, d.maxT);
    }
  }

  private checkMeta(payload: Buffer, path: string): void {
    const meta = decodeCheckpointMeta(payload);
    if (!READABLE_VERSIONS.includes(meta.version)) {
      throw new StorageIOError(
        `cannot read checkpoint ${path}: format version ${meta.version}, this nester reads ${READABLE_VERSIONS.join(', ')}`,
      );
    }
    this.head.reserveIds(meta.nextId);
  }
}

/**
 * Rebuilds the head from the newest checkpoint and the WAL segments after it. A torn or
 * corrupt tail is cut off at the last whole record, with a warning: a crash mid-write leaves
 * exactly that, and refusing to start would lose everything instead of one unacknowledged batch.
 */
export async function replayInto(head: Head, walDir: string, logger: EmbeddedLogger): Promise<ReplayResult> {
  const listing = await listWal(walDir);
  const replayer = new Replayer(head, logger);
  const checkpoint = listing.checkpoints.at(-1);
  let corruptions = 0;
  let checkpointBytes = 0;
  const stale = listing.others.filter((name) => name.endsWith('.tmp'));
  stale.push(...listing.checkpoints.filter((n) => n !== checkpoint).map(checkpointName));
  if (checkpoint !== undefined) {
    const path = join(walDir, checkpointName(checkpoint));
    const file = await readFramedFile(path, (type, payload) => replayer.apply(type, payload, path));
    checkpointBytes = file.validBytes;
    if (file.problem !== undefined) {
      corruptions++;
      logger.warn(
        `cannot read checkpoint ${path} past byte ${file.validBytes} of ${file.size}: ${file.problem}`,
      );
    }
  }
  let walBytes = 0;
  for (const n of listing.segments) {
    const path = join(walDir, segmentName(n));
    if (checkpoint !== undefined && n <= checkpoint) {
      stale.push(segmentName(n));
      continue;
    }
    const file = await readFramedFile(path, (type, payload) => replayer.apply(type, payload, path));
    walBytes += file.validBytes;
    if (file.problem !== undefined) {
      corruptions++;
      logger.warn(
        `cannot read WAL segment ${path} past byte ${file.validBytes} of ${file.size}: ${file.problem}; truncated the rest`,
      );
      await truncateDurably(path, file.validBytes);
    }
  }
  for (const name of stale) await unlink(join(walDir, name));
  if (stale.length > 0) await syncDir(walDir);
  if (replayer.orphanSamples > 0) {
    logger.warn(`cannot place ${replayer.orphanSamples} WAL samples: their series records were lost`);
  }
  const lastSegment = Math.max(checkpoint ?? 0, listing.segments.at(-1) ?? 0);
  corruptions += replayer.badRecords;
  return { lastSegment, checkpointBytes, walBytes, corruptions, orphanSamples: replayer.orphanSamples };
}
