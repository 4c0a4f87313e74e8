// A recording rule: the expression's result under a new metric name and the rule's labels,
// refused whole when two elements end up with the same labels (rules/recording.go).
import { labelsKey, METRIC_NAME } from '@seahawks/model';
import type { Label } from '@seahawks/model';
import type { SeriesSamples } from '../../storage/index.js';
import type { QueryFn } from './rule-context.js';
import { RuleEvalError } from './rule-errors.js';
import type { RuleSpec } from './rule-types.js';

type RecordSpec = RuleSpec & { kind: 'record' };

export class RecordingRule {
  readonly kind = 'record';

  constructor(readonly spec: RecordSpec) {}

  get name(): string {
    return this.spec.name;
  }

  async eval(ts: number, query: QueryFn, limit: number): Promise<SeriesSamples[]> {
    const result = await query(this.spec.ast, ts);
    const out: SeriesSamples[] = [];
    const seen = new Set<string>();
    for (const el of result) {
      const byName = new Map(el.labels.map((l) => [l.name, l.value]));
      byName.set(METRIC_NAME, this.spec.name);
      for (const [k, v] of Object.entries(this.spec.labels)) byName.set(k, v);
      const labels: Label[] = [];
      for (const [name, value] of byName) if (value !== '') labels.push({ name, value });
      labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const key = labelsKey(labels);
      if (seen.has(key)) {
        throw new RuleEvalError('vector contains metrics with the same labelset after applying rule labels');
      }
      seen.add(key);
      out.push({ labels, samples: [{ t: ts, v: el.v }] });
    }
    if (limit > 0 && out.length > limit) {
      throw new RuleEvalError(`exceeded limit of ${limit} with ${out.length} series`);
    }
    return out;
  }
}
