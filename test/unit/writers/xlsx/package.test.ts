import { expect } from 'chai';
import { createXlsxStream, type XlsxSheetSource } from '../../../../src/writers/xlsx/index.js';
import { convertWithLibreOffice } from '../../../helpers/libreoffice.js';
import { unzip } from '../../../helpers/zip.js';
import { arraySource, collect, ORDER_COLUMNS, PACKAGE_DATE } from './sources.js';

const placedAt = Date.UTC(2024, 0, 2, 3, 4, 5);
/** Longer than Excel's 32,767-character cell limit. */
const LONG_TEXT = 'ab'.repeat(20_000) + 'END';

function sampleSheets(): readonly XlsxSheetSource[] {
  return [
    arraySource('Orders', ORDER_COLUMNS, [
      [1, '1234.50', placedAt, 'Ada'],
      [2, '-0.05', placedAt, '=1+1'],
      [3, null, null, ' padded  twice '],
    ]),
    arraySource("O'Brien & Co", ORDER_COLUMNS, [
      [4, '7', placedAt, 'one\rtwo'],
      [5, '8', placedAt, '\u0001_x0041_😀 שלום'],
      [6, '9', placedAt, LONG_TEXT],
    ]),
  ];
}

describe('xlsx package', () => {
  it('is a ZIP that unzip tests clean, holding every part, each dated options.date', async () => {
    const xlsx = await collect(createXlsxStream({ sheets: sampleSheets(), date: PACKAGE_DATE, maxRowsPerSheet: 2 }));
    expect(await unzip(xlsx, ['-t'])).to.include('No errors detected in compressed data');
    const listing = await unzip(xlsx, ['-Z', '-T']);
    const entries = listing.split('\n').filter((line) => line.startsWith('-'));
    expect(entries.map((line) => line.split(/\s+/).at(-1))).to.have.members([
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
      'xl/worksheets/sheet4.xml',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      '_rels/.rels',
      '[Content_Types].xml',
    ]);
    // `-T` prints yyyymmdd.hhmmss; ZIP times have a 2-second resolution.
    expect(entries.every((line) => line.includes(' 20240506.070808 '))).to.equal(true);
  });

  it('opens in LibreOffice with the values of every sheet, including text beyond 32,767 characters', async () => {
    const xlsx = await collect(createXlsxStream({ sheets: sampleSheets(), date: PACKAGE_DATE, maxRowsPerSheet: 2 }));
    const header = 'Order,Total,Placed at,Customer\n';
    expect(await convertWithLibreOffice(xlsx)).to.deep.equal([
      `${header}1,"1,234.50",2024-01-02 03:04:05,Ada\n2,-0.05,2024-01-02 03:04:05,=1+1\n`,
      `${header}3,,, padded  twice \n`,
      `${header}4,7.00,2024-01-02 03:04:05,"one\rtwo"\n5,8.00,2024-01-02 03:04:05,\u0001_x0041_😀 שלום\n`,
      `${header}6,9.00,2024-01-02 03:04:05,${LONG_TEXT}\n`,
    ]);
  });
});
