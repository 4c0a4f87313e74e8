import { InvalidInputError } from '@seahawks/model';

/** Where the engine reports what a person should know (pino's logger fits). */
export interface EmbeddedLogger {
  warn(msg: string): void;
  info(msg: string): void;
}

/** Options of `openEmbeddedStorage`. Durations are milliseconds. */
export interface EmbeddedOptions {
  /** Data directory; created when missing. One process at a time may open it. */
  readonly dir: string;
  /** Current time in ms since the epoch; retention and the out-of-order window read it. */
  readonly clock?: () => number;
  readonly logger?: EmbeddedLogger;
  /**
   * How far behind the newest sample (capped at the clock) a sample may arrive and still be
   * stored; older ones are rejected as `too_old`. Default 24 h, at most 7 d.
   */
  readonly outOfOrderWindowMs?: number;
  /** Samples older than `clock() - retentionMs` are dropped. Default 15 d, at least 1 min. */
  readonly retentionMs?: number;
  /**
   * Largest size of the store on disk, bytes; 0 (default) for no limit. Over it, retention drops
   * the oldest time blocks (never the newest) until blocks, WAL and checkpoint fit; before the
   * first block exists, the head's oldest 2 h ranges by estimate.
   */
  readonly retentionBytes?: number;
  /** How often retention runs. Default 1 min. */
  readonly retentionIntervalMs?: number;
  /** A WAL segment is closed once it holds this many bytes. Default 32 MiB. */
  readonly walSegmentBytes?: number;
  /** How often to consider a checkpoint. Default 1 min. */
  readonly checkpointIntervalMs?: number;
  /**
   * A checkpoint is written once the WAL written since the last one reaches this many bytes,
   * or the size of the last checkpoint if that is larger (so rewrites stay proportional to
   * new data). Default 64 MiB.
   */
  readonly checkpointMinBytes?: number;
  /**
   * Encode and write checkpoints on a worker thread (default), so they do not stall the event
   * loop; false does it on the calling thread, between yields.
   */
  readonly checkpointInWorker?: boolean;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<EmbeddedOptions>;

const MINUTE = 60_000;
const DAY = 86_400_000;
const MAX_OOO_WINDOW = 7 * DAY;

const quietConsole: EmbeddedLogger = {
  warn: (msg) => console.warn(msg),
  info: () => undefined,
};

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new InvalidInputError(`cannot open embedded storage: ${name} ${value} outside [${min}, ${max}]`);
  }
  return value;
}

/** Fills in defaults and checks bounds; throws `InvalidInputError` for a value out of bounds. */
export function resolveOptions(opts: EmbeddedOptions): ResolvedOptions {
  const retentionMs = checkRange('retentionMs', opts.retentionMs ?? 15 * DAY, MINUTE, 100 * 365 * DAY);
  return {
    dir: opts.dir,
    clock: opts.clock ?? Date.now,
    logger: opts.logger ?? quietConsole,
    outOfOrderWindowMs: checkRange('outOfOrderWindowMs', opts.outOfOrderWindowMs ?? DAY, 0, MAX_OOO_WINDOW),
    retentionMs,
    retentionBytes: checkRange('retentionBytes', opts.retentionBytes ?? 0, 0, 2 ** 60),
    retentionIntervalMs: checkRange('retentionIntervalMs', opts.retentionIntervalMs ?? MINUTE, 10, DAY),
    walSegmentBytes: checkRange('walSegmentBytes', opts.walSegmentBytes ?? 32 * 2 ** 20, 1024, 2 ** 30),
    checkpointIntervalMs: checkRange('checkpointIntervalMs', opts.checkpointIntervalMs ?? MINUTE, 10, DAY),
    checkpointMinBytes: checkRange('checkpointMinBytes', opts.checkpointMinBytes ?? 64 * 2 ** 20, 0, 2 ** 40),
    checkpointInWorker: opts.checkpointInWorker ?? true,
  };
}
