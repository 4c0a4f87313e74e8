import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN } from './sample.js';
import { parseDuration, formatDuration } from './time.js';

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
});
