// `/api/v1/rules` and `/api/v1/alerts` bodies exactly as Prometheus writes them (web/api/v1):
// times in RFC 3339 with Go's trimmed nanoseconds, alert values as `%e` (`1e+00`), durations in
// seconds, expressions printed back by the PromQL printer.
import { labelsToRecord } from '@seahawks/model';
import { formatExpr } from '@seahawks/promql';
import { stateOf } from './alert-scope.js';
import type { AlertScope } from './alert-scope.js';
import type { Alert } from './rules/alerting-rule.js';
import type { RuleGroup } from './rules/rule-group.js';

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Go's `time.Time` JSON (RFC 3339, fraction without trailing zeros); 0 = the zero time. */
export function goJsonTime(ms: number): string {
  if (ms === 0) return GO_ZERO_TIME;
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d+)Z$/, (_m, frac: string) => {
    const trimmed = frac.replace(/0+$/, '');
    return trimmed === '' ? 'Z' : `.${trimmed}Z`;
  });
}

/** Go's `strconv.FormatFloat(v, 'e', -1, 64)`. */
export function goFloatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const [mant, exp] = v.toExponential().split('e') as [string, string];
  const n = Number(exp);
  return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  keepFiringSince?: string;
  value: string;
}

export function promAlert(a: Alert): PromAlert {
  return {
    labels: labelsToRecord(a.labels),
    annotations: { ...a.annotations },
    state: a.state as 'pending' | 'firing',
    activeAt: goJsonTime(a.activeAt),
    ...(a.keepFiringSince !== 0 ? { keepFiringSince: goJsonTime(a.keepFiringSince) } : {}),
    value: goFloatE(a.value),
  };
}

/**
 * Rule `i` of `g` as Prometheus serves it, seen through `scope`: only the alerts the asker may
 * see are listed, and the rule's state is theirs (a rule firing for another team only is
 * inactive to this one).
 */
export function promRule(
  g: RuleGroup,
  i: number,
  scope: AlertScope,
  withAlerts: boolean,
): Record<string, unknown> {
  const r = g.rules[i]!;
  const st = g.status[i]!;
  const common = {
    name: r.name,
    query: formatExpr(r.spec.ast),
    labels: { ...r.spec.labels },
    health: st.health,
    ...(st.lastError !== '' ? { lastError: st.lastError } : {}),
    evaluationTime: st.durationMs / 1000,
    lastEvaluation: goJsonTime(st.lastEvaluation),
  };
  if (r.kind === 'record') return { ...common, type: 'recording' };
  const alerts = scope.activeAlerts(r.active.values());
  return {
    state: stateOf(alerts),
    name: r.name,
    query: common.query,
    duration: r.spec.forMs / 1000,
    keepFiringFor: r.spec.keepFiringForMs / 1000,
    labels: common.labels,
    annotations: { ...r.spec.annotations },
    ...(withAlerts ? { alerts: alerts.map(promAlert) } : {}),
    health: common.health,
    ...(st.lastError !== '' ? { lastError: st.lastError } : {}),
    evaluationTime: common.evaluationTime,
    lastEvaluation: common.lastEvaluation,
    type: 'alerting',
  };
}
