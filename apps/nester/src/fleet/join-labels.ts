import { InvalidInputError, isValidLabelName } from '@seahawks/model';

/** At most this many labels on a join token or a joining harvester. */
export const MAX_JOIN_LABELS = 32;
/** Longest label name accepted at join, characters. */
export const MAX_LABEL_NAME = 64;
/** Longest label value accepted at join, characters. */
export const MAX_LABEL_VALUE = 128;

/**
 * Names a harvester may not choose: `instance` is its node name (the nester stamps it on every
 * series), `job` is the scraper's, and `__*` is reserved by Prometheus. Letting a joining machine
 * set them would let it pass for another.
 */
const RESERVED = new Set(['instance', 'job']);

// Control characters in a value would end up in tables and log lines; refuse them outright.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/**
 * Parses `team=a,site=b` into a record. Empty text is no labels. Throws `InvalidInputError`
 * naming the bad pair; the result is also checked by {@link checkJoinLabels}.
 */
export function parseLabelList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidInputError(`cannot parse labels "${text}": "${pair}" is not name=value`);
    const name = pair.slice(0, eq).trim();
    if (Object.hasOwn(out, name))
      throw new InvalidInputError(`cannot parse labels "${text}": "${name}" appears twice`);
    out[name] = pair.slice(eq + 1).trim();
  }
  return checkJoinLabels(out, `labels "${text}"`);
}

/**
 * Validates a label record that came from outside (an operator's flag or a joining harvester):
 * bounded count and lengths, Prometheus label names, no reserved names, no control characters,
 * no empty values. Returns a fresh plain copy (no prototype tricks survive). `what` names the
 * source in the error message.
 */
export function checkJoinLabels(labels: unknown, what: string): Record<string, string> {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels))
    throw new InvalidInputError(`cannot accept ${what}: expected an object of name: value`);
  const entries = Object.entries(labels);
  if (entries.length > MAX_JOIN_LABELS)
    throw new InvalidInputError(`cannot accept ${what}: ${entries.length} labels exceed ${MAX_JOIN_LABELS}`);
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (name.length > MAX_LABEL_NAME || !isValidLabelName(name))
      throw new InvalidInputError(`cannot accept ${what}: "${name.slice(0, 80)}" is not a label name`);
    if (RESERVED.has(name) || name.startsWith('__'))
      throw new InvalidInputError(`cannot accept ${what}: label "${name}" is reserved`);
    if (typeof value !== 'string' || value === '' || value.length > MAX_LABEL_VALUE || CONTROL_RE.test(value))
      throw new InvalidInputError(
        `cannot accept ${what}: label "${name}" needs a value of 1-${MAX_LABEL_VALUE} printable characters`,
      );
    out[name] = value;
  }
  return out;
}

/** `team=a,site=b`, sorted by name: how labels are printed in tables and join commands. */
export function formatLabelList(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}
