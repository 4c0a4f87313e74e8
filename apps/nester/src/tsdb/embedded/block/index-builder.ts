import type { Labels } from '@seahawks/model';
import { ByteWriter } from './bytes.js';

/**
 * Collects the index of a block while its chunks are written: the symbol table (every label
 * name and value once) and, per series, its labels as symbol refs and its chunk metas, kept in
 * flat arrays until `encode` writes them (chunk times are stored relative to the block's minT,
 * known only at the end). Format: docs/format/embedded-block-v1.md, "Index".
 */
export class IndexBuilder {
  private readonly symbolIds = new Map<string, number>();
  private readonly symbols: string[] = [];
  /** How many label names and values refer to each symbol. */
  private readonly uses: number[] = [];
  private labelRefs: Uint32Array = new Uint32Array(1024);
  private labelCount = 0;
  /** Per series: end (exclusive) of its labels in `labelRefs`, and of its chunks. */
  private seriesLabelEnd: Uint32Array = new Uint32Array(256);
  private seriesChunkEnd: Uint32Array = new Uint32Array(256);
  seriesCount = 0;
  /** Per chunk: minT, maxT, count, byte length (kind byte excluded). */
  private chunkMeta = new Float64Array(1024);
  chunkCount = 0;
  samples = 0;
  minT = Infinity;
  maxT = -Infinity;

  private symbol(s: string): number {
    let id = this.symbolIds.get(s);
    if (id === undefined) {
      id = this.symbols.length;
      this.symbols.push(s);
      this.uses.push(0);
      this.symbolIds.set(s, id);
    }
    this.uses[id]!++;
    return id;
  }

  /** Adds a series; its chunks are then added with `addChunk`, in time order. */
  addSeries(labels: Labels): void {
    if (this.labelCount + 2 * labels.length > this.labelRefs.length) {
      this.labelRefs = grow32(this.labelRefs, this.labelCount + 2 * labels.length);
    }
    for (const l of labels) {
      this.labelRefs[this.labelCount++] = this.symbol(l.name);
      this.labelRefs[this.labelCount++] = this.symbol(l.value);
    }
    if (this.seriesCount === this.seriesLabelEnd.length) {
      this.seriesLabelEnd = grow32(this.seriesLabelEnd, this.seriesCount + 1);
      this.seriesChunkEnd = grow32(this.seriesChunkEnd, this.seriesCount + 1);
    }
    this.seriesLabelEnd[this.seriesCount] = this.labelCount;
    this.seriesChunkEnd[this.seriesCount] = this.chunkCount;
    this.seriesCount++;
  }

  /** Adds a chunk to the last series added. */
  addChunk(minT: number, maxT: number, count: number, length: number): void {
    if (4 * (this.chunkCount + 1) > this.chunkMeta.length) {
      const next = new Float64Array(this.chunkMeta.length * 2);
      next.set(this.chunkMeta);
      this.chunkMeta = next;
    }
    const m = this.chunkMeta;
    const k = 4 * this.chunkCount++;
    m[k] = minT;
    m[k + 1] = maxT;
    m[k + 2] = count;
    m[k + 3] = length;
    this.seriesChunkEnd[this.seriesCount - 1] = this.chunkCount;
    this.samples += count;
    if (minT < this.minT) this.minT = minT;
    if (maxT > this.maxT) this.maxT = maxT;
  }

  /** The index section's bytes. */
  encode(blockMaxT: number): Uint8Array {
    const w = new ByteWriter(64 * 1024);
    const ref = this.writeSymbols(w);
    w.uvarint(this.seriesCount);
    const m = this.chunkMeta;
    let label = 0;
    let chunk = 0;
    for (let s = 0; s < this.seriesCount; s++) {
      const labelEnd = this.seriesLabelEnd[s]!;
      w.uvarint((labelEnd - label) / 2);
      for (; label < labelEnd; label++) w.uvarint(ref[this.labelRefs[label]!]!);
      const chunkEnd = this.seriesChunkEnd[s]!;
      w.uvarint(chunkEnd - chunk);
      // The first chunk starts after the block's minT, the others after the previous one's maxT;
      // the last one ends before the block's maxT, the others after their minT (all small).
      let prev = this.minT;
      for (; chunk < chunkEnd; chunk++) {
        const k = 4 * chunk;
        w.uvarint(m[k]! - prev);
        w.uvarint(chunk === chunkEnd - 1 ? blockMaxT - m[k + 1]! : m[k + 1]! - m[k]!);
        w.uvarint(m[k + 2]!);
        w.uvarint(m[k + 3]!);
        prev = m[k + 1]!;
      }
    }
    return w.view();
  }

  /**
   * Writes the symbol table, most used first (refs below 128 take one byte, and every series
   * refers to `__name__`, `instance`, `job` …), symbols used as often sorted among themselves,
   * and front-coded (bytes shared with the previous symbol, then the rest): the many values used
   * once or a few times (devices, metric names) share long prefixes. Returns the new ref of each
   * symbol by its number in first-seen order.
   */
  private writeSymbols(w: ByteWriter): Uint32Array {
    const utf8 = new TextEncoder();
    const { symbols, uses } = this;
    const order = symbols
      .map((_, i) => i)
      .sort((a, b) => uses[b]! - uses[a]! || (symbols[a]! < symbols[b]! ? -1 : 1));
    const ref = new Uint32Array(this.symbols.length);
    w.uvarint(order.length);
    let prev = new Uint8Array(0);
    order.forEach((old, i) => {
      ref[old] = i;
      const bytes = utf8.encode(this.symbols[old]);
      let shared = 0;
      const max = Math.min(prev.length, bytes.length);
      while (shared < max && prev[shared] === bytes[shared]) shared++;
      w.uvarint(shared);
      w.uvarint(bytes.length - shared);
      w.bytes(bytes.subarray(shared));
      prev = bytes;
    });
    return ref;
  }
}

function grow32(a: Uint32Array, need: number): Uint32Array {
  const next = new Uint32Array(Math.max(a.length * 2, need));
  next.set(a);
  return next;
}
