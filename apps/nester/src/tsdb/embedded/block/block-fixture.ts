/**
 * Test data for block tests (not used in production): series built from samples into XOR
 * chunks by the head's cut policy, and bit-exact comparisons of what a block returns.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelsFromRecord } from '@seahawks/model';
import type { Sample } from '@seahawks/model';
import type { EncodedChunk } from '../chunk-policy.js';
import { encodeRun } from '../chunk-policy.js';
import type { BlockSeriesInput } from './types.js';

/** Timestamps and values (as float64 bits) of a series. */
export interface SeriesData {
  readonly labels: Record<string, string>;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'seahawks-block-'));
}

/** XOR chunks of sorted, distinct `ts` with values `vs`, cut as the head cuts them. */
export function chunksOf(ts: Float64Array, vs: Float64Array): EncodedChunk[] {
  const out: EncodedChunk[] = [];
  encodeRun(ts, new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2), 0, ts.length, out);
  return out;
}

export function inputOf(d: SeriesData): BlockSeriesInput {
  return { labels: labelsFromRecord(d.labels), chunks: chunksOf(d.ts, d.vs) };
}

/** `count` samples from `start` every `step` ms, values from `value(i)`. */
export function series(
  labels: Record<string, string>,
  start: number,
  step: number,
  count: number,
  value: (i: number) => number,
): SeriesData {
  const ts = new Float64Array(count);
  const vs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    ts[i] = start + i * step;
    vs[i] = value(i);
  }
  return { labels, ts, vs };
}

/** Sets value `i` of `d` to the float64 with bits `bits` (a signalling NaN survives). */
export function setBits(d: SeriesData, i: number, bits: bigint): void {
  new BigUint64Array(d.vs.buffer, d.vs.byteOffset, d.vs.length)[i] = bits;
}

const probe = new Float64Array(1);
const probeBits = new BigUint64Array(probe.buffer);

/** A float64's bits as hex, to compare values bit for bit. */
export function bitsOf(v: number): string {
  probe[0] = v;
  return probeBits[0]!.toString(16);
}

/** The samples of `d` with `minT <= t <= maxT` as `[t, bits]` pairs. */
export function expected(d: SeriesData, minT: number, maxT: number): [number, string][] {
  const bits = new BigUint64Array(d.vs.buffer, d.vs.byteOffset, d.vs.length);
  const out: [number, string][] = [];
  for (let i = 0; i < d.ts.length; i++) {
    if (d.ts[i]! >= minT && d.ts[i]! <= maxT) out.push([d.ts[i]!, bits[i]!.toString(16)]);
  }
  return out;
}

/** Samples as `[t, bits]` pairs. */
export function pairs(samples: readonly Sample[]): [number, string][] {
  return samples.map((s) => [s.t, bitsOf(s.v)]);
}
