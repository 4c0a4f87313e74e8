import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import {
  compareLabels,
  compareStrings,
  dropMetadataLabels,
  formatLabelsGo,
  matchingKey,
  withLabel,
} from './label-ops.js';

const l = labelsFromRecord;

describe('label operations', () => {
  it('orders strings by code point like Go, not by UTF-16 unit', () => {
    // U+FF5E (one unit, 0xff5e) sorts before U+1F600 (surrogates 0xd83d...) in UTF-8 byte order.
    assert.ok(compareStrings('\uff5e', '\u{1f600}') < 0);
    assert.ok('\uff5e' > '\u{1f600}');
    assert.ok(compareStrings('a', 'ab') < 0);
  });

  const orders: Array<[Record<string, string>, Record<string, string>, number]> = [
    [{ a: '1' }, { a: '2' }, -1],
    [{ a: '1' }, { a: '1', b: '1' }, -1],
    [{ b: '1' }, { a: '1', b: '1' }, 1],
    [{ a: '1' }, { a: '1' }, 0],
  ];
  for (const [a, b, want] of orders) {
    it(`compares ${JSON.stringify(a)} with ${JSON.stringify(b)}`, () => {
      assert.equal(Math.sign(compareLabels(l(a), l(b))), want);
    });
  }

  it('drops the metric name with its metadata siblings', () => {
    assert.deepEqual(dropMetadataLabels(l({ __name__: 'x', __type__: 'counter', a: '1' })), l({ a: '1' }));
  });

  it('keys ignoring() on everything but the listed labels and the name', () => {
    const key = matchingKey(l({ __name__: 'x', a: '1', b: '2' }), new Set(['b']), false);
    assert.equal(key, matchingKey(l({ __name__: 'y', a: '1', b: '3' }), new Set(['b']), false));
    assert.notEqual(key, matchingKey(l({ a: '2' }), new Set(['b']), false));
  });

  it('sets and removes labels keeping the order', () => {
    assert.deepEqual(withLabel(l({ a: '1', c: '3' }), 'b', '2'), l({ a: '1', b: '2', c: '3' }));
    assert.deepEqual(withLabel(l({ a: '1', c: '3' }), 'c', ''), l({ a: '1' }));
  });

  it('formats labels as Go does in messages', () => {
    assert.equal(formatLabelsGo(l({ __name__: 'up', job: 'a"b' })), '{__name__="up", job="a\\"b"}');
  });
});
