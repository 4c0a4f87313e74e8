/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorPosition } from './error-position';

describe('errorPosition', () => {
  it('finds a column on the first line', () => {
    const p = errorPosition('sum(rate(x[5m])', '1:16: parse error: unclosed left parenthesis');
    assert.deepEqual(p, {
      offset: 15,
      line: 1,
      column: 16,
      message: 'parse error: unclosed left parenthesis',
    });
  });

  it('counts earlier lines', () =>
    assert.equal(
      errorPosition('up\n+ foo{', '2:7: parse error: unexpected end of input inside braces')?.offset,
      9,
    ));

  it('counts bytes, not characters, as Prometheus does', () => {
    // "é" is two bytes: column 8 (byte 7) is just after it.
    assert.equal(errorPosition('x{a="é"} +', '1:8: parse error: x')?.offset, 6);
  });

  it('gives null for messages without a position', () =>
    assert.equal(errorPosition('up', 'query timed out in expression evaluation'), null));
});
