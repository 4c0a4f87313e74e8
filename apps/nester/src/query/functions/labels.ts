import { getLabel, METRIC_NAME } from '@seahawks/model';
import { QueryError } from '../errors.js';
import { withLabel } from '../label-ops.js';
import type { EvalSeries } from '../values.js';
import type { FunctionDef } from './registry.js';

/**
 * Prometheus 3 accepts any non-empty, valid UTF-8 label name. The parser decodes invalid UTF-8
 * (`"\xff"`) to U+FFFD, so that character stands for it here.
 */
function validLabelName(name: string): boolean {
  return name.length > 0 && !name.includes('\ufffd');
}

/** Compiles a label_replace() expression fully anchored, as Go's `^(?s:...)$`. */
function compileReplaceRegex(source: string): RegExp {
  // Go spells named groups `(?P<name>...)`; JavaScript only knows `(?<name>...)`.
  const translated = source.replace(/\(\?P</g, '(?<');
  try {
    // No `u` flag: it would reject escapes RE2 allows, such as `\-` outside a class.
    return new RegExp(`^(?:${translated})$`, 's');
  } catch (err) {
    throw new QueryError('execution', `invalid regular expression in label_replace(): ${source}`, {
      cause: err,
    });
  }
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/**
 * Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}` take a group (empty when it did not
 * match or does not exist), `$$` is a dollar, anything else after `$` stays as written.
 * `$1x` names the group "1x", as in Go.
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar === -1) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const brace = template[i] === '{';
    let j = brace ? i + 1 : i;
    const start = j;
    while (j < template.length && NAME_CHAR.test(String.fromCodePoint(template.codePointAt(j)!))) {
      j += template.codePointAt(j)! > 0xffff ? 2 : 1;
    }
    const name = template.slice(start, j);
    if (name === '' || (brace && template[j] !== '}')) {
      out += '$';
      continue;
    }
    i = brace ? j + 1 : j;
    const isNumber = /^\d+$/.test(name) && !(name.length > 1 && name.startsWith('0'));
    out += (isNumber ? match[Number(name)] : match.groups?.[name]) ?? '';
  }
  return out + template.slice(i);
}

/** Sets `dst` on a series; naming the metric (`__name__`) cancels a pending name drop. */
function relabel(series: EvalSeries, dst: string, value: string): EvalSeries {
  return {
    labels: withLabel(series.labels, dst, value),
    points: series.points,
    dropName: dst === METRIC_NAME ? false : series.dropName,
  };
}

/** `label_replace` and `label_join`: they rewrite labels of whole series, values untouched. */
export const labelFunctions: readonly FunctionDef[] = [
  {
    kind: 'series',
    name: 'label_replace',
    argTypes: ['vector', 'string', 'string', 'string', 'string'],
    returnType: 'vector',
    prepare: ([dst = '', replacement = '', src = '', regex = '']) => {
      const re = compileReplaceRegex(regex);
      if (!validLabelName(dst)) {
        throw new QueryError('execution', `invalid destination label name in label_replace(): ${dst}`);
      }
      return (series) => {
        const match = re.exec(getLabel(series.labels, src) ?? '');
        return match === null ? series : relabel(series, dst, expandTemplate(replacement, match));
      };
    },
  },
  {
    kind: 'series',
    name: 'label_join',
    argTypes: ['vector', 'string', 'string', 'string'],
    variadic: -1,
    returnType: 'vector',
    prepare: ([dst = '', separator = '', ...sources]) => {
      for (const src of sources) {
        if (!validLabelName(src)) {
          throw new QueryError('execution', `invalid source label name in label_join(): ${src}`);
        }
      }
      if (!validLabelName(dst)) {
        throw new QueryError('execution', `invalid destination label name in label_join(): ${dst}`);
      }
      return (series) => {
        const value = sources.map((src) => getLabel(series.labels, src) ?? '').join(separator);
        return relabel(series, dst, value);
      };
    },
  },
];
