import type { CompiledMatcher } from '@seahawks/model';

/** Label name -> value -> ascending series refs, as a block's index holds them. */
export type BlockPostings = ReadonlyMap<string, ReadonlyMap<string, Uint32Array>>;

const NONE = new Uint32Array(0);

/**
 * Refs of the series a matcher selects, for a matcher that does not match the empty string (so
 * every selected series carries the label): one list for `=`, a union over the values otherwise.
 */
export function postingsFor(postings: BlockPostings, m: CompiledMatcher): Uint32Array {
  const values = postings.get(m.name);
  if (values === undefined) return NONE;
  if (m.type === '=') return values.get(m.value) ?? NONE;
  const lists: Uint32Array[] = [];
  for (const [value, refs] of values) if (m.matches(value)) lists.push(refs);
  return union(lists);
}

/** Union of ascending lists that share no ref (the lists of one label's values never do). */
function union(lists: readonly Uint32Array[]): Uint32Array {
  if (lists.length === 0) return NONE;
  if (lists.length === 1) return lists[0]!;
  let total = 0;
  for (const l of lists) total += l.length;
  const out = new Uint32Array(total);
  let o = 0;
  for (const l of lists) {
    out.set(l, o);
    o += l.length;
  }
  return out.sort();
}

/** Intersection of ascending lists, shortest first so the work is bounded by the smallest. */
export function intersect(lists: readonly Uint32Array[]): Uint32Array {
  if (lists.length === 0) return NONE;
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let acc = sorted[0]!;
  for (let k = 1; k < sorted.length && acc.length > 0; k++) {
    const other = sorted[k]!;
    const out = new Uint32Array(acc.length);
    let n = 0;
    let j = 0;
    for (let i = 0; i < acc.length; i++) {
      const id = acc[i]!;
      while (j < other.length && other[j]! < id) j++;
      if (j === other.length) break;
      if (other[j] === id) out[n++] = id;
    }
    acc = out.subarray(0, n);
  }
  return acc;
}
