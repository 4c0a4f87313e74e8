import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_MAX_TIME_MS, API_MIN_TIME_MS, parseApiTime } from './api-time.js';

describe('parseApiTime', () => {
  it('reads Unix seconds as Prometheus does, to the millisecond', () => {
    assert.equal(parseApiTime('1700000000.5'), 1_700_000_000_500);
    assert.equal(parseApiTime(' 1700000000 '), 1_700_000_000_000);
    assert.equal(parseApiTime('1.7e9'), 1_700_000_000_000);
    assert.equal(parseApiTime('-1.5'), -1500);
    assert.equal(parseApiTime('.25'), 250);
    assert.equal(parseApiTime('12.'), 12_000);
  });

  it('reads RFC 3339 with a zone, fractions cut to the millisecond', () => {
    assert.equal(parseApiTime('2023-11-14T22:13:20Z'), 1_700_000_000_000);
    assert.equal(parseApiTime('2023-11-14T23:13:20+01:00'), 1_700_000_000_000);
    assert.equal(parseApiTime('2023-11-14T21:43:20-00:30'), 1_700_000_000_000);
    assert.equal(parseApiTime('2023-11-14T22:13:20.129999999Z'), 1_700_000_000_129);
    assert.equal(parseApiTime('2023-11-14T22:13:20.1Z'), 1_700_000_000_100);
    assert.equal(parseApiTime('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    assert.equal(parseApiTime('0050-01-01T00:00:00Z'), -60_589_296_000_000, 'year 50, not 1950');
  });

  it("takes Prometheus' own open-range bounds as the widest times", () => {
    assert.equal(parseApiTime('-292273086-05-16T16:47:06Z'), API_MIN_TIME_MS);
    assert.equal(parseApiTime('292277025-08-18T07:12:54.999999999Z'), API_MAX_TIME_MS);
    assert.equal(parseApiTime('1e300'), API_MAX_TIME_MS, 'finite but beyond any date: clamped');
    assert.equal(parseApiTime('-1e300'), API_MIN_TIME_MS);
  });

  it('refuses what is not a time, with the text in the message', () => {
    for (const bad of [
      '',
      'yesterday',
      '1e400',
      '-1e400',
      'Infinity',
      'NaN',
      '0x10',
      '1_000',
      '2023-11-14T22:13:20',
      '2023-11-14',
      '2023-02-29T00:00:00Z',
      '2023-04-31T00:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-11-14T24:00:00Z',
      '2023-11-14T22:60:00Z',
      '2023-11-14T22:13:60Z',
      '2023-11-14T22:13:20+24:00',
      '2023-11-14 22:13:20Z',
    ]) {
      assert.throws(
        () => parseApiTime(bad),
        (e: Error) =>
          e.name === 'InvalidInputError' && e.message === `cannot parse "${bad}" to a valid timestamp`,
        bad,
      );
    }
  });
});
