export { BitReader } from './bit-reader.js';
export { BitWriter } from './bit-writer.js';
export { decodeChunk, decodeChunkInto } from './decode.js';
export type { DecodedChunk } from './decode.js';
export { CorruptChunkError } from './errors.js';
export { floatFromBits, HI, LO } from './float-bits.js';
export { XorChunkAppender } from './xor-appender.js';
export { CHUNK_HEADER_BYTES, MAX_CHUNK_SAMPLES } from './xor-format.js';
export { iterateChunk, XorIterator } from './xor-iterator.js';
