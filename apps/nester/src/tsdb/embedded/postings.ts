import type { CompiledMatcher, Labels } from '@seahawks/model';

/** Sorted, duplicate-free series ids. */
export type PostingList = readonly number[];

/**
 * The inverted index: label name -> label value -> ascending series ids. Series ids are
 * handed out in increasing order, so adding is a push in the common case.
 */
export class Postings {
  private readonly index = new Map<string, Map<string, number[]>>();

  add(id: number, labels: Labels): void {
    for (const l of labels) {
      let values = this.index.get(l.name);
      if (values === undefined) this.index.set(l.name, (values = new Map<string, number[]>()));
      const list = values.get(l.value);
      if (list === undefined) values.set(l.value, [id]);
      else insertSorted(list, id);
    }
  }

  /** Removes many series at once: each touched list is filtered once, not once per series. */
  removeMany(series: ReadonlyArray<{ readonly id: number; readonly labels: Labels }>): void {
    const gone = new Set<number>();
    const touched = new Map<string, Set<string>>();
    for (const s of series) {
      gone.add(s.id);
      for (const l of s.labels) {
        let values = touched.get(l.name);
        if (values === undefined) touched.set(l.name, (values = new Set<string>()));
        values.add(l.value);
      }
    }
    for (const [name, values] of touched) {
      const byValue = this.index.get(name);
      if (byValue === undefined) continue;
      for (const value of values) {
        const kept = (byValue.get(value) ?? []).filter((id) => !gone.has(id));
        if (kept.length === 0) byValue.delete(value);
        else byValue.set(value, kept);
      }
      if (byValue.size === 0) this.index.delete(name);
    }
  }

  /** Every label name that some series carries, unsorted. */
  names(): IterableIterator<string> {
    return this.index.keys();
  }

  /** Value -> ids of one label name (empty when no series has it). */
  values(name: string): ReadonlyMap<string, PostingList> {
    return this.index.get(name) ?? EMPTY;
  }

  /**
   * Ids of the series a matcher selects, for a matcher that does not match the empty string
   * (so every selected series carries the label): one list for `=`, a union over the label's
   * values otherwise.
   */
  forMatcher(m: CompiledMatcher): PostingList {
    const values = this.values(m.name);
    if (m.type === '=') return values.get(m.value) ?? [];
    const lists: PostingList[] = [];
    for (const [value, list] of values) if (m.matches(value)) lists.push(list);
    return union(lists);
  }
}

const EMPTY: ReadonlyMap<string, PostingList> = new Map();

function insertSorted(list: number[], id: number): void {
  const last = list[list.length - 1]!;
  if (id > last) {
    list.push(id);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== id) list.splice(lo, 0, id);
}

/** Union of sorted lists; the lists of one label's values are disjoint, so no dedup needed. */
export function union(lists: readonly PostingList[]): PostingList {
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0]!;
  let total = 0;
  for (const l of lists) total += l.length;
  const out = new Uint32Array(total);
  let o = 0;
  for (const l of lists) for (const id of l) out[o++] = id;
  return Array.from(out.sort());
}

/** Intersection of sorted lists, shortest first so the work is bounded by the smallest. */
export function intersect(lists: readonly PostingList[]): PostingList {
  if (lists.length === 0) return [];
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let acc: PostingList = sorted[0]!;
  for (let k = 1; k < sorted.length && acc.length > 0; k++) {
    const other = sorted[k]!;
    const out: number[] = [];
    let j = 0;
    for (const id of acc) {
      while (j < other.length && other[j]! < id) j++;
      if (j === other.length) break;
      if (other[j] === id) out.push(id);
    }
    acc = out;
  }
  return acc;
}
