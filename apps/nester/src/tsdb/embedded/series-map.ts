import { labelsEqual } from '@seahawks/model';
import type { Labels } from '@seahawks/model';

/**
 * A 30-bit hash of a label set (FNV-1a over names and values with separators), small enough to
 * stay a small integer in V8 so the map below hashes it without boxing.
 */
export function hashLabels(labels: Labels): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < labels.length; i++) {
    const { name, value } = labels[i]!;
    for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193);
    h = Math.imul(h ^ 0xff, 0x01000193);
    for (let k = 0; k < value.length; k++) h = Math.imul(h ^ value.charCodeAt(k), 0x01000193);
    h = Math.imul(h ^ 0xfe, 0x01000193);
  }
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/**
 * Items by label set, keyed by `hashLabels` with the few collisions kept in a list. Replaces a
 * map keyed by a string built from the labels: building, flattening and hashing that string
 * for every series of every request was the largest single cost of ingest, and the strings
 * cost ~150 bytes per series.
 */
export class LabelSetMap<T extends { readonly labels: Labels }> {
  private readonly byHash = new Map<number, T | T[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(labels: Labels, hash = hashLabels(labels)): T | undefined {
    const slot = this.byHash.get(hash);
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return labelsEqual(slot.labels, labels) ? slot : undefined;
    return slot.find((item) => labelsEqual(item.labels, labels));
  }

  /** Adds an item whose label set is not in the map yet (the caller checked with `get`). */
  add(item: T, hash = hashLabels(item.labels)): void {
    const slot = this.byHash.get(hash);
    if (slot === undefined) this.byHash.set(hash, item);
    else if (Array.isArray(slot)) slot.push(item);
    else this.byHash.set(hash, [slot, item]);
    this.count++;
  }

  /** Every item, in no particular order. */
  *values(): IterableIterator<T> {
    for (const slot of this.byHash.values()) {
      if (Array.isArray(slot)) yield* slot;
      else yield slot;
    }
  }

  /** Removes this very item (by identity); false when it is not in the map. */
  delete(item: T, hash = hashLabels(item.labels)): boolean {
    const slot = this.byHash.get(hash);
    if (slot === item) {
      this.byHash.delete(hash);
    } else if (Array.isArray(slot) && slot.includes(item)) {
      const rest = slot.filter((x) => x !== item);
      this.byHash.set(hash, rest.length === 1 ? rest[0]! : rest);
    } else {
      return false;
    }
    this.count--;
    return true;
  }
}
