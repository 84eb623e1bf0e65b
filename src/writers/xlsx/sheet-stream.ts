import { isRowWait, type RowWait } from '../../row-wait.js';
import { PacedReadable } from '../paced-readable.js';
import { createRowWriter, type RowWriter } from './cells.js';
import type { RowCursor } from './row-cursor.js';
import type { XlsxColumn } from './types.js';
import { worksheetEnd, worksheetStart } from './worksheet-xml.js';

/** XML characters gathered before one push: large enough to amortise, small enough to keep memory flat. */
export const BATCH_CHARACTERS = 32 * 1024;
/**
 * XML bytes buffered ahead of the deflate stream reading this sheet: a few batches, so that rows are written
 * while zlib compresses the previous ones in its thread pool instead of one after the other.
 */
export const BUFFERED_BYTES = 256 * 1024;

export interface SheetStreamOptions {
  /** Name of this sheet, as written in the workbook (used in error messages). */
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  /** Rows to pull from; not closed by this stream (a source's rows may continue on the next sheet). */
  readonly cursor: RowCursor;
  /** Data rows this sheet may hold. */
  readonly maxRows: number;
  /** Whether this sheet's tab is the active one. */
  readonly selected: boolean;
}

/**
 * The XML of one worksheet (`xl/worksheets/sheetN.xml`), produced lazily: each `_read()` pulls rows until about
 * 64 KiB of XML is gathered and pushes it as one buffer, so rows are pulled only as fast as the reader consumes.
 * When the rows must be waited for, the batch ends there and the next is produced once the wait settles. Errors
 * (from the iterator, or a value a column cannot hold) destroy the stream with that error.
 */
export class SheetStream extends PacedReadable {
  readonly #options: SheetStreamOptions;
  readonly #writeRow: RowWriter;
  #rowsWritten = 0;
  #started = false;
  #ended = false;
  #overflowed = false;
  #wait: RowWait | undefined;

  constructor(options: SheetStreamOptions) {
    super({ highWaterMark: BUFFERED_BYTES });
    this.#options = options;
    this.#writeRow = createRowWriter(options.columns, options.name);
  }

  /** Data rows written so far. */
  get rowsWritten(): number {
    return this.#rowsWritten;
  }

  /** True once the sheet ended full while its source still had rows: they continue on a new sheet. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  protected override produce(): void {
    const waiting = this.#wait;
    this.#wait = undefined;
    if (waiting !== undefined) {
      this.resumeAfter(waiting);
      return;
    }
    let xml: string;
    try {
      xml = this.#nextBatch();
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (xml !== '') this.push(Buffer.from(xml, 'utf8'));
    if (this.#ended) {
      this.push(null);
    } else if (xml === '' && this.#wait !== undefined) {
      this.produce(); // waiting, and nothing pushed: no read will come
    }
  }

  #nextBatch(): string {
    const { columns, cursor, maxRows } = this.#options;
    let xml = '';
    if (!this.#started) {
      this.#started = true;
      xml = worksheetStart(columns, this.#options.selected);
    }
    while (xml.length < BATCH_CHARACTERS) {
      if (this.#rowsWritten === maxRows) {
        const more = cursor.hasMore();
        if (isRowWait(more)) return this.#waitFor(more, xml);
        this.#overflowed = more;
        return this.#end(xml);
      }
      const row = cursor.next();
      if (row === undefined) {
        return this.#end(xml);
      }
      if (isRowWait(row)) {
        return this.#waitFor(row, xml);
      }
      xml += this.#writeRow(row, this.#rowsWritten + 2);
      this.#rowsWritten++;
    }
    return xml;
  }

  #waitFor(wait: RowWait, xml: string): string {
    this.#wait = wait;
    return xml;
  }

  #end(xml: string): string {
    this.#ended = true;
    return xml + worksheetEnd(this.#options.columns.length, this.#rowsWritten + 1);
  }
}
