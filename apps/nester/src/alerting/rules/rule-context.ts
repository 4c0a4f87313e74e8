import type { Labels } from '@seahawks/model';
import type { Expr } from '@seahawks/promql';

/** One element of a rule expression's result at the evaluation time. */
export interface RuleSample {
  readonly labels: Labels;
  readonly v: number;
}

/**
 * Evaluates a rule's expression at `ts` (ms) and returns an instant vector; a scalar result is
 * one element without labels (Prometheus' `EngineQueryFunc`). Throws on query errors.
 */
export type QueryFn = (expr: Expr, ts: number) => Promise<readonly RuleSample[]>;

/** What alert templates see besides the alert itself. */
export interface RuleContext {
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalUrl: string;
}
