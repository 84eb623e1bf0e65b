import { isRowWait, type RowIterator, type RowWait } from '../../row-wait.js';
import type { XlsxCell } from './types.js';

type Row = readonly XlsxCell[];

/**
 * One source's row iterator, shared by the sheets it fills (it continues on the next sheet on overflow), with
 * room for one row read ahead to learn whether a full sheet needs a continuation. A wait the iterator yields (see
 * `RowWait`) is handed to the caller, who awaits it before asking again.
 *
 * The iterator is treated as `for...of` treats it: once `next()` throws it counts as finished and is never called
 * again, nor is its `return()`; `close()` calls `return()` only on an iterator that is neither exhausted nor failed.
 */
export class RowCursor {
  readonly #iterator: RowIterator<Row>;
  #state: 'open' | 'exhausted' | 'failed' | 'closed' = 'open';
  #readAhead: Row | undefined;

  constructor(iterator: RowIterator<Row>) {
    this.#iterator = iterator;
  }

  /** The next row, a wait, or `undefined` when there are no more. Rethrows what the iterator throws. */
  next(): Row | RowWait | undefined {
    const readAhead = this.#readAhead;
    if (readAhead !== undefined) {
      this.#readAhead = undefined;
      return readAhead;
    }
    if (this.#state !== 'open') {
      return undefined;
    }
    let result: IteratorResult<Row | RowWait>;
    try {
      result = this.#iterator.next();
    } catch (error) {
      this.#state = 'failed';
      throw error;
    }
    if (result.done === true) {
      this.#state = 'exhausted';
      return undefined;
    }
    return result.value;
  }

  /** Whether another row follows; reads it ahead (one pull) when needed, or returns the wait that came instead. */
  hasMore(): boolean | RowWait {
    if (this.#readAhead === undefined) {
      const next = this.next();
      if (isRowWait(next)) return next;
      this.#readAhead = next;
    }
    return this.#readAhead !== undefined;
  }

  /** Releases the iterator (its `return()`, which closes a database cursor, say) unless it has finished. */
  close(): void {
    this.#readAhead = undefined;
    if (this.#state === 'open') {
      this.#state = 'closed';
      this.#iterator.return?.();
    }
  }
}
