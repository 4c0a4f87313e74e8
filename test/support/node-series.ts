import type { Label } from '@seahawks/model';
import type { SeededRandom } from './seeded-random.js';

/** How one generated series' value evolves from scrape to scrape. */
export type ValueModel =
  /** Mean-reverting random walk kept in [min, max]; `decimals` rounds like the source does. */
  | { kind: 'gauge'; mean: number; spread: number; min: number; max: number; decimals?: number }
  /** Monotonic counter whose per-second rate itself wanders; resets when the host reboots. */
  | { kind: 'counter'; rate: number; spread: number; decimals?: number; exporterProcess?: boolean }
  | { kind: 'const'; value: number }
  /** `node_boot_time_seconds`: changes when the host reboots. */
  | { kind: 'boot-time' }
  /** `node_time_seconds` and `process_start_time_seconds`-like clocks. */
  | { kind: 'clock' }
  /** `process_start_time_seconds` of the exporter: changes when the exporter restarts. */
  | { kind: 'exporter-start' };

/**
 * One series a host exposes. `from`/`to` are fractions of the whole span: the series first
 * appears at `from` and disappears at `to` (a stale marker is written there, as Prometheus does
 * when a series vanishes from a scrape).
 */
export interface SeriesSpec {
  readonly labels: Readonly<Record<string, string>>;
  readonly model: ValueModel;
  readonly from?: number;
  readonly to?: number;
}

type Labels = Readonly<Record<string, string>>;

export function gauge(
  name: string,
  labels: Labels,
  mean: number,
  spread: number,
  opts: { min?: number; max?: number; decimals?: number } = {},
): SeriesSpec {
  const model: ValueModel = {
    kind: 'gauge',
    mean,
    spread,
    min: opts.min ?? 0,
    max: opts.max ?? Number.MAX_VALUE,
    ...(opts.decimals !== undefined ? { decimals: opts.decimals } : {}),
  };
  return { labels: { __name__: name, ...labels }, model };
}

export function counter(name: string, labels: Labels, rate: number, decimals?: number): SeriesSpec {
  const model: ValueModel = {
    kind: 'counter',
    rate,
    spread: rate * 0.08,
    ...(decimals !== undefined ? { decimals } : {}),
  };
  return { labels: { __name__: name, ...labels }, model };
}

/** A counter of the exporter's own process: it restarts when the exporter does, not only at boot. */
export function processCounter(name: string, rate: number): SeriesSpec {
  return {
    labels: { __name__: name },
    model: { kind: 'counter', rate, spread: rate * 0.08, decimals: 2, exporterProcess: true },
  };
}

export function constant(name: string, labels: Labels, value: number): SeriesSpec {
  return { labels: { __name__: name, ...labels }, model: { kind: 'const', value } };
}

export function special(
  name: string,
  labels: Labels,
  kind: 'boot-time' | 'clock' | 'exporter-start',
): SeriesSpec {
  return { labels: { __name__: name, ...labels }, model: { kind } };
}

/** A series restricted to part of the span (a device that comes and goes). */
export function during(spec: SeriesSpec, from: number, to: number): SeriesSpec {
  return { ...spec, from, to };
}

/** What the host looks like at one scrape, for the models that follow it. */
export interface HostClock {
  /** Scrape timestamp, ms. */
  readonly t: number;
  /** Last boot of the host, ms. */
  readonly bootMs: number;
  /** Last start of the exporter, ms. */
  readonly exporterStartMs: number;
}

/** Mutable per-series state carried between scrapes. */
export interface SeriesState {
  value: number;
  rate: number;
}

/** First value of a series after the host (or exporter) started at `sinceMs`. */
export function initialState(
  model: ValueModel,
  rng: SeededRandom,
  clock: HostClock,
  sinceMs: number,
): SeriesState {
  switch (model.kind) {
    case 'gauge':
      return {
        value: round(
          clamp(model.mean + rng.normal() * model.spread * 3, model.min, model.max),
          model.decimals,
        ),
        rate: 0,
      };
    case 'counter': {
      const rate = Math.max(0, model.rate * rng.between(0.7, 1.3));
      // A counter starts at zero at boot; what it holds now is roughly the rate times the uptime.
      const uptimeS = Math.max(0, (clock.t - sinceMs) / 1000);
      return { value: round(rate * uptimeS * rng.between(0.8, 1.2), model.decimals), rate };
    }
    case 'const':
    case 'boot-time':
    case 'clock':
    case 'exporter-start':
      return { value: valueAt(model, { value: 0, rate: 0 }, clock), rate: 0 };
  }
}

/** Advances a series by one scrape of `dtS` seconds and returns the new value. */
export function step(
  model: ValueModel,
  state: SeriesState,
  rng: SeededRandom,
  clock: HostClock,
  dtS: number,
): number {
  switch (model.kind) {
    case 'gauge': {
      const pulled = state.value + (model.mean - state.value) * 0.05 + rng.normal() * model.spread;
      state.value = round(clamp(pulled, model.min, model.max), model.decimals);
      return state.value;
    }
    case 'counter': {
      state.rate = Math.max(0, state.rate + rng.normal() * model.spread);
      state.value = round(state.value + state.rate * dtS, model.decimals);
      return state.value;
    }
    case 'const':
    case 'boot-time':
    case 'clock':
    case 'exporter-start':
      state.value = valueAt(model, state, clock);
      return state.value;
  }
}

function valueAt(model: ValueModel, state: SeriesState, clock: HostClock): number {
  switch (model.kind) {
    case 'const':
      return model.value;
    case 'boot-time':
      return Math.floor(clock.bootMs / 1000);
    case 'clock':
      // node_time_seconds is read a little after the scrape started.
      return (clock.t + 3) / 1000;
    case 'exporter-start':
      return Math.round(clock.exporterStartMs / 10) / 100;
    case 'gauge':
    case 'counter':
      return state.value;
  }
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

function round(v: number, decimals: number | undefined): number {
  if (decimals === undefined) return v;
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** Labels of a spec on a host, sorted by name as remote_write receivers expect. */
export function wireLabels(spec: SeriesSpec, instance: string): Label[] {
  const record: Record<string, string> = { ...spec.labels, instance, job: 'node' };
  return Object.keys(record)
    .sort()
    .map((name) => ({ name, value: record[name]! }));
}
