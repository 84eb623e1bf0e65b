import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createXlsxStream, type XlsxCell, type XlsxColumn } from '../../../../src/writers/xlsx/index.js';
import { WorkbookSpool } from '../../../../src/writers/xlsx/workbook-spool.js';
import { openFilesMatching } from '../../../helpers/open-files.js';
import { arraySource, collect, failureOf, ORDER_COLUMNS, orderRow, PACKAGE_DATE, pause } from './sources.js';
import { eventually } from '../../../helpers/app.js';

interface SheetRows {
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  readonly rows: readonly (readonly XlsxCell[])[];
}

interface Layout {
  readonly maxRowsPerSheet?: number;
  readonly compressionLevel?: number;
}

const ITEM_COLUMNS: readonly XlsxColumn[] = [
  { header: 'Order', kind: 'integer', width: 10 },
  { header: 'Title', kind: 'text', width: 30 },
];

function orders(count: number): (readonly XlsxCell[])[] {
  return Array.from({ length: count }, (_, index) => orderRow(index));
}

function items(count: number): (readonly XlsxCell[])[] {
  return Array.from({ length: count }, (_, index) => [index + 1, `Title "${index}" & <more> \u00e9\u4e2d ${index * 7}`]);
}

/** Hands every row to a spool as a writer honouring `ready()` does, and reads the workbook back. */
async function spooled(sheets: readonly SheetRows[], layout: Layout, directory?: string): Promise<Buffer> {
  const spool = new WorkbookSpool({ sheets, date: PACKAGE_DATE, ...layout, ...(directory === undefined ? {} : { directory }) });
  for (const sheet of sheets) {
    for (const row of sheet.rows) {
      const wait = spool.ready();
      if (wait !== undefined) await wait;
      spool.write(row);
    }
    spool.endSheet();
  }
  return collect(spool.read());
}

function streamed(sheets: readonly SheetRows[], layout: Layout): Promise<Buffer> {
  const sources = sheets.map((sheet) => arraySource(sheet.name, sheet.columns, sheet.rows));
  return collect(createXlsxStream({ sheets: sources, date: PACKAGE_DATE, ...layout }));
}

