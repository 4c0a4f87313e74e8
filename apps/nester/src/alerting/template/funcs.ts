// The functions alert templates may call: Go's text/template built-ins and Prometheus' own
// (humanize*, title, toUpper, match, reReplaceAll, …), with Prometheus' exact output.
// Functions that need a query result (`query`, `first`, `label`, …) are listed as unsupported
// so that a rule file using them is refused at validation, not half-expanded at 3 a.m.
import { formatG } from './go-format.js';
import { sprintf } from './printf.js';
import { goType, isTemplateMap, printValue, truthy } from './values.js';
import type { TemplateValue } from './values.js';

type Fn = (args: readonly TemplateValue[]) => TemplateValue;

/** Thrown inside a function; the executor words it as Go does (`error calling f: …`). */
export class FunctionError extends Error {}

/** Prometheus' `convertToFloat`: numbers, numeric strings. */
function toFloat(v: TemplateValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const n = Number(v.trim());
    if (v.trim() === '' || Number.isNaN(n)) {
      if (/^[+-]?(nan|inf(inity)?)$/i.test(v.trim())) return parseSpecial(v.trim());
      throw new FunctionError(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
    }
    return n;
  }
  throw new FunctionError(`can't convert ${goType(v)} to float`);
}

function parseSpecial(s: string): number {
  if (/nan/i.test(s)) return NaN;
  return s.startsWith('-') ? -Infinity : Infinity;
}

function arity(name: string, args: readonly TemplateValue[], n: number): void {
  if (args.length !== n)
    throw new FunctionError(`wrong number of args for ${name}: want ${n} got ${args.length}`);
}

function scaled(v: number, steps: readonly string[], base: number, up: boolean): [number, string] {
  let prefix = '';
  for (const p of steps) {
    if (up ? Math.abs(v) < base : Math.abs(v) >= 1) break;
    prefix = p;
    v = up ? v / base : v * base;
  }
  return [v, prefix];
}

const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return formatG(v, 4);
  const [x, p] =
    Math.abs(v) >= 1
      ? scaled(v, ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'], 1000, true)
      : scaled(v, SMALL, 1000, false);
  return `${formatG(x, 4)}${p}`;
}

function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return formatG(v, 4);
  const [x, p] = scaled(v, ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'], 1024, true);
  return `${formatG(x, 4)}${p}`;
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return formatG(v, 4);
  if (v === 0) return `${formatG(v, 4)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const a = Math.abs(v);
    const d = Math.trunc(a);
    const [s, m, h, days] = [
      d % 60,
      Math.trunc(d / 60) % 60,
      Math.trunc(d / 3600) % 24,
      Math.trunc(d / 86400),
    ];
    if (days !== 0) return `${sign}${days}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return `${sign}${formatG(a, 4)}s`;
  }
  const [x, p] = scaled(v, SMALL, 1000, false);
  return `${formatG(x, 4)}${p}s`;
}

/** Go's `fmt.Sprint(time.Time)` of a UTC time: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
function goTime(seconds: number): string {
  const ns = BigInt(Math.trunc(seconds * 1e9));
  const ms = Number(ns / 1_000_000n) - (ns % 1_000_000n < 0n ? 1 : 0);
  const iso = new Date(ms).toISOString();
  const frac = ((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  const fracText = frac === 0n ? '' : `.${frac.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fracText} +0000 UTC`;
}

/** Go's `strings.Title`: the first letter of each word upper-cased. */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase());
}

/** Converts a Go RE2 replacement (`$1`, `${name}`) into JavaScript's (`$1`, `$<name>`). */
function goReplacement(repl: string): string {
  return repl.replace(/\$\$|\$\{(\w+)\}|\$(\w+)/g, (m, braced?: string, bare?: string) => {
    if (m === '$$') return '$$';
    const name = braced ?? bare!;
    return /^\d+$/.test(name) ? `$${name}` : `$<${name}>`;
  });
}

function compare(name: string, a: TemplateValue, b: TemplateValue): number {
  const ka = typeof a;
  const kb = typeof b;
  if (ka !== kb || !['string', 'number', 'bigint', 'boolean'].includes(ka))
    throw new FunctionError(`incompatible types for comparison`);
  if (ka === 'boolean' && name !== 'eq' && name !== 'ne')
    throw new FunctionError(`invalid type for comparison`);
  return a! < b! ? -1 : a! > b! ? 1 : a === b ? 0 : NaN;
}

const str = (v: TemplateValue): string => (typeof v === 'string' ? v : printValue(v));

