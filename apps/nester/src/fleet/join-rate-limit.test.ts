import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureRateLimiter } from './join-rate-limit.js';

describe('failure rate limiter', () => {
  it('blocks a key after maxFailures within the window, until the window ends', () => {
    const limiter = new FailureRateLimiter({ maxFailures: 3, windowMs: 1000, maxKeys: 10 });
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.retryAfter('a', 100), 0);
      limiter.fail('a', 100);
    }
    assert.equal(limiter.retryAfter('a', 400), 700);
    assert.equal(limiter.retryAfter('b', 400), 0, 'other keys are not affected');
    assert.equal(limiter.retryAfter('a', 1100), 0);
    assert.equal(limiter.size, 0, 'an ended window is forgotten');
  });

  it('remembers at most maxKeys, forgetting ended windows first, then the oldest', () => {
    const limiter = new FailureRateLimiter({ maxFailures: 1, windowMs: 1000, maxKeys: 3 });
    limiter.fail('old', 0);
    limiter.fail('b', 500);
    limiter.fail('c', 600);
    limiter.fail('d', 1200); // "old" has ended: it goes, the others stay
    assert.deepEqual(
      ['b', 'c', 'd'].map((k) => limiter.retryAfter(k, 1200) > 0),
      [true, true, true],
    );
    limiter.fail('e', 1300); // all live: the oldest ("b") goes
    assert.equal(limiter.size, 3);
    assert.equal(limiter.retryAfter('b', 1300), 0);
    assert.ok(limiter.retryAfter('e', 1300) > 0);
  });
});
