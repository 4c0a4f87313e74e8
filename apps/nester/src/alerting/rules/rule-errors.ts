import { SeahawksError } from '@seahawks/model';

/** A rule's evaluation failed (query error, duplicate label sets, limit); the rule's health is `err`. */
export class RuleEvalError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('rule_eval', message, options);
  }
}
