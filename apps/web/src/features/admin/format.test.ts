import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUntil } from './format';

describe('formatUntil', () => {
  const now = 1_700_000_000_000;
  const cases: Array<[number | null, string]> = [
    [null, 'never'],
    [now - 1, 'past'],
    [now + 30_000, 'in 30 s'],
    [now + 45 * 60_000, 'in 45 min'],
    [now + 23 * 3_600_000, 'in 23 h'],
    [now + 6 * 86_400_000, 'in 6 d'],
  ];
  for (const [then, want] of cases) it(want, () => assert.equal(formatUntil(then, now), want));
});
