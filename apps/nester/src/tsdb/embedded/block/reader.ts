import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Labels } from '@seahawks/model';
import { crc32, crc32Update } from '../crc32.js';
import { parseIndex } from './block-index.js';
import { BlockFile } from './block-file.js';
import { CorruptBlockError } from './errors.js';
import type { Footer } from './format.js';
import {
  checkHeader,
  decodeFooter,
  decodeMeta,
  FOOTER_BYTES,
  HEADER_BYTES,
  hex,
  parseBlockFileName,
} from './format.js';
import { asReadError } from './read-errors.js';
import type { BlockMeta } from './types.js';

export interface OpenBlockOptions {
  /**
   * Maps each series' label set to the array to keep (the head's, when it has the series), so
   * blocks and the head share label arrays. Called once per series on open.
   */
  readonly intern?: (labels: Labels) => Labels;
  /**
   * Checks the chunks section's CRC on open (default true): it reads the whole file once. Off,
   * damaged chunk bytes are still found when they fail to decode.
   */
  readonly verifyChunks?: boolean;
}

/** Bytes read at a time while checksumming the chunks section. */
const VERIFY_PIECE = 1 << 20;

/**
 * Opens block file `path`: checks its header, footer, meta, index and checksums, loads the
 * index and keeps the file open for chunk reads. Throws `CorruptBlockError` (naming the file
 * and the fault) for a file that is not a whole, intact block, `StorageIOError` when the system
 * fails to read it. Synchronous: the index of a 2 h block takes a few ms.
 */
export function openBlock(path: string, opts: OpenBlockOptions = {}): BlockFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw asReadError(path, err);
  }
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER_BYTES + FOOTER_BYTES) {
      throw new CorruptBlockError(path, `${size} bytes, shorter than a header and a footer`);
    }
    const fault = checkHeader(readAt(fd, path, 0, HEADER_BYTES));
    if (fault !== undefined) throw new CorruptBlockError(path, fault);
    const footer = decodeFooter(readAt(fd, path, size - FOOTER_BYTES, FOOTER_BYTES), size, crc32);
    if (typeof footer === 'string') throw new CorruptBlockError(path, footer);
    const tail = readAt(fd, path, footer.indexOffset, footer.indexLength + footer.metaLength);
    const indexBytes = tail.subarray(0, footer.indexLength);
    const metaBytes = tail.subarray(footer.indexLength);
    checkCrc(path, 'index', crc32(indexBytes), footer.indexCrc);
    checkCrc(path, 'meta', crc32(metaBytes), footer.metaCrc);
    const meta = decodeMeta(metaBytes);
    if (typeof meta === 'string') throw new CorruptBlockError(path, meta);
    checkName(path, meta);
    if (opts.verifyChunks !== false) verifyChunks(fd, path, footer);
    const index = parseIndex(indexBytes, meta, footer.chunksLength, opts.intern ?? ((l) => l));
    return new BlockFile(path, fd, meta, size, index);
  } catch (err) {
    closeSync(fd);
    throw asReadError(path, err);
  }
}

function checkCrc(path: string, section: string, actual: number, stored: number): void {
  if (actual !== stored) {
    throw new CorruptBlockError(path, `${section} checksum ${hex(actual)} != stored ${hex(stored)}`);
  }
}

/** A block file's name carries its id; a meta saying otherwise means a misplaced file. */
function checkName(path: string, meta: BlockMeta): void {
  const id = parseBlockFileName(basename(path));
  if (id !== undefined && id !== meta.id) throw new CorruptBlockError(path, `meta says block ${meta.id}`);
}

function verifyChunks(fd: number, path: string, footer: Footer): void {
  const buf = Buffer.allocUnsafe(Math.min(VERIFY_PIECE, Math.max(1, footer.chunksLength)));
  let crc = 0;
  for (let at = 0; at < footer.chunksLength;) {
    const n = Math.min(buf.length, footer.chunksLength - at);
    readInto(fd, path, buf, n, footer.chunksOffset + at);
    crc = crc32Update(crc, buf, 0, n);
    at += n;
  }
  checkCrc(path, 'chunks', crc, footer.chunksCrc);
}

function readAt(fd: number, path: string, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  readInto(fd, path, buf, length, position);
  return buf;
}

function readInto(fd: number, path: string, buf: Buffer, length: number, position: number): void {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) throw new CorruptBlockError(path, `file ends at byte ${position + got}`);
    got += n;
  }
}
