import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { buffer as bufferOf } from 'node:stream/consumers';
import { promisify } from 'node:util';
import yauzl from 'yauzl';

const execFileAsync = promisify(execFile);

export interface ZipFileEntry {
  readonly name: string;
  readonly data: Buffer;
  /** 0 stored, 8 deflated. */
  readonly compressionMethod: number;
  readonly generalPurposeBitFlag: number;
  readonly lastModified: Date;
  /** As the central directory says (yauzl checks sizes against the data, not the CRC). */
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/**
 * Reads every entry of a ZIP held in memory with a real unzip library (yauzl), one after the other in archive order:
 * `read` gets each entry and its uncompressed bytes as a stream, and what it resolves to is collected.
 */
export function eachZipEntry<T>(buffer: Buffer, read: (entry: yauzl.Entry, stream: Readable) => Promise<T>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error('no zip'));
      const results: T[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(results));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          read(entry, stream).then((result) => {
            results.push(result);
            zip.readEntry();
          }, reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** Reads every entry of a ZIP held in memory, in archive order, with a real unzip library (yauzl). */
export function readZip(buffer: Buffer): Promise<ZipFileEntry[]> {
  return eachZipEntry(buffer, async (entry, stream) => ({
    name: entry.fileName,
    data: await bufferOf(stream),
    compressionMethod: entry.compressionMethod,
    generalPurposeBitFlag: entry.generalPurposeBitFlag,
    lastModified: (entry.getLastModDate as (options: { timezone: 'UTC' }) => Date).call(entry, { timezone: 'UTC' }),
    crc32: entry.crc32,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
  }));
}

/** The entries by name. */
export async function readZipByName(buffer: Buffer): Promise<Map<string, ZipFileEntry>> {
  return new Map((await readZip(buffer)).map((entry) => [entry.name, entry]));
}

/** Runs Info-ZIP's `/usr/bin/unzip` with `options` on an archive held in memory (`-t` tests every entry's CRC). */
export async function unzip(zip: Buffer, options: readonly string[]): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'shopzip-unzip-'));
  try {
    const path = join(directory, 'archive.zip');
    await writeFile(path, zip);
    return (await execFileAsync('/usr/bin/unzip', [...options, path])).stdout;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
