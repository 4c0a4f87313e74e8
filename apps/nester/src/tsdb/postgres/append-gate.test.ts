import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppendGate } from './append-gate.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('postgres engine: append gate', () => {
  it('runs a deletion after the appends under way, and appends that came later after it', async () => {
    const gate = new AppendGate();
    const log: string[] = [];
    const note = (what: string): Promise<void> => {
      log.push(what);
      return Promise.resolve();
    };
    const first = deferred();
    const a1 = gate.shared(async () => {
      await first.promise;
      log.push('a1');
    });
    const a2 = gate.shared(() => note('a2'));
    const d = gate.exclusive(() => note('delete').then(() => 7));
    const a3 = gate.shared(() => note('a3'));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['a2']);
    first.resolve();
    assert.equal(await d, 7);
    await Promise.all([a1, a2, a3]);
    assert.deepEqual(log, ['a2', 'a1', 'delete', 'a3']);
  });

  it('runs deletions one at a time, in order, and goes on after one fails', async () => {
    const gate = new AppendGate();
    const log: string[] = [];
    const note = (what: string): Promise<void> => {
      log.push(what);
      return Promise.resolve();
    };
    const d1 = gate.exclusive(async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.push('d1');
      throw new Error('boom');
    });
    const d2 = gate.exclusive(() => note('d2'));
    const a = gate.shared(() => note('a'));
    await assert.rejects(d1, /boom/);
    await Promise.all([d2, a]);
    assert.deepEqual(log, ['d1', 'd2', 'a']);
  });
});
