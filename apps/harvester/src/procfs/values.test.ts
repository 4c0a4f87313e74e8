import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fields, parseGoFloat, parseSigned, parseUnsigned } from './values.js';

describe('procfs values', () => {
  const unsigned: Array<[string, number | undefined]> = [
    ['0', 0],
    ['42', 42],
    ['+7', 7],
    ['18446744073709551615', 2 ** 64],
    ['', undefined],
    [' 1', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['0x10', undefined],
  ];
  for (const [text, want] of unsigned) {
    it(`parseUnsigned(${JSON.stringify(text)}) is ${want}`, () => assert.equal(parseUnsigned(text), want));
  }

  const signed: Array<[string, number | undefined]> = [
    ['-273150', -273150],
    ['+5', 5],
    ['12', 12],
    ['', undefined],
    ['1e3', undefined],
    ['--1', undefined],
  ];
  for (const [text, want] of signed) {
    it(`parseSigned(${JSON.stringify(text)}) is ${want}`, () => assert.equal(parseSigned(text), want));
  }

  const floats: Array<[string, number | undefined]> = [
    ['0.09', 0.09],
    ['12.4', 12.4],
    ['-3', -3],
    ['1e3', 1000],
    ['1.', 1],
    ['.5', 0.5],
    ['2E-2', 0.02],
    ['inf', Number.POSITIVE_INFINITY],
    ['+Inf', Number.POSITIVE_INFINITY],
    ['-infinity', Number.NEGATIVE_INFINITY],
    ['NaN', Number.NaN],
    ['-nan', undefined],
    ['', undefined],
    ['.', undefined],
    ['1_000', undefined],
    ['0x1p3', undefined],
    ['42 ', undefined],
    ['Infinityx', undefined],
  ];
  for (const [text, want] of floats) {
    it(`parseGoFloat(${JSON.stringify(text)}) is ${want}`, () => assert.equal(parseGoFloat(text), want));
  }

  it('splits fields on runs of blanks', () => {
    assert.deepEqual(fields('  cpu0 1\t2   3 '), ['cpu0', '1', '2', '3']);
    assert.deepEqual(fields('   '), []);
  });
});
