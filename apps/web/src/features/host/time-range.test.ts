/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRange, MAX_POINTS, rateWindow, stepFor, TIME_RANGES, windowAt } from './time-range';

describe('stepFor', () => {
  const cases: Array<[string, number]> = [
    ['5m', 1],
    ['15m', 2],
    ['1h', 10],
    ['6h', 60],
    ['24h', 300],
  ];
  for (const [key, want] of cases)
    it(`${key} → ${want} s`, () => assert.equal(stepFor(findRange(key).seconds), want));

  it('keeps every range at or under the point budget', () => {
    for (const r of TIME_RANGES) assert.ok(r.seconds / stepFor(r.seconds) + 1 <= MAX_POINTS + 1, r.key);
  });
});

describe('rateWindow', () => {
  const cases: Array<[number, string]> = [
    [1, '1m'],
    [10, '1m'],
    [60, '4m'],
    [300, '20m'],
  ];
  for (const [step, want] of cases)
    it(`step ${step} s → ${want}`, () => assert.equal(rateWindow(step), want));
});

describe('windowAt', () => {
  it('ends on a step boundary and spans the range', () => {
    const w = windowAt(3600, 1_700_000_007_500);
    assert.equal(w.step, 10);
    assert.equal(w.end, 1_700_000_000);
    assert.equal(w.end - w.start, 3600);
  });

  it('falls back to 15 m for unknown keys', () => assert.equal(findRange('7y').key, '15m'));
});
