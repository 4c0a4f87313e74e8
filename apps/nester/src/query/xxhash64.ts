import type { Labels } from '@seahawks/model';

const MASK = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;
const round = (acc: bigint, input: bigint): bigint => (rotl((acc + input * P2) & MASK, 31n) * P1) & MASK;
const merge = (acc: bigint, v: bigint): bigint => (((acc ^ round(0n, v)) * P1) & MASK) + P4;

function read64(b: Uint8Array, p: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[p + i]!);
  return v;
}

function read32(b: Uint8Array, p: number): bigint {
  return BigInt((b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0);
}

/**
 * XXH64 with seed 0 (what Go's github.com/cespare/xxhash `Sum64` computes), as an unsigned
 * 64-bit BigInt. Written for hashing label sets a few times per query, not for bulk data.
 */
export function xxhash64(data: Uint8Array): bigint {
  const len = data.length;
  let p = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (MASK + 1n - P1) & MASK;
    for (; p + 32 <= len; p += 32) {
      v1 = round(v1, read64(data, p));
      v2 = round(v2, read64(data, p + 8));
      v3 = round(v3, read64(data, p + 16));
      v4 = round(v4, read64(data, p + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    for (const v of [v1, v2, v3, v4]) h = merge(h, v) & MASK;
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & MASK;
  for (; p + 8 <= len; p += 8) {
    h ^= round(0n, read64(data, p));
    h = ((rotl(h, 27n) * P1) & MASK) + P4;
    h &= MASK;
  }
  if (p + 4 <= len) {
    h ^= (read32(data, p) * P1) & MASK;
    h = (((rotl(h, 23n) * P2) & MASK) + P3) & MASK;
    p += 4;
  }
  for (; p < len; p++) {
    h ^= (BigInt(data[p]!) * P5) & MASK;
    h = (rotl(h, 11n) * P1) & MASK;
  }
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}

const utf8 = new TextEncoder();

/**
 * Prometheus' `labels.Labels.Hash()` of its default build (stringlabels): XXH64 of the label
 * set's flat encoding, where every name and value is preceded by its byte length (one byte below
 * 255, else 255 and three little-endian bytes). `labels` must be sorted by name.
 */
export function prometheusLabelsHash(labels: Labels): bigint {
  const parts: number[] = [];
  const add = (s: string): void => {
    const bytes = utf8.encode(s);
    const n = bytes.length;
    if (n < 255) parts.push(n);
    else parts.push(255, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff);
    for (const b of bytes) parts.push(b);
  };
  for (const l of labels) {
    add(l.name);
    add(l.value);
  }
  return xxhash64(Uint8Array.from(parts));
}
