/** Labels typed as text, the way the CLI takes them: `site=lab, rack=r4`. */

/** What parsing gave: the labels, or the first problem in words. */
export type ParsedLabels = { ok: true; labels: Record<string, string> } | { ok: false; error: string };

const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Parses `name=value` pairs separated by commas (empty text: no labels). Names follow
 * Prometheus' rule; the nester checks the rest (reserved names, lengths) and says so.
 */
export function parseLabelText(text: string): ParsedLabels {
  const labels: Record<string, string> = {};
  for (const raw of text.split(',')) {
    const pair = raw.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, error: `“${pair}” is not name=value` };
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!NAME_RE.test(name)) return { ok: false, error: `“${name}” is not a label name` };
    if (value === '') return { ok: false, error: `label “${name}” needs a value` };
    if (Object.hasOwn(labels, name)) return { ok: false, error: `label “${name}” appears twice` };
    labels[name] = value;
  }
  return { ok: true, labels };
}
