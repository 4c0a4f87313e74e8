import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPromValue } from './prom-format.js';

describe('formatPromValue', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [1.5, '1.5'],
    [-2, '-2'],
    [1e21, '1000000000000000000000'],
    [1.25e-7, '0.000000125'],
    [-3.5e22, '-35000000000000000000000'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [0.1 + 0.2, '0.30000000000000004'],
  ];
  for (const [v, want] of cases) {
    it(`formats ${v} as ${want}`, () => assert.equal(formatPromValue(v), want));
  }
});
