import { escapeCellText } from './escape.js';
import { excelSerialText, isExcelDatetime } from './serial-date.js';
import { STYLE, styleOfColumn } from './styles.js';
import type { XlsxCell, XlsxColumn, XlsxColumnKind } from './types.js';

/** Writes the `<row>` element of one data row. Throws a TypeError or RangeError for a value its column cannot hold. */
export type RowWriter = (row: readonly XlsxCell[], rowNumber: number) => string;

type CellWriter = (value: string | number, rowNumber: number) => string;

/** What a column's cell writer is built from. */
interface CellParts {
  /** `<c r="B` : the cell up to its row number. */
  readonly open: string;
  /** `" s="5"><v>` : from the row number to a number value. */
  readonly numberStart: string;
  /** The error for a value the column cannot hold: a RangeError when `range`, else a TypeError. */
  readonly fail: (row: number, expected: string, value: string | number, range: boolean) => Error;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const WHITESPACE = /\s/;

/** Column letters of a zero-based column index: 0 is `A`, 25 is `Z`, 26 is `AA`, 16383 is `XFD`. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let remaining = index + 1; remaining > 0; remaining = Math.floor((remaining - 1) / 26)) {
    letters = String.fromCharCode(65 + ((remaining - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * `<is><t>` holding `text`, with `xml:space="preserve"` when the text starts or ends with whitespace, which Excel
 * would otherwise trim (the rule openpyxl and XlsxWriter follow). Whitespace inside the text is kept either way;
 * leaving the attribute out elsewhere saves about a tenth of a typical sheet's XML, and of the time to deflate it.
 */
function inlineString(text: string): string {
  const edgeWhitespace = WHITESPACE.test(text.charAt(0)) || WHITESPACE.test(text.charAt(text.length - 1));
  return (edgeWhitespace ? '<is><t xml:space="preserve">' : '<is><t>') + escapeCellText(text) + '</t></is>';
}

/** The inline-string cell of a header (row 1, bold). */
export function headerCell(header: string, columnIndex: number): string {
  return `<c r="${columnLetters(columnIndex)}1" s="${STYLE.header}" t="inlineStr">${inlineString(header)}</c>`;
}

/** Cell writers by column kind: each checks its value (the row loop's only validation) and writes the cell. */
const WRITERS: Readonly<Record<XlsxColumnKind, (parts: CellParts) => CellWriter>> = {
  integer: ({ open, numberStart, fail }) => (value, row) => {
    if (!Number.isSafeInteger(value)) {
      throw fail(row, 'a safe integer', value, typeof value === 'number');
    }
    return open + row + numberStart + value + '</v></c>';
  },
  decimal: ({ open, numberStart, fail }) => (value, row) => {
    if (typeof value !== 'string' || !DECIMAL.test(value)) {
      throw fail(row, 'a decimal string such as "-12.30"', value, false);
    }
    return open + row + numberStart + value + '</v></c>';
  },
  datetime: ({ open, numberStart, fail }) => (value, row) => {
    if (typeof value !== 'number' || !isExcelDatetime(value)) {
      throw fail(row, 'milliseconds between 1900-03-01 and 9999-12-31', value, typeof value === 'number');
    }
    return open + row + numberStart + excelSerialText(value) + '</v></c>';
  },
  text: ({ open, fail }) => (value, row) => {
    if (typeof value !== 'string') {
      throw fail(row, 'a string', value, false);
    }
    return open + row + '" t="inlineStr">' + inlineString(value) + '</c>';
  },
};

function describeValue(value: string | number): string {
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `the number ${value}`;
}

function cellWriter(column: XlsxColumn, index: number, sheetName: string): CellWriter {
  const letters = columnLetters(index);
  const fail = (row: number, expected: string, value: string | number, range: boolean): Error => {
    const cell = `Sheet "${sheetName}", cell ${letters}${row} (column "${column.header}")`;
    const message = `${cell}: expected ${expected}, got ${describeValue(value)}`;
    return range ? new RangeError(message) : new TypeError(message);
  };
  const numberStart = '" s="' + styleOfColumn(column) + '"><v>';
  return WRITERS[column.kind]({ open: '<c r="' + letters, numberStart, fail });
}

/**
 * Compiles the writer of a sheet's data rows. A row must have one entry per column; `null` (or `undefined`)
 * writes no cell at all.
 */
export function createRowWriter(columns: readonly XlsxColumn[], sheetName: string): RowWriter {
  const writers = columns.map((column, index) => cellWriter(column, index, sheetName));
  const count = writers.length;
  return (row, rowNumber) => {
    if (!Array.isArray(row) || row.length !== count) {
      throw new TypeError(`Sheet "${sheetName}", row ${rowNumber}: expected an array of ${count} cells`);
    }
    let xml = '<row r="' + rowNumber + '">';
    for (let index = 0; index < count; index++) {
      const value = row[index];
      if (value !== null && value !== undefined) {
        xml += writers[index]!(value, rowNumber);
      }
    }
    return xml + '</row>';
  };
}
