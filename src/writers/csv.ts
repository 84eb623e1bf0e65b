import type { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify/sync';
import { BatchStream } from './batch-stream.js';

export type CsvRecord = readonly (string | null)[];

export interface CsvSource {
  readonly header: readonly string[];
  /** Called on the first read: the records, pulled lazily. */
  rows(): Iterator<CsvRecord>;
  /** Start with a UTF-8 byte-order mark (Excel needs it to read UTF-8). */
  readonly bom: boolean;
}

// csv-stringify quotes a field with a lone CR or LF only when told to; RFC 4180 wants every line break quoted.
const OPTIONS: Options = { record_delimiter: 'windows', quoted_match: /[\r\n]/ };

/**
 * RFC 4180 CSV (CRLF line ends, quotes doubled, header row, UTF-8) as a lazily produced stream. Uses
 * csv-stringify's sync API on batches, which runs several times faster than its stream Transform.
 */
export function createCsvStream(source: CsvSource): Readable {
  return new BatchStream<CsvRecord>({
    open: () => source.rows(),
    head: () => (source.bom ? '\uFEFF' : '') + stringify([source.header as string[]], OPTIONS),
    encode: (records) => stringify(records as (string | null)[][], OPTIONS),
    tail: () => '',
  });
}
