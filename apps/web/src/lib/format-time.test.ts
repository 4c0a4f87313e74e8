/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAgo, formatUptime } from './format-time';
import { formatPromDuration, quoteLabelValue } from './prom-duration';

describe('formatAgo', () => {
  const now = 1_700_000_000_000;
  const cases: Array<[number | null, string]> = [
    [now - 3_000, '3 s ago'],
    [now + 500, '0 s ago'],
    [now - 5 * 60_000, '5 min ago'],
    [now - 3 * 3_600_000, '3 h ago'],
    [now - 2 * 86_400_000, '2 d ago'],
    [null, 'never'],
  ];
  for (const [then, want] of cases) it(want, () => assert.equal(formatAgo(then, now), want));
});

describe('formatUptime', () => {
  const cases: Array<[number, string]> = [
    [42, '42 s'],
    [125, '2 min'],
    [3 * 3600 + 12 * 60, '3 h 12 min'],
    [3 * 86400 + 4 * 3600 + 59, '3 d 4 h'],
  ];
  for (const [seconds, want] of cases) it(want, () => assert.equal(formatUptime(seconds), want));
});

describe('formatPromDuration', () => {
  const cases: Array<[number, string]> = [
    [60, '1m'],
    [240, '4m'],
    [90, '90s'],
    [7200, '2h'],
    [86400, '1d'],
  ];
  for (const [seconds, want] of cases) it(want, () => assert.equal(formatPromDuration(seconds), want));
});

describe('quoteLabelValue', () => {
  it('escapes quotes and backslashes', () => assert.equal(quoteLabelValue('a"b\\c'), '"a\\"b\\\\c"'));
});
