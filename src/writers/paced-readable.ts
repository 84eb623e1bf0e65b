import { Readable, type ReadableOptions } from 'node:stream';

/**
 * A Readable that produces each batch on the event loop's check phase (`setImmediate`) instead of inside the
 * `read()` that asked for it. Between two batches of any download the server accepts connections and answers
 * other requests, so a busy export does not hold back the first byte of the next one.
 */
export abstract class PacedReadable extends Readable {
  #scheduled = false;

  constructor(options?: ReadableOptions) {
    super(options);
  }

  override _read(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.destroyed) this.produce();
    });
  }

  /** Pushes the next batch (or ends the stream); errors must destroy the stream. */
  protected abstract produce(): void;
}
