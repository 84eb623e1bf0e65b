import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { validateWorkbookOptions, type WorkbookSettings } from './options.js';
import type { XlsxWorkbookOptions } from './types.js';
import { writeWorkbook } from './workbook.js';

/**
 * Compressed bytes buffered in the archive and in the returned stream. archiver's default (1 MiB) holds ten times
 * as much XML, all rows pulled ahead of a reader that has stopped.
 */
const BUFFER_BYTES = 64 * 1024;

/**
 * The package bytes, read from an inner archive on demand. Nothing starts before the first read; destroying this
 * stream aborts the run (the current iterator's `return()` is called, no further sheet is opened) and destroys
 * the archive; an archive error destroys this stream with that error.
 */
class XlsxStream extends Readable {
  readonly #settings: WorkbookSettings;
  readonly #archive: ZipArchive;
  readonly #abort = new AbortController();
  #started = false;
  /** Whether this stream's reader wants data: set by `_read()`, cleared when a push fills the buffer. */
  #wanted = false;

  constructor(settings: WorkbookSettings) {
    super({ highWaterMark: BUFFER_BYTES });
    this.#settings = settings;
    this.#archive = new ZipArchive({ zlib: { level: settings.compressionLevel }, highWaterMark: BUFFER_BYTES });
    this.#archive.on('readable', () => this.#pump());
    this.#archive.once('end', () => this.push(null));
    this.#archive.on('error', (error: Error) => this.destroy(error));
  }

  override _read(): void {
    if (!this.#started) {
      this.#started = true;
      writeWorkbook(this.#archive, this.#settings, this.#abort.signal).catch((error: unknown) => {
        if (!this.#abort.signal.aborted) {
          this.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      });
    }
    this.#wanted = true;
    this.#pump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#abort.abort(error ?? undefined);
    this.#archive.destroy();
    callback(error);
  }

  /** Moves what the archive has ready into this stream while the reader wants more. */
  #pump(): void {
    while (this.#wanted) {
      const chunk: unknown = this.#archive.read();
      if (chunk === null) {
        return;
      }
      this.#wanted = this.push(chunk);
    }
  }
}

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
  return new XlsxStream(validateWorkbookOptions(options));
}
