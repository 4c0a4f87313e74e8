/** Bytes before the bit stream: the sample count, u16 little-endian. */
export const CHUNK_HEADER_BYTES = 2;

/** Most samples one chunk can hold (the count is a u16). */
export const MAX_CHUNK_SAMPLES = 0xffff;

/**
 * Delta-of-delta buckets after the second sample: a dod of 0 is the single bit `0`; otherwise a
 * prefix `10`, `110` or `1110` is followed by the dod in 7, 14 or 20 bits (two's complement,
 * covering `[-(2^(bits-1) - 1), 2^(bits-1)]`), and `1111` by 64 bits. Unlike Prometheus
 * (14/17/20 bits), the first bucket is 7 bits: a harvester timestamps on a grid and is late by a
 * few ms, so most dods fit in ±64 ms, and a 9-bit code instead of 16 is most of the gain on
 * timestamps.
 */
export const DOD_BITS_1 = 7;
/** Payload bits of the second bucket (prefix `110`). */
export const DOD_BITS_2 = 14;
/** Payload bits of the third bucket (prefix `1110`); with its prefix at most 25 bits (decode.ts). */
export const DOD_BITS_3 = 20;

/** Prefix of a delta of delta written in 64 bits. */
export const DOD_WIDE_PREFIX = 0b1111;

/** 2^32, to split integers beyond 32 bits into halves. */
export const TWO_32 = 4294967296;

/** Leading-zero counts are written in 5 bits, so at most 31 are recorded (Prometheus does the same). */
export const MAX_LEADING = 31;

/** `leading` of an appender or iterator that has not seen a value window yet. */
export const NO_WINDOW = 0xff;
