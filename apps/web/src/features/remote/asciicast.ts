/** asciicast v2 (asciinema's format): a header line, then `[seconds, code, data]` event lines. */

export interface Cast {
  width: number;
  height: number;
  title: string;
  /** Output ("o") and resize ("r") events in time order; seconds from the start. */
  events: Array<{ t: number; code: 'o' | 'r'; data: string }>;
  duration: number;
}

/** Parses a recording; throws with the line number on a malformed one. */
export function parseCast(text: string): Cast {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = JSON.parse(lines[0] ?? '{}') as {
    version?: number;
    width?: number;
    height?: number;
    title?: string;
  };
  if (header.version !== 2) throw new Error('cannot play this recording: not asciicast version 2');
  const events: Cast['events'] = [];
  for (let i = 1; i < lines.length; i++) {
    const e = JSON.parse(lines[i]!) as unknown;
    if (!Array.isArray(e) || typeof e[0] !== 'number' || typeof e[2] !== 'string') {
      throw new Error(`cannot play this recording: line ${i + 1} is not an event`);
    }
    const [t, code, data] = e as [number, unknown, string];
    if (code === 'o' || code === 'r') events.push({ t, code, data });
  }
  return {
    width: header.width ?? 80,
    height: header.height ?? 24,
    title: header.title ?? '',
    events,
    duration: events.at(-1)?.t ?? 0,
  };
}
