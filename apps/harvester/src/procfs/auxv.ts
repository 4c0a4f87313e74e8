import { InvalidInputError } from '@seahawks/model';

/** `AT_PAGESZ`: the auxiliary vector entry holding the system page size in bytes. */
export const AT_PAGESZ = 6;

/** `AT_NULL`: the entry that ends the vector. */
const AT_NULL = 0;

/**
 * Parses a process' auxiliary vector (`/proc/<pid>/auxv`): pairs of native words
 * (`a_type`, `a_val`) up to an `AT_NULL` entry. The kernel hands it to every program at exec,
 * and it is the only place outside a syscall (`getpagesize`, which Node.js does not expose)
 * that states the page size, so it is how sockstat's `mem_bytes` gets node_exporter's
 * `os.Getpagesize()`. `wordBytes` and `littleEndian` are the reading process' own ABI
 * (the file is written in it). Values above 2^53 round to the nearest double.
 * @throws InvalidInputError when the length is not a whole number of entries.
 */
export function parseAuxv(bytes: Uint8Array, wordBytes: 4 | 8, littleEndian: boolean): Map<number, number> {
  const entryBytes = 2 * wordBytes;
  if (bytes.length % entryBytes !== 0) {
    throw new InvalidInputError(
      `cannot parse /proc/self/auxv: ${bytes.length} bytes is not a whole number of ${entryBytes}-byte entries`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (offset: number): number =>
    wordBytes === 8 ? Number(view.getBigUint64(offset, littleEndian)) : view.getUint32(offset, littleEndian);
  const out = new Map<number, number>();
  for (let offset = 0; offset < bytes.length; offset += entryBytes) {
    const type = word(offset);
    if (type === AT_NULL) break;
    out.set(type, word(offset + wordBytes));
  }
  return out;
}

const ARCHES_32_BIT = new Set(['arm', 'ia32', 'mips', 'mipsel', 'ppc', 's390']);

/** The word size of this Node.js process' ABI, in bytes (`process.arch`). */
export function nativeWordBytes(arch: string = process.arch): 4 | 8 {
  return ARCHES_32_BIT.has(arch) ? 4 : 8;
}
