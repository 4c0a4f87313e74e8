// What the ingest benchmark needs of a remote_write receiver. One file per target
// (target-<name>.ts) and one line in targets.ts add another.

/** A receiver started for one measurement; `stop` removes everything it made. */
export interface RunningTarget {
  /** Short name for the report, e.g. `nester` or `prometheus`. */
  readonly name: string;
  /** What runs, with the version and the settings that matter for the figure. */
  readonly description: string;
  /** remote_write endpoint. */
  readonly writeUrl: string;
  /** Headers every write needs (a session for the nester). */
  readonly headers: Readonly<Record<string, string>>;
  /** Processes whose CPU time the write costs (the server, and its database if separate). */
  readonly pids: readonly number[];
  /** Samples the receiver says it has stored since it started; checks that nothing was dropped. */
  storedSamples(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts a fresh, empty receiver on loopback. */
export type TargetFactory = () => Promise<RunningTarget>;

/**
 * Reads a counter or gauge from a Prometheus text exposition (the first series of that name);
 * `absent` is returned when it is not there (Prometheus shows some only once they count).
 */
export function metricValue(text: string, name: string, absent?: number): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  if (m !== null) return Number(m[1]);
  if (absent !== undefined) return absent;
  throw new Error(`cannot read ${name}: not in the exposition`);
}

/** GETs `/metrics` of a receiver. */
export async function scrape(url: string, headers: Readonly<Record<string, string>> = {}): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`cannot scrape ${url}/metrics: HTTP ${res.status}: ${text.slice(0, 200)}`);
  return text;
}
