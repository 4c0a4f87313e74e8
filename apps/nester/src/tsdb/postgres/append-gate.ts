/**
 * Appends run side by side; a deletion runs alone. A deletion waits for the appends already
 * under way (they may hold series ids it is about to remove) and appends arriving meanwhile wait
 * for it, so none writes samples under the id of a series row the deletion removed: after it, the
 * id cache has forgotten those series and an append creates them again. Deletions queue in order.
 */
export class AppendGate {
  private running = 0;
  private drained: (() => void) | undefined;
  /** Settles when the last queued deletion ends. */
  private tail: Promise<void> = Promise.resolve();
  private deletions = 0;

  /** Runs an append, once no deletion is queued or running. */
  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.deletions > 0) await this.tail;
    this.running++;
    try {
      return await work();
    } finally {
      if (--this.running === 0) this.drained?.();
    }
  }

  /** Runs a deletion once the appends under way have ended and earlier deletions are done. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.deletions++;
    const before = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => {
      release = resolve;
    });
    try {
      await before;
      if (this.running > 0) {
        await new Promise<void>((resolve) => {
          this.drained = resolve;
        });
      }
      this.drained = undefined;
      return await work();
    } finally {
      this.deletions--;
      release();
    }
  }
}
