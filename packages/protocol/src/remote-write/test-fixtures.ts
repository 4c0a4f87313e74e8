import type { Label, Sample } from '@seahawks/model';
import { STALE_NAN } from '@seahawks/model';
import type { RemoteWriteSeries } from './types.js';

/**
 * Deterministic inputs for the codec's tests and benchmarks (not exported by the package):
 * a seeded generator, so a failing fuzz case can be replayed from its seed.
 */
export type Random = () => number;

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: Random, below: number): number {
  return Math.floor(random() * below);
}

export function randomBytes(random: Random, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = randomInt(random, 256);
  return out;
}

const ALPHABET = ['a', 'z', '_', '0', ' ', 'é', '€', '😀', '"', '\\', '\n', '\u0000', '\ufeff'];
const SPECIAL_VALUES = [
  0,
  -0,
  1,
  -1,
  Infinity,
  -Infinity,
  NaN,
  STALE_NAN,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  0.1,
];
const SPECIAL_TIMES = [
  0,
  1,
  -1,
  1_700_000_000_000,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  2 ** 32,
  -(2 ** 32),
];

function randomString(random: Random, maxLength: number): string {
  let s = '';
  const length = randomInt(random, maxLength + 1);
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(random, ALPHABET.length)]!;
  return s;
}

function randomSample(random: Random): Sample {
  const t =
    random() < 0.3
      ? SPECIAL_TIMES[randomInt(random, SPECIAL_TIMES.length)]!
      : Math.round((random() - 0.5) * 2 * Number.MAX_SAFE_INTEGER);
  const v =
    random() < 0.3 ? SPECIAL_VALUES[randomInt(random, SPECIAL_VALUES.length)]! : (random() - 0.5) * 1e6;
  return { t, v };
}

/** Random series covering multi-byte UTF-8, empty strings, NaNs, -0 and extreme timestamps. */
export function randomSeries(random: Random, count: number): RemoteWriteSeries[] {
  const out: RemoteWriteSeries[] = [];
  for (let i = 0; i < count; i++) {
    const labels: Label[] = [];
    const nLabels = randomInt(random, 6);
    for (let j = 0; j < nLabels; j++)
      labels.push({ name: randomString(random, 12), value: randomString(random, 50) });
    const samples: Sample[] = [];
    const nSamples = randomInt(random, 5);
    for (let j = 0; j < nSamples; j++) samples.push(randomSample(random));
    out.push({ labels, samples });
  }
  return out;
}

/** node_exporter-shaped series: `count` series with 4 labels and one sample each, at time `t`. */
export function nodeExporterSeries(count: number, t: number): RemoteWriteSeries[] {
  const out: RemoteWriteSeries[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      labels: [
        { name: '__name__', value: `node_metric_${i % 200}_total` },
        { name: 'cpu', value: String(i % 64) },
        { name: 'instance', value: 'raspberrypi-kitchen:9100' },
        { name: 'job', value: 'node' },
        { name: 'mode', value: ['user', 'system', 'idle', 'iowait'][i % 4]! },
      ],
      samples: [{ t: t + (i % 1000), v: i * 1.5 }],
    });
  }
  return out;
}

/** The 64 bits of a double, as a hex string, to compare values bit for bit. */
export function doubleBits(v: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}
