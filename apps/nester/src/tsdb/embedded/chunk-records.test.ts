import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XorChunkAppender } from '../chunkenc/xor-appender.js';
import { sealAppender } from './chunk-policy.js';
import type { EncodedChunk } from './chunk-policy.js';
import { ChunkKind, ChunksRecordWriter, decodeChunksRecord } from './chunk-records.js';
import { FRAME_HEADER_BYTES, RecordType, scanFrames } from './records.js';

const T0 = 1_700_000_000_000;

function chunk(from: number, n: number): EncodedChunk {
  const a = new XorChunkAppender();
  for (let i = 0; i < n; i++) a.append(from + i * 15_000, Math.sin(i));
  return sealAppender(a);
}

interface Read {
  readonly id: number;
  readonly kind: ChunkKind;
  readonly minT: number;
  readonly maxT: number;
  readonly count: number;
  readonly bytes: number[];
}

function readAll(frames: readonly Buffer[]): Read[] {
  const out: Read[] = [];
  for (const frame of frames) {
    const scan = scanFrames(frame, (type, payload) => {
      assert.equal(type, RecordType.chunks);
      decodeChunksRecord(payload, (id, kind, c) =>
        out.push({ id, kind, minT: c.minT, maxT: c.maxT, count: c.count, bytes: [...c.bytes] }),
      );
    });
    assert.equal(scan.problem, undefined);
  }
  return out;
}

describe('chunks records', () => {
  it('round-trips chunks of many series, sealed and head, in order', () => {
    const w = new ChunksRecordWriter();
    const want: Read[] = [];
    for (let id = 1; id <= 50; id++) {
      for (let k = 0; k < 3; k++) {
        const c = chunk(T0 + k * 3_600_000, 1 + ((id * 7 + k) % 200));
        const kind = k === 2 ? ChunkKind.head : ChunkKind.sealed;
        w.add(id, kind, c);
        want.push({ id, kind, minT: c.minT, maxT: c.maxT, count: c.count, bytes: [...c.bytes] });
      }
    }
    const frames = w.finish();
    assert.equal(frames.length, 1);
    assert.deepEqual(readAll(frames), want);
  });

  it('closes a record at about 4 MiB; a series goes on in the next one', () => {
    const w = new ChunksRecordWriter();
    const big = chunk(T0, 60_000);
    let n = 0;
    for (let id = 1; id <= 3; id++) {
      for (let k = 0; k < 12; k++, n++) w.add(id, ChunkKind.sealed, big);
    }
    const frames = w.finish();
    assert.ok(frames.length > 1, `${frames.length} records`);
    for (const f of frames) assert.ok(f.length - FRAME_HEADER_BYTES <= 4.5 * 2 ** 20, `${f.length} bytes`);
    const read = readAll(frames);
    assert.equal(read.length, n);
    assert.deepEqual(
      read.map((r) => r.id),
      Array.from({ length: 36 }, (_, k) => Math.floor(k / 12) + 1),
    );
  });

  const BAD: ReadonlyArray<[string, Buffer]> = [
    ['truncated id', Buffer.from([1, 0])],
    ['unknown kind', Buffer.from([1, 0, 0, 0, 1, 9, 0, 0])],
    ['chunk past the end', Buffer.from([1, 0, 0, 0, 1, 1, 0, 200, 1, 2])],
    ['chunk without samples', Buffer.from([1, 0, 0, 0, 1, 1, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])],
    ['endless varint', Buffer.from([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
  ];
  for (const [title, payload] of BAD) {
    it(`refuses a bad payload: ${title}`, () => {
      assert.throws(
        () => decodeChunksRecord(payload, () => undefined),
        (err: unknown) => err instanceof RangeError || (err as { code?: string }).code === 'corrupt_chunk',
      );
    });
  }
});
