import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LOGIN_LIMITS, LoginThrottle } from './login-throttle.js';

const T0 = 1_700_000_000_000;

describe('login throttle', () => {
  it('allows the free tries, then locks for 5 s, 10 s, 20 s … up to 15 min', () => {
    const t = new LoginThrottle();
    const locks: number[] = [];
    for (let i = 0; i < 14; i++) locks.push(t.fail('alice', '10.0.0.1', T0));
    assert.deepEqual(locks.slice(0, 4), [0, 0, 0, 0]);
    assert.deepEqual(locks.slice(4, 9), [5_000, 10_000, 20_000, 40_000, 80_000]);
    assert.equal(locks.at(-1), 15 * 60_000);
    assert.equal(t.retryAfter('alice', '10.0.0.1', T0), 15 * 60_000);
    assert.equal(t.retryAfter('alice', '10.0.0.1', T0 + 15 * 60_000), 0);
  });

  it('keys by user and address: a guesser elsewhere does not lock the user out', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 6; i++) t.fail('Alice', '203.0.113.9', T0);
    assert.ok(t.retryAfter('alice', '203.0.113.9', T0) > 0, 'names match case-insensitively');
    assert.equal(t.retryAfter('alice', '10.0.0.1', T0), 0);
    assert.equal(t.retryAfter('bob', '203.0.113.9', T0), 0);
  });

  it('locks an address trying many names', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.freePerAddress; i++) t.fail(`user${i}`, '203.0.113.9', T0);
    assert.equal(t.retryAfter('someone-new', '203.0.113.9', T0), 5_000);
  });

  it('forgets failures on success and after a quiet hour', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) t.fail('alice', 'a', T0);
    t.succeed('alice', 'a');
    assert.equal(t.fail('alice', 'a', T0), 0, 'a fresh budget after a success');
    for (let i = 0; i < 8; i++) t.fail('bob', 'b', T0);
    const later = T0 + DEFAULT_LOGIN_LIMITS.forgetAfterMs;
    assert.equal(t.retryAfter('bob', 'b', later), 0);
    assert.equal(t.fail('bob', 'b', later), 0);
  });

  it('remembers a bounded number of keys', () => {
    const t = new LoginThrottle({ ...DEFAULT_LOGIN_LIMITS, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) t.fail(`u${i}`, `10.0.${i >> 8}.${i & 255}`, T0 + i);
    assert.ok(t.size <= 100, `${t.size} keys`);
  });
});
