import { STALE_NAN } from '@seahawks/model';
import type { Label, Sample } from '@seahawks/model';
import type { RemoteWriteSeriesInput } from '@seahawks/protocol';
import type { HostPlan, NodeDataPlan } from './node-data.js';
import { initialState, step, wireLabels } from './node-series.js';
import type { HostClock, SeriesState, ValueModel } from './node-series.js';
import type { SeededRandom } from './seeded-random.js';

/** Time from a reboot's failed scrape to the kernel's boot (shutdown, firmware), ms. */
const REBOOT_TO_BOOT_MS = 20_000;
/** Time from boot to node_exporter's start, ms. */
const BOOT_TO_EXPORTER_MS = 8_000;

/**
 * Plays one host's scrapes round after round, as Prometheus would record them: values from each
 * series' model, `up`, and staleness markers where a series or the whole target disappears or a
 * scrape fails. State carries over between calls of `advance`, which must cover the rounds in order.
 */
export class HostSimulator {
  private readonly labels: Label[][];
  private readonly upLabels: Label[];
  private readonly states: Array<SeriesState | undefined>;
  private lastT: number | undefined;
  private bootMs: number;
  private exporterStartMs: number;
  private downLeft = 0;
  private rebooted = false;
  private exporterRestarted = false;
  private gone = false;

  constructor(
    private readonly host: HostPlan,
    private readonly plan: NodeDataPlan,
    private readonly rng: SeededRandom,
  ) {
    this.labels = host.series.map((s) => wireLabels(s, host.instance));
    this.upLabels = wireLabels(
      { labels: { __name__: 'up' }, model: { kind: 'const', value: 1 } },
      host.instance,
    );
    this.states = host.series.map(() => undefined);
    this.bootMs = host.initialBootMs;
    this.exporterStartMs = host.initialBootMs + BOOT_TO_EXPORTER_MS;
  }

  /** Timestamp of round `k` for this target: its phase plus a few ms of jitter, never a whole second. */
  timeOf(k: number): number {
    const p = this.plan;
    // Jitter from a hash of (host, round) so it does not depend on how values were drawn.
    const h = Math.imul(k + 1, 0x9e3779b1) ^ Math.imul(this.host.shape.index + 7, 0x85ebca6b);
    const jitter = ((h >>> 7) % 41) - 20;
    const t = p.startMs + k * p.intervalMs + this.host.phaseMs + jitter;
    return t % 1000 === 0 ? t + 1 : t;
  }

  /** Samples of rounds [first, last), grouped per series (each in time order). */
  advance(first: number, last: number): RemoteWriteSeriesInput[] {
    const buffers = new Map<number, Sample[]>();
    const up: Sample[] = [];
    const push = (i: number, t: number, v: number): void => {
      let b = buffers.get(i);
      if (b === undefined) buffers.set(i, (b = []));
      b.push({ t, v });
    };
    for (let k = first; k < last; k++) this.round(this.timeOf(k), push, up);
    const out: RemoteWriteSeriesInput[] = [];
    for (const [i, samples] of [...buffers.entries()].sort((a, b) => a[0] - b[0])) {
      out.push({ labels: this.labels[i]!, samples });
    }
    if (up.length > 0) out.push({ labels: this.upLabels, samples: up });
    return out;
  }

  private round(t: number, push: (i: number, t: number, v: number) => void, up: Sample[]): void {
    const h = this.host;
    if (this.gone) return;
    if (h.goneAtMs !== undefined && t >= h.goneAtMs) {
      this.gone = true;
      this.staleAll(t, push);
      up.push({ t, v: STALE_NAN });
      return;
    }
    if (h.rebootAtMs !== undefined && !this.rebooted && t >= h.rebootAtMs) {
      // The scrape fails: Prometheus marks every series of the last scrape stale and sets up 0.
      this.rebooted = true;
      this.staleAll(t, push);
      up.push({ t, v: 0 });
      this.downLeft = h.downRounds - 1;
      this.bootMs = h.rebootAtMs + REBOOT_TO_BOOT_MS;
      this.exporterStartMs = this.bootMs + BOOT_TO_EXPORTER_MS;
      return;
    }
    if (this.downLeft > 0) {
      this.downLeft--;
      up.push({ t, v: 0 });
      return;
    }
    if (h.exporterRestartAtMs !== undefined && !this.exporterRestarted && t >= h.exporterRestartAtMs) {
      this.exporterRestarted = true;
      this.exporterStartMs = t - 2_000;
      this.host.series.forEach((s, i) => {
        if (s.model.kind === 'counter' && s.model.exporterProcess === true) this.states[i] = undefined;
      });
    }
    this.scrape(t, push);
    up.push({ t, v: 1 });
  }

  private scrape(t: number, push: (i: number, t: number, v: number) => void): void {
    const clock: HostClock = { t, bootMs: this.bootMs, exporterStartMs: this.exporterStartMs };
    const fraction = (t - this.plan.startMs) / (this.plan.endMs - this.plan.startMs);
    const dtS = this.lastT === undefined ? 0 : (t - this.lastT) / 1000;
    this.host.series.forEach((spec, i) => {
      const active = fraction >= (spec.from ?? 0) && fraction < (spec.to ?? Infinity);
      const state = this.states[i];
      if (!active) {
        if (state !== undefined) {
          push(i, t, STALE_NAN);
          this.states[i] = undefined;
        }
        return;
      }
      if (state === undefined) {
        const since = spec.from !== undefined && spec.from > 0 ? t - 1_000 : this.sinceFor(spec.model);
        const fresh = initialState(spec.model, this.rng, clock, since);
        this.states[i] = fresh;
        push(i, t, fresh.value);
        return;
      }
      push(i, t, step(spec.model, state, this.rng, clock, dtS));
    });
    this.lastT = t;
  }

  private sinceFor(model: ValueModel): number {
    return model.kind === 'counter' && model.exporterProcess === true ? this.exporterStartMs : this.bootMs;
  }

  private staleAll(t: number, push: (i: number, t: number, v: number) => void): void {
    this.states.forEach((s, i) => {
      if (s === undefined) return;
      push(i, t, STALE_NAN);
      this.states[i] = undefined;
    });
    this.lastT = undefined;
  }
}
