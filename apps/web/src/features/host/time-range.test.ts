/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findRange,
  MAX_POINTS,
  rangeFromQuery,
  rangeToQuery,
  rateWindow,
  stepFor,
  TIME_RANGES,
  windowOf,
  zoomRange,
} from './time-range';

describe('stepFor', () => {
  const cases: Array<[string, number]> = [
    ['5m', 1],
    ['15m', 2],
    ['1h', 10],
    ['6h', 60],
    ['24h', 300],
    ['7d', 1800],
    ['30d', 7200],
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
    [60, '75s'],
    [300, '315s'],
    [7200, '7215s'],
  ];
  for (const [step, want] of cases)
    it(`step ${step} s → ${want}`, () => assert.equal(rateWindow(step), want));
});

describe('windowOf', () => {
  it('ends a relative range on a step boundary and spans it', () => {
    const w = windowOf(findRange('1h'), 1_700_000_007_500);
    assert.equal(w.step, 10);
    assert.equal(w.end, 1_700_000_000);
    assert.equal(w.end - w.start, 3600);
  });

  it('covers an absolute range on its own step grid', () => {
    const w = windowOf({ kind: 'absolute', from: 1_700_000_003, to: 1_700_003_607 }, 0);
    assert.deepEqual(w, { start: 1_700_000_000, end: 1_700_003_610, step: 10 });
  });

  it('falls back to 15 m for unknown keys', () => assert.equal(findRange('7y').key, '15m'));
});

describe('range in the URL', () => {
  it('round-trips both kinds', () => {
    const abs = { kind: 'absolute', from: 100, to: 4000 } as const;
    const q = (r: Record<string, string | number | null>) =>
      new URLSearchParams(Object.entries(r).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])));
    assert.deepEqual(rangeFromQuery(q(rangeToQuery(abs))), abs);
    assert.equal(rangeFromQuery(q(rangeToQuery(findRange('30d')))).kind, 'relative');
  });

  it('refuses an empty or reversed absolute range', () =>
    assert.equal(rangeFromQuery(new URLSearchParams('from=50&to=40')).kind, 'relative'));

  it('widens a tiny zoom to a minute', () =>
    assert.deepEqual(zoomRange(1000, 1010), { kind: 'absolute', from: 975, to: 1035 }));
});
