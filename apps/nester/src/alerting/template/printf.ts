// Go's fmt.Sprintf for the verbs alert templates use: %v %s %d %f %e %g %q %x %t %% with flags
// (- + 0 space), width and precision. Wrong kinds print as Go does (`%!d(float64=1.5)`).
import { formatE, formatF, formatG } from './go-format.js';
import { goType, printValue } from './values.js';
import type { TemplateValue } from './values.js';

const SPEC_RE = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;

export function sprintf(format: string, args: readonly TemplateValue[]): string {
  let n = 0;
  let out = format.replace(SPEC_RE, (_all, flags: string, width?: string, prec?: string, verb?: string) => {
    if (verb === '%') return '%';
    if (n >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[n++]!;
    const precision = prec === undefined ? undefined : prec === '' ? 0 : Number(prec);
    const text = formatOne(verb!, arg, flags, precision);
    return pad(text, flags, width === undefined ? 0 : Number(width), verb!);
  });
  if (n < args.length) {
    out += `%!(EXTRA ${args
      .slice(n)
      .map((a) => `${goType(a)}=${printValue(a)}`)
      .join(', ')})`;
  }
  return out;
}

function bad(verb: string, arg: TemplateValue): string {
  return `%!${verb}(${goType(arg)}=${printValue(arg)})`;
}

function withSign(text: string, flags: string): string {
  if (text.startsWith('-') || text === 'NaN' || text.startsWith('+')) return text;
  if (flags.includes('+')) return `+${text}`;
  if (flags.includes(' ')) return ` ${text}`;
  return text;
}

function formatOne(verb: string, arg: TemplateValue, flags: string, prec: number | undefined): string {
  switch (verb) {
    case 'v':
      return typeof arg === 'number' ? withSign(formatG(arg, prec), flags) : printValue(arg);
    case 's':
      if (typeof arg === 'string') return prec === undefined ? arg : [...arg].slice(0, prec).join('');
      return typeof arg === 'number' || typeof arg === 'bigint' ? bad(verb, arg) : printValue(arg);
    case 'q':
      return typeof arg === 'string' ? JSON.stringify(arg) : bad(verb, arg);
    case 't':
      return typeof arg === 'boolean' ? String(arg) : bad(verb, arg);
    case 'd':
      return typeof arg === 'bigint' ? withSign(arg.toString(), flags) : bad(verb, arg);
    case 'x':
    case 'X': {
      let text: string;
      if (typeof arg === 'bigint') text = arg.toString(16);
      else if (typeof arg === 'string') text = Buffer.from(arg, 'utf8').toString('hex');
      else return bad(verb, arg);
      return verb === 'X' ? text.toUpperCase() : text;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      const v = typeof arg === 'number' ? arg : undefined;
      if (v === undefined) return bad(verb, arg);
      const lower = verb.toLowerCase();
      const text = lower === 'f' ? formatF(v, prec) : lower === 'e' ? formatE(v, prec) : formatG(v, prec);
      return withSign(verb === 'E' || verb === 'G' ? text.toUpperCase() : text, flags);
    }
    default:
      return bad(verb, arg);
  }
}

function pad(text: string, flags: string, width: number, verb: string): string {
  const len = [...text].length;
  if (len >= width) return text;
  const fill = width - len;
  if (flags.includes('-')) return text + ' '.repeat(fill);
  const numeric = 'dfFeEgGxXv'.includes(verb) && /^[+\- ]?[0-9]/.test(text);
  if (flags.includes('0') && numeric) {
    const signChar = /^[+\- ]/.test(text) ? text[0]! : '';
    return signChar + '0'.repeat(fill) + text.slice(signChar.length);
  }
  return ' '.repeat(fill) + text;
}
