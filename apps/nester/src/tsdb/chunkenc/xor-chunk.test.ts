import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN } from '@seahawks/model';
import { decodeChunk } from './decode.js';
import { floatFromBits } from './float-bits.js';
import { seededRandom } from './node-exporter-like.js';
import { XorChunkAppender } from './xor-appender.js';
import { MAX_CHUNK_SAMPLES } from './xor-format.js';
import { iterateChunk } from './xor-iterator.js';

const T0 = 1_700_000_000_000;
const MAX = Number.MAX_SAFE_INTEGER;

/** A sample with its value as bits, so the comparison never goes through a quieting JS number. */
interface BitSample {
  readonly t: number;
  readonly hi: number;
  readonly lo: number;
}

function fromNumbers(ts: readonly number[], vs: readonly number[]): BitSample[] {
  const f = new Float64Array(vs);
  const u = new Uint32Array(f.buffer);
  const le = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  return ts.map((t, i) => ({ t, hi: u[2 * i + (le ? 1 : 0)]!, lo: u[2 * i + (le ? 0 : 1)]! }));
}

function encode(samples: readonly BitSample[]): Uint8Array {
  const a = new XorChunkAppender(1);
  for (const s of samples) a.appendBits(s.t, s.hi, s.lo);
  assert.equal(a.count, samples.length);
  return a.bytes().slice();
}

/** Decodes both ways (iterator and typed arrays) and checks every bit against `want`. */
function assertRoundTrip(want: readonly BitSample[]): Uint8Array {
  const bytes = encode(want);
  const it = iterateChunk(bytes);
  const got: BitSample[] = [];
  while (it.next()) got.push({ t: it.at, hi: it.hi, lo: it.lo });
  assert.deepEqual(got, want);
  const d = decodeChunk(bytes);
  const again = fromNumbers([...d.ts], []);
  const bits = new Uint32Array(d.vs.buffer);
  const le = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  assert.deepEqual(
    again.map((s, i) => ({ t: s.t, hi: bits[2 * i + (le ? 1 : 0)]!, lo: bits[2 * i + (le ? 0 : 1)]! })),
    want,
  );
  return bytes;
}

const rnd = seededRandom(42);
const randomBits = (): number => Math.floor(rnd() * 2 ** 32);
const grid = (n: number, step: number, from = T0): number[] =>
  Array.from({ length: n }, (_, i) => from + i * step);

const SPECIAL_BITS: ReadonlyArray<[number, number]> = [
  [0x7ff00000, 0x00000002], // staleness marker (signalling NaN)
  [0x7ff80000, 0x00000000], // NaN
  [0x7ff80000, 0x00000001], // NaN with a payload
  [0xfff00000, 0x00000001], // negative signalling NaN
  [0x7ff00000, 0x00000000], // +Inf
  [0xfff00000, 0x00000000], // -Inf
  [0x80000000, 0x00000000], // -0
  [0x00000000, 0x00000000], // +0
  [0x00000000, 0x00000001], // smallest subnormal
  [0x7fefffff, 0xffffffff], // largest finite
];

const CASES: ReadonlyArray<[string, () => BitSample[]]> = [
  ['one sample', () => fromNumbers([T0], [42])],
  ['two samples', () => fromNumbers([T0, T0 + 15_000], [1, 2])],
  ['constant on a grid', () => fromNumbers(grid(120, 15_000), Array(120).fill(1) as number[])],
  ['counter', () => fromNumbers(grid(120, 15_000), grid(120, 7.25, 1e6))],
  [
    'random walk gauge',
    () =>
      fromNumbers(
        grid(120, 10_000),
        grid(120, 0).map(() => rnd() * 100 - 50),
      ),
  ],
  [
    'jittered timestamps',
    () =>
      fromNumbers(
        grid(120, 15_000).map((t) => t + Math.floor(rnd() * 40)),
        grid(120, 1),
      ),
  ],
  [
    'every delta-of-delta bucket and its edges',
    () => {
      const dods = [
        0,
        64,
        -63,
        65,
        -64,
        8192,
        -8191,
        8193,
        -8192,
        2 ** 19,
        -(2 ** 19 - 1),
        2 ** 19 + 1,
        5e12,
        -5e12,
      ];
      const ts = [T0, T0 + 10_000_000];
      let delta = 10_000_000;
      for (const d of dods) ts.push(ts.at(-1)! + (delta += d));
      return fromNumbers(
        ts,
        ts.map((_, i) => i),
      );
    },
  ],
  [
    'gaps of days',
    () =>
      fromNumbers([T0, T0 + 1, T0 + 86_400_000, T0 + 3 * 86_400_000, T0 + 3 * 86_400_001], [1, 2, 3, 4, 5]),
  ],
  ['negative and extreme timestamps', () => fromNumbers([-MAX, -1, 0, 1, MAX], [1, 2, 3, 4, 5])],
  [
    'special values, each twice',
    () =>
      SPECIAL_BITS.flatMap(([hi, lo], i) => [
        { t: 2 * i, hi, lo },
        { t: 2 * i + 1, hi, lo },
      ]),
  ],
  ['random bit patterns', () => grid(300, 1000).map((t) => ({ t, hi: randomBits(), lo: randomBits() }))],
  ['xor windows shrinking and growing', () => fromNumbers(grid(6, 1), [1, 1.5, 1.5000001, 3, 1e300, 1])],
];

