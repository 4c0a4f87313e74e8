// A group evaluates its rules in order at one timestamp, as Prometheus' rules/group.go does:
// each rule's output is appended before the next rule runs (so a recording rule feeds the rules
// after it), a series a rule no longer returns gets a staleness marker, and a failing rule marks
// its own health without stopping the others.
import { describeError, labelsKey, STALE_NAN } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import type { Appender, SeriesSamples } from '../../storage/index.js';
import { AlertingRule } from './alerting-rule.js';
import type { QueryFn, RuleContext } from './rule-context.js';
import { RecordingRule } from './recording-rule.js';
import type { RuleGroupSpec } from './rule-types.js';

export type Rule = AlertingRule | RecordingRule;

/** Health of one rule after its last evaluation (Prometheus' `ok`, `err`, `unknown`). */
export interface RuleStatus {
  health: 'ok' | 'err' | 'unknown';
  lastError: string;
  /** ms since the epoch of the last evaluation; 0 = never. */
  lastEvaluation: number;
  /** How long the last evaluation took, ms. */
  durationMs: number;
}

export interface GroupEvalDeps {
  readonly query: QueryFn;
  readonly appender: Appender;
  readonly context: RuleContext;
  /** Monotonic clock for durations, ms (default performance.now). */
  readonly elapsed?: () => number;
  /** A rule's output could not be stored: the evaluation goes on, the caller logs it. */
  readonly onAppendError?: (rule: Rule, err: unknown) => void;
}

export class RuleGroup {
  readonly rules: Rule[];
  readonly status: RuleStatus[];
  /** ms since the epoch of the last evaluation; 0 = never. */
  lastEvaluation = 0;
  durationMs = 0;
  /** Rules whose last evaluation failed, counted since start. */
  failures = 0;
  evaluations = 0;
  private previous: Array<Map<string, Labels>>;

  constructor(
    readonly spec: RuleGroupSpec,
    readonly intervalMs: number,
  ) {
    this.rules = spec.rules.map((r) => (r.kind === 'alert' ? new AlertingRule(r) : new RecordingRule(r)));
    this.status = this.rules.map(() => ({
      health: 'unknown',
      lastError: '',
      lastEvaluation: 0,
      durationMs: 0,
    }));
    this.previous = this.rules.map(() => new Map<string, Labels>());
  }

  /** Identity across reloads: file and name. */
  get key(): string {
    return `${this.spec.file}\u0000${this.spec.name}`;
  }

  async evaluate(ts: number, deps: GroupEvalDeps): Promise<void> {
    const elapsed = deps.elapsed ?? (() => performance.now());
    const start = elapsed();
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      const status = this.status[i]!;
      const ruleStart = elapsed();
      let output: SeriesSamples[] = [];
      try {
        output =
          rule.kind === 'alert'
            ? await rule.eval(ts, deps.query, deps.context, this.spec.limit)
            : await rule.eval(ts, deps.query, this.spec.limit);
        status.health = 'ok';
        status.lastError = '';
      } catch (err) {
        status.health = 'err';
        status.lastError = describeError(err);
        this.failures++;
      }
      status.lastEvaluation = ts;
      status.durationMs = elapsed() - ruleStart;
      if (status.health === 'err') continue;
      await this.store(i, rule, ts, output, deps);
    }
    this.evaluations++;
    this.lastEvaluation = ts;
    this.durationMs = elapsed() - start;
  }

  /** Appends the output and staleness markers for what the rule returned last time but not now. */
  private async store(
    i: number,
    rule: Rule,
    ts: number,
    output: SeriesSamples[],
    deps: GroupEvalDeps,
  ): Promise<void> {
    const now = new Map<string, Labels>();
    for (const s of output) now.set(labelsKey(s.labels), s.labels);
    const batch = [...output];
    for (const [key, labels] of this.previous[i]!) {
      if (!now.has(key)) batch.push({ labels, samples: [{ t: ts, v: STALE_NAN }] });
    }
    this.previous[i] = now;
    if (batch.length === 0) return;
    try {
      await deps.appender.append(batch);
    } catch (err) {
      deps.onAppendError?.(rule, err);
    }
  }

  /** Takes over the alerts and series of the same rules of `old` (a reload must not reset `for`). */
  copyState(old: RuleGroup): void {
    const byName = new Map<string, number[]>();
    old.rules.forEach((r, i) => {
      const k = `${r.kind}\u0000${r.name}\u0000${JSON.stringify(r.spec.labels)}`;
      byName.set(k, [...(byName.get(k) ?? []), i]);
    });
    this.rules.forEach((r, i) => {
      const k = `${r.kind}\u0000${r.name}\u0000${JSON.stringify(r.spec.labels)}`;
      const j = byName.get(k)?.shift();
      if (j === undefined) return;
      const before = old.rules[j]!;
      this.previous[i] = old.previous[j]!;
      this.status[i] = { ...old.status[j]! };
      if (r.kind === 'alert' && before.kind === 'alert') {
        for (const [key, a] of before.active) r.active.set(key, a);
      }
    });
    this.lastEvaluation = old.lastEvaluation;
    this.durationMs = old.durationMs;
  }
}
