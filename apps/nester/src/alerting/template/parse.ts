// Parses the subset of Go's text/template that alert rules use: text, pipelines with functions,
// fields, variables and literals, `if`/`else if`/`else`, `with`, `range`, trim markers and
// comments. What Go has and Seahawks does not (`define`, `template`, `block`, `break`,
// `continue`, functions such as `query`) is refused with a precise error, never ignored.
import type { Command, Operand, ParsedTemplate, Pipeline, TemplateNode } from './ast.js';
import { TemplateError } from './errors.js';
import { FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './funcs.js';
import { splitActions, tokenize } from './lexer.js';
import type { Token } from './lexer.js';

interface Frame {
  readonly kind: 'if' | 'with' | 'range' | 'root';
  readonly pipe?: Pipeline;
  body: TemplateNode[];
  elseBody?: TemplateNode[];
  /** `else if` nests an `if` that the same `end` closes. */
  readonly chained: boolean;
  readonly vars: Set<string>;
}

/** Parses `text`; `predeclared` are variables the caller defines (Prometheus' `$labels`, …). */
export function parseTemplate(
  name: string,
  text: string,
  predeclared: readonly string[] = [],
): ParsedTemplate {
  const root: Frame = { kind: 'root', body: [], chained: false, vars: new Set(['$', ...predeclared]) };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1]!;
  const out = (): TemplateNode[] => top().elseBody ?? top().body;
  for (const chunk of splitActions(text, name)) {
    if (chunk.kind === 'text') {
      out().push({ kind: 'text', text: chunk.text });
      continue;
    }
    const where = `template: ${name}:${chunk.line}`;
    const tokens = tokenize(chunk.body, where);
    const first = tokens[0];
    if (!first) throw new TemplateError(`${where}: missing value for command`);
    if (first.kind !== 'keyword' || ['nil', 'true', 'false'].includes(first.text)) {
      out().push({ kind: 'action', pipe: parsePipeline(tokens, chunk.line, where, top().vars, true) });
      continue;
    }
    const rest = tokens.slice(1);
    switch (first.text) {
      case 'if':
      case 'with':
      case 'range': {
        const vars = new Set(top().vars);
        const pipe = parsePipeline(rest, chunk.line, where, vars, first.text !== 'if');
        stack.push({ kind: first.text, pipe, body: [], chained: false, vars });
        break;
      }
      case 'else': {
        const f = top();
        if (f.kind === 'root' || f.elseBody) throw new TemplateError(`${where}: unexpected {{else}}`);
        f.elseBody = [];
        const chainedKind = rest[0]?.kind === 'keyword' ? rest[0].text : undefined;
        if (chainedKind === 'if' || chainedKind === 'with') {
          const vars = new Set(top().vars);
          const pipe = parsePipeline(rest.slice(1), chunk.line, where, vars, chainedKind === 'with');
          stack.push({ kind: chainedKind, pipe, body: [], chained: true, vars });
        } else if (rest.length > 0) {
          throw new TemplateError(`${where}: unexpected ${describe(rest[0]!)} in else`);
        }
        break;
      }
      case 'end': {
        if (rest.length > 0) throw new TemplateError(`${where}: unexpected ${describe(rest[0]!)} in end`);
        if (top().kind === 'root') throw new TemplateError(`${where}: unexpected {{end}}`);
        let closed: Frame;
        do {
          closed = stack.pop()!;
          out().push(toNode(closed));
        } while (closed.chained);
        break;
      }
      default:
        throw new TemplateError(`${where}: {{${first.text}}} is not supported in Seahawks templates`);
    }
  }
  if (stack.length > 1) throw new TemplateError(`template: ${name}: unexpected EOF`);
  return { name, nodes: root.body };
}

function toNode(f: Frame): TemplateNode {
  return {
    kind: f.kind as 'if' | 'with' | 'range',
    pipe: f.pipe!,
    body: f.body,
    elseBody: f.elseBody,
  };
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'string':
      return `quoted string`;
    case 'number':
      return `number`;
    default:
      return `"${t.text}"`;
  }
}