describe('WorkbookSpool', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'spool-test-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  const cases: readonly [string, readonly SheetRows[], Layout][] = [
    ['two sheets of thousands of rows, at the default level', [
      { name: 'Orders', columns: ORDER_COLUMNS, rows: orders(12_000) },
      { name: 'Items', columns: ITEM_COLUMNS, rows: items(30_000) },
    ], {}],
    ['sheets that overflow, one of them empty, at level 1', [
      { name: 'Orders', columns: ORDER_COLUMNS, rows: orders(7) },
      { name: 'Empty', columns: ITEM_COLUMNS, rows: [] },
      { name: 'Items', columns: ITEM_COLUMNS, rows: items(6) },
    ], { maxRowsPerSheet: 3, compressionLevel: 1 }],
    ['a sheet exactly full, stored (level 0)', [{ name: 'Orders', columns: ORDER_COLUMNS, rows: orders(4) }], { maxRowsPerSheet: 4, compressionLevel: 0 }],
  ];
  for (const [what, sheets, layout] of cases) {
    it(`gives the bytes createXlsxStream gives for the same rows: ${what}`, async () => {
      const [spool, stream] = await Promise.all([spooled(sheets, layout, directory), streamed(sheets, layout)]);
      expect(spool.length).to.be.above(0);
      expect(spool.equals(stream)).to.equal(true);
    });
  }

  it('unlinks its file as soon as it is open and closes it once read back', async () => {
    const spool = new WorkbookSpool({ sheets: [{ name: 'Orders', columns: ORDER_COLUMNS }], date: PACKAGE_DATE, directory });
    spool.write(orderRow(0));
    await eventually(() => {
      expect(readdirSync(directory)).to.deep.equal([]);
      expect(openFilesMatching(new RegExp(directory))).to.have.length(1);
    });
    spool.endSheet();
    const bytes = await collect(spool.read());
    expect(bytes.subarray(0, 4).toString('latin1')).to.equal('PK\u0003\u0004');
    await eventually(() => expect(openFilesMatching(new RegExp(directory))).to.deep.equal([]));
  });

  it('asks its writer to wait while a worksheet is not taken, and lets it go on once it is', async () => {
    const spool = new WorkbookSpool({ sheets: [{ name: 'Orders', columns: ORDER_COLUMNS }], date: PACKAGE_DATE, directory });
    let written = 0;
    while (spool.ready() === undefined) {
      spool.write(orderRow(written));
      written += 1;
    }
    // A row of orderRow is about 150 bytes of XML: the buffer of 256 KiB and one batch of 32 Ki characters.
    expect(written).to.be.within(1_000, 3_000);
    await spool.ready();
    expect(spool.ready()).to.equal(undefined);
    spool.destroy();
  });

  it('lets a writer told to wait go on once the sheet it waited for has ended', async () => {
    const spool = new WorkbookSpool({ sheets: [{ name: 'Orders', columns: ORDER_COLUMNS }, { name: 'Items', columns: ITEM_COLUMNS }], date: PACKAGE_DATE, directory });
    let written = 0;
    while (spool.ready() === undefined) spool.write(orderRow(written++));
    spool.endSheet();
    const outcome = await Promise.race([(spool.ready() ?? Promise.resolve()).then(() => 'ready'), pause(2_000).then(() => 'still waiting')]);
    expect(outcome).to.equal('ready');
    spool.write([1, 'first item']);
    spool.endSheet();
    expect((await collect(spool.read())).length).to.be.above(written * 10);
  });

  it('frees its file when destroyed before it is read, and then refuses rows and reading', async () => {
    const spool = new WorkbookSpool({ sheets: [{ name: 'Orders', columns: ORDER_COLUMNS }], date: PACKAGE_DATE, directory });
    spool.write(orderRow(0));
    await eventually(() => expect(openFilesMatching(new RegExp(directory))).to.have.length(1));
    spool.destroy();
    spool.destroy();
    await eventually(() => expect(openFilesMatching(new RegExp(directory))).to.deep.equal([]));
    expect(() => spool.write(orderRow(1))).to.throw('destroyed');
    expect(String(await failureOf(spool.read()))).to.include('destroyed');
  });

  it('frees its file when its reader goes away', async () => {
    const sheets = [{ name: 'Orders', columns: ORDER_COLUMNS, rows: orders(20_000) }];
    const spool = new WorkbookSpool({ sheets, date: PACKAGE_DATE, compressionLevel: 0, directory });
    for (const row of sheets[0]!.rows) {
      await spool.ready();
      spool.write(row);
    }
    spool.endSheet();
    const reading = spool.read();
    await new Promise((resolve) => reading.once('data', resolve));
    reading.destroy();
    await eventually(() => expect(openFilesMatching(new RegExp(directory))).to.deep.equal([]));
  });

  it('fails with the row that does not fit its columns, and its reader fails too', async () => {
    const spool = new WorkbookSpool({ sheets: [{ name: 'Orders', columns: ORDER_COLUMNS }], date: PACKAGE_DATE, directory });
    expect(() => spool.write([1, 'not a decimal', 0, 'x'])).to.throw(TypeError, 'cell B2');
    expect(() => spool.write(orderRow(1))).to.throw(TypeError, 'cell B2');
    expect(await failureOf(spool.read())).to.be.instanceOf(TypeError);
  });

  it('fails when its directory cannot hold the file, naming the path', async () => {
    const missing = join(directory, 'missing');
    const spool = new WorkbookSpool({ sheets: [{ name: 'Orders', columns: ORDER_COLUMNS }], date: PACKAGE_DATE, directory: missing });
    spool.write(orderRow(0));
    const error = await failureOf(spool.read());
    expect(String(error)).to.include('ENOENT').and.include(missing);
    expect(() => spool.write(orderRow(1))).to.throw('ENOENT');
  });

  it('refuses rows once the last sheet has ended, and invalid layouts before any', () => {
    const spool = new WorkbookSpool({ sheets: [{ name: 'Orders', columns: ORDER_COLUMNS }], date: PACKAGE_DATE, directory });
    spool.endSheet();
    expect(() => spool.write(orderRow(0))).to.throw('complete');
    expect(() => spool.endSheet()).to.throw('complete');
    spool.destroy();
    expect(() => new WorkbookSpool({ sheets: [], date: PACKAGE_DATE, directory })).to.throw(RangeError, 'at least one sheet');
    expect(() => new WorkbookSpool({ sheets: [{ name: 'a', columns: ORDER_COLUMNS }, { name: 'A', columns: ORDER_COLUMNS }], date: PACKAGE_DATE, directory })).to.throw(RangeError);
  });
});
