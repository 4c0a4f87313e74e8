import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DiskQueue } from './disk-queue.js';
import { encodeRecord, recordSize } from './record.js';
import { bytesOf, manualClock, recordingLogger, tempDir, textOf } from './test-support.js';

const meta = (t: number) => ({ minT: t, maxT: t, samples: 1 });

/** What a crash leaves behind; each test kills the queue between appends and reopens it. */
describe('DiskQueue after a crash', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let log: ReturnType<typeof recordingLogger>;
  const clock = manualClock();
  const open = () =>
    DiskQueue.open(dir, { maxBytes: 1 << 20, maxAgeMs: 3_600_000, clock: clock.now, logger: log.logger });
  const segment = async () =>
    join(
      dir,
      (await readdir(dir))
        .filter((n) => n.endsWith('.seg'))
        .sort()
        .at(-1)!,
    );

  async function filled(texts: string[]): Promise<void> {
    const q = await open();
    for (const t of texts) await q.append(bytesOf(t), meta(clock.now()));
    await q.close();
  }

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('queue-crash'));
    log = recordingLogger();
  });
  afterEach(() => cleanup());

  it('truncates a torn tail with a warning and keeps every complete batch', async () => {
    await filled(['a', 'b']);
    const path = await segment();
    const good = (await stat(path)).size;
    const torn = encodeRecord(2, meta(clock.now()), bytesOf('c')).subarray(0, 21); // write cut mid-record
    await appendFile(path, torn);

    const q = await open();
    const warnings = log.at('warn');
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!.message,
      /^cannot read queue segment .* past byte 74: record of 29 bytes with only 13 written; truncating 21 bytes$/,
    );
    assert.equal((await stat(path)).size, good, 'the file is cut back to its last complete record');
    assert.equal(q.stats().corruptBytes, 21);
    assert.deepEqual(
      (await q.peek(10)).map((b) => textOf(b.payload)),
      ['a', 'b'],
    );
    await q.append(bytesOf('d'), meta(clock.now()));
    await q.close();

    log = recordingLogger();
    const again = await open();
    assert.deepEqual(log.at('warn'), [], 'the repaired queue opens cleanly');
    assert.deepEqual(
      (await again.peek(10)).map((b) => textOf(b.payload)),
      ['a', 'b', 'd'],
    );
    await again.close();
  });

  it('cuts a segment at a checksum failure and keeps the later segments', async () => {
    const q = await DiskQueue.open(dir, {
      maxBytes: 1 << 20,
      maxAgeMs: 3_600_000,
      clock: clock.now,
      logger: log.logger,
      segmentBytes: recordSize(1) * 2,
    });
    for (const t of ['a', 'b', 'c', 'd']) await q.append(bytesOf(t), meta(clock.now()));
    await q.close();
    const first = join(dir, (await readdir(dir)).filter((n) => n.endsWith('.seg')).sort()[0]!);
    const bytes = await readFile(first);
    bytes[recordSize(1) + 36] = bytes[recordSize(1) + 36]! ^ 0xff; // flip the payload of the second record
    await writeFile(first, bytes);

    const again = await open();
    assert.match(log.at('warn')[0]!.message, /past byte 37: crc32 0x[0-9a-f]{8} instead of 0x[0-9a-f]{8}/);
    assert.deepEqual(
      (await again.peek(10)).map((b) => textOf(b.payload)),
      ['a', 'c', 'd'],
    );
    await again.close();
  });

  it('drops a batch damaged on disk after open instead of sending garbage', async () => {
    const q = await open();
    for (const t of ['a', 'b']) await q.append(bytesOf(t), meta(clock.now()));
    const path = await segment();
    const bytes = await readFile(path);
    bytes[36] = bytes[36]! ^ 0xff;
    await writeFile(path, bytes);
    assert.deepEqual(
      (await q.peek(10)).map((b) => textOf(b.payload)),
      ['b'],
    );
    assert.match(log.at('warn')[0]!.message, /^cannot read queued batch 0: crc32 .*; dropping it$/);
    assert.equal(q.stats().corruptBytes, recordSize(1));
    await q.close();
  });

  it('drops the batches of a segment file removed by hand instead of wedging', async () => {
    const q = await DiskQueue.open(dir, {
      maxBytes: 1 << 20,
      maxAgeMs: 3_600_000,
      clock: clock.now,
      logger: log.logger,
      segmentBytes: recordSize(1) * 2,
    });
    for (const t of ['a', 'b', 'c']) await q.append(bytesOf(t), meta(clock.now()));
    await unlink(join(dir, '00000000000000000000.seg'));
    assert.deepEqual(
      (await q.peek(10)).map((b) => textOf(b.payload)),
      ['c'],
    );
    assert.equal(log.at('warn').length, 2);
    assert.match(
      log.at('warn')[0]!.message,
      /^cannot read queued batch 0: its segment file is missing; dropping it$/,
    );
    assert.equal(q.stats().batches, 1);
    await q.close();
  });

  it('starts from an empty cursor when the cursor file is damaged, resending rather than losing', async () => {
    await filled(['a', 'b']);
    const q = await open();
    await q.ack([(await q.peek(1))[0]!.id]);
    await q.close();
    await writeFile(join(dir, 'cursor.json'), '{"version":1,"doneThr');

    const again = await open();
    assert.match(log.at('warn')[0]!.message, /^cannot parse queue cursor .*cursor\.json: ignoring it/);
    assert.deepEqual(
      (await again.peek(10)).map((b) => textOf(b.payload)),
      ['a', 'b'],
    );
    await again.close();
  });

  it('ignores a leftover temporary cursor from a crash during an acknowledgement', async () => {
    await filled(['a', 'b']);
    await writeFile(join(dir, 'cursor.json.tmp'), '{"version":1,"doneThrough":1,"doneAbove":[]}');
    const q = await open();
    assert.deepEqual(
      (await q.peek(10)).map((b) => textOf(b.payload)),
      ['a', 'b'],
    );
    await q.close();
  });

  it('removes a segment left empty by a crash right after its creation', async () => {
    await filled(['a']);
    await writeFile(join(dir, '00000000000000000001.seg'), new Uint8Array(0));
    const q = await open();
    await q.append(bytesOf('b'), meta(clock.now()));
    assert.deepEqual(
      (await q.peek(10)).map((b) => textOf(b.payload)),
      ['a', 'b'],
    );
    assert.deepEqual(log.at('warn'), []);
    await q.close();
  });
});
