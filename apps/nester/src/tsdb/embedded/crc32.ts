/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of every WAL and
 * checkpoint record. Table-driven, one table of 256 entries built once at load.
 */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * Continues a CRC-32 over `bytes[start, end)`. Pass the previous result as `crc` to checksum
 * data in pieces (start with 0); the result is an unsigned 32-bit integer.
 */
export function crc32Update(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = ~crc;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 of `bytes[start, end)`, an unsigned 32-bit integer (`crc32("123456789") === 0xcbf43926`). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Update(0, bytes, start, end);
}
