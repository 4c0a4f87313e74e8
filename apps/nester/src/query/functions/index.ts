import { conversionFunctions } from './conversion.js';
import { mathFunctions } from './math.js';
import { overTimeFunctions } from './over-time.js';
import { rateFunctions } from './rate.js';
import type { FunctionDef } from './registry.js';

// Each family file exports its own table; adding a function to a family touches only that
// file. A new family file adds one line here.
const FAMILIES: readonly (readonly FunctionDef[])[] = [
  rateFunctions,
  overTimeFunctions,
  mathFunctions,
  conversionFunctions,
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
