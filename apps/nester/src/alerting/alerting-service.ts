// The alerting subsystem: loads rule files, evaluates each group on its interval (on the
// injected clock, at timestamps aligned like Prometheus'), writes the rules' series through the
// Appender, keeps state across restarts, and hands alerts to the notifiers.
import { join } from 'node:path';
import { describeError, labelsToRecord, parseDuration } from '@seahawks/model';
import type { FastifyBaseLogger } from 'fastify';
import type { NesterConfig } from '../config/index.js';
import { JsonFile } from '../state/json-file.js';
import type { Appender, Querier } from '../storage/index.js';
import { EMPTY_STATE, restoreAlerts, snapshotAlerts } from './alert-state-file.js';
import type { AlertingStateDoc, HistoryEntry } from './alert-state-file.js';
import { builtinRuleFile } from './builtin-rules.js';
import { AlertingMetrics } from './metrics.js';
import { buildNotifiers } from './notifiers.js';
import type { Notifiers } from './notifiers.js';
import { prometheusOutgoing, notifiable } from './outgoing.js';
import { writePresence } from './presence.js';
import type { HarvesterPresence } from './presence.js';
import { RuleSources } from './rule-sources.js';
import type { RuleFileState } from './rule-sources.js';
import { engineQuery } from './rules/engine-query.js';
import { RuleGroup } from './rules/rule-group.js';
import type { RuleFileProblem } from './rules/rule-types.js';
import { SilenceStore } from './silences/silence-store.js';

export interface AlertingDeps {
  readonly config: NesterConfig;
  readonly querier: Querier;
  readonly appender: Appender;
  readonly clock: () => number;
  readonly logger: FastifyBaseLogger;
  /** Enrolled harvesters and whether their tunnel is up, for HarvesterDown. */
  readonly harvesters?: () => readonly HarvesterPresence[];
}

interface Scheduled {
  group: RuleGroup;
  nextEvalAt: number;
}

const KEEP_HISTORY = 500;

export class AlertingService {
  readonly metrics = new AlertingMetrics();
  readonly history: HistoryEntry[] = [];
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly defaultIntervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private background = new Set<Promise<unknown>>();
  private externalUrl: string;
  private notifiers: Notifiers;
  private readonly query;

  private constructor(
    private readonly deps: AlertingDeps,
    readonly sources: RuleSources,
    readonly silences: SilenceStore,
    private readonly stateFile: JsonFile<AlertingStateDoc>,
  ) {
    const a = deps.config.alerting;
    this.defaultIntervalMs = parseDuration(a.evaluationInterval);
    this.externalUrl = a.externalUrl.replace(/\/+$/, '');
    this.query = engineQuery(deps.querier, deps.config.query);
    this.notifiers = buildNotifiers(a, this.externalUrl, this.metrics, deps.clock, this.log);
  }

  /** Reads the rule files, silences and saved state. Evaluation starts with `start()`. */
  static async open(deps: AlertingDeps): Promise<AlertingService> {
    const dir = join(deps.config.dataDir, 'alerting');
    const a = deps.config.alerting;
    const sources = new RuleSources(join(dir, 'rules'), a.ruleFiles, builtinRuleFile(a), deps.clock);
    const silences = await SilenceStore.open(new JsonFile(join(dir, 'silences.json')));
    const svc = new AlertingService(deps, sources, silences, new JsonFile(join(dir, 'state.json')));
    const saved = await svc.stateFile.load(EMPTY_STATE);
    await svc.reload();
    const restored = restoreAlerts(svc.groups(), saved.alerts);
    for (const [k, e] of saved.notified) svc.notifiers.dispatcher.log.set(k, e);
    svc.history.push(...saved.history);
    if (restored > 0) deps.logger.info({ restored }, 'alert states restored');
    return svc;
  }

  private readonly log = (
    level: 'warn' | 'error' | 'info',
    msg: string,
    fields: Record<string, unknown> = {},
  ): void => {
    this.deps.logger[level](fields, msg);
  };

