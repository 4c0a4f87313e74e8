import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleTime } from './agent.js';

describe('sampleTime', () => {
  const cases: Array<[string, number, number, number]> = [
    ['a timer 7 ms late stamps the grid', 1_700_000_010_007, 5000, 1_700_000_010_000],
    ['exactly on the grid', 1_700_000_010_000, 5000, 1_700_000_010_000],
    ['a start between grid points keeps the clock', 1_700_000_012_345, 5000, 1_700_000_012_345],
    ['one second late is still the grid', 1_700_000_026_000, 15_000, 1_700_000_025_000],
  ];
  for (const [title, now, interval, want] of cases) {
    it(title, () => assert.equal(sampleTime(now, interval), want));
  }
});
