import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import { expect } from 'chai';
import { createZipStream, type ZipEntry } from '../../../src/zip/zip-writer.js';
import { validateWorkbookOptions } from '../../../src/writers/xlsx/options.js';
import { workbookEntries } from '../../../src/writers/xlsx/workbook.js';
import { readWorkbookWithOpenpyxl } from '../../helpers/openpyxl.js';
import { chunked, collect } from '../../helpers/readable.js';
import { readZip, unzip } from '../../helpers/zip.js';
import { arraySource, ORDER_COLUMNS } from '../writers/xlsx/sources.js';

const date = new Date('2024-05-06T07:08:09Z');
/** What the entries should read back as: `date` at the 2-second resolution of MS-DOS times. */
const READ_BACK_DATE = '2024-05-06T07:08:08.000Z';
const SHEET = Buffer.from(Array.from({ length: 20_000 }, (_, row) => `<row r="${row}"><c><v>${row * 7}</v></c></row>`).join(''));

const EXPECTED = new Map([
  ['xl/worksheets/sheet1.xml', SHEET],
  ['xl/styles.xml', Buffer.from('<styleSheet/>')],
  ['données/café 😀.xml', Buffer.from('ü')],
]);

/** One streamed entry, two buffers, one of them with a non-ASCII name; `store` for all of them. */
function sampleEntries(store = false): ZipEntry<Buffer | Readable>[] {
  return [...EXPECTED].map(([name, data], index) => ({ name, store, open: () => (index === 0 ? chunked(data, [16 * 1024]) : data) }));
}

/** Reads the archive back with yauzl and unzip -t, and returns its entries' compressed sizes. */
async function expectReadBack(zip: Buffer, expected: ReadonlyMap<string, Buffer>): Promise<number[]> {
  const entries = await readZip(zip);
  expect(entries.map((entry) => entry.name)).to.deep.equal([...expected.keys()]);
  for (const entry of entries) {
    const data = expected.get(entry.name) ?? Buffer.alloc(0);
    expect(entry.data.equals(data), entry.name).to.equal(true);
    expect([entry.crc32, entry.uncompressedSize, entry.compressionMethod]).to.deep.equal([crc32(data), data.length, 8]);
    expect(entry.generalPurposeBitFlag & 0x808, 'data descriptor and UTF-8 flags').to.equal(0x808);
    expect(entry.lastModified.toISOString()).to.equal(READ_BACK_DATE);
  }
  expect(await unzip(zip, ['-t'])).to.include('No errors detected in compressed data');
  return entries.map((entry) => entry.compressedSize);
}

/** The raw DEFLATE data of the first entry, between its local header and its data descriptor. */
function firstEntryData(zip: Buffer, compressedSize: number): Buffer {
  const start = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28);
  return zip.subarray(start, start + compressedSize);
}

