/**
 * A small seeded pseudo-random source (mulberry32), so generated test data is the same on every
 * run and every machine: a mismatch found once can be reproduced from its seed.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mixing the seed once keeps small neighbouring seeds (1, 2, 3) from starting alike.
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Standard normal (Box–Muller): random walks need symmetric steps with rare large ones. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A new independent source derived from this one, so adding a draw here does not shift it. */
  fork(salt: number): SeededRandom {
    return new SeededRandom(Math.floor(this.next() * 4294967296) ^ Math.imul(salt, 0x85ebca6b));
  }
}
