// Values inside a template, with Go's kinds kept apart where templates can tell them apart:
// an integer literal is a `bigint` (Go int), a sample value a `number` (Go float64), so that
// `gt $value 80` fails as in Go ("incompatible types for comparison") while `gt $value 80.0` works.
import { formatFloatV } from './go-format.js';

/** A Go map (labels, external labels) with string values. */
export type TemplateMap = ReadonlyMap<string, TemplateValue>;

export type TemplateValue =
  string | number | bigint | boolean | TemplateMap | readonly TemplateValue[] | null;

/** Narrows to a map; `instanceof Map` alone would type its entries as any. */
export function isTemplateMap(v: TemplateValue): v is TemplateMap {
  return v instanceof Map;
}

/** Go's `fmt.Sprint` of one value, as `{{ x }}` prints it. */
export function printValue(v: TemplateValue): string {
  if (v === null) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloatV(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (isTemplateMap(v)) {
    const keys = [...v.keys()].sort();
    return `map[${keys.map((k) => `${k}:${printNested(v.get(k) ?? null)}`).join(' ')}]`;
  }
  return `[${v.map(printNested).join(' ')}]`;
}

function printNested(v: TemplateValue): string {
  return v === null ? '<nil>' : printValue(v);
}

/** Go templates' notion of true: not false, 0, nil, or empty. */
export function truthy(v: TemplateValue): boolean {
  if (v === null) return false;
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'boolean') return v;
  if (isTemplateMap(v)) return v.size > 0;
  return v.length > 0;
}

/** Go's type name of a value, for error messages. */
export function goType(v: TemplateValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (isTemplateMap(v)) return 'map[string]string';
  return '[]interface {}';
}

/** A record of labels as the map templates index with `.name`. */
export function labelMap(record: Readonly<Record<string, string>>): TemplateMap {
  return new Map(Object.entries(record));
}
