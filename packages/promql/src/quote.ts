// Go's quoting, reproduced because Prometheus' messages and canonical output use it
// (`%q`, `%#U`, strconv.Quote) and PromQL strings use Go's escapes.

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
  92: '\\\\',
};

function escapeCodePoint(cp: number, quote: string): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote) return `\\${quote}`;
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return short;
  if (PRINTABLE.test(ch)) return ch;
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  return cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Go's `strconv.Quote` (and `%q` of a string): double quotes, Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeCodePoint(ch.codePointAt(0)!, '"');
  return `${out}"`;
}

/** Go's `%.10q...` as used for long tokens in "unexpected" messages. */
export function goQuoteShort(s: string): string {
  const chars = [...s];
  return chars.length > 10 ? `${goQuote(chars.slice(0, 10).join(''))}...` : goQuote(s);
}

/** Go's `%q` of a rune: single quotes; end of input shows as the replacement character. */
export function goQuoteRune(cp: number): string {
  return `'${escapeCodePoint(cp < 0 ? 0xfffd : cp, "'")}'`;
}

/** Go's `%#U` of a rune: `U+0063 'c'`, without the character when it is not printable. */
export function goUnicode(cp: number): string {
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(cp);
  return PRINTABLE.test(ch) ? `${code} '${ch}'` : code;
}

const ESCAPED: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
};

/**
 * Decodes a string token, quotes included, that the lexer has already validated. As in Go,
 * `\xNN` and octal escapes are bytes: the result is the UTF-8 decoding of all bytes, with
 * invalid sequences replaced by U+FFFD.
 */
export function unquote(token: string): string {
  const body = token.slice(1, -1);
  if (token.startsWith('`') || !body.includes('\\')) return body;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const pushText = (s: string): void => {
    for (const b of encoder.encode(s)) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      pushText(String.fromCodePoint(cp));
      if (cp > 0xffff) i++;
      continue;
    }
    const e = body[++i]!;
    if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      pushText(String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16)));
      i += n;
    } else if (e >= '0' && e <= '7') {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(ESCAPED[e] ?? e.charCodeAt(0));
    }
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}
