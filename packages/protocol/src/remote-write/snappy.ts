import { InvalidInputError } from '@seahawks/model';
import { compress, uncompress } from 'snappyjs';

const PREFIX = 'cannot decompress snappy block: ';

/**
 * Compresses bytes as one snappy block (the raw block format remote_write uses, not the framed
 * stream format). The input is not modified; the result is a new array.
 */
export function snappyCompress(bytes: Uint8Array): Uint8Array {
  return compress(bytes);
}

/**
 * Reads the uncompressed length a snappy block declares in its header (a varint of at most
 * 32 bits), without decompressing. Returns the length and the header's size in bytes.
 */
export function snappyDeclaredLength(bytes: Uint8Array): { length: number; headerBytes: number } {
  let length = 0;
  for (let i = 0; i < 5; i++) {
    const b = bytes[i];
    if (b === undefined) {
      throw new InvalidInputError(`${PREFIX}${i === 0 ? 'empty input' : 'truncated length header'}`);
    }
    length += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) {
      if (length > 0xffffffff) break;
      return { length, headerBytes: i + 1 };
    }
  }
  throw new InvalidInputError(`${PREFIX}length header overflows 32 bits`);
}

/**
 * Decompresses one snappy block of at most `maxLength` bytes (inclusive). The declared length is
 * checked before any allocation, so a tiny hostile body cannot make us allocate gigabytes, and the
 * whole tag stream is checked before decompressing (see `checkSnappyStream`). Throws
 * `InvalidInputError` ("cannot decompress snappy block: …") for anything malformed.
 */
export function snappyUncompress(bytes: Uint8Array, maxLength: number): Uint8Array {
  const { length, headerBytes } = snappyDeclaredLength(bytes);
  if (length > maxLength) {
    throw new InvalidInputError(`${PREFIX}declared length ${length} exceeds limit ${maxLength}`);
  }
  checkSnappyStream(bytes, headerBytes, length);
  try {
    return uncompress(bytes, maxLength);
  } catch (err) {
    throw new InvalidInputError(`${PREFIX}${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

/**
 * Walks the block's literal and copy tags without writing anything and throws unless they
 * produce exactly `declared` bytes from in-range offsets. snappyjs checks less: a stream that
 * stops early comes back zero-padded, and a truncated copy reads `undefined` as an offset, so
 * corrupt input would otherwise decode to plausible garbage instead of a 400.
 */
function checkSnappyStream(bytes: Uint8Array, start: number, declared: number): void {
  const end = bytes.length;
  let pos = start;
  let out = 0;
  while (pos < end) {
    const tagAt = pos;
    const tag = bytes[pos++]!;
    let len: number;
    let offset = 0;
    switch (tag & 3) {
      case 0: {
        len = (tag >>> 2) + 1;
        if (len > 60) {
          const extra = len - 60; // 1 to 4 little-endian length bytes follow
          if (end - pos < extra) throw corrupt(`truncated literal length at byte ${tagAt}`);
          len = 0;
          for (let i = extra - 1; i >= 0; i--) len = len * 256 + bytes[pos + i]!;
          len += 1;
          pos += extra;
        }
        if (end - pos < len) throw corrupt(`literal of ${len} bytes overruns the input at byte ${tagAt}`);
        pos += len;
        break;
      }
      case 1:
        if (end - pos < 1) throw corrupt(`truncated copy at byte ${tagAt}`);
        len = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | bytes[pos++]!;
        break;
      case 2:
        if (end - pos < 2) throw corrupt(`truncated copy at byte ${tagAt}`);
        len = (tag >>> 2) + 1;
        offset = bytes[pos]! | (bytes[pos + 1]! << 8);
        pos += 2;
        break;
      default:
        if (end - pos < 4) throw corrupt(`truncated copy at byte ${tagAt}`);
        len = (tag >>> 2) + 1;
        offset =
          (bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24)) >>> 0;
        pos += 4;
    }
    if ((tag & 3) !== 0 && (offset === 0 || offset > out)) {
      throw corrupt(`copy offset ${offset} outside the ${out} bytes decoded so far at byte ${tagAt}`);
    }
    out += len;
    if (out > declared) throw corrupt(`output exceeds the declared length ${declared} at byte ${tagAt}`);
  }
  if (out !== declared) throw corrupt(`output is ${out} bytes, the header declared ${declared}`);
}

function corrupt(cause: string): InvalidInputError {
  return new InvalidInputError(PREFIX + cause);
}
