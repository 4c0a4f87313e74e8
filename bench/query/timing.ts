// Times one range query on a baseline (Prometheus) and on each candidate (the nester per engine),
// one server at a time, rotating which goes first, and says whether each candidate's answer
// matched the baseline's.
import { compareOutcomes } from '../../test/support/compare-results.js';
import type { QueryOutcome, QueryTarget } from '../../test/support/prom-client.js';
import { timeRange } from '../lib/query-timing.js';
import type { RangeRequest } from '../lib/query-timing.js';

export interface QueryTimings {
  readonly request: RangeRequest;
  /** Milliseconds per repetition: `ms[0]` the baseline's, `ms[i]` candidate i−1's. */
  readonly ms: number[][];
  /** Series in the baseline's answer (0 for a panel with no data). */
  readonly series: number;
  /** Per candidate: its last answer equals the baseline's. */
  readonly agreed: boolean[];
  /** Per server (baseline first): the last error, if its last answer was one. */
  readonly errors: Array<string | undefined>;
}

/**
 * `warmup` untimed rounds over every server, then `reps` timed rounds; in round r the servers go
 * in an order rotated by r, so none always runs with another's leftovers in the caches.
 */
export async function timeServers(
  servers: readonly QueryTarget[],
  r: RangeRequest,
  reps: number,
  warmup: number,
): Promise<QueryTimings> {
  const last: Array<QueryOutcome | undefined> = servers.map(() => undefined);
  for (let i = 0; i < warmup; i++) {
    for (const [k, s] of servers.entries()) last[k] = (await timeRange(s, r)).outcome;
  }
  const ms: number[][] = servers.map(() => []);
  for (let i = 0; i < reps; i++) {
    for (let j = 0; j < servers.length; j++) {
      const k = (i + j) % servers.length;
      const t = await timeRange(servers[k]!, r);
      ms[k]!.push(t.ms);
      last[k] = t.outcome;
    }
  }
  const outcomes = last.map((o) => o!);
  const base = outcomes[0]!;
  return {
    request: r,
    ms,
    series: base.ok && Array.isArray(base.result) ? base.result.length : 0,
    agreed: outcomes.slice(1).map((o) => compareOutcomes(base, o) === undefined),
    errors: outcomes.map((o, k) => (o.ok ? undefined : `${servers[k]!.name}: ${o.error}`)),
  };
}
