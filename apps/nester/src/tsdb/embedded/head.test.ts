import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMatcher, isStaleNaN, labelsFromRecord, labelsKey, STALE_NAN } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import { applyBatch } from './append.js';
import { Head } from './head.js';
import { intersect, union } from './postings.js';
import { SampleBuffer, sameBits } from './sample-buffer.js';

describe('sample buffer', () => {
  it('appends, inserts out of order, tells duplicates from conflicts', () => {
    const b = new SampleBuffer();
    const outcomes = [
      [10, 1],
      [30, 3],
      [20, 2],
      [5, 0.5],
      [20, 2],
      [20, 9],
      [40, 4],
      [0, 0],
    ].map(([t, v]) => b.add(t!, v!));
    assert.deepEqual(outcomes, [
      'appended',
      'appended',
      'inserted',
      'inserted',
      'duplicate',
      'conflict',
      'appended',
      'inserted',
    ]);
    assert.deepEqual(
      b.range(0, 100).map((s) => s.t),
      [0, 5, 10, 20, 30, 40],
    );
    assert.deepEqual(b.range(10, 30), [
      { t: 10, v: 1 },
      { t: 20, v: 2 },
      { t: 30, v: 3 },
    ]);
    assert.equal(b.hasSampleIn(11, 19), false);
    assert.equal(b.hasSampleIn(40, 40), true);
  });

  it('keeps the staleness marker bit-exact and compares by bits', () => {
    const b = new SampleBuffer();
    b.add(1, STALE_NAN);
    assert.ok(isStaleNaN(b.range(1, 1)[0]!.v));
    assert.equal(b.add(1, NaN), 'conflict');
    assert.equal(b.add(1, STALE_NAN), 'duplicate');
    assert.ok(sameBits(0, 0) && !sameBits(0, -0) && sameBits(NaN, NaN) && !sameBits(NaN, STALE_NAN));
  });

  it('drops old samples and shrinks', () => {
    const b = new SampleBuffer();
    for (let t = 0; t < 1000; t++) b.add(t, t);
    assert.equal(b.dropBefore(990), 990);
    assert.equal(b.length, 10);
    assert.equal(b.minT, 990);
    assert.equal(b.dropBefore(0), 0);
    assert.equal(b.dropBefore(2000), 10);
    assert.equal(b.maxT, -Infinity);
  });
});

describe('postings', () => {
  it('intersects and unites sorted lists', () => {
    assert.deepEqual(
      intersect([
        [1, 3, 5, 7],
        [3, 4, 5],
        [0, 3, 5, 9],
      ]),
      [3, 5],
    );
    assert.deepEqual(intersect([[1, 2], []]), []);
    assert.deepEqual(union([[5, 9], [1, 7], [3]]), [1, 3, 5, 7, 9]);
  });

  it('finds series by matchers and forgets removed ones', () => {
    const head = new Head();
    const make = (rec: Record<string, string>): void => {
      const labels = labelsFromRecord(rec);
      head.addSample(head.create(labels), rec.t === 'old' ? 1 : 100, 1);
    };
    make({ __name__: 'a', job: 'x', t: 'old' });
    make({ __name__: 'a', job: 'y' });
    make({ __name__: 'b', job: 'x' });
    const find = (...ms: Matcher[]): string[] =>
      head.select(ms.map(compileMatcher)).map((s) => labelsKey(s.labels));
    assert.equal(find({ name: 'job', type: '=', value: 'x' }).length, 2);
    assert.equal(
      find({ name: '__name__', type: '=~', value: 'a|b' }, { name: 'job', type: '!=', value: 'y' }).length,
      2,
    );
    assert.deepEqual(head.dropBefore(50), { samples: 1, series: 1 });
    assert.equal(find({ name: 'job', type: '=', value: 'x' }).length, 1);
    assert.deepEqual([...head.postings.values('t').keys()], []);
    assert.equal(head.seriesCount, 2);
    assert.equal(head.sampleCount, 2);
  });
});

describe('applyBatch', () => {
  it('logs new series before their samples and identical samples not at all', () => {
    const head = new Head();
    const batch = [{ labels: labelsFromRecord({ __name__: 'up' }), samples: [{ t: 1, v: 1 }] }];
    const first = applyBatch(head, batch, -Infinity);
    assert.deepEqual(
      first.frames.map((f) => f[0]),
      [1, 2],
    );
    const again = applyBatch(head, batch, -Infinity);
    assert.deepEqual(again.frames, []);
    assert.equal(again.result.accepted, 1);
  });

  it('refuses a batch with a non-integer timestamp before changing anything', () => {
    const head = new Head();
    const batch = [
      { labels: labelsFromRecord({ __name__: 'ok' }), samples: [{ t: 1, v: 1 }] },
      { labels: labelsFromRecord({ __name__: 'bad' }), samples: [{ t: 1.5, v: 1 }] },
    ];
    assert.throws(() => applyBatch(head, batch, -Infinity), { code: 'invalid_input' });
    assert.equal(head.seriesCount, 0);
  });

  it('creates no series when all its samples are refused', () => {
    const head = new Head();
    const batch = [{ labels: labelsFromRecord({ __name__: 'old' }), samples: [{ t: 1, v: 1 }] }];
    const r = applyBatch(head, batch, 100);
    assert.deepEqual(r.result.rejected, { too_old: 1 });
    assert.equal(head.seriesCount, 0);
    assert.deepEqual(r.frames, []);
  });
});
