import type { AuditEntry } from './audit-types.js';

/** Columns of the CSV export, in order. */
const COLUMNS = [
  'id',
  'kind',
  'user',
  'role',
  'via',
  'remoteAddress',
  'harvesters',
  'command',
  'startedAt',
  'endedAt',
  'durationMs',
  'bytesIn',
  'bytesOut',
  'outcome',
  'detail',
  'exitCodes',
  'recorded',
] as const;

/** Entries as CSV (RFC 4180, CRLF), times as ISO 8601, harvesters and exit codes `;`-joined. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.id,
      e.kind,
      e.user,
      e.role,
      e.via,
      e.remoteAddress,
      e.harvesters.join(';'),
      e.command ?? '',
      new Date(e.startedAt).toISOString(),
      e.endedAt === null ? '' : new Date(e.endedAt).toISOString(),
      e.durationMs ?? '',
      e.bytesIn,
      e.bytesOut,
      e.outcome,
      e.detail ?? '',
      Object.entries(e.results ?? {})
        .map(([h, r]) => `${h}=${r.exitCode ?? r.outcome}`)
        .join(';'),
      e.recorded === true ? 'yes' : 'no',
    ]
      .map((v) => cell(String(v)))
      .join(','),
  );
  return [COLUMNS.join(','), ...rows].map((r) => `${r}\r\n`).join('');
}

/** Entries as JSON lines, one object each. */
export function auditJsonLines(entries: readonly AuditEntry[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}

function cell(v: string): string {
  // A leading = + - @ would be a formula to a spreadsheet: quote it away (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
}