  /** Starts evaluating on a timer; `url` is the nester's own, used when no `externalUrl` is set. */
  start(url: string): void {
    if (this.externalUrl === '') {
      this.externalUrl = url.replace(/\/+$/, '');
      this.notifiers = buildNotifiers(
        this.deps.config.alerting,
        this.externalUrl,
        this.metrics,
        this.deps.clock,
        this.log,
        this.notifiers,
      );
    }
    const every = Math.max(50, Math.min(1000, this.defaultIntervalMs / 4));
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  /** Re-reads every rule file; refused files keep their previous version. */
  async reload(): Promise<RuleFileState[]> {
    const refused = await this.sources.loadAll();
    for (const f of refused) {
      for (const p of f.problems) this.log('error', `cannot load rule file: ${formatted(p)}`);
    }
    this.regroup();
    return refused;
  }

  /** Validates and saves a rule file; on problems nothing changes and they are returned. */
  async writeFile(name: string, text: string): Promise<RuleFileProblem[]> {
    const problems = await this.sources.write(name, text);
    if (problems.length === 0) this.regroup();
    return problems;
  }

  async removeFile(name: string): Promise<boolean> {
    const removed = await this.sources.remove(name);
    if (removed) this.regroup();
    return removed;
  }

  /** Rebuilds the groups from the sources, carrying the state of unchanged rules over. */
  private regroup(): void {
    const next = new Map<string, Scheduled>();
    for (const spec of this.sources.groups()) {
      const group = new RuleGroup(spec, spec.intervalMs ?? this.defaultIntervalMs);
      const old = this.scheduled.get(group.key);
      if (old) group.copyState(old.group);
      next.set(group.key, { group, nextEvalAt: old?.nextEvalAt ?? 0 });
    }
    this.scheduled.clear();
    for (const [k, v] of next) this.scheduled.set(k, v);
    const invalid = [...this.sources.files.values()].filter((f) => f.problems.length > 0).length;
    this.metrics.set('seahawks_alerting_rule_files_invalid', {}, invalid);
  }

  groups(): RuleGroup[] {
    return [...this.scheduled.values()].map((s) => s.group);
  }

  /** Evaluates every group that is due now; tests call it after moving the clock. */
  tick(): Promise<void> {
    this.ticking ??= this.runTick().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    const now = this.deps.clock();
    const due = [...this.scheduled.values()].filter((s) => s.nextEvalAt <= now);
    if (due.length > 0) {
      if (this.deps.harvesters) await this.presence(now);
      for (const s of due) await this.evaluate(s, now);
      this.saveState().catch((err: unknown) =>
        this.log('error', `cannot save the alerting state: ${describeError(err)}`),
      );
    }
    this.dispatch(now);
  }

  private async presence(now: number): Promise<void> {
    try {
      await writePresence(this.deps.appender, this.deps.harvesters!(), now);
    } catch (err) {
      this.log('warn', `cannot write harvester presence: ${describeError(err)}`);
    }
  }

  private async evaluate(s: Scheduled, now: number): Promise<void> {
    const g = s.group;
    const ts = alignedTime(g, now);
    const before = stateMap(g);
    const failuresBefore = g.failures;
    await g.evaluate(ts, {
      query: this.query,
      appender: this.deps.appender,
      context: { externalLabels: this.deps.config.alerting.externalLabels, externalUrl: this.externalUrl },
      onAppendError: (rule, err) =>
        this.log('warn', `cannot store the output of rule ${rule.name}: ${describeError(err)}`),
    });
    s.nextEvalAt = ts + g.intervalMs;
    const labels = { file: g.spec.file, group: g.spec.name };
    this.metrics.add('seahawks_alerting_rule_group_evaluations_total', labels);
    this.metrics.add('seahawks_alerting_rule_evaluation_failures_total', labels, g.failures - failuresBefore);
    this.metrics.add('seahawks_alerting_rule_group_evaluation_seconds_total', labels, g.durationMs / 1000);
    this.metrics.set('seahawks_alerting_rule_group_last_duration_seconds', labels, g.durationMs / 1000);
    this.recordHistory(g, before, ts);
    const resendMs = parseDuration(this.deps.config.alerting.resendDelay);
    const out = prometheusOutgoing(
      g,
      ts,
      resendMs,
      this.externalUrl,
      this.deps.config.alerting.externalLabels,
    );
    if (out.length > 0 && this.notifiers.alertmanager.enabled)
      this.track(this.notifiers.alertmanager.send(out));
  }

  private recordHistory(g: RuleGroup, before: Map<string, Before>, ts: number): void {
    for (const r of g.rules) {
      if (r.kind !== 'alert') continue;
      const seen = new Set<string>();
      for (const [key, a] of r.active) {
        const k = `${r.name}\u0000${key}`;
        seen.add(k);
        const was = (before.get(k)?.state ?? 'inactive') as HistoryEntry['from'];
        const to = a.state === 'inactive' ? (was === 'firing' ? 'resolved' : undefined) : a.state;
        if (to !== undefined && was !== a.state)
          this.pushHistory({
            at: ts,
            alertname: r.name,
            labels: labelsToRecord(a.labels),
            from: was,
            to,
            value: a.value,
          });
      }
      for (const [k, was] of before) {
        if (!k.startsWith(`${r.name}\u0000`) || seen.has(k) || was.state !== 'pending') continue;
        this.pushHistory({
          at: ts,
          alertname: r.name,
          // The alert is gone from the rule; its labels say whose it was (teams see their own).
          labels: was.labels,
          from: 'pending',
          to: 'inactive',
          value: NaN,
        });
      }
    }
    this.metrics.reset('seahawks_alerting_alerts');
    const counts = { pending: 0, firing: 0 };
    for (const grp of this.groups()) {
      for (const r of grp.rules)
        if (r.kind === 'alert')
          for (const a of r.active.values()) if (a.state !== 'inactive') counts[a.state]++;
    }
    for (const [state, n] of Object.entries(counts))
      this.metrics.set('seahawks_alerting_alerts', { state }, n);
  }

  private pushHistory(e: HistoryEntry): void {
    this.history.unshift(e);
    this.history.length = Math.min(this.history.length, KEEP_HISTORY);
  }

  /** Hands the current alerts, less the silenced ones, to the grouping notifiers. */
  private dispatch(now: number): void {
    const d = this.notifiers.dispatcher;
    if (!d.enabled) return;
    d.update(
      notifiable(
        this.groups(),
        this.externalUrl,
        this.deps.config.alerting.externalLabels,
        (labels) => this.silences.silencedBy(labels, now).length > 0,
      ),
      now,
    );
    this.track(d.flushDue(now));
  }

  private track(p: Promise<unknown>): void {
    const t = p
      .catch((err: unknown) => this.log('error', `cannot notify: ${describeError(err)}`))
      .finally(() => this.background.delete(t));
    this.background.add(t);
  }

  /** Resolves once notifications in flight are settled (tests). */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  deadLetters(): ReturnType<Notifiers['delivery']['deadLetters']['slice']> {
    return this.notifiers.delivery.deadLetters.slice();
  }

  private async saveState(): Promise<void> {
    await this.stateFile.save({
      version: 1,
      alerts: snapshotAlerts(this.groups()),
      notified: [...this.notifiers.dispatcher.log],
      history: this.history,
    });
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.notifiers.delivery.close();
    await this.settled();
    await this.saveState();
  }
}

function formatted(p: RuleFileProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.group ? `group "${p.group}": ` : ''}${p.rule ? `rule "${p.rule}": ` : ''}${p.reason}`;
}

interface Before {
  readonly state: string;
  readonly labels: Readonly<Record<string, string>>;
}

function stateMap(g: RuleGroup): Map<string, Before> {
  const m = new Map<string, Before>();
  for (const r of g.rules)
    if (r.kind === 'alert')
      for (const [k, a] of r.active)
        m.set(`${r.name}\u0000${k}`, { state: a.state, labels: labelsToRecord(a.labels) });
  return m;
}

/** Prometheus spreads groups over their interval by a hash of file and name. */
function alignedTime(g: RuleGroup, now: number): number {
  let h = 2166136261;
  for (const c of g.key) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const offset = h % g.intervalMs;
  const adjusted = now - offset;
  return adjusted - (((adjusted % g.intervalMs) + g.intervalMs) % g.intervalMs) + offset;
}
