// Prometheus' alert templates: labels and annotations of alerting rules are Go templates with
// `$labels`, `$externalLabels`, `$externalURL` and `$value` defined (rules/alerting.go prepends
// `{{$labels := .Labels}}…` to each one). A template that fails while expanding yields
// `<error expanding template: …>` as in Prometheus; one that does not parse fails validation.
import type { ParsedTemplate } from './ast.js';
import { TemplateError } from './errors.js';
import { executeTemplate, templateStruct } from './exec.js';
import { parseTemplate } from './parse.js';
import { labelMap } from './values.js';

const PREDECLARED = ['$labels', '$externalLabels', '$externalURL', '$value'];

/** What an alert's templates see. */
export interface AlertTemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly value: number;
}

const cache = new Map<string, ParsedTemplate>();

function parsed(alertName: string, text: string): ParsedTemplate {
  const key = `${alertName}\u0000${text}`;
  let tpl = cache.get(key);
  if (!tpl) {
    tpl = parseTemplate(`__alert_${alertName}`, text, PREDECLARED);
    // Rule files are few and stable; a bound keeps a stream of edited rules from growing it forever.
    if (cache.size > 10_000) cache.clear();
    cache.set(key, tpl);
  }
  return tpl;
}

/** Throws `TemplateError` when `text` would not parse (or uses what Seahawks lacks). */
export function checkAlertTemplate(alertName: string, text: string): void {
  if (!text.includes('{{')) return;
  parsed(alertName, text);
}

/** Expands one label or annotation value of alert `alertName`. Never throws. */
export function expandAlertTemplate(alertName: string, text: string, data: AlertTemplateData): string {
  if (!text.includes('{{')) return text;
  try {
    const labels = labelMap(data.labels);
    const externalLabels = labelMap(data.externalLabels);
    const root = templateStruct({
      Labels: labels,
      ExternalLabels: externalLabels,
      ExternalURL: data.externalURL,
      Value: data.value,
    });
    return executeTemplate(parsed(alertName, text), root, {
      $labels: labels,
      $externalLabels: externalLabels,
      $externalURL: data.externalURL,
      $value: data.value,
    });
  } catch (err) {
    if (err instanceof TemplateError) return `<error expanding template: ${err.message}>`;
    throw err;
  }
}
