import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { CorruptChunkError } from './errors.js';
import { seededRandom } from './node-exporter-like.js';
import { readUvarint, readVarint, writeUvarint, writeVarint } from './varint.js';

const MAX = Number.MAX_SAFE_INTEGER;

describe('bit stream', () => {
  it('reads back any mix of widths, most significant bit first', () => {
    const rnd = seededRandom(7);
    const w = new BitWriter(1);
    const written: Array<[number, number]> = [];
    for (let i = 0; i < 5000; i++) {
      const n = 1 + Math.floor(rnd() * 32);
      const v = Math.floor(rnd() * 2 ** n);
      written.push([v, n]);
      if (n === 1) w.writeBit(v);
      else w.writeBits(v, n);
    }
    const r = new BitReader(w.bytes());
    for (const [v, n] of written) assert.equal(n === 1 ? r.readBit() : r.readBits(n), v);
    assert.throws(() => r.readBits(8), CorruptChunkError);
  });

  it('lays out bits like Prometheus bstream: first bit is the top bit of byte 0', () => {
    const w = new BitWriter();
    w.writeBit(1);
    w.writeBits(0b0110, 4);
    w.writeBits(0xabc, 12);
    assert.deepEqual([...w.bytes()], [0b10110101, 0b01011110, 0b00000000]);
    assert.equal(w.bitLength, 17);
  });

  it('refuses to read past the end, also inside the last byte', () => {
    const r = new BitReader(Uint8Array.of(0xff, 0xff), 0, 2);
    assert.equal(r.readBits(15), 0x7fff);
    assert.equal(r.readBit(), 1);
    assert.throws(() => r.readBit(), { code: 'corrupt_chunk', message: /^cannot read 1 bits at bit 16/ });
  });

  it('resets to an all-zero buffer', () => {
    const w = new BitWriter(4);
    w.writeBits(0xffffffff, 32);
    w.writeBits(0xff, 8);
    w.reset();
    w.writeBits(1, 1);
    assert.deepEqual([...w.bytes()], [0x80]);
  });
});

describe('varints', () => {
  const signed = [0, 1, -1, 63, 64, -64, -65, 127, 128, 1_700_000_000_000, -1_700_000_000_000, MAX, -MAX];
  it('round-trips signed values up to ±(2^53 - 1), zig-zag like Go', () => {
    const w = new BitWriter();
    for (const x of signed) writeVarint(w, x);
    const r = new BitReader(w.bytes());
    for (const x of signed) assert.equal(readVarint(r), x);
    // Go's PutVarint(-65) is 0x81 0x01; PutVarint(64) is 0x80 0x01.
    const g = new BitWriter();
    writeVarint(g, -65);
    writeVarint(g, 64);
    assert.deepEqual([...g.bytes()], [0x81, 0x01, 0x80, 0x01]);
  });

  it('round-trips unsigned values and refuses more than 2^53 - 1', () => {
    const w = new BitWriter();
    for (const x of [0, 127, 128, 16_383, 16_384, MAX]) writeUvarint(w, x);
    const r = new BitReader(w.bytes());
    for (const x of [0, 127, 128, 16_383, 16_384, MAX]) assert.equal(readUvarint(r), x);
    const big = new BitReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f));
    assert.throws(() => readUvarint(big), { code: 'corrupt_chunk', message: /exceeds 2\^53 - 1/ });
    const endless = new BitReader(new Uint8Array(12).fill(0x80));
    assert.throws(() => readUvarint(endless), CorruptChunkError);
  });
});
