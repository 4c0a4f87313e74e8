import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN } from '@seahawks/model';
import { crc32, crc32Update } from './crc32.js';
import {
  decodeSamplesRecord,
  decodeSeriesRecord,
  encodeSeriesRecord,
  RecordType,
  SamplesRecordWriter,
  scanFrames,
} from './records.js';
import type { LoggedSeries } from './records.js';
import { Wal } from './wal.js';

interface Logged {
  readonly id: number;
  readonly t: number;
  readonly v: number;
}

// Samples travel as objects here: a number[] would quiet the signalling staleness NaN.
function samplesFrame(...samples: Logged[]): Buffer {
  const w = new SamplesRecordWriter(samples.length);
  for (const { id, t, v } of samples) w.add(id, t, v);
  return Buffer.concat(w.finish());
}

function readAll(buf: Buffer): { types: number[]; series: LoggedSeries[]; samples: Logged[] } {
  const out = { types: [] as number[], series: [] as LoggedSeries[], samples: [] as Logged[] };
  scanFrames(buf, (type, payload) => {
    out.types.push(type);
    if (type === RecordType.series) decodeSeriesRecord(payload, (s) => out.series.push(s));
    if (type === RecordType.samples)
      decodeSamplesRecord(payload, (id, t, v) => out.samples.push({ id, t, v }));
  });
  return out;
}

describe('crc32', () => {
  it('matches the IEEE check value and composes piecewise', () => {
    const data = Buffer.from('123456789');
    assert.equal(crc32(data), 0xcbf43926);
    assert.equal(crc32Update(crc32(data, 0, 4), data, 4), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });
});

describe('WAL records', () => {
  const series: LoggedSeries[] = [
    {
      id: 1,
      labels: [
        { name: '__name__', value: 'up' },
        { name: 'job', value: 'nøde' },
      ],
    },
    { id: 70_000, labels: [{ name: 'a', value: 'x'.repeat(70_000) }] },
  ];

  it('round-trips series and samples, NaN payloads bit-exact', () => {
    const frame = Buffer.concat([
      encodeSeriesRecord(series),
      samplesFrame({ id: 1, t: 1e12, v: STALE_NAN }, { id: 70_000, t: -5, v: -Infinity }),
    ]);
    const got = readAll(frame);
    assert.deepEqual(got.types, [RecordType.series, RecordType.samples]);
    assert.deepEqual(got.series, series);
    assert.ok(isStaleNaN(got.samples[0]!.v));
    assert.deepEqual(got.samples[1], { id: 70_000, t: -5, v: -Infinity });
  });

  it('splits huge sample sets into several records', () => {
    const w = new SamplesRecordWriter(300_000);
    for (let i = 0; i < 300_000; i++) w.add(i, i, i);
    const frames = w.finish();
    assert.equal(frames.length, 2);
    assert.equal(readAll(Buffer.concat(frames)).samples.length, 300_000);
  });

  const whole = Buffer.concat([
    encodeSeriesRecord(series.slice(0, 1)),
    samplesFrame({ id: 1, t: 1, v: 1 }),
    samplesFrame({ id: 1, t: 2, v: 2 }),
  ]);
  const lastStart = whole.length - 29;
  const damage: ReadonlyArray<[string, (b: Buffer) => Buffer, RegExp]> = [
    ['torn payload', (b) => b.subarray(0, b.length - 3), /torn record \(17 of 20/],
    ['torn header', (b) => b.subarray(0, lastStart + 4), /torn record header \(4 of 9/],
    ['flipped payload bit', (b) => flip(b, b.length - 1), /checksum mismatch/],
    ['flipped type', (b) => flip(b, lastStart), /unknown record type|checksum mismatch/],
    [
      'zeroed tail',
      (b) => Buffer.concat([b.subarray(0, lastStart), Buffer.alloc(29)]),
      /unknown record type 0/,
    ],
    [
      'huge length',
      (b) => {
        const c = Buffer.from(b);
        c.writeUInt32LE(0xffffffff, lastStart + 1);
        return c;
      },
      /over/,
    ],
  ];
  for (const [title, hurt, problem] of damage) {
    it(`stops at the last whole record: ${title}`, () => {
      const seen: number[] = [];
      const scan = scanFrames(hurt(whole), (type) => seen.push(type));
      assert.equal(scan.validBytes, lastStart);
      assert.match(scan.problem ?? '', problem);
      assert.deepEqual(seen, [RecordType.series, RecordType.samples]);
    });
  }
});

function flip(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] = c[at]! ^ 0x10;
  return c;
}

describe('WAL writer', () => {
  it('shares one fsync among many concurrent commits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seahawks-wal-'));
    try {
      const wal = await Wal.create(dir, 1, 1 << 20);
      await Promise.all(
        Array.from({ length: 200 }, (_, i) => {
          wal.log([samplesFrame({ id: i, t: i, v: i })]);
          return wal.commit();
        }),
      );
      const { fsyncs, bytesWritten } = wal.stats();
      assert.ok(fsyncs <= 3, `200 commits took ${fsyncs} fsyncs`);
      assert.equal(bytesWritten, 200 * 29);
      await wal.close();
      assert.equal(readAll(await readFile(join(dir, '00000001'))).samples.length, 200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rotates full segments and cuts exactly after what was logged before the cut', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seahawks-wal-'));
    try {
      const wal = await Wal.create(dir, 7, 1024);
      for (let i = 0; i < 100; i++) wal.log([samplesFrame({ id: i, t: i, v: i })]);
      const cut = wal.cut();
      wal.log([samplesFrame({ id: 100, t: 100, v: 100 })]);
      await wal.commit();
      const last = await cut;
      await wal.close();
      const names = (await readdir(dir)).sort();
      assert.equal(names[0], '00000007');
      assert.equal(names.at(-1), `0000000${last + 1}`);
      const ids: number[] = [];
      for (const name of names) {
        const { samples } = readAll(await readFile(join(dir, name)));
        for (const { id } of samples) ids.push(id);
        if (name === `0000000${last}`) assert.equal(ids.at(-1), 99);
      }
      assert.deepEqual(
        ids,
        Array.from({ length: 101 }, (_, i) => i),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
