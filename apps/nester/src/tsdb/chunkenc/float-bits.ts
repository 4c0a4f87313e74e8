// A float64's bits travel as two unsigned 32-bit halves: JS bitwise operators work on 32 bits,
// and a BigInt per sample would cost an allocation. Going through a Float64Array over the same
// memory as a Uint32Array keeps every bit, NaN payloads included.

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Index of the low 32 bits of a float64 inside a Uint32Array view over a Float64Array. */
export const LO = littleEndian ? 0 : 1;
/** Index of the high 32 bits (sign, exponent, top of the mantissa). */
export const HI = 1 - LO;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** The float64 with the given halves, bit for bit (a signalling NaN stays one). */
export function floatFromBits(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0]!;
}
