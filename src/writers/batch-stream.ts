import { PacedReadable } from './paced-readable.js';

/** How a {@link BatchStream} turns rows into text. */
export interface BatchEncoder<Row> {
  /** Opens the rows; called on the first read, never earlier. */
  open(): Iterator<Row>;
  /** Text written before the first row. */
  head(): string;
  /** The text of a batch of rows. */
  encode(rows: readonly Row[]): string;
  /** Text written after the last row. */
  tail(): string;
  /**
   * Undefined while rows may be pulled; otherwise a promise to wait for before the next batch (it may reject, which
   * fails the stream). For a row iterator that hands each row to another writer too, which can fall behind. Not
   * asked before the first batch: a stream's first bytes never wait for a backlog that other streams made.
   */
  ready?(): Promise<void> | undefined;
}

const BATCH_ROWS = 256;

/**
 * A Readable that pulls rows from an iterator one batch per `_read`, so it reads no further ahead than its
 * consumer asks: backpressure reaches the iterator (and the database cursor behind it). Destroying the stream
 * returns the iterator, which closes the cursor.
 */
export class BatchStream<Row> extends PacedReadable {
  #rows: Iterator<Row> | undefined;
  #ended = false;

  constructor(private readonly encoder: BatchEncoder<Row>, private readonly batchRows = BATCH_ROWS) {
    super({ highWaterMark: 64 * 1024 });
  }

  protected override produce(): void {
    const waiting = this.#rows === undefined ? undefined : this.encoder.ready?.();
    if (waiting !== undefined) {
      waiting.then(() => this._read(), (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))));
      return;
    }
    try {
      let text = '';
      if (this.#rows === undefined) {
        this.#rows = this.encoder.open();
        text = this.encoder.head();
      }
      const batch = this.#nextBatch(this.#rows);
      if (batch.length > 0) text += this.encoder.encode(batch);
      if (this.#ended) text += this.encoder.tail();
      if (text !== '') this.push(text, 'utf8');
      if (this.#ended) this.push(null);
    } catch (error) {
      this.destroy(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    try {
      if (!this.#ended) this.#rows?.return?.();
    } catch (returnError) {
      error ??= returnError as Error;
    }
    callback(error);
  }

  #nextBatch(rows: Iterator<Row>): Row[] {
    const batch: Row[] = [];
    while (batch.length < this.batchRows) {
      const next = rows.next();
      if (next.done === true) {
        this.#ended = true;
        break;
      }
      batch.push(next.value);
    }
    return batch;
  }
}
