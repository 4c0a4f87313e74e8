import type { Labels } from '@seahawks/model';
import { decodeChunk } from '../chunkenc/decode.js';
import { encodeDense } from '../chunkenc/dense-chunk.js';
import { encodeRun } from './chunk-policy.js';
import type { EncodedChunk } from './chunk-policy.js';
import { ChunkKind, ChunksRecordWriter } from './chunk-records.js';
import type { PreviousCheckpoint } from './checkpoint-reuse.js';
import type { MemSeries } from './head.js';
import { encodeSeriesRecord } from './records.js';
import { snapshotChunk } from './sealed-chunks.js';

/** Per chunk in `CheckpointGroup.chunkMeta`: minT, maxT, sample count, byte length. */
const META = 4;

/**
 * Up to a group of series copied out of the head for a checkpoint, in a form that crosses to a
 * worker thread by transfer (typed arrays) or cheap structured clone (label sets): chunk bytes
 * back to back, each series' sealed chunks then its open chunk.
 */
export interface CheckpointGroup {
  readonly ids: Uint32Array;
  readonly labels: Labels[];
  /** Sealed chunks of each series. */
  readonly sealedCounts: Uint32Array;
  /** 1 when the series has an open chunk (after its sealed ones in `chunkMeta`). */
  readonly hasOpen: Uint8Array;
  readonly chunkMeta: Float64Array;
  readonly bytes: Uint8Array;
  /** Raw out-of-order samples per series, back to back in `oooTs`/`oooVs` (value bits as stored). */
  readonly oooCounts: Uint32Array;
  readonly oooTs: Float64Array;
  readonly oooVs: Float64Array;
}

/** The buffers of a group, for `postMessage`'s transfer list. */
export function groupTransfer(g: CheckpointGroup): ArrayBuffer[] {
  return [g.ids, g.sealedCounts, g.hasOpen, g.chunkMeta, g.bytes, g.oooCounts, g.oooTs, g.oooVs].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/**
 * Copies series out of the head, synchronously: the copy is what they hold at this instant.
 * Costs a memcpy of their chunk bytes and a little per series; the encoding happens elsewhere.
 */
export function packGroup(series: readonly MemSeries[]): CheckpointGroup {
  const frozen = series.map((s) => s.samples.snapshot());
  let chunks = 0;
  let bytes = 0;
  let ooo = 0;
  for (const f of frozen) {
    chunks += f.sealed.count + (f.open === undefined ? 0 : 1);
    bytes += f.sealed.count === 0 ? 0 : f.sealed.meta[3 * f.sealed.count - 1]!;
    bytes += f.open?.bytes.length ?? 0;
    ooo += f.outOfOrder?.ts.length ?? 0;
  }
  const g: CheckpointGroup = {
    ids: Uint32Array.from(series, (s) => s.id),
    labels: series.map((s) => s.labels),
    sealedCounts: new Uint32Array(series.length),
    hasOpen: new Uint8Array(series.length),
    chunkMeta: new Float64Array(chunks * META),
    bytes: new Uint8Array(bytes),
    oooCounts: new Uint32Array(series.length),
    oooTs: new Float64Array(ooo),
    oooVs: new Float64Array(ooo),
  };
  let c = 0;
  let b = 0;
  let o = 0;
  const put = (chunk: EncodedChunk): void => {
    g.chunkMeta.set([chunk.minT, chunk.maxT, chunk.count, chunk.bytes.length], c * META);
    g.bytes.set(chunk.bytes, b);
    b += chunk.bytes.length;
    c++;
  };
  frozen.forEach((f, i) => {
    g.sealedCounts[i] = f.sealed.count;
    for (let k = 0; k < f.sealed.count; k++) put(snapshotChunk(f.sealed, k));
    if (f.open !== undefined) {
      g.hasOpen[i] = 1;
      put(f.open);
    }
    const run = f.outOfOrder;
    if (run !== undefined) {
      g.oooCounts[i] = run.ts.length;
      g.oooTs.set(run.ts, o);
      // A typed-array copy moves bytes, so NaN payloads (the staleness marker) stay exact.
      g.oooVs.set(run.vs, o);
      o += run.ts.length;
    }
    series[i]!.samples.release(f);
  });
  return g;
}

/**
 * Adds an XOR chunk in whichever encoding is smaller: the dense one (format 3) when its values
 * have a short decimal form, else as it is.
 */
function addDensest(
  w: ChunksRecordWriter,
  id: number,
  sealed: boolean,
  chunk: EncodedChunk,
  previous: PreviousCheckpoint | undefined,
): void {
  const known = sealed ? previous?.lookUp(id, chunk) : undefined;
  if (known === null) {
    w.add(id, ChunkKind.sealed, chunk);
    return;
  }
  if (known !== undefined) {
    w.add(id, ChunkKind.sealedDense, { ...chunk, bytes: known });
    return;
  }
  const { count, ts, vs } = decodeChunk(chunk.bytes);
  const dense = encodeDense(ts, vs, 0, count);
  if (dense !== undefined && dense.length < chunk.bytes.length) {
    w.add(id, sealed ? ChunkKind.sealedDense : ChunkKind.headDense, { ...chunk, bytes: dense });
  } else {
    w.add(id, sealed ? ChunkKind.sealed : ChunkKind.head, chunk);
  }
}

/**
 * The records of a group (docs/format/embedded-v3.md): one series record, then chunks
 * records: sealed chunks (XOR bytes as they are, or re-encoded densely when that is smaller,
 * reusing what `previous` stored for an unchanged chunk), then each open chunk and the
 * out-of-order samples encoded into head chunks. Runs in the checkpoint worker.
 */
export function encodeGroup(g: CheckpointGroup, previous?: PreviousCheckpoint): Buffer[] {
  const w = new ChunksRecordWriter();
  let c = 0;
  let b = 0;
  let o = 0;
  const take = (): EncodedChunk => {
    const len = g.chunkMeta[c * META + 3]!;
    const chunk = {
      minT: g.chunkMeta[c * META]!,
      maxT: g.chunkMeta[c * META + 1]!,
      count: g.chunkMeta[c * META + 2]!,
      bytes: g.bytes.subarray(b, b + len),
    };
    b += len;
    c++;
    return chunk;
  };
  for (let i = 0; i < g.ids.length; i++) {
    const id = g.ids[i]!;
    for (let k = 0; k < g.sealedCounts[i]!; k++) addDensest(w, id, true, take(), previous);
    if (g.hasOpen[i] === 1) addDensest(w, id, false, take(), previous);
    const n = g.oooCounts[i]!;
    if (n > 0) {
      const out: EncodedChunk[] = [];
      const bits = new Uint32Array(g.oooVs.buffer, g.oooVs.byteOffset + o * 8, n * 2);
      encodeRun(g.oooTs.subarray(o, o + n), bits, 0, n, out);
      for (const chunk of out) addDensest(w, id, false, chunk, previous);
      o += n;
    }
  }
  if (g.ids.length > 0) previous?.forgetBelow(g.ids[g.ids.length - 1]! + 1);
  const series = Array.from(g.ids, (id, i) => ({ id, labels: g.labels[i]! }));
  return [encodeSeriesRecord(series), ...w.finish()];
}
