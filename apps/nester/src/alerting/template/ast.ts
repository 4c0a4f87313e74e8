// The tree of a parsed Go text/template, for the subset alert templates use (see parse.ts).

/** A value written in the template or reached from the data. */
export type Operand =
  | { readonly kind: 'dot'; readonly path: readonly string[] }
  | { readonly kind: 'var'; readonly name: string; readonly path: readonly string[] }
  | { readonly kind: 'func'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly isInt: boolean }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'nil' }
  | { readonly kind: 'pipe'; readonly pipe: Pipeline };

/** One command of a pipeline: a function and its arguments, or a single operand. */
export interface Command {
  readonly args: readonly Operand[];
}

/** `$a := cmd | cmd`, `$a = cmd`, or just `cmd | cmd`. */
export interface Pipeline {
  readonly line: number;
  /** Variables declared (`:=`) or assigned (`=`) with the result. */
  readonly vars: readonly string[];
  readonly assign: 'declare' | 'assign' | 'none';
  readonly commands: readonly Command[];
}

export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipe: Pipeline }
  | BlockNode<'if'>
  | BlockNode<'with'>
  | BlockNode<'range'>;

/** `{{if}}`, `{{with}}` or `{{range}}` with its body and optional `{{else}}` body. */
export interface BlockNode<K extends 'if' | 'with' | 'range'> {
  readonly kind: K;
  readonly pipe: Pipeline;
  readonly body: readonly TemplateNode[];
  readonly elseBody: readonly TemplateNode[] | undefined;
}

/** A template that parsed: its name (for error messages) and its nodes. */
export interface ParsedTemplate {
  readonly name: string;
  readonly nodes: readonly TemplateNode[];
}
