import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoFloat } from './go-float.js';

// Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) and expfmt print;
// several are copied from node_exporter 1.5's output on a real machine.
describe('formatGoFloat', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [311.84, '311.84'],
    [0.12, '0.12'],
    [10174, '10174'],
    [761436, '761436'],
    [999999, '999999'],
    [1e6, '1e+06'],
    [2097152, '2.097152e+06'],
    [16777216, '1.6777216e+07'],
    [392245505, '3.92245505e+08'],
    [25276063744, '2.5276063744e+10'],
    [35184372087808, '3.5184372087808e+13'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [2 ** 64, '1.8446744073709552e+19'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.0001, '0.0001'],
    [0.00012, '0.00012'],
    [0.00001, '1e-05'],
    [5.6762e-5, '5.6762e-05'],
    [1.42e-5, '1.42e-05'],
    [5e-324, '5e-324'],
    [0.1 + 0.2, '0.30000000000000004'],
    [84850 * 0.001, '84.85000000000001'],
    [-273150 * 0.001, '-273.15000000000003'],
    [-125000, '-125000'],
    [-1234567.5, '-1.2345675e+06'],
    [123456.7, '123456.7'],
  ];
  for (const [value, want] of cases) {
    it(`${String(value)} → ${want}`, () => assert.equal(formatGoFloat(value), want));
  }
});
