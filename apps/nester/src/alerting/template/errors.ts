import { SeahawksError } from '@seahawks/model';

/**
 * A template that does not parse, uses what Seahawks does not implement, or fails while
 * expanding. Messages follow Go's: `template: <name>:<line>: <reason>`.
 */
export class TemplateError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('template', message, options);
  }
}
