// The chunk-data-only measure of the disk benchmark: every series of a data set cut into chunks
// as a block cuts them (up to 480 samples within a 2 h range), each stored as `encodeAtRest` picks
// (chunkenc/at-rest.ts), sized per encoding and per metric family, and decoded again to time
// each kind against XOR. Labels, index and framing are not counted here.
import { decodeChunkInto } from '../../apps/nester/src/tsdb/chunkenc/decode.js';
import { AtRestKind, decodeAtRestInto, encodeAtRest } from '../../apps/nester/src/tsdb/chunkenc/at-rest.js';
import { encodeDense } from '../../apps/nester/src/tsdb/chunkenc/dense-chunk.js';
import { encodeDense2 } from '../../apps/nester/src/tsdb/chunkenc/dense2-chunk.js';
import { decodeChunk } from '../../apps/nester/src/tsdb/chunkenc/decode.js';
import {
  CHUNK_MAX_SAMPLES,
  CHUNK_RANGE_MS,
  sealAppender,
} from '../../apps/nester/src/tsdb/embedded/chunk-policy.js';
import { HI, LO } from '../../apps/nester/src/tsdb/chunkenc/float-bits.js';
import { XorChunkAppender } from '../../apps/nester/src/tsdb/chunkenc/xor-appender.js';
import type { EncodedChunk } from '../../apps/nester/src/tsdb/embedded/chunk-policy.js';
import type { Dataset } from './datasets.js';

/** Bytes of chunk data per encoding choice, over every chunk of a data set. */
export interface ChunkDataSizes {
  readonly samples: number;
  readonly chunks: number;
  /** Every chunk in XOR (the head's form). */
  readonly xor: number;
  /** The smaller of XOR and the first dense encoding (what format v3 checkpoints store). */
  readonly dense: number;
  /** The smaller of XOR and dense2. */
  readonly dense2: number;
  /** What `encodeAtRest` stores: the smallest of all kinds. */
  readonly atRest: number;
  /** Chunks stored as each kind. */
  readonly kinds: Readonly<Record<string, number>>;
  /** Per metric name: samples, XOR bytes, at-rest bytes; largest at-rest share first. */
  readonly families: readonly { name: string; samples: number; xor: number; atRest: number }[];
  /** Decode time, ns a sample, of each stored kind and of the same chunks in XOR. */
  readonly decodeNs: Readonly<Record<string, { samples: number; ns: number; xorNs: number }>>;
}

interface SealedSeries {
  readonly name: string;
  readonly chunks: EncodedChunk[];
}

/**
 * XOR chunks of a series as a block cuts them (block/at-rest-run.ts): at `CHUNK_MAX_SAMPLES`
 * and at multiples of `CHUNK_RANGE_MS` only, not at the head's byte target.
 */
function cutAsBlocks(ts: Float64Array, bits: Uint32Array): EncodedChunk[] {
  const chunks: EncodedChunk[] = [];
  let a = new XorChunkAppender();
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const cut =
      a.count >= CHUNK_MAX_SAMPLES ||
      !a.canAppend(t) ||
      Math.floor(t / CHUNK_RANGE_MS) !== Math.floor(a.minT / CHUNK_RANGE_MS);
    if (a.count > 0 && cut) {
      chunks.push(sealAppender(a));
      a = new XorChunkAppender();
    }
    a.appendBits(t, bits[2 * i + HI]!, bits[2 * i + LO]!);
  }
  if (a.count > 0) chunks.push(sealAppender(a));
  return chunks;
}

/** Every series of `data`, its samples cut into XOR chunks as a block cuts them. */
export function sealChunks(data: Dataset): SealedSeries[] {
  const bySeries = new Map<string, { name: string; t: number[]; v: number[] }>();
  for (const batch of data.batches()) {
    for (const s of batch) {
      const key = s.labels.map((l) => `${l.name}\u0000${l.value}`).join('\u0001');
      let e = bySeries.get(key);
      if (e === undefined) {
        e = { name: s.labels.find((l) => l.name === '__name__')?.value ?? '', t: [], v: [] };
        bySeries.set(key, e);
      }
      for (const { t, v } of s.samples) {
        e.t.push(t);
        e.v.push(v);
      }
    }
  }
  const out: SealedSeries[] = [];
  for (const { name, t, v } of bySeries.values()) {
    const order = t.map((_, i) => i).sort((a, b) => t[a]! - t[b]!);
    const ts = Float64Array.from(order, (i) => t[i]!);
    const vs = Float64Array.from(order, (i) => v[i]!);
    out.push({ name, chunks: cutAsBlocks(ts, new Uint32Array(vs.buffer)) });
  }
  return out;
}

