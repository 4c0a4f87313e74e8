import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { prometheusLabelsHash, xxhash64 } from './xxhash64.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('xxhash64', () => {
  // Reference values of XXH64 with seed 0 (the xxHash specification's and python-xxhash's).
  const vectors: Array<[string, string]> = [
    ['', 'ef46db3751d8e999'],
    ['a', 'd24ec4f1a98c6e5b'],
    ['abc', '44bc2cf5ad770999'],
    ['Nobody inspects the spammish repetition', 'fbcea83c8a378bf1'],
  ];
  for (const [input, want] of vectors) {
    it(`hashes ${JSON.stringify(input)}`, () => assert.equal(xxhash64(text(input)).toString(16), want));
  }

  it("hashes labels in Prometheus' stringlabels encoding, long values with a 4-byte length", () => {
    const long = 'v'.repeat(300);
    const bytes = [
      1,
      ...text('a'),
      1,
      ...text('b'),
      4,
      ...text('long'),
      255,
      300 & 0xff,
      300 >> 8,
      0,
      ...text(long),
    ];
    assert.equal(prometheusLabelsHash(labelsFromRecord({ a: 'b', long })), xxhash64(Uint8Array.from(bytes)));
    assert.equal(prometheusLabelsHash([]), xxhash64(new Uint8Array(0)));
  });
});