/** `[$a [, $b] (:= | =)] command (| command)*`; declares into `vars` when `canDeclare`. */
function parsePipeline(
  tokens: readonly Token[],
  line: number,
  where: string,
  vars: Set<string>,
  canDeclare: boolean,
): Pipeline {
  let rest = tokens;
  let decl: string[] = [];
  let assign: Pipeline['assign'] = 'none';
  const op = rest.findIndex((t) => t.kind === 'punct' && (t.text === ':=' || t.text === '='));
  if (op > 0 && rest.slice(0, op).every((t) => t.kind === 'var' || (t.kind === 'punct' && t.text === ','))) {
    decl = rest.slice(0, op).flatMap((t) => (t.kind === 'var' ? [t.text] : []));
    assign = (rest[op] as { text: string }).text === ':=' ? 'declare' : 'assign';
    if (!canDeclare && decl.length > 1) throw new TemplateError(`${where}: too many declarations in command`);
    rest = rest.slice(op + 1);
    for (const v of decl) {
      if (assign === 'declare') vars.add(v);
      else if (!vars.has(v)) throw new TemplateError(`${where}: undefined variable "${v}"`);
    }
  }
  const commands: Command[] = [];
  let current: Operand[] = [];
  let i = 0;
  while (i < rest.length) {
    const t = rest[i]!;
    if (t.kind === 'punct' && t.text === '|') {
      if (current.length === 0) throw new TemplateError(`${where}: missing command`);
      commands.push({ args: current });
      current = [];
      i++;
      continue;
    }
    const [operand, next] = parseOperand(rest, i, line, where, vars);
    current.push(operand);
    i = next;
  }
  if (current.length === 0) throw new TemplateError(`${where}: missing value for command`);
  commands.push({ args: current });
  return { line, vars: decl, assign, commands };
}

function parseOperand(
  tokens: readonly Token[],
  i: number,
  line: number,
  where: string,
  vars: Set<string>,
): [Operand, number] {
  const t = tokens[i]!;
  const fieldsFrom = (j: number): [string[], number] => {
    const path: string[] = [];
    for (let t = tokens[j]; t?.kind === 'field'; t = tokens[++j]) path.push(t.text);
    return [path, j];
  };
  switch (t.kind) {
    case 'string':
      return [{ kind: 'string', value: t.value }, i + 1];
    case 'number':
      return [{ kind: 'number', value: t.value, isInt: t.isInt }, i + 1];
    case 'field': {
      const [path, j] = fieldsFrom(i);
      return [{ kind: 'dot', path }, j];
    }
    case 'var': {
      if (!vars.has(t.text)) throw new TemplateError(`${where}: undefined variable "${t.text}"`);
      const [path, j] = fieldsFrom(i + 1);
      return [{ kind: 'var', name: t.text, path }, j];
    }
    case 'ident':
      if (UNSUPPORTED_FUNCTIONS.has(t.text))
        throw new TemplateError(`${where}: function "${t.text}" is not supported in Seahawks templates`);
      if (!FUNCTIONS.has(t.text)) throw new TemplateError(`${where}: function "${t.text}" not defined`);
      return [{ kind: 'func', name: t.text }, i + 1];
    case 'keyword':
      if (t.text === 'true' || t.text === 'false') return [{ kind: 'bool', value: t.text === 'true' }, i + 1];
      if (t.text === 'nil') return [{ kind: 'nil' }, i + 1];
      throw new TemplateError(`${where}: unexpected <${t.text}> in operand`);
    case 'punct': {
      if (t.text === '.') return [{ kind: 'dot', path: [] }, i + 1];
      if (t.text !== '(') throw new TemplateError(`${where}: unexpected "${t.text}" in operand`);
      let depth = 0;
      let j = i;
      for (; j < tokens.length; j++) {
        const u = tokens[j]!;
        if (u.kind === 'punct' && u.text === '(') depth++;
        if (u.kind === 'punct' && u.text === ')' && --depth === 0) break;
      }
      if (j >= tokens.length) throw new TemplateError(`${where}: unclosed left paren`);
      const pipe = parsePipeline(tokens.slice(i + 1, j), line, where, vars, false);
      return [{ kind: 'pipe', pipe }, j + 1];
    }
  }
}
