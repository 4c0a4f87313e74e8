import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { InvalidInputError } from '@seahawks/model';
import { DiskQueue } from './disk-queue.js';
import { recordSize } from './record.js';
import { bytesOf, manualClock, recordingLogger, tempDir, textOf } from './test-support.js';
import { QueueClosedError } from './types.js';
import type { DiskQueueOptions } from './types.js';

const meta = (t: number, samples = 1) => ({ minT: t, maxT: t, samples });
const texts = (batches: { payload: Uint8Array }[]) => batches.map((b) => textOf(b.payload));

describe('DiskQueue', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let clock: ReturnType<typeof manualClock>;
  let log: ReturnType<typeof recordingLogger>;
  const open = (extra: Partial<DiskQueueOptions> = {}) =>
    DiskQueue.open(dir, {
      maxBytes: 1 << 20,
      maxAgeMs: 3_600_000,
      clock: clock.now,
      logger: log.logger,
      ...extra,
    });

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('queue'));
    clock = manualClock();
    log = recordingLogger();
  });
  afterEach(() => cleanup());

  it('hands out batches oldest first, keeps them until acknowledged', async () => {
    const q = await open();
    for (const text of ['a', 'b', 'c']) await q.append(bytesOf(text), meta(clock.now(), 2));
    const first = await q.peek(2);
    assert.deepEqual(texts(first), ['a', 'b']);
    assert.deepEqual(first[0]!.meta, { minT: clock.now(), maxT: clock.now(), samples: 2 });
    assert.ok(first[0]!.id < first[1]!.id);
    assert.deepEqual(texts(await q.peek(10)), ['a', 'b', 'c'], 'peek does not remove');
    assert.deepEqual(texts(await q.peekNewest(2)), ['b', 'c'], 'the newest, still in id order');
    assert.deepEqual(texts(await q.peekNewest(0)), []);
    assert.deepEqual(texts(await q.peekNewest(5, clock.now() + 1)), [], 'none is that recent');
    await q.ack(first.map((b) => b.id));
    assert.deepEqual(texts(await q.peek(10)), ['c']);
    assert.deepEqual(q.stats(), {
      bytes: recordSize(1),
      batches: 1,
      droppedBatches: 0,
      droppedBytes: 0,
      corruptBytes: 0,
    });
    await q.close();
  });

  it('survives a restart: acknowledged batches never return, unacknowledged ones do', async () => {
    const q = await open();
    for (const text of ['a', 'b', 'c', 'd']) await q.append(bytesOf(text), meta(clock.now()));
    const [a, b, c] = await q.peek(3);
    await q.ack([a!.id, c!.id]); // out of order: c before b
    await q.close();

    const again = await open();
    const left = await again.peek(10);
    assert.deepEqual(texts(left), ['b', 'd']);
    assert.equal(left[0]!.id, b!.id);
    await again.append(bytesOf('e'), meta(clock.now()));
    const all = await again.peek(10);
    assert.ok(all[2]!.id > all[1]!.id, 'ids keep increasing across restarts');
    await again.ack(all.map((x) => x.id));
    await again.close();

    const third = await open();
    assert.deepEqual(await third.peek(10), []);
    await third.append(bytesOf('f'), meta(clock.now()));
    const [f] = await third.peek(1);
    assert.ok(f!.id > all[2]!.id, 'ids are never reused, even after every segment was deleted');
    await third.close();
  });

  it('rolls segments and deletes them once every batch in them is done', async () => {
    const q = await open({ segmentBytes: recordSize(100) * 3 });
    for (let i = 0; i < 10; i++) await q.append(new Uint8Array(100).fill(i), meta(clock.now()));
    const segments = async () => (await readdir(dir)).filter((n) => n.endsWith('.seg'));
    assert.equal((await segments()).length, 4);
    await q.ack((await q.peek(7)).map((b) => b.id));
    assert.equal((await segments()).length, 2, 'the two fully acknowledged segments are gone');
    await q.ack((await q.peek(10)).map((b) => b.id));
    assert.deepEqual(await segments(), []);
    assert.equal(q.stats().bytes, 0);
    await q.close();
  });

  it('drops the oldest batches when the size bound is reached, counts them and says so', async () => {
    const size = recordSize(100);
    const q = await open({ maxBytes: size * 3 });
    for (let i = 0; i < 5; i++) await q.append(new Uint8Array(100).fill(i), meta(clock.now() + i));
    const left = await q.peek(10);
    assert.deepEqual(
      left.map((b) => b.payload[0]),
      [2, 3, 4],
    );
    assert.equal(q.stats().droppedBatches, 2);
    assert.equal(q.stats().droppedBytes, 2 * size);
    assert.equal(q.stats().bytes, 3 * size);
    const warnings = log.at('warn');
    assert.equal(warnings.length, 2);
    assert.match(
      warnings[0]!.message,
      /^dropped 1 unsent batches \(136 bytes, samples from .*\): the queue's size bound/,
    );
    assert.equal(warnings[0]!.fields?.reason, 'size');
    await q.close();
    const again = await open({ maxBytes: size * 3 });
    assert.deepEqual(
      (await again.peek(10)).map((b) => b.payload[0]),
      [2, 3, 4],
      'dropped batches stay dropped',
    );
    await again.close();
  });

  it('drops batches older than the age bound, by their newest sample', async () => {
    const q = await open({ maxAgeMs: 60_000 });
    await q.append(bytesOf('old'), { minT: clock.now() - 10_000, maxT: clock.now(), samples: 1 });
    clock.advance(30_000);
    await q.append(bytesOf('new'), meta(clock.now()));
    clock.advance(30_001);
    assert.deepEqual(texts(await q.peek(10)), ['new']);
    assert.equal(q.stats().droppedBatches, 1);
    assert.match(log.at('warn')[0]!.message, /older than the queue's age bound of 60000 ms$/);
    await q.close();
  });

  it('refuses a batch larger than the whole bound, and bad metadata', async () => {
    const q = await open({ maxBytes: 200 });
    await assert.rejects(q.append(new Uint8Array(500), meta(1)), (err: unknown) => {
      return (
        err instanceof InvalidInputError &&
        err.message === 'cannot append batch: 536 bytes exceed the queue bound of 200 bytes'
      );
    });
    await assert.rejects(
      q.append(bytesOf('x'), { minT: 2, maxT: 1, samples: 1 }),
      /sample times 2\.\.1 are not a finite range/,
    );
    await assert.rejects(q.append(bytesOf('x'), { minT: 1, maxT: 1, samples: -1 }), /sample count -1/);
    assert.equal(q.stats().batches, 0);
    await q.close();
  });

  it('rejects operations after close', async () => {
    const q = await open();
    await q.close();
    await q.close();
    await assert.rejects(q.append(bytesOf('x'), meta(1)), QueueClosedError);
    await assert.rejects(q.peek(1), /cannot peek batches: the queue is closed/);
  });

  it('runs concurrent calls one at a time in call order', async () => {
    const q = await open();
    const appends = ['a', 'b', 'c', 'd'].map((t) => q.append(bytesOf(t), meta(clock.now())));
    const peeked = q.peek(10);
    await Promise.all(appends);
    assert.deepEqual(texts(await peeked), ['a', 'b', 'c', 'd']);
    await q.close();
  });
});
