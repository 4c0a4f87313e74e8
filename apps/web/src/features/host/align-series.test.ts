/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignValues, timeGrid } from './align-series';

describe('align-series', () => {
  const w = { start: 100, end: 140, step: 10 };

  it('builds an inclusive grid', () => assert.deepEqual(timeGrid(w), [100, 110, 120, 130, 140]));

  it('places samples on the grid and leaves gaps as null', () => {
    const values = alignValues(
      {
        metric: {},
        values: [
          [110, 1],
          [120.4, 2],
          [140, NaN],
          [200, 9],
        ],
      },
      w,
      5,
    );
    assert.deepEqual(values, [null, 1, 2, null, null]);
  });
});
