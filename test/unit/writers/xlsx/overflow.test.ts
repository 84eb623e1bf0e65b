import { expect } from 'chai';
import { createXlsxStream, type XlsxColumn, type XlsxSheetSource } from '../../../../src/writers/xlsx/index.js';
import { readWorkbookWithOpenpyxl, type Workbook } from '../../../helpers/openpyxl.js';
import { arraySource, collect, PACKAGE_DATE, trackedSource } from './sources.js';

const COLUMNS: readonly XlsxColumn[] = [
  { header: 'Order', kind: 'integer', width: 10 },
  { header: 'Note', kind: 'text', width: 20 },
];

function numberedSource(name: string, rowCount: number): XlsxSheetSource {
  return trackedSource({ name, columns: COLUMNS, rowCount, row: (index) => [index + 1, `note ${index + 1}`] });
}

async function write(sheets: readonly XlsxSheetSource[], maxRowsPerSheet: number): Promise<Workbook> {
  return readWorkbookWithOpenpyxl(await collect(createXlsxStream({ sheets, date: PACKAGE_DATE, maxRowsPerSheet })));
}

function summary(workbook: Workbook): unknown[] {
  return workbook.sheets.map((sheet) => ({
    name: sheet.name,
    header: sheet.rows[0]?.map((cell) => cell.value),
    orders: sheet.rows.slice(1).map((row) => row[0]?.value),
    filter: sheet.autoFilterRef,
    frozen: sheet.freezePanes,
  }));
}

describe('xlsx sheet overflow', () => {
  it('continues on "Orders 2", "Orders 3", each with its own header, then moves on to the next source', async () => {
    const workbook = await write([numberedSource('Orders', 7), numberedSource('Items', 2)], 3);
    const header = ['Order', 'Note'];
    expect(summary(workbook)).to.deep.equal([
      { name: 'Orders', header, orders: [1, 2, 3], filter: 'A1:B4', frozen: 'A2' },
      { name: 'Orders 2', header, orders: [4, 5, 6], filter: 'A1:B4', frozen: 'A2' },
      { name: 'Orders 3', header, orders: [7], filter: 'A1:B2', frozen: 'A2' },
      { name: 'Items', header, orders: [1, 2], filter: 'A1:B3', frozen: 'A2' },
    ]);
    expect(workbook.sheets[2]?.rows[1]?.[1]?.value).to.equal('note 7');
  });

  it('adds no empty sheet when the rows exactly fill the last one', async () => {
    const workbook = await write([numberedSource('Orders', 6)], 3);
    expect(workbook.sheets.map((sheet) => sheet.name)).to.deep.equal(['Orders', 'Orders 2']);
  });

  it('writes a sheet with its header only for a source without rows', async () => {
    const workbook = await write([arraySource('Orders', COLUMNS, [])], 3);
    expect(summary(workbook)).to.deep.equal([{ name: 'Orders', header: ['Order', 'Note'], orders: [], filter: 'A1:B1', frozen: 'A2' }]);
  });
});
