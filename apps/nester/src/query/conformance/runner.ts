import { compileMatcher, describeError, labelsKey, matchesAll, metricName } from '@seahawks/model';
import type { Labels, Matcher, Sample } from '@seahawks/model';
import { parseExpr } from '@seahawks/promql';
import type { Expr } from '@seahawks/promql';
import { createQueryEngine } from '../engine.js';
import type { QueryEngine } from '../engine.js';
import { QueryError } from '../errors.js';
import type { Querier } from '../../storage/index.js';
import { MemoryQuerier } from '../testing/memory-querier.js';
import type { QueryData, QueryResult } from '../values.js';
import { pinnedEvalTimes, pinToTime } from './at-modifier.js';
import { checkAnnotations, matchesExpectation } from './annotations-check.js';
import { compareResult } from './compare.js';
import type { Command, EvalCommand } from './script.js';

/** How one eval block went. `unsupported` and `histogram` are skipped, never counted as passed. */
export type Outcome =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly reason: string }
  | { readonly status: 'unsupported'; readonly reason: string }
  | { readonly status: 'histogram' };

const PASS: Outcome = { status: 'pass' };
const fail = (reason: string): Outcome => ({ status: 'fail', reason });

// Functions that exist only for native histograms.
const HISTOGRAM_FUNCTIONS = /\bhistogram_(count|sum|avg|stddev|stdvar|quantiles)\s*\(/;

/** The matchers of every selector in an expression. */
function selectorsOf(expr: Expr): Array<readonly Matcher[]> {
  switch (expr.type) {
    case 'vectorSelector':
      return [expr.matchers];
    case 'matrixSelector':
      return [expr.selector.matchers];
    case 'number':
    case 'string':
      return [];
    case 'call':
      return expr.args.flatMap(selectorsOf);
    case 'aggregate':
      return [...selectorsOf(expr.expr), ...(expr.param === undefined ? [] : selectorsOf(expr.param))];
    case 'binary':
      return [...selectorsOf(expr.lhs), ...selectorsOf(expr.rhs)];
    case 'subquery':
    case 'unary':
    case 'paren':
      return selectorsOf(expr.expr);
  }
}

/** The series of one `load`: float samples only, in time order; a series may have none. */
export interface LoadedSeries {
  readonly labels: Labels;
  readonly samples: readonly Sample[];
}

/**
 * Where a script's series live: the engine queries `querier`; `load` adds series (samples of a
 * series already loaded are merged in), `clear` removes every series. The default holds them in
 * memory; a storage engine's tests pass one backed by that engine.
 */
export interface ScriptStore {
  readonly querier: Querier;
  load(series: readonly LoadedSeries[]): Promise<void>;
  clear(): Promise<void>;
}

/** The default `ScriptStore`: a `MemoryQuerier`. */
export function memoryScriptStore(): ScriptStore {
  const querier = new MemoryQuerier();
  return {
    querier,
    load: (series) => {
      for (const s of series) querier.add(s);
      return Promise.resolve();
    },
    clear: () => {
      querier.clear();
      return Promise.resolve();
    },
  };
}

/**
 * Runs the commands of one promqltest script against this engine over `store` (in memory by
 * default), configured like Prometheus' test engine (delayed name removal on, 10,000 samples at most).
 */
export class ScriptRunner {
  private readonly engine: QueryEngine;
  private readonly histogramMetrics = new Set<string>();
  private readonly histogramSeries: Labels[] = [];

  constructor(private readonly store: ScriptStore = memoryScriptStore()) {
    this.engine = createQueryEngine(store.querier, {
      delayedNameRemoval: true,
      maxSamples: 10_000,
      noStepSubqueryIntervalMs: 60_000,
    });
  }

  /** Applies a `load` or `clear`; rejects when the store refuses it. */
  async apply(cmd: Exclude<Command, EvalCommand>): Promise<void> {
    if (cmd.kind === 'clear') {
      this.histogramMetrics.clear();
      this.histogramSeries.length = 0;
      return this.store.clear();
    }
    // As promqltest keeps a load's series in a map by label hash: a label set defined twice in
    // one load holds only its last definition.
    const loaded = new Map<string, LoadedSeries>();
    for (const s of cmd.series) {
      const name = metricName(s.labels) ?? '';
      if (s.values.some((v) => v.kind === 'histogram')) {
        this.histogramMetrics.add(name);
        this.histogramSeries.push(s.labels);
      }
      // The native histograms `load_with_nhcb` derives from classic ones carry the base name.
      if (cmd.withNhcb) this.histogramMetrics.add(name.replace(/_(bucket|count|sum)$/, ''));
      const samples = s.values.flatMap((v, i) =>
        v.kind === 'float' ? [{ t: i * cmd.intervalMs, v: v.v }] : [],
      );
      loaded.set(labelsKey(s.labels), { labels: s.labels, samples });
    }
    return this.store.load([...loaded.values()]);
  }

  private usesHistograms(cmd: EvalCommand, expr: Expr): boolean {
    if (cmd.expected.some((e) => e.values.some((v) => v.kind === 'histogram'))) return true;
    if (HISTOGRAM_FUNCTIONS.test(cmd.query)) return true;
    const selects = (matchers: readonly Matcher[]) => {
      if (this.histogramSeries.length === 0) return false;
      try {
        const compiled = matchers.map(compileMatcher);
        return this.histogramSeries.some((labels) => matchesAll(compiled, labels));
      } catch {
        // A matcher the store cannot compile selects nothing here; the query itself will say why.
        return false;
      }
    };
    if (selectorsOf(expr).some(selects)) return true;
    return [...this.histogramMetrics].some(
      (m) => m !== '' && new RegExp(`(^|[^a-zA-Z0-9_:])${m}($|[^a-zA-Z0-9_:])`).test(cmd.query),
    );
  }

  /** Runs one eval block. */
  async run(cmd: EvalCommand): Promise<Outcome> {
    let expr: Expr;
    try {
      expr = parseExpr(cmd.query);
    } catch (err) {
      if (this.usesHistograms(cmd, { type: 'number', value: 0, pos: { start: 0, end: 0 } }))
        return { status: 'histogram' };
      return { status: 'unsupported', reason: `parser: ${describeError(err)}` };
    }
    if (this.usesHistograms(cmd, expr)) return { status: 'histogram' };
    try {
      return cmd.range === undefined ? await this.runInstant(cmd, expr) : await this.runRange(cmd, expr);
    } catch (err) {
      return fail(`runner: ${describeError(err)}`);
    }
  }

  /** Classifies a query error: refused features are unsupported; expected failures must match. */
  private onError(cmd: EvalCommand, err: unknown): Outcome {
    if (err instanceof QueryError && /is not supported yet/.test(err.message)) {
      return { status: 'unsupported', reason: err.message };
    }
    // RE2 syntax JavaScript lacks (e.g. `(?i:...)` groups) is refused by @seahawks/model's
    // matcher compiler, which this engine does not own.
    if (/cannot parse regular expression/.test(describeError(err)) && cmd.fail === undefined) {
      return { status: 'unsupported', reason: `regex: ${describeError(err)}` };
    }
    if (cmd.fail === undefined) return fail(`error evaluating query: ${describeError(err)}`);
    const message = describeError(err);
    return matchesExpectation(cmd.fail, message)
      ? PASS
      : fail(`expected error matching ${String(cmd.fail.message ?? cmd.fail.regex)}, got: ${message}`);
  }

  private checkAnswer(cmd: EvalCommand, result: QueryResult, grid: EvalCommand['rangeVector']): Outcome {
    if (cmd.fail !== undefined) return fail('expected an error but got none');
    const annotations = checkAnnotations(cmd, result);
    if (annotations !== undefined) return annotations;
    const mismatch = compareResult(cmd, result, grid);
    return mismatch === undefined ? PASS : fail(mismatch);
  }

  private async runRange(cmd: EvalCommand, expr: Expr): Promise<Outcome> {
    const r = cmd.range!;
    let result: QueryResult;
    try {
      result = await this.engine.rangeQuery(expr, r.startMs, r.endMs, r.stepMs, { text: cmd.query });
    } catch (err) {
      return this.onError(cmd, err);
    }
    return this.checkAnswer(cmd, result, r);
  }

  /** As promqltest: the query as written, then pinned with `@` at other times; each also as a range query. */
  private async runInstant(cmd: EvalCommand, expr: Expr): Promise<Outcome> {
    const variants: Array<{ expr: Expr; t: number; label: string }> = [{ expr, t: cmd.atMs, label: '' }];
    const pinned = pinToTime(expr, cmd.atMs);
    if (pinned !== undefined) {
      for (const t of pinnedEvalTimes(cmd.atMs))
        variants.push({ expr: pinned, t, label: ` (pinned @ ${cmd.atMs / 1000}, evaluated at ${t / 1000})` });
    }
    for (const v of variants) {
      const outcome = await this.runInstantOnce(cmd, v.expr, v.t);
      if (outcome.status === 'fail') return fail(outcome.reason + v.label);
      if (outcome.status !== 'pass') return outcome;
    }
    return PASS;
  }

  private async runInstantOnce(cmd: EvalCommand, expr: Expr, t: number): Promise<Outcome> {
    let result: QueryResult;
    try {
      result = await this.engine.instantQuery(expr, t, { text: cmd.query });
    } catch (err) {
      return this.onError(cmd, err);
    }
    const outcome = this.checkAnswer(cmd, result, cmd.rangeVector);
    if (outcome.status !== 'pass' || cmd.fail !== undefined) return outcome;
    if (cmd.rangeVector !== undefined || cmd.expectedString !== undefined) return PASS;
    if (/(start|end|range|step)\(\)/.test(cmd.query) || cmd.ordered) return PASS;
    return this.rangeModeCheck(cmd, expr, t, result);
  }

  /** promqltest also runs an instant query as a range query around it and compares the middle step. */
  private async rangeModeCheck(
    cmd: EvalCommand,
    expr: Expr,
    t: number,
    instant: QueryData,
  ): Promise<Outcome> {
    let ranged: QueryResult;
    try {
      ranged = await this.engine.rangeQuery(expr, t - 60_000, t + 60_000, 60_000, { text: cmd.query });
    } catch (err) {
      return fail(`error in range mode: ${describeError(err)}`);
    }
    if (ranged.resultType !== 'matrix') return fail('range mode did not return a matrix');
    const result = ranged.result.flatMap((s) => {
      const p = s.samples.find((x) => x.t === t);
      return p === undefined ? [] : [{ labels: s.labels, sample: p }];
    });
    const asInstant: QueryData =
      instant.resultType === 'scalar'
        ? { resultType: 'scalar', value: [t, result[0]?.sample.v ?? NaN] }
        : { resultType: 'vector', result };
    const mismatch = compareResult(cmd, asInstant, undefined);
    return mismatch === undefined ? PASS : fail(`range mode: ${mismatch}`);
  }
}
