import type { Matcher } from '@seahawks/model';
import { formatDuration, isValidLabelName, isValidMetricName, METRIC_NAME } from '@seahawks/model';
import type { AtModifier, BinaryExpr, Expr, VectorMatching, VectorSelector } from './ast.js';
import { goQuote } from './quote.js';

const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};
const POW = 6;

/**
 * Formats an expression as canonical PromQL, in Prometheus' style (`sum by (job) (rate(x[5m]))`,
 * `a + on (l) group_left () b`). `parseExpr(formatExpr(e))` equals `e` apart from positions.
 * Parentheses missing from a hand-built tree are added where precedence needs them.
 */
export function formatExpr(expr: Expr): string {
  switch (expr.type) {
    case 'number':
      return formatNumber(expr.value);
    case 'string':
      return goQuote(expr.value);
    case 'vectorSelector':
      return formatSelector(expr) + suffix(expr.at, expr.offsetMs);
    case 'matrixSelector':
      return `${formatSelector(expr.selector)}[${formatDuration(expr.rangeMs)}]${suffix(expr.selector.at, expr.selector.offsetMs)}`;
    case 'subquery': {
      const step = expr.stepMs === 0 ? '' : formatDuration(expr.stepMs);
      const range = `[${formatDuration(expr.rangeMs)}:${step}]`;
      return `${formatOperand(expr.expr, isPostfixSafe(expr.expr))}${range}${suffix(expr.at, expr.offsetMs)}`;
    }
    case 'call':
      return `${expr.func}(${expr.args.map(formatExpr).join(', ')})`;
    case 'aggregate': {
      const args =
        expr.param === undefined
          ? formatExpr(expr.expr)
          : `${formatExpr(expr.param)}, ${formatExpr(expr.expr)}`;
      if (expr.without) return `${expr.op} without (${formatLabels(expr.grouping)}) (${args})`;
      if (expr.grouping.length > 0) return `${expr.op} by (${formatLabels(expr.grouping)}) (${args})`;
      return `${expr.op}(${args})`;
    }
    case 'binary':
      return formatBinary(expr);
    case 'unary':
      // A sign applies to everything up to the next operator looser than `^`.
      return `${expr.op}${formatOperand(expr.expr, bindsTighter(expr.expr, POW))}`;
    case 'paren':
      return `(${formatExpr(expr.expr)})`;
  }
}

function formatOperand(expr: Expr, bare: boolean): string {
  return bare ? formatExpr(expr) : `(${formatExpr(expr)})`;
}

/**
 * Whether an operand prints without parentheses where only operators binding at least as
 * tightly as `minPrecedence` may appear bare. A leading sign binds like `*`, so it needs
 * parentheses only left of `^` (where `minPrecedence` is beyond `^`).
 */
function bindsTighter(expr: Expr, minPrecedence: number): boolean {
  if (expr.type === 'binary') return PRECEDENCE[expr.op]! >= minPrecedence;
  if (expr.type === 'unary' || isNegative(expr)) return minPrecedence <= POW;
  return true;
}

function isNegative(expr: Expr): boolean {
  return expr.type === 'number' && (expr.value < 0 || Object.is(expr.value, -0));
}

/** Whether a `[...]`, `offset` or `@` written after the expression applies to all of it. */
function isPostfixSafe(expr: Expr): boolean {
  return expr.type !== 'binary' && expr.type !== 'unary' && !isNegative(expr);
}

function formatBinary(expr: BinaryExpr): string {
  const precedence = PRECEDENCE[expr.op]!;
  // `^` is right-associative, everything else left-associative.
  const right = expr.op === '^';
  const lhs = formatOperand(expr.lhs, bindsTighter(expr.lhs, right ? precedence + 1 : precedence));
  const rhs = formatOperand(expr.rhs, bindsTighter(expr.rhs, right ? precedence : precedence + 1));
  const bool = expr.returnBool ? ' bool' : '';
  return `${lhs} ${expr.op}${bool}${formatMatching(expr.matching)} ${rhs}`;
}

function formatMatching(m: VectorMatching | undefined): string {
  if (m === undefined) return '';
  const grouped = m.card === 'many-to-one' || m.card === 'one-to-many';
  let out = '';
  if (m.labels.length > 0 || m.on || grouped) {
    out += ` ${m.on ? 'on' : 'ignoring'} (${formatLabels(m.labels)})`;
  }
  if (grouped) {
    out += ` ${m.card === 'many-to-one' ? 'group_left' : 'group_right'} (${formatLabels(m.include)})`;
  }
  return out;
}

/** Words the grammar does not take for a metric name outside braces or a grouping label. */
const NOT_A_NAME = new Set(['bool', 'on', 'ignoring', 'group_left', 'group_right', 'atan2', 'inf', 'nan']);

function formatLabels(labels: readonly string[]): string {
  const bare = (l: string): boolean =>
    isValidLabelName(l) && l.toLowerCase() !== 'without' && !isNumberWord(l);
  return labels.map((l) => (bare(l) ? l : goQuote(l))).join(', ');
}

function isNumberWord(word: string): boolean {
  const lower = word.toLowerCase();
  return lower === 'inf' || lower === 'nan';
}

function formatSelector(vs: VectorSelector): string {
  const first = vs.matchers[0];
  const nameOutside =
    vs.name !== undefined &&
    isValidMetricName(vs.name) &&
    !NOT_A_NAME.has(vs.name.toLowerCase()) &&
    first !== undefined &&
    isNameMatcher(first, vs.name) &&
    !vs.matchers.slice(1).some((m) => m.name === METRIC_NAME);
  const rest = nameOutside ? vs.matchers.slice(1) : vs.matchers;
  const braces = rest.length > 0 || !nameOutside ? `{${rest.map(formatMatcher).join(',')}}` : '';
  return `${nameOutside ? vs.name : ''}${braces}`;
}

function isNameMatcher(m: Matcher, name: string): boolean {
  return m.name === METRIC_NAME && m.type === '=' && m.value === name;
}

function formatMatcher(m: Matcher): string {
  const name = isValidLabelName(m.name) ? m.name : goQuote(m.name);
  return `${name}${m.type}${goQuote(m.value)}`;
}

function suffix(at: AtModifier | undefined, offsetMs: number): string {
  let out = '';
  if (at !== undefined) out += ` @ ${at.kind === 'time' ? (at.ms / 1000).toFixed(3) : `${at.kind}()`}`;
  if (offsetMs > 0) out += ` offset ${formatDuration(offsetMs)}`;
  if (offsetMs < 0) out += ` offset -${formatDuration(-offsetMs)}`;
  return out;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Inf';
  if (n === -Infinity) return '-Inf';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}
