import { once } from 'node:events';
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import {
  centralDirectoryHeader,
  dataDescriptor,
  dosDateTime,
  endOfCentralDirectory,
  localFileHeader,
  METHOD_DEFLATED,
  METHOD_STORED,
  type DosDateTime,
  type ZipEntryRecord,
} from './package-zip-records.js';

/** One file of the archive. */
export interface PackageZipEntry {
  /** Its path in the archive. */
  readonly name: string;
  /** Its bytes: a buffer, or a stream of bytes read to its end. */
  readonly data: Buffer | Readable;
}

export interface PackageZipOptions {
  /** Modification time of every entry (keeps the archive deterministic). */
  readonly date: Date;
  /** Deflate level 1 to 9, or 0 to store entries uncompressed. */
  readonly level: number;
  /** Writes ZIP64 records and fields even where the values fit (to test readers with small archives). */
  readonly forceZip64?: boolean;
}

/**
 * Compressed bytes buffered in the archive stream. Small, so that a reader that stops reading stops the entry's
 * source soon after (deflate holds 16 KiB more on each side, the source its own high-water mark).
 */
const BUFFER_BYTES = 64 * 1024;

interface EntrySums {
  crc: number;
  size: number;
  compressedSize: number;
}

/**
 * Streams a ZIP archive of `entries`, taken one at a time: the iterator's `next()` is called first on the first
 * read of the archive, then only once the previous entry is fully written. Each entry is deflated in libuv's thread
 * pool (or stored at level 0), with its CRC-32 computed on the way; memory stays flat whatever the sizes, and a
 * reader that stops reading stops the reading of the entry's stream.
 *
 * Destroying the archive destroys the open entry's stream and ends the iteration (its `return()`); an error from
 * an entry's stream, from deflate or from the iterator destroys the archive with that error.
 */
export function createPackageZip(entries: Iterable<PackageZipEntry>, options: PackageZipOptions): Readable {
  return new PackageZip(entries, options);
}

class PackageZip extends Readable {
  readonly #entries: Iterable<PackageZipEntry>;
  readonly #level: number;
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

  constructor(entries: Iterable<PackageZipEntry>, options: PackageZipOptions) {
    super({ highWaterMark: BUFFER_BYTES });
    this.#entries = entries;
    this.#level = options.level;
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
    for (const entry of this.#entries) {
      await this.#writeEntry(entry);
    }
    const offset = this.#offset;
    for (const record of this.#written) {
      await this.#push(centralDirectoryHeader(record, this.#when, this.#force));
    }
    const directory = { entries: this.#written.length, offset, size: this.#offset - offset };
    await this.#push(endOfCentralDirectory(directory, this.#force));
    this.push(null);
  }

  async #writeEntry(entry: PackageZipEntry): Promise<void> {
    const name = Buffer.from(entry.name, 'utf8');
    const method = this.#level === 0 ? METHOD_STORED : METHOD_DEFLATED;
    const offset = this.#offset;
    await this.#push(localFileHeader(name, method, this.#when, this.#force));
    const sums: EntrySums = { crc: 0, size: 0, compressedSize: 0 };
    const chunks = measured(Buffer.isBuffer(entry.data) ? [entry.data] : this.#watch(entry.data), sums);
    await (method === METHOD_STORED ? this.#store(chunks, sums) : this.#deflate(chunks, sums));
    const record: ZipEntryRecord = { name, method, offset, ...sums };
    this.#written.push(record);
    this.#open = [];
    await this.#push(dataDescriptor(record, this.#force));
  }

  async #store(chunks: AsyncIterable<Buffer>, sums: EntrySums): Promise<void> {
    for await (const chunk of chunks) {
      sums.compressedSize += chunk.length;
      await this.#push(chunk);
    }
  }

  /** Feeds `chunks` to a deflate stream while its output is pushed: each side waits for the other's backpressure. */
  async #deflate(chunks: AsyncIterable<Buffer>, sums: EntrySums): Promise<void> {
    const deflate = this.#watch(createDeflateRaw({ level: this.#level }));
    const fed = this.#feed(chunks, deflate);
    fed.catch((error: unknown) => deflate.destroy(error instanceof Error ? error : new Error(String(error))));
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      sums.compressedSize += chunk.length;
      await this.#push(chunk);
    }
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
   * Makes `stream` the one `_destroy()` destroys, and fails the archive as soon as it errors, even while nothing
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

/** The entry's bytes, counted and checksummed (CRC-32 of the uncompressed bytes) on their way. */
async function* measured(data: Iterable<unknown> | AsyncIterable<unknown>, sums: EntrySums): AsyncGenerator<Buffer> {
  for await (const chunk of data) {
    if (!Buffer.isBuffer(chunk)) {
      throw new TypeError(`A ZIP entry's stream must give bytes, got ${typeof chunk}`);
    }
    sums.crc = crc32(chunk, sums.crc);
    sums.size += chunk.length;
    yield chunk;
  }
}
