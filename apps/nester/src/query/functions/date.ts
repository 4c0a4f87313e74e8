import type { FunctionDef, InstantCallContext, StepArg } from './registry.js';
import { vectorArg } from './registry.js';

const DAY_MS = 86_400_000;

/** Midnight UTC of a date; `Date.UTC` alone would read years 0–99 as 1900–1999. */
function utcMidnight(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d.getTime();
}

const FIELDS: ReadonlyArray<readonly [name: string, field: (d: Date) => number]> = [
  ['year', (d) => d.getUTCFullYear()],
  ['month', (d) => d.getUTCMonth() + 1],
  ['day_of_month', (d) => d.getUTCDate()],
  ['day_of_week', (d) => d.getUTCDay()],
  [
    'day_of_year',
    (d) =>
      (utcMidnight(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) -
        utcMidnight(d.getUTCFullYear(), 0, 1)) /
        DAY_MS +
      1,
  ],
  ['days_in_month', (d) => new Date(utcMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()],
  ['hour', (d) => d.getUTCHours()],
  ['minute', (d) => d.getUTCMinutes()],
];

/** Go's `time.Unix(int64(seconds), 0)`: whole seconds, truncated toward zero. */
function dateOf(seconds: number): Date {
  return new Date(Math.trunc(seconds) * 1000);
}

/**
 * `year()`, `month()`, `day_of_month()`, ... in UTC: of each sample's value taken as Unix
 * seconds, or of the evaluation time when called without an argument.
 */
export const dateFunctions: readonly FunctionDef[] = FIELDS.map(([name, field]) => ({
  kind: 'instant' as const,
  name,
  argTypes: ['vector'] as const,
  variadic: 1,
  returnType: 'vector' as const,
  stepDependent: true,
  call: (args: readonly StepArg[], ctx: InstantCallContext) => {
    if (args.length === 0)
      return [{ labels: [], v: field(dateOf(Math.trunc(ctx.evalMs / 1000))), dropName: false }];
    return vectorArg(args, 0).map((s) => ({ labels: s.labels, v: field(dateOf(s.v)), dropName: true }));
  },
}));
