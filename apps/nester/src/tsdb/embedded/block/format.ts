import type { BlockMeta } from './types.js';

/**
 * Fixed parts of a block file (docs/format/embedded-block-v1.md): the header, the meta section
 * and the footer. The chunks and index sections have files of their own.
 */

/** "SHBK": the first four bytes of every block file. */
export const BLOCK_MAGIC = Uint8Array.of(0x53, 0x48, 0x42, 0x4b);
export const BLOCK_VERSION = 1;
/** Magic (4), version u16, reserved u16. */
export const HEADER_BYTES = 8;
/** Three (offset u64, length u64) pairs, three section CRCs and the footer's own CRC. */
export const FOOTER_BYTES = 64;
/** Ids are written as 8 decimal digits. */
export const MAX_BLOCK_ID = 99_999_999;

/** File name of block `id`: 8 decimal digits and `.block`. */
export function blockFileName(id: number): string {
  return `${String(id).padStart(8, '0')}.block`;
}

/** The id in a block file name, or undefined when the name is not one (a `.tmp` is not). */
export function parseBlockFileName(name: string): number | undefined {
  const m = /^(\d{8})\.block$/.exec(name);
  return m === null ? undefined : Number(m[1]);
}

export function encodeHeader(): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  out.set(BLOCK_MAGIC);
  new DataView(out.buffer).setUint16(4, BLOCK_VERSION, true);
  return out;
}

/** What is wrong with a header, or undefined when it is a v1 block's. */
export function checkHeader(b: Uint8Array): string | undefined {
  if (b.length < HEADER_BYTES) return `${b.length} bytes, a header takes ${HEADER_BYTES}`;
  for (let i = 0; i < BLOCK_MAGIC.length; i++) {
    if (b[i] !== BLOCK_MAGIC[i]) return 'bad magic (not a block file)';
  }
  const dv = new DataView(b.buffer, b.byteOffset, HEADER_BYTES);
  const version = dv.getUint16(4, true);
  if (version !== BLOCK_VERSION) return `version ${version}, this build reads ${BLOCK_VERSION}`;
  if (dv.getUint16(6, true) !== 0) return 'reserved header bytes are not zero';
  return undefined;
}

/** Where the sections are and their checksums. */
export interface Footer {
  readonly chunksOffset: number;
  readonly chunksLength: number;
  readonly indexOffset: number;
  readonly indexLength: number;
  readonly metaOffset: number;
  readonly metaLength: number;
  readonly chunksCrc: number;
  readonly indexCrc: number;
  readonly metaCrc: number;
}

export function encodeFooter(f: Footer, crc32: (b: Uint8Array) => number): Uint8Array {
  const out = new Uint8Array(FOOTER_BYTES);
  const dv = new DataView(out.buffer);
  const u64 = [f.chunksOffset, f.chunksLength, f.indexOffset, f.indexLength, f.metaOffset, f.metaLength];
  u64.forEach((x, i) => dv.setBigUint64(8 * i, BigInt(x), true));
  dv.setUint32(48, f.chunksCrc, true);
  dv.setUint32(52, f.indexCrc, true);
  dv.setUint32(56, f.metaCrc, true);
  dv.setUint32(60, crc32(out.subarray(0, 60)), true);
  return out;
}

/**
 * Parses the footer of a file of `fileSize` bytes; returns it, or what is wrong: a checksum
 * mismatch, or sections that do not lie back to back between the header and the footer.
 */
export function decodeFooter(
  b: Uint8Array,
  fileSize: number,
  crc32: (b: Uint8Array) => number,
): Footer | string {
  const dv = new DataView(b.buffer, b.byteOffset, FOOTER_BYTES);
  const stored = dv.getUint32(60, true);
  const actual = crc32(b.subarray(0, 60));
  if (stored !== actual) return `footer checksum ${hex(stored)} != ${hex(actual)} (torn or damaged file)`;
  const u64 = (i: number): number => Number(dv.getBigUint64(8 * i, true));
  const f: Footer = {
    chunksOffset: u64(0),
    chunksLength: u64(1),
    indexOffset: u64(2),
    indexLength: u64(3),
    metaOffset: u64(4),
    metaLength: u64(5),
    chunksCrc: dv.getUint32(48, true),
    indexCrc: dv.getUint32(52, true),
    metaCrc: dv.getUint32(56, true),
  };
  const contiguous =
    f.chunksOffset === HEADER_BYTES &&
    f.indexOffset === f.chunksOffset + f.chunksLength &&
    f.metaOffset === f.indexOffset + f.indexLength &&
    f.metaOffset + f.metaLength === fileSize - FOOTER_BYTES;
  if (!contiguous) {
    return `sections chunks ${f.chunksOffset}+${f.chunksLength}, index ${f.indexOffset}+${f.indexLength}, meta ${f.metaOffset}+${f.metaLength} do not fill the ${fileSize} bytes`;
  }
  return f;
}

export function hex(x: number): string {
  return `0x${x.toString(16).padStart(8, '0')}`;
}

const META_FIXED_BYTES = 44;

export function encodeMeta(m: BlockMeta): Uint8Array {
  const out = new Uint8Array(META_FIXED_BYTES + 4 * m.replaces.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, m.id, true);
  dv.setUint32(4, m.requiresCheckpoint, true);
  dv.setBigInt64(8, BigInt(m.minT), true);
  dv.setBigInt64(16, BigInt(m.maxT), true);
  dv.setUint32(24, m.series, true);
  dv.setUint32(28, m.chunks, true);
  dv.setBigUint64(32, BigInt(m.samples), true);
  dv.setUint32(40, m.replaces.length, true);
  m.replaces.forEach((id, i) => dv.setUint32(META_FIXED_BYTES + 4 * i, id, true));
  return out;
}

/** Parses a meta section; returns it, or what is wrong. */
export function decodeMeta(b: Uint8Array): BlockMeta | string {
  if (b.length < META_FIXED_BYTES) return `meta of ${b.length} bytes, at least ${META_FIXED_BYTES} expected`;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const n = dv.getUint32(40, true);
  if (b.length !== META_FIXED_BYTES + 4 * n)
    return `meta of ${b.length} bytes does not hold ${n} replaced ids`;
  const safe = (x: bigint): number | undefined =>
    x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(x);
  const minT = safe(dv.getBigInt64(8, true));
  const maxT = safe(dv.getBigInt64(16, true));
  const samples = safe(dv.getBigUint64(32, true));
  if (minT === undefined || maxT === undefined || samples === undefined)
    return 'meta holds a number over 2^53';
  if (minT > maxT) return `meta minT ${minT} is after maxT ${maxT}`;
  const replaces: number[] = [];
  for (let i = 0; i < n; i++) replaces.push(dv.getUint32(META_FIXED_BYTES + 4 * i, true));
  return {
    id: dv.getUint32(0, true),
    requiresCheckpoint: dv.getUint32(4, true),
    minT,
    maxT,
    series: dv.getUint32(24, true),
    chunks: dv.getUint32(28, true),
    samples,
    replaces,
  };
}
