// Test support: what every chunk decoder must do with arbitrary bytes.
import assert from 'node:assert/strict';
import type { DecodedChunk } from './decode.js';
import { CorruptChunkError } from './errors.js';

/**
 * Decodes `bytes` with `decode` and checks the outcome: samples that make sense (safe integer
 * timestamps, strictly increasing) or a CorruptChunkError saying `cannot read|decode …` — never
 * another error. Returns which of the two it was.
 */
export function decodeOrRefuse(
  decode: (bytes: Uint8Array) => DecodedChunk,
  bytes: Uint8Array,
): 'decoded' | 'refused' {
  try {
    const { ts, count } = decode(bytes);
    for (let i = 0; i < count; i++) {
      assert.ok(Number.isSafeInteger(ts[i]), `timestamp ${ts[i]} is a safe integer`);
      if (i > 0) assert.ok(ts[i]! > ts[i - 1]!, 'timestamps increase');
    }
    return 'decoded';
  } catch (err) {
    if (err instanceof CorruptChunkError) {
      assert.match(err.message, /^cannot (read|decode)/);
      return 'refused';
    }
    throw err;
  }
}
