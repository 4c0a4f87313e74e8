// One alerting rule and its alerts, evaluated exactly as Prometheus' rules/alerting.go does:
// every element of the expression's result is an alert (its labels, the rule's labels expanded
// as templates, `alertname`); a new one is pending, fires once it has been active for `for`,
// stays firing `keep_firing_for` after the condition clears, and is then inactive (resolved),
// kept 15 minutes so that the resolution reaches the receivers.
import { labelsKey, METRIC_NAME } from '@seahawks/model';
import type { Label, Labels } from '@seahawks/model';
import type { SeriesSamples } from '../../storage/index.js';
import { expandAlertTemplate } from '../template/alert-template.js';
import type { RuleSpec } from './rule-types.js';
import { RuleEvalError } from './rule-errors.js';
import type { QueryFn, RuleContext } from './rule-context.js';

export type AlertState = 'pending' | 'firing' | 'inactive';

/** An alert of a rule; times in ms since the epoch, 0 = never. */
export interface Alert {
  state: AlertState;
  /** Identifying labels: the result's (without `__name__`), the rule's, `alertname`. Sorted. */
  readonly labels: Labels;
  annotations: Readonly<Record<string, string>>;
  value: number;
  readonly activeAt: number;
  firedAt: number;
  resolvedAt: number;
  lastSentAt: number;
  validUntil: number;
  keepFiringSince: number;
}

/** Prometheus keeps resolved alerts this long (rules/alerting.go `resolvedRetention`). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

type AlertSpec = RuleSpec & { kind: 'alert' };

export class AlertingRule {
  readonly kind = 'alert';
  /** Alerts by the key of their labels. */
  readonly active = new Map<string, Alert>();

  constructor(readonly spec: AlertSpec) {}

  get name(): string {
    return this.spec.name;
  }

  /** Evaluates at `ts`, updates the alerts, and returns the ALERTS / ALERTS_FOR_STATE samples. */
  async eval(ts: number, query: QueryFn, ctx: RuleContext, limit: number): Promise<SeriesSamples[]> {
    const result = await query(this.spec.ast, ts);
    const fresh = new Map<string, Alert>();
    for (const el of result) {
      const data = {
        labels: recordOf(el.labels),
        externalLabels: ctx.externalLabels,
        externalURL: ctx.externalUrl,
        value: el.v,
      };
      const expand = (text: string): string => expandAlertTemplate(this.spec.name, text, data);
      const byName = new Map<string, string>();
      for (const l of el.labels) if (l.name !== METRIC_NAME) byName.set(l.name, l.value);
      for (const [k, v] of Object.entries(this.spec.labels)) byName.set(k, expand(v));
      byName.set('alertname', this.spec.name);
      const labels = sortedLabels(byName);
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(this.spec.annotations)) annotations[k] = expand(v);
      const key = labelsKey(labels);
      if (fresh.has(key)) {
        throw new RuleEvalError('vector contains metrics with the same labelset after applying alert labels');
      }
      fresh.set(key, {
        state: 'pending',
        labels,
        annotations,
        value: el.v,
        activeAt: ts,
        firedAt: 0,
        resolvedAt: 0,
        lastSentAt: 0,
        validUntil: 0,
        keepFiringSince: 0,
      });
    }
    for (const [key, a] of fresh) {
      const known = this.active.get(key);
      if (known && known.state !== 'inactive') {
        known.value = a.value;
        known.annotations = a.annotations;
      } else {
        this.active.set(key, a);
      }
    }
    return this.advance(ts, fresh, limit);
  }

  /** Moves every alert along its states at `ts` and writes out the alert series. */
  private advance(ts: number, fresh: ReadonlyMap<string, Alert>, limit: number): SeriesSamples[] {
    const out: SeriesSamples[] = [];
    let activeCount = 0;
    for (const [key, a] of this.active) {
      if (!fresh.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && this.spec.keepFiringForMs > 0) {
          if (a.keepFiringSince === 0) a.keepFiringSince = ts;
          keepFiring = ts - a.keepFiringSince < this.spec.keepFiringForMs;
        }
        if (a.state === 'pending' || (a.resolvedAt !== 0 && ts - a.resolvedAt > RESOLVED_RETENTION_MS)) {
          this.active.delete(key);
        }
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive';
          a.resolvedAt = ts;
        }
        if (!keepFiring) continue;
      } else {
        a.keepFiringSince = 0;
      }
      activeCount++;
      if (a.state === 'pending' && ts - a.activeAt >= this.spec.forMs) {
        a.state = 'firing';
        a.firedAt = ts;
      }
      out.push(alertSample(a, 'ALERTS', ts, 1, a.state));
      out.push(alertSample(a, 'ALERTS_FOR_STATE', ts, Math.floor(a.activeAt / 1000)));
    }
    if (limit > 0 && activeCount > limit) {
      this.active.clear();
      throw new RuleEvalError(`exceeded limit of ${limit} with ${activeCount} alerts`);
    }
    return out;
  }

  /** The rule's state: firing if any alert fires, else pending if any is pending. */
  state(): 'inactive' | 'pending' | 'firing' {
    let state: 'inactive' | 'pending' | 'firing' = 'inactive';
    for (const a of this.active.values()) {
      if (a.state === 'firing') return 'firing';
      if (a.state === 'pending') state = 'pending';
    }
    return state;
  }
}

function recordOf(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) if (l.name !== METRIC_NAME) out[l.name] = l.value;
  return out;
}

/** Sorted labels from a map; an empty value removes the label, as Prometheus' builder does. */
function sortedLabels(byName: ReadonlyMap<string, string>): Labels {
  const out: Label[] = [];
  for (const [name, value] of byName) if (value !== '') out.push({ name, value });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function alertSample(a: Alert, metric: string, ts: number, v: number, state?: AlertState): SeriesSamples {
  const byName = new Map(a.labels.map((l) => [l.name, l.value]));
  byName.set(METRIC_NAME, metric);
  if (state !== undefined) byName.set('alertstate', state);
  return { labels: sortedLabels(byName), samples: [{ t: ts, v }] };
}
