/** A harvester's labels as `key=value` chips, sorted by key. */

export interface LabelChipsProps {
  labels: Record<string, string>;
}

export function LabelChips({ labels }: LabelChipsProps) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span class="muted">—</span>;
  return (
    <span class="chips">
      {entries.map(([key, value]) => (
        <span class="chip" key={key} title={`${key}=${value}`}>
          <span class="chip__key">{key}</span>
          <span class="chip__value">{value}</span>
        </span>
      ))}
    </span>
  );
}
