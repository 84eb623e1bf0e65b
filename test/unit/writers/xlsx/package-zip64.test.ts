import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { expect } from 'chai';
import yauzl from 'yauzl';
import { createPackageZip, type PackageZipEntry } from '../../../../src/writers/xlsx/package-zip.js';
import { validateWorkbookOptions } from '../../../../src/writers/xlsx/options.js';
import { workbookEntries } from '../../../../src/writers/xlsx/workbook.js';
import { readWorkbookWithOpenpyxl } from '../../../helpers/openpyxl.js';
import { readZip, unzip } from '../../../helpers/zip.js';
import { arraySource, collect, ORDER_COLUMNS, PACKAGE_DATE } from './sources.js';

const MiB = 1024 * 1024;
const ZEROS = Buffer.alloc(MiB);
/** 4 GiB and 1 MiB of zeros: past the 0xFFFFFFFF bytes a classic ZIP field holds. */
const BIG_MIB = 4 * 1024 + 1;
const BIG_SIZE = BIG_MIB * MiB;
/** CRC-32 of BIG_SIZE zeros, as Python's zlib.crc32(bytes(4097 << 20)) computes it. */
const BIG_CRC = 0xc6a48b28;

function bigZeros(): Readable {
  let sent = 0;
  return new Readable({ read(): void { this.push(sent++ < BIG_MIB ? ZEROS : null); } });
}

function isZeros(chunk: Buffer): boolean {
  for (let at = 0; at < chunk.length; at += MiB) {
    const part = chunk.subarray(at, at + MiB);
    if (!part.equals(ZEROS.subarray(0, part.length))) return false;
  }
  return true;
}

/** An archive held as the parts that are not zeros: yauzl reads it through {@link SparseReader}. */
interface SparseArchive {
  readonly size: number;
  readonly parts: readonly { readonly at: number; readonly bytes: Buffer }[];
}

async function sparse(stream: Readable): Promise<SparseArchive> {
  const parts: { at: number; bytes: Buffer }[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (!isZeros(chunk)) parts.push({ at: size, bytes: chunk });
    size += chunk.length;
  }
  return { size, parts };
}

/** The bytes from `start` to `end` of a sparse archive. */
function bytesOf(archive: SparseArchive, start: number, end: number): Buffer {
  const bytes = Buffer.alloc(end - start);
  for (const part of archive.parts) {
    if (part.at < end && part.at + part.bytes.length > start) {
      part.bytes.copy(bytes, Math.max(0, part.at - start), Math.max(0, start - part.at), Math.min(part.bytes.length, end - part.at));
    }
  }
  return bytes;
}

class SparseReader extends yauzl.RandomAccessReader {
  constructor(private readonly archive: SparseArchive) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from([bytesOf(this.archive, start, end)]);
  }
}

function openZip(open: (callback: (error: Error | null, zip?: yauzl.ZipFile) => void) => void): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => open((error, zip) => (zip === undefined ? reject(error ?? new Error('no zip')) : resolve(zip))));
}

/** Every entry of the central directory, as yauzl reads it. */
function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => entries.push(entry) && zip.readEntry());
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (stream === undefined ? reject(error ?? new Error('no stream')) : resolve(collect(stream))));
  });
}

function zip64ExtraLength(entry: yauzl.Entry): number | undefined {
  return entry.extraFields.find((field) => field.id === 0x0001)?.data.length;
}

describe('package ZIP writer: ZIP64', function () {
  this.timeout(120_000);
  this.slow(20_000);

  it('writes a stored entry of 4 GiB + 1 MiB and one after it at an offset past 4 GiB, which yauzl reads back', async () => {
    const entries: PackageZipEntry[] = [{ name: 'big.bin', data: bigZeros() }, { name: 'after.txt', data: Buffer.from('hello') }];
    const archive = await sparse(createPackageZip(entries, { date: PACKAGE_DATE, level: 0 }));
    const zip = await openZip((callback) =>
      yauzl.fromRandomAccessReader(new SparseReader(archive), archive.size, { lazyEntries: true, autoClose: false }, callback),
    );
    const [big, after] = await listEntries(zip);
    expect([big?.fileName, big?.uncompressedSize, big?.compressedSize, big?.crc32]).to.deep.equal(['big.bin', BIG_SIZE, BIG_SIZE, BIG_CRC]);
    expect([big?.versionNeededToExtract, big && zip64ExtraLength(big)]).to.deep.equal([45, 16]);
    // The local header (30 bytes and the name), the data, then a data descriptor with 8-byte sizes.
    const afterOffset = 30 + 'big.bin'.length + BIG_SIZE + 24;
    expect([after?.fileName, after?.relativeOffsetOfLocalHeader, after?.crc32]).to.deep.equal(['after.txt', afterOffset, crc32('hello')]);
    expect([after?.versionNeededToExtract, after && zip64ExtraLength(after)]).to.deep.equal([45, 24]);
    expect(after && (await readEntry(zip, after)).toString()).to.equal('hello');
    expect(bytesOf(archive, afterOffset - 24, afterOffset).toString('hex')).to.equal(
      '504b0708' + '288ba4c6' + '0000100001000000'.repeat(2), // signature, CRC, compressed size, size
    );
    zip.close();
  });

  it('writes the zip64 end records for 65,535 entries, which unzip -t and yauzl count in full', async () => {
    function* entries(): Generator<PackageZipEntry> {
      for (let index = 0; index < 0xffff; index++) yield { name: `entries/${index}`, data: Buffer.from(String(index)) };
    }
    const zipped = await collect(createPackageZip(entries(), { date: PACKAGE_DATE, level: 0 }));
    expect(zipped.readUInt32LE(zipped.length - 22 - 20 - 56)).to.equal(0x06064b50);
    const listed = await listEntries(await openZip((callback) => yauzl.fromBuffer(zipped, { lazyEntries: true }, callback)));
    expect(listed).to.have.length(0xffff);
    expect(listed.at(-1)?.fileName).to.equal('entries/65534');
    expect(await unzip(zipped, ['-tq'])).to.include('No errors detected');
  });

  it('writes every ZIP64 record when forced, and yauzl, unzip -t and openpyxl still read the package', async () => {
    const settings = validateWorkbookOptions({ sheets: [arraySource('Orders', ORDER_COLUMNS, [[1, '2.50', 0, 'Zoë']])], date: PACKAGE_DATE });
    const forced = await collect(createPackageZip(workbookEntries(settings), { date: settings.date, level: 6, forceZip64: true }));
    expect(forced.readUInt16LE(forced.length - 22 + 10), 'the classic end record defers to the zip64 one').to.equal(0xffff);
    expect((await readZip(forced)).map((entry) => entry.name)).to.include('xl/worksheets/sheet1.xml');
    expect(await unzip(forced, ['-t'])).to.include('No errors detected in compressed data');
    const workbook = await readWorkbookWithOpenpyxl(forced);
    expect(workbook.sheets[0]?.rows[1]?.map((cell) => cell.value)).to.deep.equal([1, 2.5, '1970-01-01T00:00:00.000', 'Zoë']);
  });
});
