import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';

/** One file of the archive, opened only when the archive is ready to take it. */
export interface ZipEntry {
  readonly name: string;
  /** Store without compression (for content that is compressed already). */
  readonly store: boolean;
  open(): Readable;
}

export interface ZipOptions {
  /** Modification time written for every entry (keeps the archive deterministic). */
  readonly date: Date;
  /** Deflate level of compressed entries. */
  readonly level: number;
  /**
   * Called when the central directory is about to be written (telemetry uses it); what it returns is called once the
   * archive has ended, or with the error when finalizing failed. Not called back if the archive is destroyed first.
   */
  readonly onFinalize?: () => (error?: unknown) => void;
}

/**
 * Streams a ZIP of the given entries. Entries are taken from the (async) iterable one at a time: the next is opened only
 * after the archive has written the previous one (archiver would otherwise start every source at once). When
 * the archive is destroyed (the client went away) or fails, the open entry's stream is destroyed too.
 */
export function createZipStream(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, options: ZipOptions): Readable {
  const archive = new ZipArchive({ zlib: { level: options.level }, highWaterMark: 64 * 1024 });
  const closed = new AbortController();
  archive.once('close', () => closed.abort());
  void writeEntries(archive, entries, options, closed.signal);
  return archive;
}

async function writeEntries(archive: ZipArchive, entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, options: ZipOptions, signal: AbortSignal): Promise<void> {
  const iterator = Symbol.asyncIterator in entries ? entries[Symbol.asyncIterator]() : entries[Symbol.iterator]();
  let source: Readable | undefined;
  try {
    for (let next = await iterator.next(); next.done !== true && !signal.aborted; next = await iterator.next()) {
      const entry = next.value;
      source = entry.open();
      // archiver does not forward a source's errors: https://github.com/archiverjs/node-archiver/issues/321
      source.once('error', (error) => archive.destroy(error));
      archive.append(source, { name: entry.name, store: entry.store, date: options.date });
      await once(archive, 'entry', { signal });
      source = undefined;
    }
    if (!signal.aborted) await finalize(archive, options.onFinalize?.());
  } catch (error) {
    if (!signal.aborted) archive.destroy(error as Error);
  } finally {
    // The open entry first (it holds a cursor), then the entries (their owner may close what the cursor reads).
    source?.destroy();
    void iterator.return?.();
  }
}

async function finalize(archive: ZipArchive, finalized: ((error?: unknown) => void) | undefined): Promise<void> {
  try {
    await archive.finalize();
  } catch (error) {
    finalized?.(error);
    throw error;
  }
  finalized?.();
}
