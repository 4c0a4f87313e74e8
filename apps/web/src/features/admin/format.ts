/** Dates for the admin pages: absolute ("2025-03-04 14:03") and relative to now ("in 23 h"). */

/** A local date and time to the minute; "—" for null. */
export function formatDateTime(ms: number | null): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** How far ahead `thenMs` is: "in 45 min", "in 23 h", "in 6 d"; "never" for null, "past" when gone. */
export function formatUntil(thenMs: number | null, nowMs: number): string {
  if (thenMs === null) return 'never';
  const s = Math.round((thenMs - nowMs) / 1000);
  if (s <= 0) return 'past';
  if (s < 120) return `in ${s} s`;
  if (s < 7200) return `in ${Math.floor(s / 60)} min`;
  if (s < 172_800) return `in ${Math.floor(s / 3600)} h`;
  return `in ${Math.floor(s / 86_400)} d`;
}

/** The error of a failed call as a sentence for the page. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
