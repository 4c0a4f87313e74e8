import { formatLabels } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { AtRestKind, decodeAtRestInto } from '../../chunkenc/at-rest.js';
import { storeRun } from './at-rest-run.js';
import type { EncodeStats } from './at-rest-run.js';
import { InvalidBlockInputError } from './errors.js';
import type { StoredChunk } from './file-writer.js';
import type { BlockSeriesInput } from './types.js';

/**
 * A group of series as sent to the block worker: labels (cloned with the message), chunk metas
 * and the XOR chunk bytes back to back, in two buffers that are transferred, not copied.
 */
export interface PackedGroup {
  readonly labels: readonly Labels[];
  readonly chunksPerSeries: Uint32Array;
  /** Per chunk: minT, maxT, sample count, byte length. */
  readonly metas: Float64Array;
  readonly bytes: Uint8Array;
}

/** Copies a group's chunks into a `PackedGroup` (the only work the main thread does per group). */
export function packGroup(series: readonly BlockSeriesInput[]): PackedGroup {
  let chunks = 0;
  let bytes = 0;
  for (const s of series) {
    chunks += s.chunks.length;
    for (const c of s.chunks) bytes += c.bytes.length;
  }
  const out: PackedGroup = {
    labels: series.map((s) => s.labels),
    chunksPerSeries: new Uint32Array(series.length),
    metas: new Float64Array(4 * chunks),
    bytes: new Uint8Array(bytes),
  };
  let c = 0;
  let at = 0;
  series.forEach((s, i) => {
    out.chunksPerSeries[i] = s.chunks.length;
    for (const chunk of s.chunks) {
      out.metas.set([chunk.minT, chunk.maxT, chunk.count, chunk.bytes.length], 4 * c++);
      out.bytes.set(chunk.bytes, at);
      at += chunk.bytes.length;
    }
  });
  return out;
}

/** The buffers to transfer with a packed group. */
export function packedTransfer(g: PackedGroup): ArrayBuffer[] {
  return [g.metas.buffer as ArrayBuffer, g.bytes.buffer as ArrayBuffer];
}

// Decoded samples of the series being unpacked; grown as needed, reused across series.
let scratchTs = new Float64Array(4096);
let scratchVs = new Float64Array(4096);

/**
 * Unpacks a group on the worker and hands each series to `add` with its chunks as a block
 * stores them: the head's chunks are decoded, checked against their metas, and encoded again
 * by `storeRun` (fewer, fuller chunks, each in its smallest form).
 */
export function unpackGroup(
  g: PackedGroup,
  stats: EncodeStats,
  add: (labels: Labels, chunks: StoredChunk[]) => void,
): void {
  let c = 0;
  let at = 0;
  g.labels.forEach((labels, i) => {
    const n = g.chunksPerSeries[i]!;
    let total = 0;
    for (let k = 0; k < n; k++) total += g.metas[4 * (c + k) + 2]!;
    if (total > scratchTs.length) {
      scratchTs = new Float64Array(Math.max(total, 2 * scratchTs.length));
      scratchVs = new Float64Array(scratchTs.length);
    }
    let samples = 0;
    let prevMaxT = -Infinity;
    for (let k = 0; k < n; k++, c++) {
      const m = g.metas.subarray(4 * c, 4 * c + 4);
      const [minT, maxT, count, length] = [m[0]!, m[1]!, m[2]!, m[3]!];
      const xor = g.bytes.subarray(at, at + length);
      at += length;
      const got = decodeInput(labels, xor, minT, maxT, samples);
      const ok =
        got === count &&
        minT > prevMaxT &&
        scratchTs[samples] === minT &&
        scratchTs[samples + got - 1] === maxT;
      if (!ok) {
        throw new InvalidBlockInputError(
          `cannot write block series ${formatLabels(labels).slice(0, 200)}: chunk ${minT}..${maxT} of ${count} samples holds ${got} from ${scratchTs[samples]} to ${scratchTs[samples + got - 1]}, or overlaps the one before`,
        );
      }
      samples += got;
      prevMaxT = maxT;
    }
    const chunks: StoredChunk[] = [];
    storeRun(scratchTs, new Uint32Array(scratchVs.buffer), 0, samples, chunks, stats);
    add(labels, chunks);
  });
}

function decodeInput(labels: Labels, xor: Uint8Array, minT: number, maxT: number, at: number): number {
  try {
    return decodeAtRestInto(AtRestKind.xor, xor, scratchTs, scratchVs, at);
  } catch (err) {
    throw new InvalidBlockInputError(
      `cannot write block series ${formatLabels(labels).slice(0, 200)}: chunk ${minT}..${maxT} does not decode: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