describe('XOR chunk', () => {
  for (const [title, make] of CASES) {
    it(`round-trips bit-exact: ${title}`, () => {
      assertRoundTrip(make());
    });
  }

  it('compresses a constant series on a grid to about 2 bits a sample', () => {
    const bytes = assertRoundTrip(fromNumbers(grid(120, 15_000), Array(120).fill(3) as number[]));
    assert.ok(bytes.length < 50, `${bytes.length} bytes`);
  });

  it('keeps the staleness marker through append(number) → bytes → decode → number', () => {
    const a = new XorChunkAppender();
    a.append(T0, 1);
    a.append(T0 + 1000, STALE_NAN);
    a.append(T0 + 2000, NaN);
    a.append(T0 + 3000, STALE_NAN);
    const d = decodeChunk(a.bytes().slice());
    assert.deepEqual([isStaleNaN(d.vs[1]!), isStaleNaN(d.vs[2]!), isStaleNaN(d.vs[3]!)], [true, false, true]);
    const it = iterateChunk(a.bytes());
    const objects: Array<{ t: number; v: number }> = [];
    while (it.next()) objects.push({ t: it.at, v: it.value });
    assert.ok(isStaleNaN(objects[1]!.v) && isStaleNaN(objects[3]!.v) && !isStaleNaN(objects[2]!.v));
    assert.ok(isStaleNaN(floatFromBits(0x7ff00000, 2)));
  });

  it('refuses timestamps that do not increase, are not integers, or jump more than 2^53 - 1', () => {
    const a = new XorChunkAppender();
    a.append(10, 1);
    for (const t of [10, 9, 10.5, NaN, Infinity]) {
      assert.equal(a.canAppend(t), false);
      assert.throws(() => a.append(t, 1), { code: 'invalid_input', message: /^cannot append sample @/ });
    }
    const b = new XorChunkAppender();
    b.append(-MAX, 1);
    assert.equal(b.canAppend(1), false);
    assert.equal(b.canAppend(0), true);
    assert.equal(a.count, 1);
  });

  it(`holds at most ${MAX_CHUNK_SAMPLES} samples`, () => {
    const a = new XorChunkAppender();
    for (let i = 0; i < MAX_CHUNK_SAMPLES; i++) a.append(i, i);
    assert.equal(a.canAppend(MAX_CHUNK_SAMPLES), false);
    assert.equal(decodeChunk(a.bytes()).count, MAX_CHUNK_SAMPLES);
  });

  it('seeks forward only, to the first sample at or after t', () => {
    const bytes = encode(fromNumbers([10, 20, 30, 40], [1, 2, 3, 4]));
    const it = iterateChunk(bytes);
    assert.equal(it.seek(15), true);
    assert.equal(it.at, 20);
    assert.equal(it.seek(20), true);
    assert.equal(it.at, 20);
    assert.equal(it.seek(5), true);
    assert.equal(it.at, 20);
    assert.equal(it.seek(40), true);
    assert.equal(it.value, 4);
    assert.equal(it.seek(41), false);
    assert.equal(it.next(), false);
  });

  it('reuses its buffer after reset and reads an open chunk as it is now', () => {
    const a = new XorChunkAppender();
    a.append(1, 1);
    a.append(2, 2);
    assert.equal(decodeChunk(a.bytes()).count, 2);
    a.append(3, 3);
    assert.deepEqual([...decodeChunk(a.bytes()).ts], [1, 2, 3]);
    a.reset();
    a.append(7, 7);
    assert.deepEqual([...decodeChunk(a.bytes()).ts], [7]);
    assert.equal(a.minT, 7);
  });
});
