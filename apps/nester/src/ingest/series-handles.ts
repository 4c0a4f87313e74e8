import type { Label } from '@seahawks/model';
import type { ColumnarBatch, SeriesHandle } from '../storage/index.js';
import type { DecodedColumns } from './columnar-decode.js';

/**
 * The main thread's side of one decoder thread's label cache: its refs to interned series
 * handles. A handle lives as long as the thread's cache epoch, so a series the engine knows costs
 * one array read per request (and the engine's own check of `engineRef`).
 */
export class SeriesHandles {
  private epoch = 0;
  private handles: SeriesHandle[] = [];
  private strings: string[] = [];

  get size(): number {
    return this.handles.length;
  }

  /**
   * Turns a decoded request into a batch. Must see the thread's results in the order it sent
   * them: a new ref is defined by the message that first carries it.
   */
  resolve(msg: DecodedColumns): ColumnarBatch {
    if (msg.epoch !== this.epoch) {
      this.epoch = msg.epoch;
      this.handles = [];
      this.strings = [];
    }
    const strings = this.strings;
    for (const s of msg.newStrings) strings.push(s);
    const { refs, isNew, freshLabels } = msg;
    const n = refs.length;
    const series: SeriesHandle[] = new Array<SeriesHandle>(n);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const ref = refs[i]!;
      if (ref >= 0 && isNew[i] === 0) {
        const known = this.handles[ref];
        if (known === undefined) throw new Error(`remote_write decoder sent unknown series ref ${ref}`);
        series[i] = known;
        continue;
      }
      const count = freshLabels[next++]!;
      const labels: Label[] = new Array<Label>(count);
      for (let k = 0; k < count; k++, next += 2) {
        labels[k] = { name: strings[freshLabels[next]!]!, value: strings[freshLabels[next + 1]!]! };
      }
      const handle: SeriesHandle = { labels, engineRef: undefined };
      if (ref >= 0) this.handles[ref] = handle;
      series[i] = handle;
    }
    return { series, offsets: msg.offsets, t: msg.t, v: msg.v };
  }
}
