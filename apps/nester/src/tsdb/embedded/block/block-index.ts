import type { Label, Labels } from '@seahawks/model';
import { ByteFormatError, ByteReader } from './bytes.js';
import { HEADER_BYTES } from './format.js';
import type { BlockMeta } from './types.js';

/**
 * A block's index in memory: labels once per series, chunk metas in flat typed arrays, and the
 * postings (label pair -> ascending series refs) built on open. Chunks of series `ref` are
 * `chunkStart[ref] .. chunkStart[ref + 1] - 1`; `offset` is the file offset of a chunk's kind
 * byte, `length` its byte count after the kind.
 */
export interface BlockIndex {
  readonly labels: readonly Labels[];
  readonly chunkStart: Uint32Array;
  readonly minT: Float64Array;
  readonly maxT: Float64Array;
  readonly count: Uint32Array;
  readonly offset: Float64Array;
  readonly length: Uint32Array;
  /** Label name -> value -> refs (ascending). */
  readonly postings: ReadonlyMap<string, ReadonlyMap<string, Uint32Array>>;
  /** The most samples of any one chunk (sizes decode buffers). */
  readonly maxChunkSamples: number;
}

/** Chunk metas are bounded so a damaged index cannot ask for absurd allocations. */
const MAX_CHUNK_SAMPLES = 1 << 16;
const MAX_LABELS = 1 << 12;

/**
 * Parses an index section (`bytes`) against its block's meta and chunks section length.
 * Throws `ByteFormatError` saying what does not add up; the caller names the file.
 */
export function parseIndex(
  bytes: Uint8Array,
  meta: BlockMeta,
  chunksLength: number,
  intern: (labels: Labels) => Labels,
): BlockIndex {
  const r = new ByteReader(bytes);
  const nsym = r.bounded(bytes.length, 'symbol count');
  const symbols: string[] = new Array<string>(nsym);
  const prevSymbol = { bytes: new Uint8Array(0) };
  for (let i = 0; i < nsym; i++) symbols[i] = r.frontCoded(prevSymbol);
  const nseries = r.uvarint();
  if (nseries !== meta.series)
    throw new ByteFormatError(`index holds ${nseries} series, meta says ${meta.series}`);
  const nchunks = meta.chunks;
  // Checked before allocating: every chunk takes at least its kind byte, every series a chunk.
  if (nchunks > chunksLength || nseries > nchunks) {
    throw new ByteFormatError(
      `${nseries} series and ${nchunks} chunks do not fit ${chunksLength} bytes of chunks`,
    );
  }
  const chunkStart = new Uint32Array(nseries + 1);
  const minT = new Float64Array(nchunks);
  const maxT = new Float64Array(nchunks);
  const count = new Uint32Array(nchunks);
  const offset = new Float64Array(nchunks);
  const length = new Uint32Array(nchunks);
  const labels: Labels[] = new Array<Labels>(nseries);
  // Per label of every series: its (name, value) symbol refs and its series, for the postings.
  const pairs: number[] = [];
  const owners: number[] = [];
  let c = 0;
  let at = HEADER_BYTES;
  let samples = 0;
  let maxChunkSamples = 0;
  for (let s = 0; s < nseries; s++) {
    const nl = r.bounded(MAX_LABELS, 'label count');
    const ls: Label[] = new Array<Label>(nl);
    for (let i = 0; i < nl; i++) {
      const name = r.bounded(nsym - 1, 'symbol ref');
      const value = r.bounded(nsym - 1, 'symbol ref');
      ls[i] = { name: symbols[name]!, value: symbols[value]! };
      if (i > 0 && !(ls[i - 1]!.name < ls[i]!.name))
        throw new ByteFormatError(`series ${s}: labels not sorted`);
      pairs.push(name, value);
      owners.push(s);
    }
    labels[s] = intern(ls);
    const n = r.uvarint();
    if (n < 1 || n > nchunks - c) throw new ByteFormatError(`series ${s}: ${n} chunks, ${nchunks - c} left`);
    chunkStart[s] = c;
    let prev = meta.minT;
    for (let k = 0; k < n; k++, c++) {
      const lo = prev + r.uvarint();
      // The last chunk's end is stored back from the block's maxT, the others' from their start.
      const hi = k === n - 1 ? meta.maxT - r.uvarint() : lo + r.uvarint();
      const samplesOf = r.bounded(MAX_CHUNK_SAMPLES, 'chunk sample count');
      const len = r.bounded(chunksLength, 'chunk length');
      if (hi > meta.maxT || hi < lo || samplesOf < 1 || (k > 0 && lo === prev)) {
        throw new ByteFormatError(
          `series ${s}: chunk ${k} (${lo}..${hi}, ${samplesOf} samples) is out of bounds`,
        );
      }
      minT[c] = lo;
      maxT[c] = hi;
      count[c] = samplesOf;
      offset[c] = at;
      length[c] = len;
      at += 1 + len;
      samples += samplesOf;
      if (samplesOf > maxChunkSamples) maxChunkSamples = samplesOf;
      prev = hi;
    }
  }
  chunkStart[nseries] = c;
  if (!r.atEnd) throw new ByteFormatError(`${bytes.length - r.pos} bytes after the last series`);
  if (c !== nchunks) throw new ByteFormatError(`index holds ${c} chunks, meta says ${nchunks}`);
  if (samples !== meta.samples)
    throw new ByteFormatError(`index holds ${samples} samples, meta says ${meta.samples}`);
  if (at !== HEADER_BYTES + chunksLength) {
    throw new ByteFormatError(`chunks take ${at - HEADER_BYTES} bytes, the section holds ${chunksLength}`);
  }
  const postings = buildPostings(symbols, pairs, owners);
  return { labels, chunkStart, minT, maxT, count, offset, length, postings, maxChunkSamples };
}

/** Postings from the label refs of every series, in series order (so each list ascends). */
function buildPostings(
  symbols: readonly string[],
  pairs: readonly number[],
  owners: readonly number[],
): Map<string, Map<string, Uint32Array>> {
  const nsym = symbols.length;
  const pairIndex = new Map<number, number>();
  const occurrences = new Uint32Array(pairs.length / 2);
  const sizes: number[] = [];
  for (let i = 0; i < occurrences.length; i++) {
    const key = pairs[2 * i]! * nsym + pairs[2 * i + 1]!;
    let p = pairIndex.get(key);
    if (p === undefined) {
      p = sizes.length;
      pairIndex.set(key, p);
      sizes.push(0);
    }
    sizes[p]!++;
    occurrences[i] = p;
  }
  const starts = new Uint32Array(sizes.length + 1);
  for (let p = 0; p < sizes.length; p++) starts[p + 1] = starts[p]! + sizes[p]!;
  const refs = new Uint32Array(occurrences.length);
  const fill = starts.slice(0, sizes.length);
  for (let i = 0; i < occurrences.length; i++) refs[fill[occurrences[i]!]!++] = owners[i]!;
  const out = new Map<string, Map<string, Uint32Array>>();
  for (const [key, p] of pairIndex) {
    const name = symbols[Math.floor(key / nsym)]!;
    let values = out.get(name);
    if (values === undefined) out.set(name, (values = new Map<string, Uint32Array>()));
    values.set(symbols[key % nsym]!, refs.subarray(starts[p], starts[p + 1]));
  }
  return out;
}