const KIND_NAMES: Record<number, string> = {
  [AtRestKind.xor]: 'xor',
  [AtRestKind.dense]: 'dense',
  [AtRestKind.dense2]: 'dense2',
};

function timeDecode(stored: { kind: number; bytes: Uint8Array; xor: Uint8Array; count: number }[]) {
  const ts = new Float64Array(0xffff);
  const vs = new Float64Array(0xffff);
  const out: Record<string, { samples: number; ns: number; xorNs: number }> = {};
  for (const kind of [AtRestKind.xor, AtRestKind.dense, AtRestKind.dense2]) {
    const mine = stored.filter((c) => c.kind === kind);
    const samples = mine.reduce((n, c) => n + c.count, 0);
    if (samples === 0) continue;
    const rounds = Math.max(1, Math.ceil(1_000_000 / samples));
    const time = (f: (c: (typeof mine)[number]) => void): number => {
      const started = process.hrtime.bigint();
      for (let k = 0; k < rounds; k++) for (const c of mine) f(c);
      return Number(process.hrtime.bigint() - started) / (rounds * samples);
    };
    // The machine is shared: the fastest of several alternating runs is the least disturbed.
    let ns = Infinity;
    let xorNs = Infinity;
    for (let run = 0; run < 7; run++) {
      ns = Math.min(
        ns,
        time((c) => decodeAtRestInto(c.kind, c.bytes, ts, vs, 0)),
      );
      xorNs = Math.min(
        xorNs,
        time((c) => decodeChunkInto(c.xor, ts, vs, 0)),
      );
    }
    out[KIND_NAMES[kind]!] = { samples, ns, xorNs };
  }
  return out;
}

/** Sizes every chunk of `data` in every at-rest encoding, and times their decoding. */
export function chunkDataSizes(data: Dataset): ChunkDataSizes {
  const sizes = { samples: 0, chunks: 0, xor: 0, dense: 0, dense2: 0, atRest: 0 };
  const kinds: Record<string, number> = {};
  const families = new Map<string, { name: string; samples: number; xor: number; atRest: number }>();
  const stored: { kind: number; bytes: Uint8Array; xor: Uint8Array; count: number }[] = [];
  for (const s of sealChunks(data)) {
    let f = families.get(s.name);
    if (f === undefined) families.set(s.name, (f = { name: s.name, samples: 0, xor: 0, atRest: 0 }));
    for (const c of s.chunks) {
      const { count, ts, vs } = decodeChunk(c.bytes);
      const atRest = encodeAtRest(c.bytes);
      const x = c.bytes.length;
      sizes.samples += count;
      sizes.chunks++;
      sizes.xor += x;
      sizes.dense += Math.min(x, encodeDense(ts, vs, 0, count)?.length ?? x);
      sizes.dense2 += Math.min(x, encodeDense2(ts, vs, 0, count)?.length ?? x);
      sizes.atRest += atRest.bytes.length;
      const kind = KIND_NAMES[atRest.kind]!;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      f.samples += count;
      f.xor += x;
      f.atRest += atRest.bytes.length;
      stored.push({ kind: atRest.kind, bytes: atRest.bytes, xor: c.bytes, count });
    }
  }
  return {
    ...sizes,
    kinds,
    families: [...families.values()].sort((a, b) => b.atRest - a.atRest),
    decodeNs: timeDecode(stored),
  };
}

/**
 * A floor for the random-walk data set, in bits a sample, from how it is generated: a Gaussian
 * step of σ = 1 rounded to the float's unit in the last place costs its differential entropy
 * (log2(σ·√(2πe)) ≈ 2.047 bits) plus log2(1/ulp); a timestamp on a 15 s grid with jitter
 * `Math.round(uniform(-20, 20))` costs that distribution's entropy (≈ 5.347 bits).
 */
export function randomWalkFloorBits(data: Dataset): number {
  const jitter = (39 / 40) * Math.log2(40) + (2 / 80) * Math.log2(80);
  let bits = 0;
  let samples = 0;
  for (const s of sealChunks(data)) {
    for (const c of s.chunks) {
      const { count, vs } = decodeChunk(c.bytes);
      for (let i = 1; i < count; i++) {
        const ulp = 2 ** (Math.floor(Math.log2(Math.abs(vs[i - 1]!))) - 52);
        bits += Math.log2(Math.sqrt(2 * Math.PI * Math.E)) - Math.log2(ulp) + jitter;
      }
      samples += count;
    }
  }
  return bits / samples;
}