describe('ZIP writer', () => {
  it('writes entries that yauzl and unzip -t read back: names, data, CRC-32, sizes, DEFLATE, UTF-8 flag and date', async () => {
    const zip = await collect(createZipStream(sampleEntries(), { date, level: 6 }));
    const [sheetCompressed] = await expectReadBack(zip, EXPECTED);
    expect(sheetCompressed).to.be.lessThan(SHEET.length / 5);
  });

  it('frames stored entries, and every entry at level 0, as DEFLATE of stored blocks: a streaming reader finds their end', async () => {
    for (const [store, level] of [[true, 6], [false, 0]] as const) {
      const zip = await collect(createZipStream(sampleEntries(store), { date, level }));
      const compressed = await expectReadBack(zip, EXPECTED);
      const blocks = (size: number): number => Math.floor(size / 0xffff) + 1;
      expect(compressed).to.deep.equal([...EXPECTED.values()].map((data) => data.length + 5 * blocks(data.length)));
      // The first block of the sheet: not final, 65,535 bytes, then the sheet's first bytes as they are.
      const data = firstEntryData(zip, compressed[0]!);
      expect([data[0], data.readUInt16LE(1), data.subarray(5, 105).equals(SHEET.subarray(0, 100))]).to.deep.equal([0, 0xffff, true]);
      expect(inflateRawSync(data).equals(SHEET)).to.equal(true);
    }
  });

  it('is byte-identical for the same entries and date, however the streams are chunked', async () => {
    for (const [store, level] of [[false, 6], [true, 1], [false, 0]] as const) {
      const write = (data: Buffer | Readable): Promise<Buffer> => collect(createZipStream([{ name: 'sheet.xml', store, open: () => data }], { date, level }));
      const whole = await write(SHEET);
      expect((await write(SHEET)).equals(whole)).to.equal(true);
      expect((await write(chunked(SHEET, [1000]))).equals(whole), `level ${level}, store ${store}`).to.equal(true);
      expect((await write(chunked(SHEET, [7, 64 * 1024, 1]))).equals(whole), `level ${level}, store ${store}`).to.equal(true);
    }
  });

  it('reads a stream that arrives in 20,000 chunks of 1 to 7 bytes', async () => {
    const data = SHEET.subarray(0, 80_000);
    const zip = await collect(createZipStream([{ name: 'small-chunks.xml', store: false, open: () => chunked(data, [1, 2, 3, 4, 5, 6, 7]) }], { date, level: 1 }));
    await expectReadBack(zip, new Map([['small-chunks.xml', data]]));
  });

  it('writes empty entries, from a buffer and from a stream, deflated and stored', async () => {
    for (const store of [false, true]) {
      const entries = [{ name: 'empty-buffer', store, open: () => Buffer.alloc(0) }, { name: 'empty-stream', store, open: () => Readable.from([], { objectMode: false }) }];
      const zip = await collect(createZipStream(entries, { date, level: 6 }));
      await expectReadBack(zip, new Map([['empty-buffer', Buffer.alloc(0)], ['empty-stream', Buffer.alloc(0)]]));
    }
  });

  it('takes the entries of an async iterable, opening each only after the previous one is written', async () => {
    const log: string[] = [];
    async function* entries(): AsyncGenerator<ZipEntry> {
      for (const name of ['1', '2', '3']) {
        log.push(`take ${name}`);
        yield { name, store: false, open: () => Readable.from([Buffer.from(name)], { objectMode: false }).on('end', () => log.push(`end ${name}`)) };
      }
    }
    await expectReadBack(await collect(createZipStream(entries(), { date, level: 1 })), new Map(['1', '2', '3'].map((name) => [name, Buffer.from(name)])));
    expect(log).to.deep.equal(['take 1', 'end 1', 'take 2', 'end 2', 'take 3', 'end 3']);
  });

  it('calls onFinalize after the last entry, and what it returned once the archive has ended', async () => {
    const events: string[] = [];
    const entry = (): Readable => Readable.from([Buffer.from('a')], { objectMode: false }).on('end', () => events.push('entry ended'));
    const zip = createZipStream([{ name: 'a', store: false, open: entry }], {
      date,
      level: 1,
      onFinalize: () => {
        events.push('finalize');
        return (error) => events.push(`finalized ${String(error)}`);
      },
    });
    zip.on('end', () => events.push('end'));
    await expectReadBack(await collect(zip), new Map([['a', Buffer.from('a')]]));
    expect(events).to.deep.equal(['entry ended', 'finalize', 'finalized undefined', 'end']);
  });

  it('writes every ZIP64 record when forced, and yauzl, unzip -t and openpyxl still read the package', async () => {
    const settings = validateWorkbookOptions({ sheets: [arraySource('Orders', ORDER_COLUMNS, [[1, '2.50', 0, 'Zoë']])], date });
    const forced = await collect(createZipStream(workbookEntries(settings), { date: settings.date, level: 6, forceZip64: true }));
    expect(forced.readUInt16LE(forced.length - 22 + 10), 'the classic end record defers to the zip64 one').to.equal(0xffff);
    expect((await readZip(forced)).map((entry) => entry.name)).to.include('xl/worksheets/sheet1.xml');
    expect(await unzip(forced, ['-t'])).to.include('No errors detected in compressed data');
    const workbook = await readWorkbookWithOpenpyxl(forced);
    expect(workbook.sheets[0]?.rows[1]?.map((cell) => cell.value)).to.deep.equal([1, 2.5, '1970-01-01T00:00:00.000', 'Zoë']);
  });
});
