/**
 * Synthetic series shaped like what a harvester sends for node_exporter's metrics, for tests and
 * measurements of the chunk encoding (not used in production). Deterministic for a seed.
 */

/** What a synthetic series imitates. */
export type SeriesShape =
  'constant' | 'counter-seconds' | 'counter-bytes' | 'counter-rare' | 'gauge-bytes' | 'gauge-ratio';

/**
 * Shares of shapes in a node_exporter scrape, by rough count of its series (an estimate, not a
 * census): `*_info`, sizes, limits and idle devices never change; error and rare event counters
 * sit still; byte and packet counters of busy devices grow; memory and filesystem gauges move in
 * pages; CPU seconds grow in ticks; load, durations and temperatures wander in decimals.
 */
const SHAPES: ReadonlyArray<[SeriesShape, number]> = [
  ['constant', 0.45],
  ['counter-rare', 0.2],
  ['counter-bytes', 0.12],
  ['gauge-bytes', 0.1],
  ['counter-seconds', 0.08],
  ['gauge-ratio', 0.05],
];

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shape of series number `i` (spread over the shares above). */
export function shapeOf(i: number): SeriesShape {
  const u = (((i * 0.6180339887) % 1) + 1) % 1;
  let acc = 0;
  for (const [shape, share] of SHAPES) {
    acc += share;
    if (u < acc) return shape;
  }
  return 'constant';
}

/**
 * Timestamps on a grid of `intervalMs`, each late by 0–`jitterMs` ms (a timer firing late), with
 * one scrape in a thousand missed. Milliseconds since the epoch, strictly increasing.
 */
export function jitteredTimes(
  count: number,
  start: number,
  intervalMs: number,
  jitterMs: number,
  rnd: () => number,
): Float64Array {
  const ts = new Float64Array(count);
  let slot = 0;
  for (let i = 0; i < count; i++) {
    if (rnd() < 0.001) slot++;
    ts[i] = start + slot * intervalMs + Math.floor(rnd() * (jitterMs + 1));
    slot++;
  }
  return ts;
}

function initialValue(shape: SeriesShape, rnd: () => number): number {
  switch (shape) {
    case 'constant':
      return rnd() < 0.5 ? 1 : Math.floor(rnd() * 1e6) * 4096;
    case 'counter-seconds':
      return Math.round(rnd() * 1e8) / 100;
    case 'counter-bytes':
      return Math.floor(rnd() * 1e12);
    case 'counter-rare':
      return Math.floor(rnd() * 10);
    case 'gauge-bytes':
      return Math.floor(rnd() * 1e6) * 4096;
    case 'gauge-ratio':
      return Math.round(rnd() * 400) / 100;
  }
}

function nextValue(shape: SeriesShape, v: number, rnd: () => number): number {
  switch (shape) {
    case 'constant':
      return v;
    case 'counter-seconds':
      // CPU seconds count USER_HZ ticks: two decimals, 0–15 s per 15 s scrape.
      return Math.round(v * 100 + rnd() * 1500) / 100;
    case 'counter-bytes':
      return v + Math.floor(rnd() * rnd() * 200_000);
    case 'counter-rare':
      return rnd() < 0.02 ? v + 1 : v;
    case 'gauge-bytes':
      return Math.max(0, v + Math.round((rnd() - 0.5) * 64) * 4096);
    case 'gauge-ratio':
      return Math.max(0, Math.round(v * 100 + (rnd() - 0.5) * 20) / 100);
  }
}

/** Values of one series of `shape`, `count` samples. */
export function shapedValues(shape: SeriesShape, count: number, rnd: () => number): Float64Array {
  const vs = new Float64Array(count);
  let v = initialValue(shape, rnd);
  for (let i = 0; i < count; i++) {
    v = nextValue(shape, v, rnd);
    vs[i] = v;
  }
  return vs;
}

/** Series `i` of a node_exporter-like set: 15 s scrapes late by up to 5 ms. */
export function nodeExporterSeries(
  i: number,
  count: number,
  start: number,
  seed = 1,
): { shape: SeriesShape; ts: Float64Array; vs: Float64Array } {
  const rnd = seededRandom(seed * 1_000_003 + i);
  const shape = shapeOf(i);
  return { shape, ts: jitteredTimes(count, start, 15_000, 5, rnd), vs: shapedValues(shape, count, rnd) };
}
