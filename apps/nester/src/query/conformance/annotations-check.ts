import type { QueryResult } from '../values.js';
import type { Outcome } from './runner.js';
import type { EvalCommand, Expectation } from './script.js';

/** True when `text` satisfies an `expect` line: same message, matching regex, or any. */
export function matchesExpectation(e: Expectation, text: string): boolean {
  if (e.message !== undefined) return e.message === text;
  if (e.regex !== undefined) return e.regex.test(text);
  return true;
}

// The annotations this engine produces. An expectation of any other one cannot be met yet: the
// eval is then unsupported rather than failed.
const IMPLEMENTED = [
  /metric might not be a counter, name does not end in/,
  /sort is ineffective for range queries/,
  /quantile value should be between 0 and 1/,
];

function implemented(e: Expectation): boolean {
  const text = e.message ?? e.regex?.source;
  return text !== undefined && IMPLEMENTED.some((re) => re.test(text));
}

function checkKind(
  kind: string,
  expected: readonly Expectation[],
  actual: readonly string[],
): Outcome | undefined {
  if (expected.length === 0) return undefined;
  const missing = expected.filter((e) => !actual.some((a) => matchesExpectation(e, a)));
  if (missing.length > 0) {
    const first = missing[0]!;
    const reason = `expected ${kind} ${first.message ?? first.regex?.source ?? '(any)'}, got ${JSON.stringify(actual)}`;
    return actual.length === 0 && !missing.some(implemented)
      ? { status: 'unsupported', reason: `annotation not implemented: ${reason}` }
      : { status: 'fail', reason };
  }
  const extra = actual.find((a) => !expected.some((e) => matchesExpectation(e, a)));
  return extra === undefined
    ? undefined
    : { status: 'fail', reason: `unexpected ${kind} annotation ${extra}` };
}

/** promqltest's `checkAnnotations`, or undefined when the annotations are as expected. */
export function checkAnnotations(cmd: EvalCommand, result: QueryResult): Outcome | undefined {
  if (cmd.anyWarn && result.warnings.length === 0) {
    return { status: 'unsupported', reason: 'annotation not implemented: expected a warning' };
  }
  if (cmd.anyInfo && result.infos.length === 0) {
    return { status: 'unsupported', reason: 'annotation not implemented: expected an info' };
  }
  const warn = checkKind('warn', cmd.warn, result.warnings);
  if (warn !== undefined) return warn;
  const info = checkKind('info', cmd.info, result.infos);
  if (info !== undefined) return info;
  if (cmd.noWarn && result.warnings.length > 0) {
    return { status: 'fail', reason: `unexpected warnings: ${JSON.stringify(result.warnings)}` };
  }
  if (cmd.noInfo && result.infos.length > 0) {
    return { status: 'fail', reason: `unexpected infos: ${JSON.stringify(result.infos)}` };
  }
  return undefined;
}
