import { readFileSync } from 'node:fs';
import { parseExpr } from './packages/promql/src/index.ts';
const cases = JSON.parse(readFileSync('/tmp/prom_errs.json', 'utf8')) as { input: string; err: string; start: number | null }[];
const extra = ['sum(1 +)', 'sum by (a) x', 'rate(1 +)', 'foo +\n  bar{', '"é" +', 'x[5m:1m', 'x[5m 5m]', 'x[5m:1m 1m]', 'foo offset', 'foo @ bar', 'foo @ start(', 'sum(x) by foo', 'sum by (a b) (x)', 'foo{a="b" c="d"}', 'foo{a=}', 'foo{=}', 'a + fill(0) b', 'x[1m] anchored', 'a </ b', 'x[step()]', 'rate(x[5m], 1)', 'round(x, 1, 2)', 'label_join(x, "a")', 'clamp(x, 1)', 'histogram_quantile(x, y)', 'sort_by_label(x, 1)', 'foo[5m] offset 1m offset 2m', 'foo @ 1 @ 2', 'x[5m][1h:]', 'rate(x[5m:1m] @ 1 @ 2)', 'foo and on(a) group_left b', '"a" + 1', 'x + y[5m]', 'abs("a")', 'sum("a")', 'quantile("a", x)', 'holt_winters(x[5m], 0.5, 0.5)', 'foo{a=~"("}', 'foo{a=~"(?i)x"}', '{a=~"(?i).*"}', 'vector(1) == bool 1 ', 'time() > time()', 'a[5m] + 1', '-"a"', 'foo[0]', 'foo[1s-2s]', 'foo offset (1m/0)', '1 @ 5', '1 offset 5m', 'sum(x) offset 1m', 'RATE(x[5m])', 'a:b(x)', 'min_of(1, 2)', 'foo bar', 'foo )', '(foo', 'foo}', 'foo]', '[5m]', ':', 'foo[5m:1m:]', 'foo{a="b"', 'foo[5m', 'sum without(foo) by (bar) (x)', 'x @ 1e30', "'unterminated", '1 + # comment only'];
const all = [...cases.map((c) => c.input), ...extra];
for (const q of all) {
  try { parseExpr(q); console.log(`OK ${JSON.stringify(q)}`); } catch (e) { console.log(`    [${JSON.stringify(q)}, ${JSON.stringify((e as Error).message)}],`); }
}
