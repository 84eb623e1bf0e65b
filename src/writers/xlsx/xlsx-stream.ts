import type { Readable } from 'node:stream';
import { createZipStream } from '../../zip/zip-writer.js';
import { validateWorkbookOptions } from './options.js';
import type { XlsxWorkbookOptions } from './types.js';
import { workbookEntries } from './workbook.js';

/**
 * Streams a complete `.xlsx` package: one worksheet per sheet source (more when rows overflow `maxRowsPerSheet`),
 * each with a bold, frozen, filtered header row. Rows are pulled lazily, only as the returned stream is read, so
 * memory stays flat whatever the row count; the same options (and rows) give byte-identical output.
 *
 * The caller owns the returned stream: destroying it calls the current row iterator's `return()`, and no later
 * sheet's `rows()` is called. When an iterator throws, or a value does not fit its column, the stream errors with
 * that error (a TypeError or RangeError for a value).
 *
 * @throws TypeError or RangeError, synchronously, for invalid options (see {@link validateWorkbookOptions}).
 */
export function createXlsxStream(options: XlsxWorkbookOptions): Readable {
  const settings = validateWorkbookOptions(options);
  return createZipStream(workbookEntries(settings), { date: settings.date, level: settings.compressionLevel });
}
