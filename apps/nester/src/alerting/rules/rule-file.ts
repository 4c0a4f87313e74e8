// Reads a Prometheus rule file (YAML: `groups`, each with `name`, `interval`, `limit`, `rules`)
// and checks it as `promtool check rules` does: unknown fields, durations, names, expressions,
// labels, annotations and their templates. Every problem is collected with its line, group and
// rule, so a person fixes the file in one pass; a file with any problem is refused whole.
import { isValidLabelName, isValidMetricName, parseDuration } from '@seahawks/model';
import { parseExpr, PromQLParseError, valueTypeOf } from '@seahawks/promql';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { TemplateError } from '../template/errors.js';
import { checkAlertTemplate } from '../template/alert-template.js';
import type { RuleFileProblem, RuleGroupSpec, RuleSpec } from './rule-types.js';

const GROUP_FIELDS = new Set(['name', 'interval', 'limit', 'rules']);
const RULE_FIELDS = new Set(['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

export type RuleFileResult =
  | { readonly ok: true; readonly groups: RuleGroupSpec[] }
  | { readonly ok: false; readonly problems: RuleFileProblem[] };

class Collector {
  readonly problems: RuleFileProblem[] = [];
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}
  line(node: Node | Pair | null | undefined): number | undefined {
    if (!node) return undefined;
    const range = isPair(node) ? (node.key as Node | null)?.range : node.range;
    return range ? this.lines.linePos(range[0]).line : undefined;
  }
  add(node: Node | Pair | null | undefined, reason: string, group?: string, rule?: string): void {
    this.problems.push({ file: this.file, line: this.line(node), group, rule, reason });
  }
}

/** Parses and validates rule file `text`, named `file` in messages and in the API. */
export function parseRuleFile(file: string, text: string): RuleFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const c = new Collector(file, lines);
  for (const e of doc.errors) {
    c.problems.push({
      file,
      line: lines.linePos(e.pos[0]).line,
      group: undefined,
      rule: undefined,
      reason: e.message.split('\n')[0]!,
    });
  }
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === '')))
    return { ok: true, groups: [] };
  if (!isMap(root)) {
    c.add(root, 'a rule file is a mapping with a "groups" list');
    return { ok: false, problems: c.problems };
  }
  for (const pair of root.items) {
    const key = keyOf(pair);
    if (key !== 'groups') c.add(pair, `field ${key} not found in type rulefmt.RuleGroups`);
  }
  const groupsNode = root.get('groups', true) as Node | undefined;
  const groups: RuleGroupSpec[] = [];
  if (groupsNode !== undefined && !(isScalar(groupsNode) && groupsNode.value === null)) {
    if (!isSeq(groupsNode)) c.add(groupsNode, '"groups" must be a list');
    else {
      const seen = new Set<string>();
      for (const g of groupsNode.items as Node[]) {
        const spec = parseGroup(g, c, seen);
        if (spec) groups.push(spec);
      }
    }
  }
  return c.problems.length > 0 ? { ok: false, problems: c.problems } : { ok: true, groups };
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function fieldsOf(
  map: YAMLMap,
  allowed: Set<string>,
  type: string,
  c: Collector,
  group?: string,
  rule?: string,
): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of map.items) {
    const key = keyOf(pair);
    if (!allowed.has(key)) c.add(pair, `field ${key} not found in type rulefmt.${type}`, group, rule);
    else out.set(key, pair);
  }
  return out;
}

