import { SeahawksError } from '@seahawks/model';
import type { CollectContext, Collector, MetricFamily } from './collector.js';

/** Raised by a collector that cannot work in this process at all, whatever the machine. */
export class CollectorUnsupportedError extends SeahawksError {
  constructor(message: string) {
    super('collector_unsupported', message);
  }
}

/**
 * The `timex` collector, a placeholder that always fails. node_exporter's
 * `node_timex_{offset_seconds,frequency_adjustment_ratio,maxerror_seconds,
 * estimated_error_seconds,status,loop_time_constant,tick_seconds,pps_*,tai_offset_seconds,
 * sync_status}` come from the adjtimex(2) syscall: the kernel keeps its NTP state
 * (struct ntp_data) in memory and exports none of it under /proc or /sys, and Node.js has
 * no binding for the call, so reading it needs a native module, which the harvester avoids.
 *
 * It exists so that `--collector.timex` names something and says why it cannot run; the
 * registry keeps it disabled by default (node_exporter enables it by default).
 */
export class TimexCollector implements Collector {
  readonly name = 'timex';

  collect(_ctx: CollectContext): Promise<MetricFamily[]> {
    return Promise.reject(
      new CollectorUnsupportedError('cannot read timex: adjtimex needs a native call; not available'),
    );
  }
}
