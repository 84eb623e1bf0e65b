import { randomUUID } from 'node:crypto';
import { close, createReadStream, createWriteStream, open } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createZipStream, type ZipEntry } from '../../zip/zip-writer.js';
import { createRowWriter, type RowWriter } from './cells.js';
import { validateWorkbookLayout, type WorkbookSettings } from './options.js';
import { worksheetPath, type WrittenSheet } from './parts.js';
import { SheetNames } from './sheet-names.js';
import { BATCH_CHARACTERS, BUFFERED_BYTES } from './sheet-stream.js';
import type { XlsxCell, XlsxSheetLayout, XlsxWorkbookLayout } from './types.js';
import { packageParts } from './workbook.js';
import { worksheetEnd, worksheetStart } from './worksheet-xml.js';

export interface WorkbookSpoolOptions extends XlsxWorkbookLayout {
  /** Where the workbook is spooled (default: the operating system's temporary directory, `TMPDIR` on Linux). */
  readonly directory?: string;
}

const openFile = promisify(open);
const closeFile = promisify(close);

/** Bytes read back from the spool file at a time. */
const READ_BYTES = 64 * 1024;

/** One worksheet part being written: its XML is pushed into `stream`, which the package ZIP deflates. */
interface OpenWorksheet {
  readonly name: string;
  readonly columnCount: number;
  readonly stream: Readable;
  readonly writeRow: RowWriter;
  rows: number;
  xml: string;
}

/**
 * A workbook written from rows handed to it one by one, rather than pulled from iterators as `createXlsxStream`
 * does, and spooled to a temporary file until it is read back once. For a caller that reads rows for something else
 * first (the CSV of the same table) and wants the workbook after, without reading them again.
 *
 * Rows go to the declared sheets in order: {@link write} adds a row to the current sheet (continuing on a new
 * worksheet when one is full), {@link endSheet} moves on to the next and, after the last, completes the workbook.
 * The bytes read back are those `createXlsxStream` gives for the same rows and options. Worksheets are deflated in
 * libuv's thread pool while rows keep coming; when that falls behind, {@link ready} tells the writer to wait.
 *
 * The file is unlinked as soon as it is open, so nothing is left behind whatever happens to the process; its space
 * is freed when the bytes have been read back, or on {@link destroy}.
 */
export class WorkbookSpool {
  readonly #settings: WorkbookSettings<XlsxSheetLayout>;
  readonly #names: SheetNames;
  readonly #worksheets: OpenWorksheet[] = [];
  readonly #written: WrittenSheet[] = [];
  /** Index in the declared sheets of the one taking rows; equal to their count once the workbook is complete. */
  #sheet = 0;
  /** Worksheets the current sheet has filled so far, the one taking rows included. */
  #parts = 1;
  #current: OpenWorksheet;
  /**
   * The written file, owned by the spool until read back. A plain descriptor: a `FileHandle`'s read stream never
   * ended on Node 20 once a write stream with `autoClose: false` had used the same handle.
   */
  #fd: number | undefined;
  readonly #complete: Promise<void>;
  readonly #zip: Readable;
  #error: Error | undefined;
  /** Resolved (and cleared) when the worksheet that filled its buffer is read from. */
  #drained: { stream: Readable; promise: Promise<void>; resolve: () => void } | undefined;
  #destroyed = false;

  /**
   * @throws TypeError or RangeError, synchronously, for invalid options (as `createXlsxStream`).
   */
  constructor(options: WorkbookSpoolOptions) {
    this.#settings = validateWorkbookLayout(options);
    this.#names = new SheetNames(this.#settings.sheets.map((sheet) => sheet.name));
    this.#current = this.#openWorksheet(1);
    this.#zip = createZipStream(this.#entries(), { date: this.#settings.date, level: this.#settings.compressionLevel });
    this.#complete = this.#spool(options.directory ?? tmpdir());
    this.#complete.catch((error: unknown) => this.#fail(error));
  }

  /**
   * Adds a row to the current sheet.
   * @throws what made the spool fail (a row that does not fit its columns, the file system), and Error after
   *   {@link endSheet} ended the last sheet or after {@link destroy}.
   */
  write(row: readonly XlsxCell[]): void {
    this.#check();
    let worksheet = this.#current;
    try {
      if (worksheet.rows === this.#settings.maxRowsPerSheet) {
        worksheet = this.#continue(this.#openWorksheet((this.#parts += 1)));
      }
      worksheet.xml += worksheet.writeRow(row, worksheet.rows + 2);
    } catch (error) {
      this.#fail(error);
      throw error;
    }
    worksheet.rows += 1;
    if (worksheet.xml.length >= BATCH_CHARACTERS) this.#flush(worksheet);
  }

  /** Ends the current sheet; after the last one, the workbook is complete and can be {@link read}. */
  endSheet(): void {
    this.#check();
    this.#sheet += 1;
    this.#parts = 1;
    const last = this.#sheet === this.#settings.sheets.length;
    this.#continue(last ? undefined : this.#openWorksheet(1));
  }

