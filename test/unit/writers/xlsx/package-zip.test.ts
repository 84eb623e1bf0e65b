import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ZipArchive } from 'archiver';
import { expect } from 'chai';
import { createPackageZip, type PackageZipEntry } from '../../../../src/writers/xlsx/package-zip.js';
import { readZip, unzip } from '../../../helpers/zip.js';
import { collect, failureOf, pause, readAtLeast } from './sources.js';

const date = new Date('2024-05-06T07:08:09Z');
/** What the entries should read back as: `date` at the 2-second resolution of MS-DOS times. */
const READ_BACK_DATE = '2024-05-06T07:08:08.000Z';
const SHEET = Buffer.from(Array.from({ length: 20_000 }, (_, row) => `<row r="${row}"><c><v>${row * 7}</v></c></row>`).join(''));

/** `bytes` as a stream of chunks of the given sizes, in turn. */
function chunked(bytes: Buffer, sizes: readonly number[]): Readable {
  function* chunks(): Generator<Buffer> {
    for (let at = 0, turn = 0; at < bytes.length; turn++) {
      const size = sizes[turn % sizes.length] ?? 1;
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** An endless stream of incompressible 16 KiB chunks that counts what it produced. */
function endless(): Readable & { produced: number } {
  const stream = Object.assign(
    new Readable({
      read(): void {
        stream.produced += 16 * 1024;
        this.push(randomBytes(16 * 1024));
      },
    }),
    { produced: 0 },
  );
  return stream;
}

/** `entries` as a generator that records which it handed out and whether it was closed (its `finally` ran). */
function tracked(entries: readonly PackageZipEntry[]): { iterable: Iterable<PackageZipEntry>; taken: string[]; closed: boolean } {
  const log = { taken: [] as string[], closed: false };
  function* iterate(): Generator<PackageZipEntry> {
    try {
      for (const entry of entries) {
        log.taken.push(entry.name);
        yield entry;
      }
    } finally {
      log.closed = true;
    }
  }
  return Object.assign(log, { iterable: iterate() });
}

const EXPECTED = new Map([
  ['xl/worksheets/sheet1.xml', SHEET],
  ['xl/styles.xml', Buffer.from('<styleSheet/>')],
  ['données/café 😀.xml', Buffer.from('ü')],
]);

/** One streamed part, two buffers, one of them with a non-ASCII name. */
function sampleEntries(): PackageZipEntry[] {
  return [...EXPECTED].map(([name, data], index) => ({ name, data: index === 0 ? chunked(data, [16 * 1024]) : data }));
}

async function expectReadBack(zip: Buffer, expected: ReadonlyMap<string, Buffer>, method: number): Promise<void> {
  const entries = await readZip(zip);
  expect(entries.map((entry) => entry.name)).to.deep.equal([...expected.keys()]);
  for (const entry of entries) {
    const data = expected.get(entry.name) ?? Buffer.alloc(0);
    expect(entry.data.equals(data), entry.name).to.equal(true);
    expect([entry.crc32, entry.uncompressedSize, entry.compressionMethod]).to.deep.equal([crc32(data), data.length, method]);
    expect(entry.generalPurposeBitFlag & 0x808, 'data descriptor and UTF-8 flags').to.equal(0x808);
    expect(entry.lastModified.toISOString()).to.equal(READ_BACK_DATE);
    if (method === 0) expect(entry.compressedSize).to.equal(data.length);
  }
  expect(await unzip(zip, ['-t'])).to.include('No errors detected in compressed data');
}

/** The same entries through archiver's ZipArchive, which wrote our packages before. */
async function withArchiver(entries: readonly PackageZipEntry[], level: number): Promise<Buffer> {
  const archive = new ZipArchive({ zlib: { level } });
  const written = collect(archive);
  for (const entry of entries) archive.append(entry.data, { name: entry.name, date });
  await archive.finalize();
  return written;
}

describe('package ZIP writer', () => {
  it('writes entries that yauzl and unzip -t read back: names, data, CRC-32, sizes, method, UTF-8 flag and date', async () => {
    const zip = await collect(createPackageZip(sampleEntries(), { date, level: 6 }));
    await expectReadBack(zip, EXPECTED, 8);
    expect((await readZip(zip))[0]?.compressedSize).to.be.lessThan(SHEET.length / 5);
  });

  it('writes the same bytes as archiver did, but for the UTF-8 flag it sets on ASCII names too', async () => {
    for (const level of [1, 6, 9]) {
      const [ours, theirs] = [await collect(createPackageZip(sampleEntries(), { date, level })), await withArchiver(sampleEntries(), level)];
      expect(ours.length).to.equal(theirs.length);
      const differences = [...ours.keys()].filter((at) => ours[at] !== theirs[at]);
      // The high byte of the flags: 7 bytes into a local header, 9 into a central directory header.
      const flagBytes = differences.filter((at) => ours.readUInt32LE(at - 7) === 0x04034b50 || (at >= 9 && ours.readUInt32LE(at - 9) === 0x02014b50));
      expect(flagBytes).to.deep.equal(differences);
      expect(differences.map((at) => [ours[at], theirs[at]])).to.deep.equal(Array(2 * 2).fill([0x08, 0x00]));
    }
  });

  it('is byte-identical for the same entries and date, however the streams are chunked', async () => {
    const write = (data: Buffer | Readable): Promise<Buffer> => collect(createPackageZip([{ name: 'sheet.xml', data }], { date, level: 6 }));
    const whole = await write(SHEET);
    expect((await write(SHEET)).equals(whole)).to.equal(true);
    expect((await write(chunked(SHEET, [1000]))).equals(whole)).to.equal(true);
    expect((await write(chunked(SHEET, [7, 64 * 1024, 1]))).equals(whole)).to.equal(true);
  });

  it('reads a stream that arrives in 20,000 chunks of 1 to 7 bytes', async () => {
    const data = SHEET.subarray(0, 80_000);
    const zip = await collect(createPackageZip([{ name: 'small-chunks.xml', data: chunked(data, [1, 2, 3, 4, 5, 6, 7]) }], { date, level: 1 }));
    await expectReadBack(zip, new Map([['small-chunks.xml', data]]), 8);
  });

  it('writes empty entries, from a buffer and from a stream', async () => {
    const entries = [{ name: 'empty-buffer', data: Buffer.alloc(0) }, { name: 'empty-stream', data: Readable.from([], { objectMode: false }) }];
    const zip = await collect(createPackageZip(entries, { date, level: 6 }));
    await expectReadBack(zip, new Map([['empty-buffer', Buffer.alloc(0)], ['empty-stream', Buffer.alloc(0)]]), 8);
  });

  it('stores entries uncompressed at level 0', async () => {
    const zip = await collect(createPackageZip(sampleEntries(), { date, level: 0 }));
    await expectReadBack(zip, EXPECTED, 0);
  });

  it('stops reading an entry stream while its reader does not read, and goes on when it reads again', async () => {
    const source = endless();
    const zip = createPackageZip([{ name: 'endless', data: source }], { date, level: 1 });
    await readAtLeast(zip, 1);
    await pause(200);
    const stalled = source.produced;
    await pause(200);
    expect(source.produced).to.equal(stalled);
    expect(stalled).to.be.greaterThan(0).and.lessThan(512 * 1024);
    await readAtLeast(zip, 1024 * 1024);
    expect(source.produced).to.be.greaterThan(1024 * 1024);
    zip.destroy();
  });

  it("fails with an entry stream's error, takes no further entry, and closes the iteration", async () => {
    const failure = new Error('cursor lost');
    let reads = 0;
    const failing = new Readable({ read() { if (reads++ < 10) this.push(SHEET.subarray(0, 4096)); else this.destroy(failure); } });
    const entries = tracked([{ name: 'first', data: Buffer.from('x') }, { name: 'failing', data: failing }, { name: 'never', data: Buffer.from('y') }]);
    expect(await failureOf(createPackageZip(entries.iterable, { date, level: 6 }))).to.equal(failure);
    expect(entries.taken).to.deep.equal(['first', 'failing']);
    expect(entries.closed).to.equal(true);
  });

  it('fails at once when an entry stream fails while the reader is not reading', async () => {
    const source = endless();
    const zip = createPackageZip([{ name: 'endless', data: source }], { date, level: 1 });
    await readAtLeast(zip, 1);
    await pause(50);
    const failure = new Error('connection reset');
    const failed = once(zip, 'error');
    source.destroy(failure);
    expect((await failed)[0]).to.equal(failure);
  });

  it('fails with the error the iteration throws', async () => {
    const failure = new Error('cannot open cursor');
    function* entries(): Generator<PackageZipEntry> {
      yield { name: 'first', data: Buffer.from('x') };
      throw failure;
    }
    expect(await failureOf(createPackageZip(entries(), { date, level: 6 }))).to.equal(failure);
  });

  it('fails with a TypeError for a stream that gives strings rather than bytes', async () => {
    const error = await failureOf(createPackageZip([{ name: 'text', data: Readable.from(['not bytes']) }], { date, level: 6 }));
    expect(error).to.be.instanceOf(TypeError).with.property('message').that.matches(/must give bytes, got string/);
  });

  it('destroyed mid-entry, destroys the entry stream and closes the iteration without taking another entry', async () => {
    const source = endless();
    const entries = tracked([{ name: 'endless', data: source }, { name: 'never', data: Buffer.from('y') }]);
    const zip = createPackageZip(entries.iterable, { date, level: 1 });
    await readAtLeast(zip, 256 * 1024);
    zip.destroy();
    await once(zip, 'close');
    await pause(20);
    expect(source.destroyed).to.equal(true);
    expect(entries.taken).to.deep.equal(['endless']);
    expect(entries.closed).to.equal(true);
  });

  it('takes nothing from the iteration before the first read', async () => {
    const entries = tracked([{ name: 'first', data: Buffer.from('x') }]);
    const zip = createPackageZip(entries.iterable, { date, level: 6 });
    await pause(20);
    expect(entries.taken).to.deep.equal([]);
    zip.destroy();
  });
});
