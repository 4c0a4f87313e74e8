import type { Matcher } from '@seahawks/model';
import { compileMatcher, describeError } from '@seahawks/model';

/** What the parser learns from a label matcher: whether it is valid and matches "". */
export type MatcherInspection =
  { readonly ok: true; readonly matchesEmpty: boolean } | { readonly ok: false; readonly error: string };

/**
 * Inspects a matcher with the model's regular expressions. Regular expressions in PromQL are
 * RE2; where JavaScript lacks an RE2 form (inline flags `(?i)`, `(?i:...)`, `(?P<name>...)`,
 * `\z`, `\A`, `\Q...\E`) the expression is checked in a rewritten form instead, so valid
 * queries are not refused here; evaluating them is the matcher's concern.
 */
export function inspectMatcher(m: Matcher): MatcherInspection {
  try {
    return { ok: true, matchesEmpty: compileMatcher(m).matches('') };
  } catch (err) {
    const rewritten = rewriteRe2(m.value);
    if (rewritten === undefined) return { ok: false, error: describeError(err) };
    const matches = rewritten.test('');
    return { ok: true, matchesEmpty: m.type === '=~' ? matches : !matches };
  }
}

/** An approximation of the RE2 expression in JavaScript, or undefined if even that is invalid. */
function rewriteRe2(source: string): RegExp | undefined {
  let out = '';
  let caseless = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const rest = source.slice(i);
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      if (!inClass && e === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const literal = source.slice(i + 2, end < 0 ? undefined : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? source.length : end + 1;
        continue;
      }
      out += !inClass && e === 'z' ? '$' : !inClass && e === 'A' ? '^' : c + e;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      // A leading `]` is literal in RE2 but closes an empty class in JavaScript.
      if (source[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    const flags = /^\(\?([imsU]*)(?:-[imsU]*)?([:)])/.exec(rest);
    if (flags !== null && flags[0] !== '(?:') {
      if (flags[1]!.includes('i')) caseless = true;
      out += flags[2] === ':' ? '(?:' : '';
      i += flags[0].length - 1;
      continue;
    }
    if (rest.startsWith('(?P<')) {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  try {
    return new RegExp(`^(?:${out})$`, caseless ? 'si' : 's');
  } catch {
    // Invalid in both dialects: the caller reports the model's message.
    return undefined;
  }
}
