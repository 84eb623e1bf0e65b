import yauzl from 'yauzl';

export interface ZipFileEntry {
  readonly name: string;
  readonly data: Buffer;
  /** 0 stored, 8 deflated. */
  readonly compressionMethod: number;
  readonly generalPurposeBitFlag: number;
  readonly lastModified: Date;
}

/** Reads every entry of a ZIP held in memory, in archive order, with a real unzip library (yauzl). */
export function readZip(buffer: Buffer): Promise<ZipFileEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error('no zip'));
      const entries: ZipFileEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({
              name: entry.fileName,
              data: Buffer.concat(chunks),
              compressionMethod: entry.compressionMethod,
              generalPurposeBitFlag: entry.generalPurposeBitFlag,
              lastModified: (entry.getLastModDate as (options: { timezone: 'UTC' }) => Date).call(entry, { timezone: 'UTC' }),
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** The entries by name. */
export async function readZipByName(buffer: Buffer): Promise<Map<string, ZipFileEntry>> {
  return new Map((await readZip(buffer)).map((entry) => [entry.name, entry]));
}
