import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Label } from '@seahawks/model';
import { InvalidInputError, isStaleNaN, STALE_NAN } from '@seahawks/model';
import { decodeKnownRun, decodeWriteRequestColumns } from './columns.js';
import type { ColumnarWriteRequest, LabelRunLookup } from './columns.js';
import { decodeWriteRequest } from './decode.js';
import { encodeWriteRequest } from './encode.js';
import { doubleBits, randomBytes, randomInt, randomSeries, seededRandom } from './test-fixtures.js';

/** A lookup remembering every run it is told about, by its bytes. */
class RunMemory implements LabelRunLookup {
  private readonly refs = new Map<string, number>();
  readonly labels: Label[][] = [];

  find(buf: Uint8Array, start: number, end: number): number {
    return this.refs.get(Buffer.from(buf.subarray(start, end)).toString('hex')) ?? -1;
  }

  learn(req: ColumnarWriteRequest): void {
    for (let i = 0; i < req.seriesCount; i++) {
      const start = req.runs[2 * i]!;
      if (start < 0 || req.refs[i]! >= 0) continue;
      const key = Buffer.from(req.raw.subarray(start, req.runs[2 * i + 1])).toString('hex');
      if (this.refs.has(key)) continue;
      this.refs.set(key, this.labels.length);
      this.labels.push(req.labels[i]!);
    }
  }
}

type Outcome =
  | { ok: true; series: { labels: Label[]; samples: { t: number; v: string }[] }[]; skipped: unknown }
  | { ok: false; message: string };

function viaObjects(input: Uint8Array): Outcome {
  try {
    const d = decodeWriteRequest(input);
    return {
      ok: true,
      series: d.series.map((s) => ({
        labels: s.labels,
        samples: s.samples.map((x) => ({ t: x.t, v: doubleBits(x.v) })),
      })),
      skipped: d.skipped,
    };
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, String(err));
    return { ok: false, message: err.message };
  }
}

function viaColumns(input: Uint8Array, memory: RunMemory): Outcome {
  let d: ColumnarWriteRequest;
  try {
    d = decodeWriteRequestColumns(input, memory);
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, String(err));
    return { ok: false, message: err.message };
  }
  const series = [];
  for (let i = 0; i < d.seriesCount; i++) {
    const ref = d.refs[i]!;
    const labels = ref >= 0 ? memory.labels[ref]! : d.labels[i]!;
    if (ref >= 0) {
      // A known run must be exactly what decoding its bytes gives.
      assert.deepEqual(decodeKnownRun(d.raw, d.runs[2 * i]!, d.runs[2 * i + 1]!), labels);
    }
    const samples = [];
    for (let j = d.offsets[i]!; j < d.offsets[i + 1]!; j++)
      samples.push({ t: d.t[j]!, v: doubleBits(d.v[j]!) });
    series.push({ labels, samples });
  }
  memory.learn(d);
  return { ok: true, series, skipped: d.skipped };
}

describe('decodeWriteRequestColumns', () => {
  it('gives what decodeWriteRequest gives, with and without known label runs', () => {
    const random = seededRandom(7);
    const memory = new RunMemory();
    for (let i = 0; i < 3000; i++) {
      const input = encodeWriteRequest(randomSeries(random, randomInt(random, 6)));
      const expected = viaObjects(input);
      assert.deepEqual(viaColumns(input, memory), expected, `request ${i}`);
      // The second time every run is known: still the same.
      assert.deepEqual(viaColumns(input, memory), expected, `request ${i} again`);
    }
  });

  it('fails with the same message on mutated and random input, whatever runs it knows', () => {
    const random = seededRandom(11);
    const memory = new RunMemory();
    let rejected = 0;
    for (let i = 0; i < 20_000; i++) {
      const valid = encodeWriteRequest(randomSeries(random, 1 + randomInt(random, 4)));
      viaColumns(valid, memory);
      const input = i % 5 === 0 ? randomBytes(random, randomInt(random, 200)) : valid.slice();
      for (let e = 0; e < 1 + randomInt(random, 3) && i % 5 !== 0; e++)
        input[randomInt(random, input.length)] = randomInt(random, 256);
      const cut = random() < 0.3 ? input.subarray(0, randomInt(random, input.length + 1)) : input;
      const expected = viaObjects(cut);
      if (!expected.ok) rejected++;
      assert.deepEqual(viaColumns(cut, memory), expected, `input ${i}`);
    }
    assert.ok(rejected > 1000, `${rejected} rejected`);
  });

  it('keeps the staleness NaN, ±Inf and -0 bit-exact, and labels split in two runs', () => {
    const input = encodeWriteRequest([
      {
        labels: [{ name: '__name__', value: 'up' }],
        samples: [
          { t: 1, v: STALE_NAN },
          { t: 2, v: Infinity },
          { t: 3, v: -Infinity },
          { t: 4, v: -0 },
          { t: -5, v: NaN },
        ],
      },
    ]);
    const d = decodeWriteRequestColumns(input, { find: () => -1 });
    // Read straight from the buffer: a NaN passed around as a JS number may come back quieted.
    const words = new DataView(d.v.buffer);
    assert.equal(words.getBigUint64(0, true), 0x7ff0000000000002n);
    assert.ok(isStaleNaN(d.v[0]!));
    assert.deepEqual(
      Array.from(d.v.subarray(1), (v) => doubleBits(v)),
      [Infinity, -Infinity, -0, NaN].map((v) => doubleBits(v)),
    );
    assert.deepEqual(
      Array.from(d.v, (v) => doubleBits(v)),
      decodeWriteRequest(input).series[0]!.samples.map((x) => doubleBits(x.v)),
    );
    assert.deepEqual(Array.from(d.t), [1, 2, 3, 4, -5]);
    // labels, sample, labels: not one contiguous run, so not to be remembered.
    const split = Uint8Array.from([
      ...[0x0a, 0x1b],
      ...[0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x62],
      ...[0x12, 0x09, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
      ...[0x0a, 0x06, 0x0a, 0x01, 0x63, 0x12, 0x01, 0x64],
    ]);
    const s = decodeWriteRequestColumns(split, { find: () => 0 });
    assert.equal(s.refs[0], -1);
    assert.deepEqual(Array.from(s.runs), [-1, -1]);
    assert.deepEqual(s.labels[0], [
      { name: 'a', value: 'b' },
      { name: 'c', value: 'd' },
    ]);
  });

  it('grows its columns past any first guess and trims them', () => {
    const series = Array.from({ length: 300 }, (_, i) => ({
      labels: [{ name: '__name__', value: `m${i}` }],
      samples: Array.from({ length: 50 }, (_, j) => ({ t: j, v: i * j })),
    }));
    const d = decodeWriteRequestColumns(encodeWriteRequest(series), { find: () => -1 });
    assert.equal(d.sampleCount, 15_000);
    assert.equal(d.t.length, 15_000);
    assert.equal(d.v.buffer.byteLength, 15_000 * 8);
    assert.equal(d.offsets[300], 15_000);
    assert.equal(d.v[299 * 50 + 49], 299 * 49);
  });
});
