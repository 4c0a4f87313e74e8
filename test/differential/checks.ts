import {
  alignRange,
  fillVariables,
  grafanaInterval,
  grafanaRateInterval,
  nodeExporterFullQueries,
} from '../support/grafana.js';
import type { NodeDataPlan } from '../support/node-data.js';
import { instantQuery, rangeQuery } from '../support/prom-client.js';
import type { QueryOutcome, QueryTarget } from '../support/prom-client.js';
import { corpus, EXCLUDED } from './corpus.js';

/** One query to put to both servers: what it is, and how to ask it. */
export interface Check {
  readonly category: string;
  readonly expr: string;
  /** Expression and parameters, enough to replay the query by hand. */
  readonly label: string;
  readonly ordered: boolean;
  run(target: QueryTarget): Promise<QueryOutcome>;
}

/** Instants and windows the checks use, in ms, all whole seconds (Grafana sends whole seconds). */
export interface CheckTimes {
  readonly instants: readonly number[];
  readonly windows: ReadonlyArray<{
    readonly startMs: number;
    readonly endMs: number;
    readonly stepMs: number;
  }>;
}

const floorS = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** Instants around the plan's events: mid-span, around the reboot and the removal, the end and after. */
export function instantsOf(plan: NodeDataPlan): number[] {
  const span = plan.endMs - plan.startMs;
  const out = [plan.startMs + span * 0.33, plan.endMs - 20_000, plan.endMs + 4 * 60_000];
  const reboot = plan.hosts.find((h) => h.rebootAtMs !== undefined)?.rebootAtMs;
  if (reboot !== undefined) out.push(reboot + 20_000, reboot + 3 * 60_000);
  const gone = plan.hosts.find((h) => h.goneAtMs !== undefined)?.goneAtMs;
  if (gone !== undefined) out.push(gone + 90_000);
  return out.map(floorS).sort((a, b) => a - b);
}

/**
 * Dashboard checks: every expression of Node Exporter Full for each of `hosts`, as instant
 * queries at a few instants (rate interval 1 m, as Grafana gives a stat panel) and as range
 * queries over Grafana-like windows with Grafana's step and $__rate_interval.
 */
export function dashboardChecks(plan: NodeDataPlan, hosts: readonly string[]): Check[] {
  const span = plan.endMs - plan.startMs;
  // Every other instant keeps the run short; the last one (after the data ends) always stays.
  const instants = instantsOf(plan).filter((_, i, all) => i % 2 === 0 || i === all.length - 1);
  const panels = [
    { name: 'last 1 h', from: plan.endMs - 3_600_000, to: plan.endMs, points: 1000 },
    { name: 'whole span', from: plan.startMs, to: plan.endMs + 10 * 60_000, points: 200 },
    {
      name: '6 h',
      from: plan.endMs + 15 * 60_000 - Math.max(span, 6 * 3_600_000),
      to: plan.endMs + 15 * 60_000,
      points: 300,
    },
  ];
  const out: Check[] = [];
  for (const q of nodeExporterFullQueries()) {
    for (const node of hosts) {
      for (const t of instants) {
        const expr = fillVariables(q.expr, { node, job: 'node', rateIntervalMs: 60_000 });
        out.push(instantCheck('dashboard (instant)', expr, t));
      }
      for (const p of panels) {
        const stepMs = grafanaInterval(p.to - p.from, p.points);
        const { start, end } = alignRange(p.from, p.to, stepMs);
        const expr = fillVariables(q.expr, {
          node,
          job: 'node',
          rateIntervalMs: grafanaRateInterval(stepMs),
        });
        out.push(rangeCheck('dashboard (range)', expr, start, end, stepMs));
      }
    }
  }
  return out;
}

/**
 * Corpus checks: each case as instant queries at every instant and as range queries over the
 * whole span with margins and over 40 minutes mid-span. Subqueries are asked 0.5 s off the
 * whole second: their inner steps fall on whole multiples of the step, and a window boundary
 * on such a point is exactly where Prometheus 2 (left-closed) and 3 (left-open) part.
 */
export function corpusChecks(plan: NodeDataPlan): { checks: Check[]; excluded: number } {
  const instants = instantsOf(plan);
  const mid = instants[0]!;
  const windows = [
    { startMs: floorS(plan.startMs - 10 * 60_000), endMs: floorS(plan.endMs + 10 * 60_000), stepMs: 60_000 },
    { startMs: floorS(mid - 20 * 60_000), endMs: floorS(mid + 20 * 60_000), stepMs: 15_000 },
  ];
  const excluded = new Set(EXCLUDED.map((e) => e.expr));
  const out: Check[] = [];
  let skipped = 0;
  for (const c of corpus({ midS: mid / 1000 })) {
    if (excluded.has(c.expr)) {
      skipped++;
      continue;
    }
    const shift = c.category === 'subqueries' ? 500 : 0;
    for (const t of instants) out.push(instantCheck(`${c.category} (instant)`, c.expr, t + shift, c.ordered));
    for (const w of windows) {
      out.push(rangeCheck(`${c.category} (range)`, c.expr, w.startMs + shift, w.endMs + shift, w.stepMs));
    }
  }
  return { checks: out, excluded: skipped };
}

function instantCheck(category: string, expr: string, t: number, ordered = false): Check {
  return {
    category,
    expr,
    label: `${expr}  @time=${t / 1000}`,
    ordered,
    run: (target) => instantQuery(target, expr, t),
  };
}

function rangeCheck(category: string, expr: string, start: number, end: number, step: number): Check {
  return {
    category,
    expr,
    label: `${expr}  @start=${start / 1000} end=${end / 1000} step=${step / 1000}s`,
    ordered: false,
    run: (target) => rangeQuery(target, expr, start, end, step),
  };
}
