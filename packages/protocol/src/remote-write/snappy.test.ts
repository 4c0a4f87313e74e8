import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '@seahawks/model';
import { snappyCompress, snappyDeclaredLength, snappyUncompress } from './snappy.js';
import { randomBytes, seededRandom } from './test-fixtures.js';

function rejection(input: Uint8Array, max = 1 << 20): string {
  try {
    snappyUncompress(input, max);
  } catch (err) {
    assert.ok(err instanceof InvalidInputError, `expected InvalidInputError, got ${String(err)}`);
    return err.message;
  }
  return assert.fail('expected the block to be rejected');
}

describe('snappy block', () => {
  it('round-trips compressible and incompressible data', () => {
    const random = seededRandom(3);
    const text = new TextEncoder().encode('node_cpu_seconds_total{cpu="0",mode="idle"} '.repeat(500));
    for (const input of [new Uint8Array(0), text, randomBytes(random, 10_000)]) {
      const compressed = snappyCompress(input);
      assert.deepEqual(snappyUncompress(compressed, input.length), input);
    }
    assert.ok(snappyCompress(text).length < text.length / 10);
  });

  it('decodes a hand-built block: a literal then a back-reference', () => {
    // length 8; literal "abcd" (tag (4-1)<<2); copy-1 of length 4 at offset 4 (tag 1 | (4-4)<<2).
    const block = Uint8Array.from([0x08, 0x0c, 0x61, 0x62, 0x63, 0x64, 0x01, 0x04]);
    assert.equal(new TextDecoder().decode(snappyUncompress(block, 8)), 'abcdabcd');
  });

  it('refuses a declared length above the limit before allocating', () => {
    const bomb = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]); // declares 4 GiB - 1
    assert.deepEqual(snappyDeclaredLength(bomb), { length: 0xffffffff, headerBytes: 5 });
    assert.equal(
      rejection(bomb, 1_000_000),
      'cannot decompress snappy block: declared length 4294967295 exceeds limit 1000000',
    );
  });

  const corrupt: [string, number[], string][] = [
    ['an empty body', [], 'empty input'],
    ['a truncated header', [0x80], 'truncated length header'],
    ['a header over 32 bits', [0xff, 0xff, 0xff, 0xff, 0x7f], 'length header overflows 32 bits'],
    [
      'a stream shorter than declared',
      [0x08, 0x0c, 0x61, 0x62, 0x63, 0x64],
      'output is 4 bytes, the header declared 8',
    ],
    [
      'a stream longer than declared',
      [0x02, 0x0c, 0x61, 0x62, 0x63, 0x64],
      'output exceeds the declared length 2 at byte 1',
    ],
    ['a literal past the input', [0x04, 0x0c, 0x61], 'literal of 4 bytes overruns the input at byte 1'],
    [
      'a copy before any output',
      [0x04, 0x01, 0x01],
      'copy offset 1 outside the 0 bytes decoded so far at byte 1',
    ],
    [
      'a copy with offset 0',
      [0x08, 0x0c, 0x61, 0x62, 0x63, 0x64, 0x01, 0x00],
      'copy offset 0 outside the 4 bytes decoded so far at byte 6',
    ],
    ['a truncated copy', [0x08, 0x0c, 0x61, 0x62, 0x63, 0x64, 0x02, 0x04], 'truncated copy at byte 6'],
    ['a truncated long literal length', [0x50, 0xf0], 'truncated literal length at byte 1'],
  ];
  for (const [what, input, cause] of corrupt) {
    it(`rejects ${what}`, () => {
      assert.equal(rejection(Uint8Array.from(input)), `cannot decompress snappy block: ${cause}`);
    });
  }

  it('rejects random garbage with InvalidInputError only', () => {
    const random = seededRandom(11);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const input = randomBytes(random, 1 + Math.floor(random() * 64));
      try {
        snappyUncompress(input, 4096);
        accepted++;
      } catch (err) {
        assert.ok(
          err instanceof InvalidInputError,
          `input ${Buffer.from(input).toString('hex')}: ${String(err)}`,
        );
      }
    }
    assert.ok(accepted < 5000);
  });
});