/** The text of a scalar YAML value (numbers and booleans as written); undefined otherwise. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function stringValue(pair: Pair | undefined): string | undefined {
  if (!pair) return undefined;
  const v = pair.value;
  return isScalar(v) ? scalarText(v.value) : undefined;
}

function durationOf(
  pair: Pair | undefined,
  what: string,
  c: Collector,
  group?: string,
  rule?: string,
): number | undefined {
  const text = stringValue(pair);
  if (pair === undefined) return undefined;
  if (text === undefined || text === '') {
    c.add(pair, `${what}: not a valid duration string: ""`, group, rule);
    return undefined;
  }
  if (text === '0') return 0;
  try {
    return parseDuration(text);
  } catch {
    c.add(pair, `${what}: not a valid duration string: "${text}"`, group, rule);
    return undefined;
  }
}

function parseGroup(node: Node, c: Collector, seen: Set<string>): RuleGroupSpec | undefined {
  if (!isMap(node)) {
    c.add(node, 'each group must be a mapping with "name" and "rules"');
    return undefined;
  }
  const f = fieldsOf(node, GROUP_FIELDS, 'RuleGroup', c);
  const name = stringValue(f.get('name')) ?? '';
  if (name === '') c.add(node, 'Groupname must not be empty');
  else if (seen.has(name)) c.add(f.get('name'), `groupname: "${name}" is repeated in the same file`, name);
  seen.add(name);
  const g = name === '' ? undefined : name;
  const intervalMs = durationOf(f.get('interval'), 'interval', c, g);
  if (intervalMs === 0) c.add(f.get('interval'), 'interval must be greater than 0', g);
  let limit = 0;
  const limitPair = f.get('limit');
  if (limitPair) {
    const v = isScalar(limitPair.value) ? limitPair.value.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      c.add(limitPair, 'limit must be a non-negative integer', g);
    else limit = v;
  }
  const rulesNode = f.get('rules')?.value as Node | undefined;
  const rules: RuleSpec[] = [];
  if (rulesNode !== undefined && !(isScalar(rulesNode) && rulesNode.value === null)) {
    if (!isSeq(rulesNode)) c.add(rulesNode, '"rules" must be a list', g);
    else {
      for (const r of rulesNode.items as Node[]) {
        const spec = parseRule(r, c, g);
        if (spec) rules.push(spec);
      }
    }
  }
  return { name, file: c.file, intervalMs: intervalMs === 0 ? undefined : intervalMs, limit, rules };
}

function stringMap(
  pair: Pair | undefined,
  what: 'label' | 'annotation',
  c: Collector,
  g?: string,
  r?: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!pair || (isScalar(pair.value) && pair.value.value === null)) return out;
  if (!isMap(pair.value)) {
    c.add(pair, `${what}s must be a mapping of names to strings`, g, r);
    return out;
  }
  for (const item of pair.value.items) {
    const key = keyOf(item);
    if (!isValidLabelName(key)) c.add(item, `invalid ${what} name: ${key}`, g, r);
    const value = isScalar(item.value)
      ? item.value.value === null
        ? ''
        : scalarText(item.value.value)
      : undefined;
    if (value === undefined) c.add(item, `${what} ${key} must be a string`, g, r);
    else out[key] = value;
  }
  return out;
}

function parseRule(node: Node, c: Collector, g: string | undefined): RuleSpec | undefined {
  if (!isMap(node)) {
    c.add(node, 'each rule must be a mapping with "alert" or "record" and "expr"', g);
    return undefined;
  }
  const alert = stringValue(node.items.find((p) => keyOf(p) === 'alert'));
  const record = stringValue(node.items.find((p) => keyOf(p) === 'record'));
  const r = alert ?? record;
  const before = c.problems.length;
  const f = fieldsOf(node, RULE_FIELDS, 'RuleNode', c, g, r);
  const line = c.line(node);
  if (f.has('alert') && f.has('record')) c.add(node, "only one of 'record' and 'alert' must be set", g, r);
  if (!f.has('alert') && !f.has('record')) c.add(node, "one of 'record' or 'alert' must be set", g, r);
  if (f.has('alert') && (alert ?? '') === '') c.add(f.get('alert'), 'alert name must not be empty', g, r);
  const expr = stringValue(f.get('expr')) ?? '';
  let ast;
  if (expr.trim() === '') c.add(f.get('expr') ?? node, "field 'expr' must be set in rule", g, r);
  else {
    try {
      ast = parseExpr(expr);
      const type = valueTypeOf(ast);
      if (type !== 'vector' && type !== 'scalar')
        c.add(
          f.get('expr'),
          `invalid expression type "${type}": rules need an instant vector or a scalar`,
          g,
          r,
        );
    } catch (err) {
      if (!(err instanceof PromQLParseError)) throw err;
      c.add(f.get('expr'), `could not parse expression: ${err.message}`, g, r);
    }
  }
  const labels = stringMap(f.get('labels'), 'label', c, g, r);
  if (f.has('record')) {
    if (record !== undefined && !isValidMetricName(record))
      c.add(f.get('record'), `invalid recording rule name: ${record}`, g, r);
    for (const field of ['annotations', 'for', 'keep_firing_for']) {
      if (f.has(field)) c.add(f.get(field), `invalid field '${field}' in recording rule`, g, r);
    }
    if ('__name__' in labels) c.add(f.get('labels'), 'invalid label name: __name__', g, r);
    if (c.problems.length > before || !ast) return undefined;
    return { kind: 'record', name: record!, expr, ast, labels, line: line ?? 0 };
  }
  const annotations = stringMap(f.get('annotations'), 'annotation', c, g, r);
  const forMs = durationOf(f.get('for'), 'for', c, g, r) ?? 0;
  const keepFiringForMs = durationOf(f.get('keep_firing_for'), 'keep_firing_for', c, g, r) ?? 0;
  for (const [kind, map, pair] of [
    ['label', labels, f.get('labels')],
    ['annotation', annotations, f.get('annotations')],
  ] as const) {
    for (const [k, v] of Object.entries(map)) {
      try {
        checkAlertTemplate(alert ?? '', v);
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        const item = isMap(pair?.value) ? pair.value.items.find((p) => keyOf(p) === k) : pair;
        c.add(item, `${kind} ${k}: ${err.message}`, g, r);
      }
    }
  }
  if (c.problems.length > before || !ast) return undefined;
  return {
    kind: 'alert',
    name: alert!,
    expr,
    ast,
    forMs,
    keepFiringForMs,
    labels,
    annotations,
    line: line ?? 0,
  };
}
