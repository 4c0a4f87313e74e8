// Splits a Go text/template into text and actions, and an action into tokens. Handles the trim
// markers (`{{- ` and ` -}}` eat the whitespace beside them) and comments (`{{/* … */}}`).
import { TemplateError } from './errors.js';

export type Chunk =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly body: string; readonly line: number };

export type Token =
  | { readonly kind: 'ident' | 'var' | 'field' | 'keyword'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly isInt: boolean }
  | { readonly kind: 'punct'; readonly text: '|' | '(' | ')' | ':=' | '=' | ',' | '.' };

const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
  'nil',
  'true',
  'false',
]);

/** Cuts `text` into literal text and actions; `name` is for error messages. */
export function splitActions(text: string, name: string): Chunk[] {
  const chunks: Chunk[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    let literal = text.slice(pos, open === -1 ? text.length : open);
    if (trimNext) literal = literal.replace(/^\s+/, '');
    if (open === -1) {
      if (literal !== '') chunks.push({ kind: 'text', text: literal });
      break;
    }
    const trimLeft = /^\{\{-\s/.test(text.slice(open, open + 4));
    if (trimLeft) literal = literal.replace(/\s+$/, '');
    if (literal !== '') chunks.push({ kind: 'text', text: literal });
    const line = lineAt(text, open);
    const bodyStart = open + (trimLeft ? 3 : 2);
    const close = findClose(text, bodyStart);
    if (close === -1) throw new TemplateError(`template: ${name}:${line}: unclosed action`);
    let body = text.slice(bodyStart, close);
    trimNext = /\s-$/.test(body);
    if (trimNext) body = body.slice(0, -1);
    pos = close + 2;
    const comment = body.trim();
    if (comment.startsWith('/*')) {
      if (!comment.endsWith('*/')) throw new TemplateError(`template: ${name}:${line}: unclosed comment`);
      continue;
    }
    chunks.push({ kind: 'action', body, line });
  }
  return chunks;
}

/** Index of the `}}` closing an action that starts at `from`, skipping quoted strings. */
function findClose(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === '`' || c === "'") {
      i = skipQuoted(text, i);
      continue;
    }
    if (c === '}' && text[i + 1] === '}') return i;
    i++;
  }
  return -1;
}

function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += quote !== '`' && text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i++) if (text[i] === '\n') line++;
  return line;
}

const NUMBER_RE = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][+-]?\d+)?)/;

/** Tokens of one action's body. */
export function tokenize(body: string, where: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const rest = body.slice(i);
    const c = body[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === '`') {
      const end = skipQuoted(body, i);
      if (end > body.length) throw new TemplateError(`${where}: unterminated quoted string`);
      tokens.push({ kind: 'string', value: unquote(body.slice(i, end), where) });
      i = end;
    } else if (c === "'") {
      const end = skipQuoted(body, i);
      const value = unquote(`"${body.slice(i + 1, end - 1)}"`, where);
      tokens.push({ kind: 'number', value: value.codePointAt(0) ?? 0, isInt: true });
      i = end;
    } else if (rest.startsWith(':=')) {
      tokens.push({ kind: 'punct', text: ':=' });
      i += 2;
    } else if ('|(),='.includes(c)) {
      tokens.push({ kind: 'punct', text: c as '|' });
      i++;
    } else if (c === '$') {
      const m = /^\$[A-Za-z0-9_]*/.exec(rest)!;
      tokens.push({ kind: 'var', text: m[0] });
      i += m[0].length;
    } else if (c === '.' && /^\.[A-Za-z_]/.test(rest)) {
      const m = /^\.[A-Za-z_][A-Za-z0-9_]*/.exec(rest)!;
      tokens.push({ kind: 'field', text: m[0].slice(1) });
      i += m[0].length;
    } else if (/[0-9+\-.]/.test(c) && NUMBER_RE.test(rest) && /[0-9]/.test(NUMBER_RE.exec(rest)![0])) {
      const text = NUMBER_RE.exec(rest)![0];
      tokens.push(parseNumber(text, where));
      i += text.length;
    } else if (c === '.') {
      tokens.push({ kind: 'punct', text: '.' });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)!;
      tokens.push({ kind: KEYWORDS.has(m[0]) ? 'keyword' : 'ident', text: m[0] });
      i += m[0].length;
    } else {
      throw new TemplateError(`${where}: unexpected "${c}" in command`);
    }
  }
  return tokens;
}

function parseNumber(text: string, where: string): Token {
  const clean = text.replace(/_/g, '');
  const isInt = /^[+-]?(0[xXbBoO][0-9a-fA-F]+|\d+)$/.test(clean);
  const value = isInt && /0[oO]/.test(clean) ? parseInt(clean.replace(/0[oO]/, ''), 8) : Number(clean);
  if (Number.isNaN(value)) throw new TemplateError(`${where}: bad number syntax: "${text}"`);
  return { kind: 'number', value, isInt };
}

/** Go's string literal rules: "…" with escapes, `…` raw. */
function unquote(lit: string, where: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1);
  try {
    return JSON.parse(lit.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007')) as string;
  } catch (err) {
    throw new TemplateError(`${where}: invalid syntax in string ${lit}`, { cause: err });
  }
}
