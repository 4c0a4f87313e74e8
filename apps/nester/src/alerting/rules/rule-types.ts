import type { Expr } from '@seahawks/promql';

/** One rule of a group, validated; `line` is where it starts in its file (1-based). */
export type RuleSpec =
  | {
      readonly kind: 'alert';
      readonly name: string;
      readonly expr: string;
      readonly ast: Expr;
      /** `for`: how long the condition must hold before firing, ms. */
      readonly forMs: number;
      /** `keep_firing_for`: how long to keep firing once the condition cleared, ms. */
      readonly keepFiringForMs: number;
      readonly labels: Readonly<Record<string, string>>;
      readonly annotations: Readonly<Record<string, string>>;
      readonly line: number;
    }
  | {
      readonly kind: 'record';
      readonly name: string;
      readonly expr: string;
      readonly ast: Expr;
      readonly labels: Readonly<Record<string, string>>;
      readonly line: number;
    };

/** A rule group as written in a Prometheus rule file. */
export interface RuleGroupSpec {
  readonly name: string;
  /** The file it came from, as shown in `/api/v1/rules`. */
  readonly file: string;
  /** `interval`, ms; undefined = the global evaluation interval. */
  readonly intervalMs: number | undefined;
  /** `limit`: most alerts (or series) one rule may produce; 0 = no limit. */
  readonly limit: number;
  readonly rules: readonly RuleSpec[];
}

/** One reason a rule file was refused, located as precisely as the file allows. */
export interface RuleFileProblem {
  readonly file: string;
  /** 1-based line, when known. */
  readonly line: number | undefined;
  readonly group: string | undefined;
  readonly rule: string | undefined;
  readonly reason: string;
}

/** `file:line: group "g", rule "r": reason`, the form shown to people. */
export function formatProblem(p: RuleFileProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  const scope = [
    p.group === undefined ? undefined : `group "${p.group}"`,
    p.rule === undefined ? undefined : `rule "${p.rule}"`,
  ].filter((s) => s !== undefined);
  return `${where}: ${scope.length > 0 ? `${scope.join(', ')}: ` : ''}${p.reason}`;
}
