import type { Readable } from 'node:stream';
import type { RowIterator } from '../row-wait.js';
import { BatchStream } from './batch-stream.js';

export type CsvRecord = readonly (string | null)[];

export interface CsvSource {
  readonly header: readonly string[];
  /**
   * Called on the first read: the records, each as the line {@link csvRecord} writes (fields encoded with
   * {@link csvField}, CRLF at the end), pulled lazily (with waits between them, see `RowWait`).
   */
  lines(): RowIterator<string>;
  /** Start with a UTF-8 byte-order mark (Excel needs it to read UTF-8). */
  readonly bom: boolean;
  /** Undefined while records may be pulled, else a promise to wait for first (see `BatchEncoder#ready`). */
  ready?(): Promise<void> | undefined;
}

// RFC 4180 quotes a field holding the delimiter, a quote or any line break, lone CR or LF included.
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * RFC 4180 CSV (CRLF line ends, quotes doubled, header row, UTF-8) as a lazily produced stream of the given lines.
 * We encode the records ourselves rather than with csv-stringify: its sync API ran its option machinery for every
 * field and took 11-17% of the main thread in exports. The output is byte-identical to csv-stringify's with
 * `{ record_delimiter: 'windows', quoted_match: /[\r\n]/ }`, which the unit tests check on random records. The
 * records come already encoded, so that a table writes each line at once from its row, quoting only the fields
 * that may need it, with no array of fields in between.
 */
export function createCsvStream(source: CsvSource): Readable {
  return new BatchStream<string>({
    open: () => source.lines(),
    head: () => (source.bom ? '\uFEFF' : '') + csvRecord(source.header),
    encode: (lines) => lines.join(''),
    tail: () => '',
    ...(source.ready === undefined ? {} : { ready: source.ready }),
  });
}

/**
 * One record as a line ended by CRLF. `null` is an empty field, and so is `''` (never quoted); every other field
 * as {@link csvField} writes it.
 */
export function csvRecord(record: CsvRecord): string {
  let text = '';
  for (let index = 0; index < record.length; index += 1) {
    const field = record[index];
    if (index > 0) text += ',';
    if (typeof field === 'string') text += csvField(field);
  }
  return `${text}\r\n`;
}

/** A field quoted, with its quotes doubled, when it holds a comma, a quote, CR or LF; as it is otherwise. */
export function csvField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
