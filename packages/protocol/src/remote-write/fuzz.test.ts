import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '@seahawks/model';
import { decodeWriteRequest } from './decode.js';
import { encodeWriteRequest } from './encode.js';
import { randomBytes, randomInt, randomSeries, seededRandom } from './test-fixtures.js';

/** Decoding must either succeed or throw InvalidInputError; anything else is a bug. */
function decodeOrReject(input: Uint8Array, what: string): 'ok' | 'rejected' {
  try {
    decodeWriteRequest(input);
    return 'ok';
  } catch (err) {
    if (err instanceof InvalidInputError) return 'rejected';
    assert.fail(`${what} (${Buffer.from(input).toString('hex')}) threw ${String(err)}`);
  }
}

describe('decodeWriteRequest on hostile input', () => {
  it('handles 20 000 random byte strings', () => {
    const random = seededRandom(42);
    const outcomes = { ok: 0, rejected: 0 };
    for (let i = 0; i < 20_000; i++) {
      const input = randomBytes(random, randomInt(random, 200));
      outcomes[decodeOrReject(input, `random input ${i}`)]++;
    }
    assert.ok(outcomes.rejected > 10_000, JSON.stringify(outcomes));
  });

  it('handles 20 000 mutations of valid requests (flipped bytes, truncations, splices)', () => {
    const random = seededRandom(99);
    const outcomes = { ok: 0, rejected: 0 };
    for (let i = 0; i < 20_000; i++) {
      const valid = encodeWriteRequest(randomSeries(random, 1 + randomInt(random, 4)));
      const input = valid.slice();
      const edits = 1 + randomInt(random, 4);
      for (let e = 0; e < edits && input.length > 0; e++)
        input[randomInt(random, input.length)] = randomInt(random, 256);
      const cut = random() < 0.3 ? input.subarray(0, randomInt(random, input.length + 1)) : input;
      outcomes[decodeOrReject(cut, `mutation ${i}`)]++;
    }
    assert.ok(outcomes.ok > 0 && outcomes.rejected > 0, JSON.stringify(outcomes));
  });

  it('rejects every truncation of a valid request at a field boundary or inside one', () => {
    const valid = encodeWriteRequest(randomSeries(seededRandom(5), 3));
    for (let n = 0; n < valid.length; n++) decodeOrReject(valid.subarray(0, n), `prefix of ${n} bytes`);
  });

  it('stays linear on pathological nesting', () => {
    // 1 MB of zero-length series: a million tiny messages, decoded quickly without recursion.
    const input = new Uint8Array(1_000_000);
    for (let i = 0; i < input.length; i += 2) input[i] = 0x0a;
    const started = performance.now();
    assert.equal(decodeWriteRequest(input).series.length, 500_000);
    assert.ok(performance.now() - started < 2000);
  });
});
