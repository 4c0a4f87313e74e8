import { conversionFunctions } from './conversion.js';
import { dateFunctions } from './date.js';
import { histogramFunctions } from './histogram.js';
import { labelFunctions } from './labels.js';
import { mathFunctions } from './math.js';
import { overTimeFunctions } from './over-time.js';
import { rateFunctions } from './rate.js';
import type { FunctionDef } from './registry.js';
import { sortFunctions } from './sort.js';
import { trendFunctions } from './trend.js';

// Each family file exports its own table; adding a function to a family touches only that
// file. A new family file adds one line here.
const FAMILIES: readonly (readonly FunctionDef[])[] = [
  rateFunctions,
  overTimeFunctions,
  mathFunctions,
  conversionFunctions,
  trendFunctions,
  labelFunctions,
  dateFunctions,
  sortFunctions,
  histogramFunctions,
];

const BY_NAME: ReadonlyMap<string, FunctionDef> = new Map(
  FAMILIES.flat().map((def) => [def.name, def] as const),
);

/** The implementation of a PromQL function, or undefined when this engine has none yet. */
export function lookupFunction(name: string): FunctionDef | undefined {
  return BY_NAME.get(name);
}

/** Names of all functions this engine implements, sorted. */
export function supportedFunctionNames(): string[] {
  return [...BY_NAME.keys()].sort();
}