export const FUNCTIONS: ReadonlyMap<string, Fn> = new Map<string, Fn>([
  ['and', (a) => a.find((v) => !truthy(v)) ?? a[a.length - 1] ?? null],
  ['or', (a) => a.find((v) => truthy(v)) ?? a[a.length - 1] ?? null],
  ['not', (a) => (arity('not', a, 1), !truthy(a[0]!))],
  ['eq', (a) => a.slice(1).some((b) => compare('eq', a[0]!, b) === 0)],
  ['ne', (a) => (arity('ne', a, 2), compare('ne', a[0]!, a[1]!) !== 0)],
  ['lt', (a) => (arity('lt', a, 2), compare('lt', a[0]!, a[1]!) < 0)],
  ['le', (a) => (arity('le', a, 2), compare('le', a[0]!, a[1]!) <= 0)],
  ['gt', (a) => (arity('gt', a, 2), compare('gt', a[0]!, a[1]!) > 0)],
  ['ge', (a) => (arity('ge', a, 2), compare('ge', a[0]!, a[1]!) >= 0)],
  ['len', (a) => (arity('len', a, 1), BigInt(lengthOf(a[0]!)))],
  ['index', (a) => index(a)],
  ['print', (a) => a.map(printValue).join('')],
  ['println', (a) => `${a.map(printValue).join(' ')}\n`],
  ['printf', (a) => sprintf(str(a[0] ?? ''), a.slice(1))],
  [
    'html',
    (a) =>
      a
        .map(str)
        .join('')
        .replace(/[&<>"'\0]/g, (c) => HTML_ESCAPES[c]!),
  ],
  ['urlquery', (a) => encodeURIComponent(a.map(str).join('')).replace(/%20/g, '+')],
  ['humanize', (a) => (arity('humanize', a, 1), humanize(toFloat(a[0]!)))],
  ['humanize1024', (a) => (arity('humanize1024', a, 1), humanize1024(toFloat(a[0]!)))],
  ['humanizeDuration', (a) => (arity('humanizeDuration', a, 1), humanizeDuration(toFloat(a[0]!)))],
  ['humanizePercentage', (a) => (arity('humanizePercentage', a, 1), `${formatG(toFloat(a[0]!) * 100, 4)}%`)],
  ['humanizeTimestamp', (a) => humanizeTimestamp(toFloat(a[0]!))],
  ['title', (a) => title(str(a[0]!))],
  ['toUpper', (a) => str(a[0]!).toUpperCase()],
  ['toLower', (a) => str(a[0]!).toLowerCase()],
  ['match', (a) => new RegExp(str(a[0]!), 'u').test(str(a[1]!))],
  ['reReplaceAll', (a) => str(a[2]!).replace(new RegExp(str(a[0]!), 'gu'), goReplacement(str(a[1]!)))],
  ['safeHtml', (a) => str(a[0]!)],
  ['stripPort', (a) => stripPort(str(a[0]!))],
  ['stripDomain', (a) => stripDomain(str(a[0]!))],
]);

function humanizeTimestamp(v: number): string {
  if (!Number.isFinite(v)) return formatG(v, 4);
  return goTime(v);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
  '\0': '\uFFFD',
};

function lengthOf(v: TemplateValue): number {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (isTemplateMap(v)) return v.size;
  if (Array.isArray(v)) return v.length;
  throw new FunctionError(`len of type ${goType(v)}`);
}

function index(a: readonly TemplateValue[]): TemplateValue {
  let v = a[0] ?? null;
  for (const k of a.slice(1)) {
    if (isTemplateMap(v)) v = v.get(str(k)) ?? '';
    else if (Array.isArray(v) && typeof k === 'bigint') v = (v as TemplateValue[])[Number(k)] ?? null;
    else throw new FunctionError(`can't index item of type ${goType(v)}`);
  }
  return v;
}

function stripPort(hostPort: string): string {
  const m = /^\[([^\]]+)\](?::\d*)?$/.exec(hostPort) ?? /^([^:]*):\d*$/.exec(hostPort);
  return m ? m[1]! : hostPort;
}

function stripDomain(hostPort: string): string {
  const m = /^(\[[^\]]+\]|[^:]*)(:\d*)?$/.exec(hostPort);
  if (!m || m[1]!.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(m[1]!)) return hostPort;
  return m[1]!.split('.')[0]! + (m[2] ?? '');
}

/** Go and Prometheus functions Seahawks does not implement; using one fails validation. */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  'query',
  'first',
  'label',
  'value',
  'strvalue',
  'sortByLabel',
  'args',
  'tmpl',
  'graphLink',
  'tableLink',
  'pathPrefix',
  'externalURL',
  'parseDuration',
  'toTime',
  'js',
  'slice',
  'call',
]);
