/**
 * Where in a query the engine's error points. Parse errors read "<line>:<column>: parse error: …"
 * (Prometheus' words; the column counts UTF-8 bytes from 1); this finds that place as an offset
 * in the JavaScript string, for the editor's underline and the caret under the query.
 */

export interface ErrorPosition {
  /** Offset in the query string (UTF-16 code units), clamped to its length. */
  offset: number;
  line: number;
  column: number;
  /** The message without its "line:column: " prefix. */
  message: string;
}

const POSITION_RE = /^(\d+):(\d+): (.*)$/s;

/** The position an error message gives in `query`, or null when it gives none. */
export function errorPosition(query: string, message: string): ErrorPosition | null {
  const m = POSITION_RE.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  const column = Number(m[2]);
  const lines = query.split('\n');
  if (line < 1 || line > lines.length || column < 1) return null;
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  offset += charsForBytes(lines[line - 1]!, column - 1);
  return { offset: Math.min(offset, query.length), line, column, message: m[3]! };
}

/** How many UTF-16 code units of `text` the first `bytes` UTF-8 bytes cover. */
function charsForBytes(text: string, bytes: number): number {
  const encoder = new TextEncoder();
  let used = 0;
  let chars = 0;
  for (const ch of text) {
    if (used >= bytes) break;
    used += encoder.encode(ch).length;
    chars += ch.length;
  }
  return used < bytes ? chars + (bytes - used) : chars;
}
