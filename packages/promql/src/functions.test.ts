import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ValueType } from './ast.js';
import { argumentCount, argumentType, FUNCTIONS, getFunction } from './functions.js';
import { parseExpr } from './parser.js';
import { valueTypeOf } from './check.js';

describe('function table', () => {
  it('has every function of the brief', () => {
    const names = `abs absent absent_over_time avg_over_time ceil changes clamp clamp_max clamp_min
      count_over_time days_in_month day_of_month day_of_week day_of_year delta deriv exp floor
      histogram_quantile holt_winters double_exponential_smoothing hour idelta increase irate
      label_join label_replace last_over_time ln log10 log2 max_over_time min_over_time minute month
      predict_linear present_over_time quantile_over_time rate resets round scalar sgn sort sort_desc
      sort_by_label sort_by_label_desc sqrt stddev_over_time stdvar_over_time sum_over_time time
      timestamp vector year sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh deg rad pi
      mad_over_time`.split(/\s+/);
    assert.deepEqual(
      names.filter((n) => getFunction(n) === undefined),
      [],
    );
    assert.equal(getFunction('info'), undefined);
    assert.equal(getFunction('histogram_count'), undefined);
  });

  it('names each entry by its key', () => {
    for (const [name, fn] of FUNCTIONS) assert.equal(fn.name, name);
  });

  const counts: Array<[name: string, min: number, max: number]> = [
    ['rate', 1, 1],
    ['time', 0, 0],
    ['round', 1, 2],
    ['hour', 0, 1],
    ['label_join', 3, Infinity],
    ['sort_by_label', 1, Infinity],
    ['label_replace', 5, 5],
  ];
  for (const [name, min, max] of counts) {
    it(`counts arguments of ${name}`, () =>
      assert.deepEqual(argumentCount(getFunction(name)!), { min, max }));
  }

  it('types arguments, repeating the last of a variadic function', () => {
    const join = getFunction('label_join')!;
    assert.deepEqual(
      [0, 1, 5].map((i) => argumentType(join, i)),
      ['vector', 'string', 'string'],
    );
    assert.equal(argumentType(getFunction('rate')!, 1), undefined);
  });
});

describe('valueTypeOf', () => {
  const cases: Array<[query: string, type: ValueType]> = [
    ['1', 'scalar'],
    ['"a"', 'string'],
    ['x', 'vector'],
    ['x[5m]', 'matrix'],
    ['rate(x[5m])[1h:]', 'matrix'],
    ['time()', 'scalar'],
    ['scalar(x) * 2', 'scalar'],
    ['x * 2', 'vector'],
    ['-(1 + 2)', 'scalar'],
    ['sum(x)', 'vector'],
    ['count_values("v", x)', 'vector'],
  ];
  for (const [query, type] of cases) {
    it(query, () => assert.equal(valueTypeOf(parseExpr(query)), type));
  }
});
