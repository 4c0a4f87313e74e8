import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evictionMessage, pickEvictions } from './eviction.js';

const batch = (id: number, maxT: number, size = 100) => ({
  id,
  size,
  meta: { minT: maxT - 10, maxT, samples: 1 },
});

describe('pickEvictions', () => {
  const pending = [batch(1, 1000), batch(2, 2000), batch(3, 3000), batch(4, 4000)];
  const cases: [string, number, number, number[], number[]][] = [
    ['nothing when within bounds', 0, 400, [], []],
    ['the too old, by newest sample', 2500, 400, [1, 2], []],
    ['the oldest to fit the budget', 0, 250, [], [1, 2]],
    ['both, age first', 1500, 150, [1], [2, 3]],
    ['everything for a zero budget', 0, 0, [], [1, 2, 3, 4]],
  ];
  for (const [what, oldestT, budget, tooOld, tooMany] of cases) {
    it(`picks ${what}`, () => {
      const picked = pickEvictions(pending, oldestT, budget);
      assert.deepEqual(
        picked.tooOld.map((b) => b.id),
        tooOld,
      );
      assert.deepEqual(
        picked.tooMany.map((b) => b.id),
        tooMany,
      );
    });
  }

  it('explains a drop with counts, time range and bound', () => {
    const message = evictionMessage('size', [batch(1, 1000), batch(2, 2000)], 200, {
      maxBytes: 150,
      maxAgeMs: 1,
    });
    assert.equal(
      message,
      'dropped 2 unsent batches (200 bytes, samples from 1970-01-01T00:00:00.990Z to 1970-01-01T00:00:02.000Z): ' +
        "the queue's size bound of 150 bytes was reached",
    );
  });
});
