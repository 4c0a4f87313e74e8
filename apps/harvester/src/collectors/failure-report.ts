import { describeError, SeahawksError } from '@seahawks/model';
import { isNoData } from './read.js';

/** How loud a collector's trouble should be in the logs, and what to say. */
export interface FailureReport {
  readonly level: 'debug' | 'warn';
  readonly message: string;
}

/**
 * Words a collector's error for a log line. "No data" (no conntrack module, no PSI) is the
 * machine's shape rather than a fault, and node_exporter logs it at debug level: it would
 * otherwise repeat every interval. A textfile family dropped for clashing with a collector's
 * is a warning about the file, not a failed collector.
 */
export function reportCollectorFailure(collector: string, err: unknown): FailureReport {
  if (isNoData(err))
    return { level: 'debug', message: `collector ${collector} has no data: ${describeError(err)}` };
  if (err instanceof SeahawksError && err.code === 'family_clash') {
    return { level: 'warn', message: `collector ${collector}: ${err.message}` };
  }
  return { level: 'warn', message: `collector ${collector} failed: ${describeError(err)}` };
}
