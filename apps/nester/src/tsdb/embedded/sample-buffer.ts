import type { Sample } from '@seahawks/model';

/** What `SampleBuffer.add` did with a sample. */
export type AddOutcome = 'appended' | 'inserted' | 'duplicate' | 'conflict';

const scratch = new Float64Array(2);
const scratchBits = new Uint32Array(scratch.buffer);

/** True when two float64 values have the same bit pattern: NaN payloads and ±0 are told apart. */
export function sameBits(a: number, b: number): boolean {
  if (a === b && a !== 0) return true;
  if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return false;
  scratch[0] = a;
  scratch[1] = b;
  return scratchBits[0] === scratchBits[2] && scratchBits[1] === scratchBits[3];
}

const MIN_CAPACITY = 4;

/**
 * Raw samples, sorted by timestamp with no two alike, in two growable Float64Arrays (16 bytes a
 * sample, no object per sample): the out-of-order buffer of a series until its samples are
 * merged into chunks (`ChunkedSamples`). Values are stored bit-exact, so the staleness NaN
 * survives. Timestamps are milliseconds since the epoch.
 */
export class SampleBuffer {
  private ts = new Float64Array(MIN_CAPACITY);
  private vs = new Float64Array(MIN_CAPACITY);
  private n = 0;

  get length(): number {
    return this.n;
  }

  /** Samples there is room for without growing. */
  get capacity(): number {
    return this.ts.length;
  }

  /** Earliest timestamp, `Infinity` when empty. */
  get minT(): number {
    return this.n === 0 ? Infinity : this.ts[0]!;
  }

  /** Latest timestamp, `-Infinity` when empty. */
  get maxT(): number {
    return this.n === 0 ? -Infinity : this.ts[this.n - 1]!;
  }

  /**
   * Adds a sample in timestamp order. In-order samples are appended in O(1); earlier ones are
   * inserted in place. A sample whose timestamp is taken is a `duplicate` when the value bits
   * match (nothing changes) and a `conflict` otherwise (nothing changes either).
   */
  add(t: number, v: number): AddOutcome {
    const n = this.n;
    if (n === 0 || t > this.ts[n - 1]!) {
      if (n === this.ts.length) this.resize(n * 2);
      this.ts[n] = t;
      this.vs[n] = v;
      this.n = n + 1;
      return 'appended';
    }
    const i = this.lowerBound(t);
    if (this.ts[i] === t) return sameBits(this.vs[i]!, v) ? 'duplicate' : 'conflict';
    if (n === this.ts.length) this.resize(n * 2);
    this.ts.copyWithin(i + 1, i, n);
    this.vs.copyWithin(i + 1, i, n);
    this.ts[i] = t;
    this.vs[i] = v;
    this.n = n + 1;
    return 'inserted';
  }

  /** Index of the first sample with timestamp `>= t` (`length` when none). */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when some sample has `minT <= t <= maxT`. */
  hasSampleIn(minT: number, maxT: number): boolean {
    if (this.n === 0 || minT > this.ts[this.n - 1]! || maxT < this.ts[0]!) return false;
    const i = this.lowerBound(minT);
    return i < this.n && this.ts[i]! <= maxT;
  }

  /** Copies of the samples with `minT <= t <= maxT`, in timestamp order. */
  range(minT: number, maxT: number): Sample[] {
    const out: Sample[] = [];
    for (let i = this.lowerBound(minT); i < this.n; i++) {
      const t = this.ts[i]!;
      if (t > maxT) break;
      out.push({ t, v: this.vs[i]! });
    }
    return out;
  }

  /** Calls `fn` for every sample in timestamp order; `fn` must not modify this buffer. */
  forEach(fn: (t: number, v: number) => void): void {
    for (let i = 0; i < this.n; i++) fn(this.ts[i]!, this.vs[i]!);
  }

  /** A frozen copy of the samples, for a checkpoint taken while appends go on. */
  snapshot(): { readonly ts: Float64Array; readonly vs: Float64Array } {
    return { ts: this.ts.slice(0, this.n), vs: this.vs.slice(0, this.n) };
  }

  /** Drops samples with `t < cutoff`; returns how many. Gives memory back when mostly empty. */
  dropBefore(cutoff: number): number {
    const k = this.lowerBound(cutoff);
    if (k === 0) return 0;
    this.ts.copyWithin(0, k, this.n);
    this.vs.copyWithin(0, k, this.n);
    this.n -= k;
    if (this.ts.length > MIN_CAPACITY && this.n < this.ts.length / 4) this.resize(this.n * 2);
    return k;
  }

  private resize(capacity: number): void {
    const size = Math.max(MIN_CAPACITY, capacity);
    const ts = new Float64Array(size);
    const vs = new Float64Array(size);
    ts.set(this.ts.subarray(0, this.n));
    vs.set(this.vs.subarray(0, this.n));
    this.ts = ts;
    this.vs = vs;
  }
}
