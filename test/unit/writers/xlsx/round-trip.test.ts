import { expect } from 'chai';
import { createXlsxStream, type XlsxCell, type XlsxColumn } from '../../../../src/writers/xlsx/index.js';
import { readWorkbookWithOpenpyxl, type WorkbookSheet } from '../../../helpers/openpyxl.js';
import { arraySource, collect, ORDER_COLUMNS, PACKAGE_DATE } from './sources.js';

async function readSheet(columns: readonly XlsxColumn[], rows: readonly (readonly XlsxCell[])[]): Promise<WorkbookSheet> {
  const xlsx = await collect(createXlsxStream({ sheets: [arraySource('Sheet', columns, rows)], date: PACKAGE_DATE }));
  const workbook = await readWorkbookWithOpenpyxl(xlsx);
  expect(workbook.sheets).to.have.length(1);
  return workbook.sheets[0]!;
}

/** Text that is hard to write: every class of character the escaping treats differently. */
const HARD_TEXT: Readonly<Record<string, string>> = {
  markup: 'Tom & Jerry <b>"bold"</b> \'single\'',
  'carriage returns': 'one\r\ntwo\rthree\n',
  'tab and spaces': '\t  leading and trailing  \t',
  'inner whitespace': 'a  b\n\nc\t\td',
  'no-break spaces at the edges': '\u00A0edge\u00A0',
  'control characters': '\u0000\u0001\u0002\u0008\u000B\u000C\u000E\u001B\u001F',
  'U+FFFE and U+FFFF': 'a\uFFFEb\uFFFFc',
  'escape lookalike': '_x0041_',
  'escape lookalike, lowercase hex': '_x00e9_ and _X004A_',
  'escaped escape lookalike': '_x005F_x0041_',
  'lookalike closed by a control character': '_x0041\u0001',
  'lone high surrogate': 'before\uD83Dafter',
  'lone low surrogate': '\uDE00 at the start',
  emoji: '😀 👍🏽 🇩🇪 👨‍👩‍👧',
  'right-to-left': 'שלום עולם مرحبا بالعالم',
  formula: '=1+1',
  'formula with plus': '+49 30 1234567',
  'formula with minus': '-1',
  'formula with at': '@SUM(A1:A2)',
  'ten thousand characters': 'abcdefghij'.repeat(1000),
  empty: '',
};

describe('xlsx round trip through openpyxl', () => {
  it('reads every kind back with its value, type and number format', async () => {
    const decimals: readonly XlsxColumn[] = [0, 1, 2, 3, 4].map((digits) => ({
      header: `D${digits}`,
      kind: 'decimal',
      decimals: digits,
      width: 10,
    }));
    const columns: readonly XlsxColumn[] = [...ORDER_COLUMNS, ...decimals];
    const placedAt = Date.UTC(2024, 1, 29, 23, 59, 58, 999);
    const sheet = await readSheet(columns, [
      [9_007_199_254_740_991, '-1234567.89', placedAt, 'Ada', '1234', '-12.3', '0.05', '1.234', '-0.0001'],
      [-42, '0.00', Date.UTC(1900, 2, 1), null, null, null, null, null, null],
    ]);
    const [header, first, second] = sheet.rows;
    expect(header!.map((cell) => cell.value)).to.deep.equal(columns.map((column) => column.header));
    expect(first!.map((cell) => [cell.value, cell.type, cell.numberFormat])).to.deep.equal([
      [9_007_199_254_740_991, 'int', '0'],
      [-1234567.89, 'float', '#,##0.00'],
      ['2024-02-29T23:59:58.999', 'datetime', 'yyyy-mm-dd hh:mm:ss'],
      ['Ada', 'str', 'General'],
      [1234, 'int', '#,##0'],
      [-12.3, 'float', '#,##0.0'],
      [0.05, 'float', '#,##0.00'],
      [1.234, 'float', '#,##0.000'],
      [-0.0001, 'float', '#,##0.0000'],
    ]);
    expect(second!.map((cell) => cell.value)).to.deep.equal([-42, 0, '1900-03-01T00:00:00.000', null, null, null, null, null, null]);
  });

  it('reads datetimes back to the millisecond', async () => {
    const start = Date.UTC(2023, 11, 31, 23, 59, 59, 0);
    const instants = Array.from({ length: 1000 }, (_, index) => start + index * 7_919 + (index % 1000));
    const sheet = await readSheet([{ header: 'At', kind: 'datetime', width: 20 }], instants.map((instant) => [instant]));
    const values = sheet.rows.slice(1).map((row) => row[0]?.value);
    expect(values).to.deep.equal(instants.map((instant) => new Date(instant).toISOString().slice(0, 23)));
  });

  it('reads any text back exactly as given, as a string, never a formula', async () => {
    const names = Object.keys(HARD_TEXT);
    const columns: readonly XlsxColumn[] = [
      { header: 'Case', kind: 'text', width: 20 },
      { header: 'Text', kind: 'text', width: 40 },
    ];
    const sheet = await readSheet(columns, names.map((name) => [name, HARD_TEXT[name]!]));
    for (const row of sheet.rows.slice(1)) {
      const name = String(row[0]?.value);
      expect(row[1], name).to.deep.equal({ value: HARD_TEXT[name], type: 'str', numberFormat: 'General' });
    }
    expect(sheet.rows).to.have.length(names.length + 1);
  });

  it('freezes the header row, filters it, sets it in bold and sizes the columns', async () => {
    const sheet = await readSheet(ORDER_COLUMNS, [[1, '2.00', 0, 'a'], [2, '3.00', 0, null], [3, null, null, null]]);
    expect(sheet.freezePanes).to.equal('A2');
    expect(sheet.autoFilterRef).to.equal('A1:D4');
    expect(sheet.headerBold).to.equal(true);
    expect(sheet.columnWidths).to.deep.equal({ A: 10, B: 12, C: 20, D: 30 });
  });

  it('places cells in the right columns beyond Z', async () => {
    const columns: readonly XlsxColumn[] = Array.from({ length: 705 }, (_, index) => ({
      header: `C${index}`,
      kind: 'integer',
      width: 6,
    }));
    const sheet = await readSheet(columns, [columns.map((_, index) => index)]);
    expect(sheet.rows[1]!.map((cell) => cell.value)).to.deep.equal(columns.map((_, index) => index));
    expect(sheet.autoFilterRef).to.equal('A1:AAC2');
  });
});
