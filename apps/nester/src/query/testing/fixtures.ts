import assert from 'node:assert/strict';
import { formatLabels } from '@seahawks/model';
import type { Sample } from '@seahawks/model';
import { createQueryEngine } from '../engine.js';
import type { QueryEngine, QueryEngineOptions } from '../engine.js';
import type { QueryResult } from '../values.js';
import { MemoryQuerier } from './memory-querier.js';
import type { MemorySeries } from './memory-querier.js';

/** An engine over in-memory series, and the querier behind it (to inspect its calls). */
export function engineOver(
  series: readonly MemorySeries[],
  options: QueryEngineOptions = {},
): { engine: QueryEngine; querier: MemoryQuerier } {
  const querier = new MemoryQuerier(series);
  return { engine: createQueryEngine(querier, options), querier };
}

/** Samples every `stepS` seconds from 0, one per value; `null` leaves a gap. */
export function every(stepS: number, values: ReadonlyArray<number | null>, startS = 0): Sample[] {
  const out: Sample[] = [];
  values.forEach((v, i) => {
    if (v !== null) out.push({ t: (startS + i * stepS) * 1000, v });
  });
  return out;
}

/** An instant vector result as `{ 'name{l="v"}': value }` (order-free comparisons). */
export function vectorRecord(result: QueryResult): Record<string, number> {
  assert.equal(result.resultType, 'vector');
  const out: Record<string, number> = {};
  if (result.resultType === 'vector') for (const e of result.result) out[formatLabels(e.labels)] = e.sample.v;
  return out;
}

/** An instant vector result as `[labels, value]` pairs in result order. */
export function vectorList(result: QueryResult): Array<[string, number]> {
  assert.equal(result.resultType, 'vector');
  return result.resultType === 'vector' ? result.result.map((e) => [formatLabels(e.labels), e.sample.v]) : [];
}

/** A matrix result as `[labels, [[tSeconds, value], ...]]` pairs in result order. */
export function matrixList(result: QueryResult): Array<[string, Array<[number, number]>]> {
  assert.equal(result.resultType, 'matrix');
  if (result.resultType !== 'matrix') return [];
  return result.result.map((e) => [formatLabels(e.labels), e.samples.map((s) => [s.t / 1000, s.v])]);
}

/** The value of a scalar result. */
export function scalarValue(result: QueryResult): number {
  assert.equal(result.resultType, 'scalar');
  return result.resultType === 'scalar' ? result.value[1] : NaN;
}

/** Asserts two floats agree to 1e-9 relative (hand-computed expectations), NaN equal to NaN. */
export function assertClose(actual: number, expected: number, message?: string): void {
  if (Number.isNaN(expected))
    return assert.ok(Number.isNaN(actual), message ?? `expected NaN, got ${actual}`);
  if (!Number.isFinite(expected)) return assert.equal(actual, expected, message);
  const tolerance = Math.max(Math.abs(expected), 1) * 1e-9;
  assert.ok(Math.abs(actual - expected) <= tolerance, message ?? `expected ${expected}, got ${actual}`);
}
