import { closeSync, readSync } from 'node:fs';
import type { CompiledMatcher, Labels, Sample } from '@seahawks/model';
import { matchesAll } from '@seahawks/model';
import { decodeAtRestInto } from '../../chunkenc/at-rest.js';
import { StorageClosedError } from '../../../storage/errors.js';
import type { BlockIndex } from './block-index.js';
import { intersect, postingsFor } from './block-postings.js';
import { CorruptBlockError } from './errors.js';
import type { StoredChunk } from './file-writer.js';
import { asReadError } from './read-errors.js';
import type { BlockMeta, BlockReader } from './types.js';

// Reads are synchronous, one series at a time: one byte buffer and one pair of decode arrays
// serve every block without an allocation per read.
let scratchBytes = Buffer.allocUnsafe(64 * 1024);
let scratchTs = new Float64Array(1024);
let scratchVs = new Float64Array(1024);

/**
 * An open block file (see `openBlock`): the index in memory, chunk bytes read on demand with
 * one blocking read per series and query. Beyond `BlockReader` it hands out stored chunks as
 * they are, for merges.
 */
export class BlockFile implements BlockReader {
  private fd: number | undefined;

  constructor(
    readonly path: string,
    fd: number,
    readonly meta: BlockMeta,
    readonly sizeBytes: number,
    private readonly index: BlockIndex,
  ) {
    this.fd = fd;
    if (index.maxChunkSamples > scratchTs.length) {
      scratchTs = new Float64Array(index.maxChunkSamples);
      scratchVs = new Float64Array(index.maxChunkSamples);
    }
  }

  get seriesCount(): number {
    return this.index.labels.length;
  }

  labels(ref: number): Labels {
    const l = this.index.labels[ref];
    if (l === undefined) throw new RangeError(`cannot read series ${ref} of block ${this.path}: no such ref`);
    return l;
  }

  select(matchers: readonly CompiledMatcher[]): number[] {
    this.openFd();
    const lists: Uint32Array[] = [];
    const filters: CompiledMatcher[] = [];
    for (const m of matchers) {
      if (m.matches('')) filters.push(m);
      else lists.push(postingsFor(this.index.postings, m));
    }
    const candidates = lists.length > 0 ? intersect(lists) : Uint32Array.from(this.index.labels.keys());
    const out: number[] = [];
    for (const ref of candidates) if (matchesAll(filters, this.index.labels[ref]!)) out.push(ref);
    return out;
  }

  postingsOf(name: string): Iterable<[value: string, refs: Uint32Array]> {
    this.openFd();
    return this.index.postings.get(name)?.entries() ?? [];
  }

  hasSampleIn(ref: number, minT: number, maxT: number): boolean {
    const ix = this.index;
    this.openFd();
    this.labels(ref);
    for (let c = ix.chunkStart[ref]!; c < ix.chunkStart[ref + 1]!; c++) {
      if (ix.maxT[c]! < minT) continue;
      if (ix.minT[c]! > maxT) break;
      // A chunk's bounds are samples: when one lies in the range, no decoding is needed.
      if (ix.minT[c]! >= minT || ix.maxT[c]! <= maxT) return true;
      const n = this.decode(c, this.read(c, c + 1), 0);
      for (let i = 0; i < n; i++) {
        const t = scratchTs[i]!;
        if (t > maxT) break;
        if (t >= minT) return true;
      }
    }
    return false;
  }

  range(ref: number, minT: number, maxT: number): Sample[] {
    const ix = this.index;
    this.openFd();
    this.labels(ref);
    let first = ix.chunkStart[ref]!;
    const end = ix.chunkStart[ref + 1]!;
    while (first < end && ix.maxT[first]! < minT) first++;
    let last = first;
    let total = 0;
    while (last < end && ix.minT[last]! <= maxT) total += ix.count[last++]!;
    if (first === last) return [];
    const base = this.read(first, last);
    // Sized from the chunks' counts: growing by push would copy the array again and again.
    const out = new Array<Sample>(total);
    let k = 0;
    for (let c = first; c < last; c++) {
      const n = this.decode(c, base, ix.offset[c]! - ix.offset[first]!);
      const ts = scratchTs;
      const vs = scratchVs;
      if (ts[0]! >= minT && ts[n - 1]! <= maxT) {
        for (let i = 0; i < n; i++) out[k++] = { t: ts[i]!, v: vs[i]! };
        continue;
      }
      let i = 0;
      while (i < n && ts[i]! < minT) i++;
      for (; i < n && ts[i]! <= maxT; i++) out[k++] = { t: ts[i]!, v: vs[i]! };
    }
    out.length = k;
    return out;
  }

  /** The series' chunks as stored (kind and bytes copied out), for merges. */
  storedChunks(ref: number): StoredChunk[] {
    const ix = this.index;
    this.labels(ref);
    const first = ix.chunkStart[ref]!;
    const end = ix.chunkStart[ref + 1]!;
    const buf = this.read(first, end);
    const out: StoredChunk[] = [];
    for (let c = first; c < end; c++) {
      const at = ix.offset[c]! - ix.offset[first]!;
      out.push({
        kind: buf[at]!,
        bytes: new Uint8Array(buf.subarray(at + 1, at + 1 + ix.length[c]!)),
        minT: ix.minT[c]!,
        maxT: ix.maxT[c]!,
        count: ix.count[c]!,
      });
    }
    return out;
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }

  private openFd(): number {
    if (this.fd === undefined) throw new StorageClosedError(`cannot read block ${this.path}: it is closed`);
    return this.fd;
  }

  /** Reads chunks `first .. end - 1` (back to back in the file) into the scratch buffer. */
  private read(first: number, end: number): Buffer {
    const fd = this.openFd();
    const ix = this.index;
    const from = ix.offset[first]!;
    const bytes = ix.offset[end - 1]! + 1 + ix.length[end - 1]! - from;
    if (bytes > scratchBytes.length)
      scratchBytes = Buffer.allocUnsafe(Math.max(bytes, 2 * scratchBytes.length));
    let got = 0;
    try {
      while (got < bytes) {
        const n = readSync(fd, scratchBytes, got, bytes - got, from + got);
        if (n === 0)
          throw new CorruptBlockError(
            this.path,
            `file ends at byte ${from + got}, chunks run to ${from + bytes}`,
          );
        got += n;
      }
    } catch (err) {
      throw asReadError(this.path, err);
    }
    return scratchBytes;
  }

  /** Decodes chunk `c`, whose kind byte is at `at` in `buf`, into the scratch arrays. */
  private decode(c: number, buf: Uint8Array, at: number): number {
    const ix = this.index;
    let n: number;
    try {
      n = decodeAtRestInto(buf[at]!, buf.subarray(at + 1, at + 1 + ix.length[c]!), scratchTs, scratchVs);
    } catch (err) {
      throw new CorruptBlockError(this.path, `chunk ${c} does not decode: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const ok = n === ix.count[c] && scratchTs[0] === ix.minT[c] && scratchTs[n - 1] === ix.maxT[c];
    if (!ok)
      throw new CorruptBlockError(this.path, `chunk ${c} does not hold the samples its index entry says`);
    return n;
  }
}
