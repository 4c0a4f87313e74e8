// Executes a parsed template against data, as Go's text/template does with
// `missingkey=zero` (Prometheus' option): a label that is absent reads as "".
import type { BlockNode, Command, Operand, ParsedTemplate, Pipeline, TemplateNode } from './ast.js';
import { TemplateError } from './errors.js';
import { FUNCTIONS, FunctionError } from './funcs.js';
import { goType, isTemplateMap, printValue, truthy } from './values.js';
import type { TemplateMap, TemplateValue } from './values.js';

/** Maps standing for Go structs: reading a field they lack is an error, not "". */
const structs = new WeakSet<TemplateMap>();

/** Marks `fields` as a struct (the root data of a template). */
export function templateStruct(fields: Record<string, TemplateValue>): TemplateMap {
  const m = new Map(Object.entries(fields));
  structs.add(m);
  return m;
}

class Scope {
  private readonly vars = new Map<string, TemplateValue>();
  constructor(private readonly parent?: Scope) {}
  get(name: string): TemplateValue {
    if (this.vars.has(name)) return this.vars.get(name)!;
    if (this.parent) return this.parent.get(name);
    return null;
  }
  declare(name: string, v: TemplateValue): void {
    this.vars.set(name, v);
  }
  assign(name: string, v: TemplateValue): void {
    if (this.vars.has(name) || !this.parent) this.vars.set(name, v);
    else this.parent.assign(name, v);
  }
}

/** Runs `tpl` with `.` = `data`; `vars` are predeclared variables. Throws `TemplateError`. */
export function executeTemplate(
  tpl: ParsedTemplate,
  data: TemplateValue,
  vars: Readonly<Record<string, TemplateValue>> = {},
): string {
  const scope = new Scope();
  scope.declare('$', data);
  for (const [k, v] of Object.entries(vars)) scope.declare(k, v);
  const out: string[] = [];
  runNodes(tpl, tpl.nodes, data, scope, out);
  return out.join('');
}

function runNodes(
  tpl: ParsedTemplate,
  nodes: readonly TemplateNode[],
  dot: TemplateValue,
  scope: Scope,
  out: string[],
): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out.push(node.text);
        break;
      case 'action': {
        const v = runPipeline(tpl, node.pipe, dot, scope);
        if (node.pipe.assign === 'none') out.push(printValue(v));
        break;
      }
      case 'if':
      case 'with': {
        const inner = new Scope(scope);
        const v = runPipeline(tpl, node.pipe, dot, inner);
        if (truthy(v)) runNodes(tpl, node.body, node.kind === 'with' ? v : dot, inner, out);
        else if (node.elseBody) runNodes(tpl, node.elseBody, dot, new Scope(scope), out);
        break;
      }
      case 'range':
        runRange(tpl, node, dot, scope, out);
        break;
    }
  }
}

function runRange(
  tpl: ParsedTemplate,
  node: BlockNode<'range'>,
  dot: TemplateValue,
  scope: Scope,
  out: string[],
): void {
  const inner = new Scope(scope);
  const pipe = { ...node.pipe, vars: [], assign: 'none' as const };
  const v = runPipeline(tpl, pipe, dot, inner);
  let items: Array<[TemplateValue, TemplateValue]>;
  if (isTemplateMap(v))
    items = [...v.keys()].sort().map((k): [TemplateValue, TemplateValue] => [k, v.get(k) ?? null]);
  else if (Array.isArray(v)) items = (v as TemplateValue[]).map((x, i) => [BigInt(i), x]);
  else if (v === null) items = [];
  else throw fail(tpl, node.pipe, `range can't iterate over ${printValue(v)}`);
  if (items.length === 0) {
    if (node.elseBody) runNodes(tpl, node.elseBody, dot, new Scope(scope), out);
    return;
  }
  for (const [k, x] of items) {
    const body = new Scope(inner);
    const names = node.pipe.vars;
    if (names.length === 1) body.declare(names[0]!, x);
    if (names.length === 2) {
      body.declare(names[0]!, k);
      body.declare(names[1]!, x);
    }
    runNodes(tpl, node.body, x, body, out);
  }
}

function fail(tpl: ParsedTemplate, pipe: Pipeline, reason: string): TemplateError {
  return new TemplateError(`template: ${tpl.name}:${pipe.line}: executing "${tpl.name}": ${reason}`);
}

function runPipeline(tpl: ParsedTemplate, pipe: Pipeline, dot: TemplateValue, scope: Scope): TemplateValue {
  let v: TemplateValue | undefined;
  for (const cmd of pipe.commands) v = runCommand(tpl, pipe, cmd, dot, scope, v);
  const result = v ?? null;
  for (const name of pipe.vars) {
    if (pipe.assign === 'declare') scope.declare(name, result);
    else scope.assign(name, result);
  }
  return result;
}

function runCommand(
  tpl: ParsedTemplate,
  pipe: Pipeline,
  cmd: Command,
  dot: TemplateValue,
  scope: Scope,
  piped: TemplateValue | undefined,
): TemplateValue {
  const [head, ...rest] = cmd.args;
  if (head?.kind === 'func') {
    const args = rest.map((a) => operand(tpl, pipe, a, dot, scope));
    if (piped !== undefined) args.push(piped);
    try {
      return FUNCTIONS.get(head.name)!(args);
    } catch (err) {
      if (err instanceof FunctionError || err instanceof SyntaxError) {
        throw fail(tpl, pipe, `error calling ${head.name}: ${err.message}`);
      }
      throw err;
    }
  }
  if (rest.length > 0 || piped !== undefined)
    throw fail(tpl, pipe, `can't give argument to non-function ${describe(head!)}`);
  return operand(tpl, pipe, head!, dot, scope);
}

function describe(op: Operand): string {
  switch (op.kind) {
    case 'dot':
      return op.path.length === 0 ? '.' : `.${op.path.join('.')}`;
    case 'var':
      return [op.name, ...op.path].join('.');
    default:
      return op.kind;
  }
}

function operand(
  tpl: ParsedTemplate,
  pipe: Pipeline,
  op: Operand,
  dot: TemplateValue,
  scope: Scope,
): TemplateValue {
  switch (op.kind) {
    case 'dot':
      return fields(tpl, pipe, dot, op.path);
    case 'var':
      return fields(tpl, pipe, scope.get(op.name), op.path);
    case 'string':
    case 'bool':
      return op.value;
    case 'number':
      return op.isInt ? BigInt(op.value) : op.value;
    case 'nil':
      return null;
    case 'pipe':
      return runPipeline(tpl, op.pipe, dot, new Scope(scope));
    case 'func':
      return FUNCTIONS.get(op.name)!([]);
  }
}

function fields(
  tpl: ParsedTemplate,
  pipe: Pipeline,
  v: TemplateValue,
  path: readonly string[],
): TemplateValue {
  let cur = v;
  for (const name of path) {
    if (isTemplateMap(cur)) {
      if (cur.has(name)) cur = cur.get(name) ?? null;
      else if (structs.has(cur)) throw fail(tpl, pipe, `can't evaluate field ${name} in type struct`);
      else cur = '';
    } else if (cur === null) {
      throw fail(tpl, pipe, `nil pointer evaluating interface {}.${name}`);
    } else {
      throw fail(tpl, pipe, `can't evaluate field ${name} in type ${goType(cur)}`);
    }
  }
  return cur;
}
