import { AtRestKind, decodeAtRestInto, encodeAtRest } from '../../chunkenc/at-rest.js';
import type { AtRestChunk } from '../../chunkenc/at-rest.js';
import { HI, LO } from '../../chunkenc/float-bits.js';
import { XorChunkAppender } from '../../chunkenc/xor-appender.js';
import { CHUNK_MAX_SAMPLES, CHUNK_RANGE_MS } from '../chunk-policy.js';
import type { StoredChunk } from './file-writer.js';

/** Counts what encoding a block's chunks met. */
export interface EncodeStats {
  /** Chunks kept in XOR because their smaller form did not decode back to the same samples. */
  fallbacks: number;
}

// One appender, reset between chunks, and arrays to check each stored chunk: encoding runs on
// one thread, one series at a time.
const appender = new XorChunkAppender();
const checkTs = new Float64Array(1 << 16);
const checkVs = new Float64Array(1 << 16);
const checkBits = new Uint32Array(checkVs.buffer);

/**
 * Encodes samples `[from, to)` of sorted, distinct timestamps `ts` (ms) with value bits `bits`
 * (two u32 halves per value) into chunks as a block stores them, appended to `out`. A block's
 * chunks are cut only at `CHUNK_MAX_SAMPLES` and at multiples of `CHUNK_RANGE_MS`, not at the
 * head's byte target: the head cuts small chunks so appends and in-memory decodes stay cheap,
 * but at rest every chunk pays its first sample in full (~15 bytes), so fewer, fuller chunks
 * take less room. Each chunk then takes its smallest stored form (`encodeAtRest`), which is
 * decoded again and compared bit for bit: the head drops its copy once the block is written,
 * so a chunk that would not read back is kept in XOR instead (and counted in `stats`).
 */
export function storeRun(
  ts: Float64Array,
  bits: Uint32Array,
  from: number,
  to: number,
  out: StoredChunk[],
  stats: EncodeStats,
): void {
  const a = appender;
  a.reset();
  let start = from;
  for (let i = from; i < to; i++) {
    const t = ts[i]!;
    if (a.count > 0 && mustCut(a, t)) {
      out.push(seal(a, ts, bits, start, stats));
      a.reset();
      start = i;
    }
    a.appendBits(t, bits[2 * i + HI]!, bits[2 * i + LO]!);
  }
  if (a.count > 0) out.push(seal(a, ts, bits, start, stats));
}

function mustCut(a: XorChunkAppender, t: number): boolean {
  if (a.count >= CHUNK_MAX_SAMPLES || !a.canAppend(t)) return true;
  return Math.floor(t / CHUNK_RANGE_MS) !== Math.floor(a.minT / CHUNK_RANGE_MS);
}

/** The appender's chunk in its smallest stored form that decodes to samples `start ..` of the run. */
function seal(
  a: XorChunkAppender,
  ts: Float64Array,
  bits: Uint32Array,
  start: number,
  stats: EncodeStats,
): StoredChunk {
  const xor = a.bytes();
  let stored = encodeAtRest(xor);
  if (stored.kind !== AtRestKind.xor && !decodesTo(stored, ts, bits, start, a.count)) {
    stats.fallbacks++;
    stored = { kind: AtRestKind.xor, bytes: xor };
  }
  // The XOR form is a view of the appender's buffer, which the next chunk overwrites.
  const bytes = stored.bytes === xor ? xor.slice() : stored.bytes;
  return { kind: stored.kind, bytes, minT: a.minT, maxT: a.maxT, count: a.count };
}

function decodesTo(
  stored: AtRestChunk,
  ts: Float64Array,
  bits: Uint32Array,
  start: number,
  n: number,
): boolean {
  let got: number;
  try {
    got = decodeAtRestInto(stored.kind, stored.bytes, checkTs, checkVs);
  } catch {
    // Not reading back is what this check looks for; the caller counts it.
    return false;
  }
  if (got !== n) return false;
  for (let k = 0; k < n; k++) {
    const i = start + k;
    if (
      checkTs[k] !== ts[i] ||
      checkBits[2 * k] !== bits[2 * i] ||
      checkBits[2 * k + 1] !== bits[2 * i + 1]
    ) {
      return false;
    }
  }
  return true;
}
