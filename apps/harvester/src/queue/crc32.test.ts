import assert from 'node:assert/strict';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, it } from 'node:test';
import { crc32 } from './crc32.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  const vectors: [string, number][] = [
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926], // the standard check value of CRC-32/ISO-HDLC
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ];
  for (const [input, expected] of vectors) {
    it(`checksums "${input}"`, () => assert.equal(crc32(ascii(input)), expected));
  }

  it('continues over pieces and honours start and end', () => {
    const bytes = ascii('123456789');
    assert.equal(crc32(bytes, 4, 9, crc32(bytes, 0, 4)), 0xcbf43926);
    assert.equal(crc32(ascii('xx123456789yy'), 2, 11), 0xcbf43926);
  });

  it('agrees with zlib on random data', { skip: typeof zlibCrc32 !== 'function' }, () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    assert.equal(crc32(bytes), zlibCrc32(bytes));
  });
});
