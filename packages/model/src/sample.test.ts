import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN } from './sample.js';
import { parseApiTime, parseDuration, formatDuration } from './time.js';

describe('samples and time', () => {
  it('tells the staleness marker from an ordinary NaN', () => {
    assert.ok(isStaleNaN(STALE_NAN));
    assert.ok(!isStaleNaN(NaN));
    assert.ok(!isStaleNaN(1));
  });

  it('parses durations', () => {
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.throws(() => parseDuration('5 m'), /cannot parse duration "5 m"/);
    assert.equal(formatDuration(90_000), '1m30s');
  });

  it('parses API times in seconds and RFC 3339', () => {
    assert.equal(parseApiTime('1700000000.5'), 1_700_000_000_500);
    assert.equal(parseApiTime('2023-11-14T22:13:20Z'), 1_700_000_000_000);
    assert.throws(() => parseApiTime('yesterday'), /cannot parse "yesterday" to a valid timestamp/);
  });
});
