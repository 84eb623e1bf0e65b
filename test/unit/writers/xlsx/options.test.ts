import { expect } from 'chai';
import { createXlsxStream, type XlsxColumn, type XlsxWorkbookOptions } from '../../../../src/writers/xlsx/index.js';
import { ORDER_COLUMNS, PACKAGE_DATE, trackedSource } from './sources.js';

function optionsWith(overrides: Partial<XlsxWorkbookOptions>, name = 'Orders', columns = ORDER_COLUMNS): XlsxWorkbookOptions {
  const source = trackedSource({ name, columns, rowCount: 1, row: () => [1, '1.00', 0, 'a'] });
  return { sheets: [source], date: PACKAGE_DATE, ...overrides };
}

describe('createXlsxStream option validation', () => {
  it('rejects invalid sheet names with a RangeError before anything is read', () => {
    for (const name of ['', 'x'.repeat(32), 'a/b', 'a\\b', 'a[b]', 'a:b', 'a*b', 'a?b', "'quoted'", 'History', 'tab\there']) {
      const options = optionsWith({}, name);
      expect(() => createXlsxStream(options), JSON.stringify(name)).to.throw(RangeError, /Sheet name/);
    }
  });

  it('accepts a 31-character name with apostrophes, ampersands and non-Latin letters', () => {
    const name = "O'Brien & Søn — Bestellungen 12";
    expect(name).to.have.length(31);
    expect(() => createXlsxStream(optionsWith({}, name)).destroy()).to.not.throw();
  });

  it('rejects two sheets whose names differ only in case', () => {
    const first = trackedSource({ name: 'Orders', columns: ORDER_COLUMNS, rowCount: 0, row: () => [] });
    const second = trackedSource({ name: 'ORDERS', columns: ORDER_COLUMNS, rowCount: 0, row: () => [] });
    expect(() => createXlsxStream({ sheets: [first, second], date: PACKAGE_DATE })).to.throw(RangeError, /used twice/);
    expect(first.calls.rows).to.equal(0);
  });

  it('rejects maxRowsPerSheet outside 1 to 1,048,575 with a RangeError', () => {
    for (const maxRowsPerSheet of [0, -1, 1.5, 1_048_576, Number.NaN]) {
      expect(() => createXlsxStream(optionsWith({ maxRowsPerSheet })), String(maxRowsPerSheet)).to.throw(RangeError, /maxRowsPerSheet/);
    }
    for (const maxRowsPerSheet of [1, 1_048_575]) {
      expect(() => createXlsxStream(optionsWith({ maxRowsPerSheet })).destroy()).to.not.throw();
    }
  });

  it('rejects a compression level outside 0 to 9', () => {
    expect(() => createXlsxStream(optionsWith({ compressionLevel: 10 }))).to.throw(RangeError, /compressionLevel/);
  });

  it('rejects a workbook without sheets and an invalid date', () => {
    expect(() => createXlsxStream({ sheets: [], date: PACKAGE_DATE })).to.throw(RangeError, /at least one sheet/);
    expect(() => createXlsxStream(optionsWith({ date: new Date('not a date') }))).to.throw(TypeError, /date/);
  });

  it('rejects bad columns: none, an unknown kind, a width, decimals missing or out of 0 to 4', () => {
    const bad: readonly (readonly [readonly XlsxColumn[], typeof TypeError | typeof RangeError])[] = [
      [[], RangeError],
      [[{ header: 'Total', kind: 'money' as 'text', width: 10 }], TypeError],
      [[{ header: 'Total', kind: 'text', width: 0 }], RangeError],
      [[{ header: 'Total', kind: 'text', width: 256 }], RangeError],
      [[{ header: 'Total', kind: 'decimal', width: 10 }], RangeError],
      [[{ header: 'Total', kind: 'decimal', decimals: 5, width: 10 }], RangeError],
    ];
    for (const [columns, errorType] of bad) {
      expect(() => createXlsxStream(optionsWith({}, 'Orders', columns)), JSON.stringify(columns)).to.throw(errorType);
    }
  });
});
