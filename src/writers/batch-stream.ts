import { isRowWait, type RowIterator, type RowWait } from '../row-wait.js';
import { PacedReadable } from './paced-readable.js';

/** How a {@link BatchStream} turns rows into text. */
export interface BatchEncoder<Row> {
  /** Opens the rows; called on the first read, never earlier. A wait it yields ends the batch (see `RowWait`). */
  open(): RowIterator<Row>;
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
 * consumer asks: backpressure reaches the iterator (and the database cursor behind it). When the iterator yields a
 * wait, the batch ends there and the next one is produced once the wait settles. Destroying the stream returns the
 * iterator, which closes the cursor.
 */
export class BatchStream<Row> extends PacedReadable {
  #rows: RowIterator<Row> | undefined;
  #wait: RowWait | undefined;
  #ended = false;

  constructor(private readonly encoder: BatchEncoder<Row>, private readonly batchRows = BATCH_ROWS) {
    super({ highWaterMark: 64 * 1024 });
  }

  protected override produce(): void {
    const waiting = this.#wait ?? (this.#rows === undefined ? undefined : this.encoder.ready?.());
    this.#wait = undefined;
    if (waiting !== undefined) {
      this.resumeAfter(waiting);
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
      else if (text === '' && this.#wait !== undefined) this.produce(); // nothing pushed: no read will come
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

  #nextBatch(rows: RowIterator<Row>): Row[] {
    const batch: Row[] = [];
    while (batch.length < this.batchRows) {
      const next = rows.next();
      if (next.done === true) {
        this.#ended = true;
        break;
      }
      const value = next.value;
      if (isRowWait(value)) {
        this.#wait = value;
        break;
      }
      batch.push(value);
    }
    return batch;
  }
}
