import { InvalidInputError } from '@seahawks/model';

const TOKEN_RE = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
/** The nester's rule for node names (they become the `instance` label). */
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,252}$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;
const MAX_LABELS = 32;
const MAX_VALUE = 128;
/** `instance` is the node name and `job` the scraper's: the nester refuses them as free labels. */
const RESERVED = new Set(['instance', 'job']);

/**
 * The nester's tunnel URL, checked: https only (the join's trust rests on TLS), no credentials,
 * query or fragment. Returned without a trailing slash, as the config file keeps it.
 */
export function parseNesterUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError(
      `cannot join "${text}": not a URL; expected e.g. https://nester.example:5000`,
    );
  }
  if (url.protocol !== 'https:')
    throw new InvalidInputError(
      `cannot join ${text}: the nester's tunnel endpoint is an https:// URL, e.g. https://nester.example:5000`,
    );
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new InvalidInputError(`cannot join ${text}: expected https://host:port with nothing else`);
  return url;
}

/** The URL as written in the config file and messages: `https://host:port` (plus any path), no trailing `/`. */
export function nesterBase(url: URL): string {
  return url.href.replace(/\/+$/, '');
}

/** Checks the shape of a join token (`abcdef.0123456789abcdef`) before anything is sent. */
export function checkJoinToken(token: string): string {
  if (!TOKEN_RE.test(token))
    throw new InvalidInputError(
      'cannot use --token: expected a join token like abcdef.0123456789abcdef, as printed by seahawks nester token create',
    );
  return token;
}

/** Checks a node name against the nester's rule. */
export function checkNodeName(name: string): string {
  if (!NAME_RE.test(name))
    throw new InvalidInputError(
      `cannot use node name "${name}": 1-253 of [a-zA-Z0-9._-], starting with a letter or digit`,
    );
  return name;
}

/** Parses `--labels team=a,site=b` with the nester's rules, so a mistake is caught before the join. */
export function parseJoinLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const name = eq <= 0 ? '' : pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const bad = (why: string): InvalidInputError =>
      new InvalidInputError(`cannot use --labels "${text}": "${pair}" ${why}`);
    if (!LABEL_NAME_RE.test(name)) throw bad('is not name=value with a label name [a-zA-Z_][a-zA-Z0-9_]*');
    if (RESERVED.has(name) || name.startsWith('__')) throw bad(`uses the reserved label "${name}"`);
    if (value === '' || value.length > MAX_VALUE) throw bad(`needs a value of 1-${MAX_VALUE} characters`);
    if (Object.hasOwn(out, name)) throw bad('repeats a label');
    out[name] = value;
  }
  if (Object.keys(out).length > MAX_LABELS)
    throw new InvalidInputError(`cannot use --labels: more than ${MAX_LABELS} labels`);
  return out;
}
