// The alerting subsystem's own metrics, appended to the nester's `/metrics`.

type Key = string;

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

interface Family {
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly values: Map<Key, { labels: Record<string, string>; value: number }>;
}

export class AlertingMetrics {
  private readonly families = new Map<string, Family>();

  constructor() {
    this.declare(
      'seahawks_alerting_notifications_sent_total',
      'counter',
      'Notifications delivered, by integration and receiver.',
    );
    this.declare(
      'seahawks_alerting_notifications_failed_total',
      'counter',
      'Delivery attempts that failed (each is retried with backoff).',
    );
    this.declare(
      'seahawks_alerting_notifications_dead_lettered_total',
      'counter',
      'Notifications given up after every retry failed.',
    );
    this.declare('seahawks_alerting_rule_group_evaluations_total', 'counter', 'Evaluations of rule groups.');
    this.declare(
      'seahawks_alerting_rule_evaluation_failures_total',
      'counter',
      'Rule evaluations that failed, by group.',
    );
    this.declare(
      'seahawks_alerting_rule_group_evaluation_seconds_total',
      'counter',
      'Time spent evaluating rule groups, seconds.',
    );
    this.declare(
      'seahawks_alerting_rule_group_last_duration_seconds',
      'gauge',
      'Duration of the last evaluation of each rule group, seconds.',
    );
    this.declare('seahawks_alerting_alerts', 'gauge', 'Alerts by state.');
    this.declare(
      'seahawks_alerting_rule_files_invalid',
      'gauge',
      'Rule files whose latest version was refused (the previous one keeps running).',
    );
  }

  private declare(name: string, type: Family['type'], help: string): void {
    this.families.set(name, { help, type, values: new Map() });
  }

  add(name: string, labels: Record<string, string>, delta = 1): void {
    const f = this.families.get(name)!;
    const key = labelText(labels);
    const cur = f.values.get(key);
    if (cur) cur.value += delta;
    else f.values.set(key, { labels, value: delta });
  }

  set(name: string, labels: Record<string, string>, value: number): void {
    this.families.get(name)!.values.set(labelText(labels), { labels, value });
  }

  /** Drops every value of a gauge family (before setting the current ones). */
  reset(name: string): void {
    this.families.get(name)!.values.clear();
  }

  get(name: string, labels: Record<string, string>): number {
    return this.families.get(name)!.values.get(labelText(labels))?.value ?? 0;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, f] of this.families) {
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const { labels, value } of f.values.values()) lines.push(`${name}${labelText(labels)} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
