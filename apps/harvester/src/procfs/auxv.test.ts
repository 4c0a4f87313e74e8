import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { describe, it } from 'node:test';
import { AT_PAGESZ, nativeWordBytes, parseAuxv } from './auxv.js';

function vector(wordBytes: 4 | 8, littleEndian: boolean, words: number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * wordBytes);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => {
    if (wordBytes === 8) view.setBigUint64(i * 8, BigInt(w), littleEndian);
    else view.setUint32(i * 4, w, littleEndian);
  });
  return bytes;
}

describe('parseAuxv', () => {
  const cases: Array<{ title: string; wordBytes: 4 | 8; littleEndian: boolean }> = [
    { title: '64-bit little-endian (x86_64, aarch64)', wordBytes: 8, littleEndian: true },
    { title: '32-bit little-endian (armv7l Raspberry Pi OS)', wordBytes: 4, littleEndian: true },
    { title: '64-bit big-endian (s390x)', wordBytes: 8, littleEndian: false },
  ];
  for (const c of cases) {
    it(`reads AT_PAGESZ, ${c.title}`, () => {
      // AT_HWCAP 0x178bfbff, AT_PAGESZ 16384, AT_CLKTCK 100, AT_NULL, then junk that must be ignored.
      const auxv = parseAuxv(
        vector(c.wordBytes, c.littleEndian, [16, 0x178bfbff, 6, 16384, 17, 100, 0, 0, 6, 1]),
        c.wordBytes,
        c.littleEndian,
      );
      assert.equal(auxv.get(AT_PAGESZ), 16384);
      assert.equal(auxv.get(17), 100);
      assert.equal(auxv.size, 3);
    });
  }

  it('refuses a torn vector', () => {
    assert.throws(() => parseAuxv(new Uint8Array(12), 8, true), {
      message: 'cannot parse /proc/self/auxv: 12 bytes is not a whole number of 16-byte entries',
    });
  });

  it('knows the word size of common architectures', () => {
    assert.equal(nativeWordBytes('x64'), 8);
    assert.equal(nativeWordBytes('arm64'), 8);
    assert.equal(nativeWordBytes('arm'), 4);
    assert.equal(nativeWordBytes('ia32'), 4);
  });

  it('finds the page size of this process', { skip: process.platform !== 'linux' }, async () => {
    const auxv = parseAuxv(await readFile('/proc/self/auxv'), nativeWordBytes(), endianness() === 'LE');
    const pageSize = auxv.get(AT_PAGESZ);
    assert.ok(pageSize !== undefined && [4096, 16384, 65536].includes(pageSize), `page size ${pageSize}`);
  });
});