  /** Undefined while rows can be written; otherwise a promise that resolves when they can again. */
  ready(): Promise<void> | undefined {
    if (this.#error !== undefined) return Promise.reject(this.#error);
    return this.#drained?.promise;
  }

  /**
   * The workbook's bytes, once complete: a stream that waits for the spool to be written, then reads it back and
   * frees it. Read it once; destroying it frees the file too.
   */
  read(): Readable {
    return Readable.from(this.#readBack(), { objectMode: false });
  }

  /**
   * Waits until the workbook is complete, then hands its file over to the caller, who reads it from offset 0 (see
   * {@link spooledFile}) and closes it; the spool forgets it. Another thread of this process can do the reading:
   * a descriptor is the process's.
   * @throws what made the spool fail, or Error when it was destroyed or its file was already handed over.
   */
  async detach(): Promise<number> {
    await this.#complete.catch(() => undefined);
    const fd = this.#fd;
    if (fd === undefined || this.#error !== undefined) throw this.#error ?? new Error('the workbook spool has no file');
    this.#fd = undefined;
    return fd;
  }

  /** Stops writing and frees the file; safe to call twice, and after the workbook was read. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#error ??= new Error('the workbook spool was destroyed');
    this.#zip.destroy();
    this.#resolveDrained(undefined);
    void this.#closeFile();
  }

  /**
   * Writes the package ZIP to a new file. While it is written, the file's stream owns the descriptor (destroying it
   * closes it, even with `autoClose: false`); once it is written, the spool does.
   */
  async #spool(directory: string): Promise<void> {
    const path = join(directory, `shopzip-${randomUUID()}.xlsx`);
    const fd = await openFile(path, 'wx+', 0o600);
    await unlink(path).catch(() => undefined);
    const file = createWriteStream('', { fd, autoClose: false, highWaterMark: READ_BYTES });
    if (this.#destroyed) {
      file.destroy();
      throw this.#error;
    }
    await pipeline(this.#zip, file);
    this.#fd = fd;
    if (this.#destroyed) await this.#closeFile();
  }

  async *#readBack(): AsyncGenerator<Buffer> {
    yield* spooledFile(await this.detach()) as AsyncIterable<Buffer>;
  }

  /** The worksheets, each taken by the package ZIP once the previous one is deflated, then the other parts. */
  *#entries(): Generator<ZipEntry<Buffer | Readable>> {
    for (let index = 0; index < this.#worksheets.length; index += 1) {
      const { stream } = this.#worksheets[index]!;
      yield { name: worksheetPath(index + 1), store: false, open: () => stream };
    }
    if (this.#sheet < this.#settings.sheets.length) throw new Error('the workbook spool was not complete');
    yield* packageParts(this.#written);
  }

  /** Starts the `part`-th worksheet of the current sheet. */
  #openWorksheet(part: number): OpenWorksheet {
    const layout = this.#settings.sheets[this.#sheet]!;
    const name = this.#names.nameOf(layout.name, part);
    const stream: Readable = new Readable({ highWaterMark: BUFFERED_BYTES, read: () => this.#resolveDrained(stream) });
    const worksheet: OpenWorksheet = {
      name,
      columnCount: layout.columns.length,
      stream,
      writeRow: createRowWriter(layout.columns, name),
      rows: 0,
      xml: worksheetStart(layout.columns, this.#worksheets.length === 0),
    };
    this.#worksheets.push(worksheet);
    return worksheet;
  }

  /**
   * Ends the current worksheet and makes `next` current. `next` exists before the current one ends, so that when the
   * package ZIP asks for the entry after it, the entry is there (or the workbook is complete).
   */
  #continue(next: OpenWorksheet | undefined): OpenWorksheet {
    const ended = this.#current;
    ended.xml += worksheetEnd(ended.columnCount, ended.rows + 1);
    this.#flush(ended);
    this.#written.push({ name: ended.name, columnCount: ended.columnCount, lastRow: ended.rows + 1 });
    if (next !== undefined) this.#current = next;
    ended.stream.push(null);
    // An ended stream is never asked to read again: the writer must not wait for it (what it holds is bounded).
    this.#resolveDrained(ended.stream);
    return this.#current;
  }

  #flush(worksheet: OpenWorksheet): void {
    const full = !worksheet.stream.push(Buffer.from(worksheet.xml, 'utf8'));
    worksheet.xml = '';
    if (full && this.#drained === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.#drained = { stream: worksheet.stream, promise, resolve };
    }
  }

  /** Lets the writer go on when `read` (or, with `undefined`, anything) drained the worksheet it waits for. */
  #resolveDrained(read: Readable | undefined): void {
    const drained = this.#drained;
    if (drained === undefined || (read !== undefined && read !== drained.stream)) return;
    this.#drained = undefined;
    drained.resolve();
  }

  #check(): void {
    if (this.#error !== undefined) throw this.#error;
    if (this.#sheet === this.#settings.sheets.length) throw new Error('the workbook spool is complete: no more rows');
  }

  #fail(error: unknown): void {
    this.#error ??= error instanceof Error ? error : new Error(String(error));
    this.destroy();
  }

  async #closeFile(): Promise<void> {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) await closeFile(fd).catch(() => undefined);
  }
}

/**
 * A spooled workbook's bytes, read from the descriptor {@link WorkbookSpool.detach} handed over; the stream closes
 * it when it ends or is destroyed.
 */
export function spooledFile(fd: number): Readable {
  return createReadStream('', { fd, start: 0, highWaterMark: READ_BYTES });
}
