import { once } from 'node:events';
import { Readable } from 'node:stream';
import { createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { deflatedAtOnce, measured, SMALL_BUFFER_BYTES, type EntrySums } from './entry-bytes.js';
import { storedBlocks } from './stored-blocks.js';
import {
  centralDirectoryHeader,
  dataDescriptor,
  dosDateTime,
  endOfCentralDirectory,
  localFileHeader,
  METHOD_DEFLATED,
  type DosDateTime,
  type ZipEntryRecord,
} from './zip-records.js';

/** One file of the archive, opened only when the archive is ready to take it; its bytes a stream unless told. */
export interface ZipEntry<Bytes extends Buffer | Readable = Readable> {
  /** Its path in the archive. */
  readonly name: string;
  /**
   * Leave its bytes uncompressed (they are compressed already: an XLSX). They are still framed as DEFLATE, of stored
   * blocks (see `storedBlocks`), not as a STORED entry: a streaming reader finds the end of a STORED entry only
   * from a size written before its first byte, which a stream does not know.
   */
  readonly store: boolean;
  /**
   * Declares the entry ZIP64 before its first byte, for one known to reach 4 GiB: streaming readers that take the
   * width of its data descriptor from its local header (libarchive) then read it right. Never for a smaller one:
   * Java 17's ZipInputStream would misread its descriptor. An undeclared entry may still reach 4 GiB (see
   * zip-records.ts for who reads it then).
   */
  readonly zip64?: boolean;
  /** Its bytes: a buffer, or a stream read to its end. Called once, when the archive takes the entry. */
  open(): Bytes;
}

/** What the archive takes: entries whose bytes are buffers or streams. */
export type ZipEntries = Iterable<ZipEntry<Buffer | Readable>> | AsyncIterable<ZipEntry<Buffer | Readable>>;

export interface ZipOptions {
  /** Modification time of every entry (keeps the archive deterministic). */
  readonly date: Date;
  /** Deflate level 1 to 9 of the entries not stored, or 0 to store them all uncompressed. */
  readonly level: number;
  /** Writes ZIP64 records and fields even where the values fit (to test readers with small archives). */
  readonly forceZip64?: boolean;
  /**
   * Called when the central directory is about to be written (telemetry uses it); what it returns is called once
   * the archive has ended. Not called back if the archive is destroyed first.
   */
  readonly onFinalize?: () => (error?: unknown) => void;
}

/**
 * Compressed bytes buffered in the archive stream. Small, so that a reader that stops reading stops the entry's
 * source soon after (deflate holds 16 KiB more on each side, the source its own high-water mark).
 */
const BUFFER_BYTES = 64 * 1024;

/**
 * Streams a ZIP archive of `entries`, taken one at a time: the iterator's `next()` is called first on the first
 * read of the archive, then only once the previous entry is fully written. Every entry is DEFLATE with a data
 * descriptor after its data (CRC-32 and sizes computed on the way), which every reader takes, streaming ones
 * included: deflated in libuv's thread pool at the archive's level, or framed as stored blocks when it is stored or
 * the level is 0. Memory stays flat whatever the sizes, and a reader that stops reading stops the reading of the
 * entry's stream. The same entries and options give the same bytes, however the streams are chunked.
 *
 * Destroying the archive destroys the open entry's stream and ends the iteration (its `return()`); an error from
 * an entry's stream, from deflate or from the iterator destroys the archive with that error.
 */
export function createZipStream(entries: ZipEntries, options: ZipOptions): Readable {
  return new ZipStream(entries, options);
}

class ZipStream extends Readable {
  readonly #entries: ZipEntries;
  readonly #options: ZipOptions;
  readonly #when: DosDateTime;
  readonly #force: boolean;
  readonly #written: ZipEntryRecord[] = [];
  readonly #abort = new AbortController();
  #offset = 0;
  #started = false;
  /** Resolves the wait of a push that filled the buffer; called by the next `_read()` or by `_destroy()`. */
  #demanded: (() => void) | undefined;
  /** The open entry's stream and deflate stream, destroyed with the archive. */
  #open: Readable[] = [];

  constructor(entries: ZipEntries, options: ZipOptions) {
    super({ highWaterMark: BUFFER_BYTES });
    this.#entries = entries;
    this.#options = options;
    this.#when = dosDateTime(options.date);
    this.#force = options.forceZip64 ?? false;
  }

  override _read(): void {
    if (!this.#started) {
      this.#started = true;
      this.#run().catch((error: unknown) => this.#fail(error));
    }
    this.#resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#abort.abort();
    this.#open.forEach((stream) => stream.destroy());
    this.#resume();
    callback(error);
  }

  async #run(): Promise<void> {
    for await (const entry of this.#entries) {
      await this.#writeEntry(entry);
    }
    const finalized = this.#options.onFinalize?.();
    const offset = this.#offset;
    for (const record of this.#written) {
      await this.#push(centralDirectoryHeader(record, this.#when, this.#force));
    }
    const directory = { entries: this.#written.length, offset, size: this.#offset - offset };
    await this.#push(endOfCentralDirectory(directory, this.#force));
    this.push(null);
    finalized?.();
  }

  async #writeEntry(entry: ZipEntry<Buffer | Readable>): Promise<void> {
    const name = Buffer.from(entry.name, 'utf8');
    const offset = this.#offset;
    const level = entry.store ? 0 : this.#options.level;
    const zip64 = this.#force || entry.zip64 === true;
    await this.#push(localFileHeader(name, METHOD_DEFLATED, this.#when, zip64));
    const sums: EntrySums = { crc: 0, size: 0, compressedSize: 0 };
    const data = entry.open();
    const chunks = measured(Buffer.isBuffer(data) ? [data] : this.#watch(data), sums);
    for await (const chunk of this.#compress(chunks, level, Buffer.isBuffer(data) && data.length <= SMALL_BUFFER_BYTES)) {
      sums.compressedSize += chunk.length;
      await this.#push(chunk);
    }
    const record: ZipEntryRecord = { name, method: METHOD_DEFLATED, offset, ...sums };
    this.#written.push(record);
    this.#open = [];
    await this.#push(dataDescriptor(record, zip64));
  }

  /** Stored blocks at level 0; else deflated, on this thread when `small`. */
  #compress(chunks: AsyncIterable<Buffer>, level: number, small: boolean): AsyncIterable<Buffer> {
    if (level === 0) return storedBlocks(chunks);
    return small ? deflatedAtOnce(chunks, level) : this.#deflate(chunks, level);
  }

  /** Feeds `chunks` to a deflate stream while its output is taken: each side waits for the other's backpressure. */
  async *#deflate(chunks: AsyncIterable<Buffer>, level: number): AsyncGenerator<Buffer, void, undefined> {
    const deflate = this.#watch(createDeflateRaw({ level }));
    const fed = this.#feed(chunks, deflate);
    fed.catch((error: unknown) => deflate.destroy(error instanceof Error ? error : new Error(String(error))));
    yield* deflate as AsyncIterable<Buffer>;
    await fed;
  }

  async #feed(chunks: AsyncIterable<Buffer>, deflate: DeflateRaw): Promise<void> {
    for await (const chunk of chunks) {
      if (!deflate.write(chunk)) {
        await once(deflate, 'drain', { signal: this.#abort.signal });
      }
    }
    deflate.end();
  }

  /**
   * Makes `stream` one that `_destroy()` destroys, and fails the archive as soon as it errors, even while nothing
   * reads it (a stalled reader would otherwise learn of the error only once it reads again).
   */
  #watch<Stream extends Readable>(stream: Stream): Stream {
    this.#open.push(stream);
    stream.once('error', (error) => this.destroy(error));
    return stream;
  }

  /** Pushes `chunk` and, when that fills the buffer, waits until the reader asks for more. */
  async #push(chunk: Buffer): Promise<void> {
    this.#abort.signal.throwIfAborted();
    this.#offset += chunk.length;
    if (!this.push(chunk)) {
      await new Promise<void>((resolve) => {
        this.#demanded = resolve;
      });
      this.#abort.signal.throwIfAborted();
    }
  }

  #resume(): void {
    const demanded = this.#demanded;
    this.#demanded = undefined;
    demanded?.();
  }

  #fail(error: unknown): void {
    if (!this.destroyed) {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
