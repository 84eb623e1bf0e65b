import { expect } from 'chai';
import { columnLetters, createRowWriter } from '../../../../src/writers/xlsx/cells.js';
import { excelSerialText } from '../../../../src/writers/xlsx/serial-date.js';
import type { XlsxCell } from '../../../../src/writers/xlsx/index.js';
import { ORDER_COLUMNS } from './sources.js';

const writeRow = createRowWriter(ORDER_COLUMNS, 'Orders');

function rowWith(index: number, value: XlsxCell): XlsxCell[] {
  const row: XlsxCell[] = [null, null, null, null];
  row[index] = value;
  return row;
}

describe('columnLetters', () => {
  it('names columns as Excel does, past Z and up to the last column XFD', () => {
    const letters = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383].map(columnLetters);
    expect(letters).to.deep.equal(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
});

describe('excelSerialText', () => {
  it('counts days from 1899-12-30 with the time as a fraction of a day, to 10 digits', () => {
    expect(excelSerialText(Date.UTC(1970, 0, 1))).to.equal('25569');
    expect(excelSerialText(Date.UTC(2024, 0, 1, 12))).to.equal('45292.5000000000');
    expect(excelSerialText(Date.UTC(2024, 0, 1, 0, 0, 0, 1))).to.equal('45292.0000000116');
    expect(excelSerialText(Date.UTC(2024, 0, 1, 23, 59, 59, 999))).to.equal('45292.9999999884');
    expect(excelSerialText(Date.UTC(1900, 2, 1))).to.equal('61');
  });

  it('is within 5 µs of the exact serial for any millisecond of a day', () => {
    const day = Date.UTC(2024, 1, 29);
    for (let millisecond = 0; millisecond < 86_400_000; millisecond += 997) {
      const exact = 45_351 + millisecond / 86_400_000;
      expect(Math.abs(Number(excelSerialText(day + millisecond)) - exact) * 86_400_000_000).to.be.lessThan(5);
    }
  });
});

describe('createRowWriter', () => {
  it('writes each kind with its style and omits null cells', () => {
    const xml = writeRow([42, '-12.30', Date.UTC(1970, 0, 2, 6), null], 7);
    expect(xml).to.equal(
      '<row r="7"><c r="A7" s="2"><v>42</v></c><c r="B7" s="5"><v>-12.30</v></c><c r="C7" s="8"><v>25570.2500000000</v></c></row>',
    );
  });

  it('marks text that starts or ends with whitespace xml:space="preserve", so that Excel keeps it', () => {
    expect(writeRow(rowWith(3, ' padded'), 2)).to.include('<is><t xml:space="preserve"> padded</t></is>');
    expect(writeRow(rowWith(3, 'line\n'), 2)).to.include('<is><t xml:space="preserve">line\n</t></is>');
    expect(writeRow(rowWith(3, 'no\u00A0edge  spaces'), 2)).to.include('<is><t>no\u00A0edge  spaces</t></is>');
  });

  it('writes formula-looking text as a plain inline string, never a formula', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '=HYPERLINK("http://x")']) {
      const xml = writeRow(rowWith(3, text), 2);
      expect(xml).to.not.include('<f>');
      expect(xml).to.include('t="inlineStr"');
    }
  });

  it('rejects a decimal that is not an exact decimal string with a TypeError naming the cell', () => {
    for (const value of ['1e5', '12.', '.5', '1,5', ' 1', 'NaN', '', 12.5]) {
      expect(() => writeRow(rowWith(1, value), 9), String(value)).to.throw(TypeError, /Sheet "Orders", cell B9 \(column "Total"\)/);
    }
  });

  it('rejects non-finite and non-integer numbers with a RangeError', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 1.5, 2 ** 53]) {
      expect(() => writeRow(rowWith(0, value), 2), String(value)).to.throw(RangeError, /cell A2/);
    }
    for (const value of [Number.NaN, Number.NEGATIVE_INFINITY, Date.UTC(1899, 11, 31), Date.UTC(10_000, 0, 1)]) {
      expect(() => writeRow(rowWith(2, value), 2), String(value)).to.throw(RangeError, /cell C2/);
    }
  });

  it('rejects values of the wrong type with a TypeError', () => {
    expect(() => writeRow(rowWith(0, '42'), 2)).to.throw(TypeError, /cell A2/);
    expect(() => writeRow(rowWith(2, '2024-01-01'), 2)).to.throw(TypeError, /cell C2/);
    expect(() => writeRow(rowWith(3, 42), 2)).to.throw(TypeError, /cell D2/);
  });

  it('rejects a row whose length does not match the columns', () => {
    expect(() => writeRow([1, '2.00', null], 3)).to.throw(TypeError, /row 3: expected an array of 4 cells/);
  });
});
