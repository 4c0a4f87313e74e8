import { parseError } from './values.js';

/**
 * Parses an os-release file (`/etc/os-release`, `/usr/lib/os-release`) the way node_exporter
 * does, with hashicorp/go-envparse: `KEY=value` lines, blank lines and `#` comments skipped,
 * an `export ` prefix and surrounding whitespace dropped, values unquoted, single-quoted
 * (literal) or double-quoted (JSON escapes `\" \\ \/ \b \f \n \r \t \uXXXX`), an unquoted
 * `#` starting a comment. Keys with an empty value are left out; a repeated key keeps its
 * last value. `file` names the file in error messages.
 * @throws InvalidInputError naming the line on what go-envparse refuses: no `=`, a bad key,
 * a control character (a tab included) in a value, an unknown escape, an unmatched quote.
 */
export function parseOsRelease(text: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, i) => {
    const fail = (detail: string): never => {
      throw parseError(file, i + 1, detail);
    };
    const line = trimGoSpace(raw);
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq < 0) fail('missing =');
    let key = trimGoSpace(line.slice(0, eq));
    if (key.length > 'export '.length && key.startsWith('export ')) key = key.slice('export '.length);
    if (key === '') fail('empty key');
    if (!/^[A-Za-z_]/.test(key)) fail(`key must start with [A-Za-z_] but found ${JSON.stringify(key[0])}`);
    const badKeyChar = /[^A-Za-z0-9/_.]/.exec(key.slice(1));
    if (badKeyChar !== null)
      fail(`key characters must be [A-Za-z0-9/_.] but found ${JSON.stringify(badKeyChar[0])}`);
    const value = unquote(trimGoSpace(line.slice(eq + 1)), fail);
    if (value !== '') out.set(key, value);
  });
  return out;
}

/** Go's bytes.TrimSpace for the ASCII whitespace these files contain. */
function trimGoSpace(s: string): string {
  return s.replace(/^[ \t\r\v\f]+|[ \t\r\v\f]+$/g, '');
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  r: '\r',
  n: '\n',
  t: '\t',
};

/** go-envparse's value state machine over one trimmed value. */
function unquote(value: string, fail: (detail: string) => never): string {
  let out = '';
  // Length of `out` up to its last significant character: whitespace before an unquoted `#`
  // comment is dropped, quoted whitespace is kept.
  let significant = 0;
  let mode: 'normal' | 'double' | 'single' = 'normal';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c.charCodeAt(0) < 32)
      fail(`0x${c.charCodeAt(0).toString(16).padStart(2, '0')} is an invalid value character`);
    if (mode === 'normal') {
      if (c === '"') mode = 'double';
      else if (c === "'") mode = 'single';
      else if (c === '#') return out.slice(0, significant);
      else {
        out += c;
        if (c !== ' ') significant = out.length;
      }
    } else if (mode === 'single') {
      if (c === "'") mode = 'normal';
      else significant = (out += c).length;
    } else if (c === '"') mode = 'normal';
    else if (c !== '\\') significant = (out += c).length;
    else {
      const e = value[++i];
      if (e === undefined) fail('incomplete escape sequence');
      if (e.charCodeAt(0) < 32)
        fail(`0x${e.charCodeAt(0).toString(16).padStart(2, '0')} is an invalid value character`);
      if (e.charCodeAt(0) > 127) fail('multibyte characters disallowed in escape sequences');
      if (e === 'u') {
        const [text, consumed] = unicodeEscape(value, i + 1, fail);
        out += text;
        i += consumed;
      } else {
        const simple = SIMPLE_ESCAPES[e];
        if (simple === undefined) fail(`invalid escape sequence: ${JSON.stringify(e)}`);
        out += simple;
      }
      significant = out.length;
    }
  }
  if (mode === 'double') fail('unmatched "');
  if (mode === 'single') fail("unmatched '");
  return out;
}

/** Reads `XXXX` (and a following `\uXXXX` low surrogate) at `at`; returns the text and the characters used. */
function unicodeEscape(value: string, at: number, fail: (detail: string) => never): [string, number] {
  const hex = (from: number): number => {
    const digits = value.slice(from, from + 4);
    if (digits.length < 4) fail('incomplete hex sequence');
    const bad = /[^0-9a-fA-F]/.exec(digits);
    if (bad !== null) fail(`invalid hex character: ${JSON.stringify(bad[0])}`);
    return parseInt(digits, 16);
  };
  const high = hex(at);
  if (high < 0xd800 || high > 0xdfff) return [String.fromCharCode(high), 4];
  if (value.slice(at + 4, at + 6) !== '\\u') fail('incomplete Unicode surrogate pair');
  const low = hex(at + 6);
  // Go's utf16.DecodeRune yields U+FFFD for a pair that is not high-then-low.
  const valid = high < 0xdc00 && low >= 0xdc00 && low <= 0xdfff;
  return [valid ? String.fromCharCode(high, low) : '\uFFFD', 10];
}
