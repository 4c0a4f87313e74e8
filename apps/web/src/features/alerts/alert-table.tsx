/** Alerts by state: firing, pending, silenced, resolved; each with labels, annotations and age. */
import { LabelChips } from '../../ui/label-chips';
import type { UiAlert } from './alerts-api';

function since(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

export function AlertTable({
  alerts,
  now,
  onSilence,
}: {
  alerts: UiAlert[];
  now: number;
  onSilence?: (a: UiAlert) => void;
}) {
  return (
    <table class="alerts-table panel" data-testid="alerts-table">
      <thead>
        <tr>
          <th>State</th>
          <th>Alert</th>
          <th>Labels</th>
          <th>Summary</th>
          <th>Value</th>
          <th>Since</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => {
          const silenced = a.silencedBy.length > 0;
          const state = silenced ? 'silenced' : a.state;
          const labels = Object.fromEntries(Object.entries(a.labels).filter(([k]) => k !== 'alertname'));
          return (
            <tr key={`${a.rule}${JSON.stringify(a.labels)}`} data-testid="alert-row" data-state={state}>
              <td>
                <span class={`alert-state alert-state--${state}`}>{state}</span>
              </td>
              <td class="alerts-table__name">
                {a.rule}
                {a.labels.severity && <span class="muted"> · {a.labels.severity}</span>}
              </td>
              <td>
                <LabelChips labels={labels} />
              </td>
              <td class="alerts-table__summary">
                {a.annotations.summary ?? a.annotations.description ?? ''}
              </td>
              <td class="mono">
                {Number.isFinite(a.value) ? Number(a.value.toPrecision(4)) : String(a.value)}
              </td>
              <td class="nowrap" title={new Date(a.resolvedAt ?? a.firedAt ?? a.activeAt).toLocaleString()}>
                {state === 'resolved'
                  ? `resolved ${since(a.resolvedAt ?? now, now)} ago`
                  : since(a.activeAt, now)}
              </td>
              <td>
                {onSilence && a.state !== 'resolved' && !silenced && (
                  <button type="button" class="button button--ghost" onClick={() => onSilence(a)}>
                    Silence…
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
