import { escapeCellText } from './escape.js';
import { STYLE, styleOfColumn } from './styles.js';
import type { XlsxCell, XlsxColumn } from './types.js';

/** Writes the `<row>` element of one data row. Throws a TypeError or RangeError for a value its column cannot hold. */
export type RowWriter = (row: readonly XlsxCell[], rowNumber: number) => string;

type CellWriter = (value: string | number, rowNumber: number) => string;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const MILLISECONDS_PER_DAY = 86_400_000;
/** Excel serial of 1970-01-01 (serial 1 is 1900-01-01, counting Excel's fictitious 1900-02-29). */
const UNIX_EPOCH_SERIAL = 25_569;
/** 1900-03-01: earlier serials are shifted by Excel's 1900 leap-year bug, and before 1900 there are none. */
const EARLIEST_DATETIME = Date.UTC(1900, 2, 1);
/** 10000-01-01: Excel's last date is 9999-12-31. */
const DATETIME_LIMIT = Date.UTC(10_000, 0, 1);

/** Column letters of a zero-based column index: 0 is `A`, 25 is `Z`, 26 is `AA`, 16383 is `XFD`. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let remaining = index + 1; remaining > 0; remaining = Math.floor((remaining - 1) / 26)) {
    letters = String.fromCharCode(65 + ((remaining - 1) % 26)) + letters;
  }
  return letters;
}

/** Excel serial date-time of a wall-clock time in milliseconds since 1970-01-01T00:00:00. */
export function excelSerial(milliseconds: number): number {
  return milliseconds / MILLISECONDS_PER_DAY + UNIX_EPOCH_SERIAL;
}

/** The inline-string cell of a header (row 1, bold). */
export function headerCell(header: string, columnIndex: number): string {
  const reference = columnLetters(columnIndex) + '1';
  return `<c r="${reference}" s="${STYLE.header}" t="inlineStr"><is><t xml:space="preserve">${escapeCellText(header)}</t></is></c>`;
}

function describeValue(value: string | number): string {
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `the number ${value}`;
}

/** Builds the writer of one column's cells; `describe` names a cell in error messages. */
function cellWriter(column: XlsxColumn, letters: string, describe: (row: number) => string): CellWriter {
  const open = '<c r="' + letters;
  const numberStart = '" s="' + styleOfColumn(column) + '"><v>';
  const fail = (row: number, expected: string, value: string | number, range: boolean): Error => {
    const message = `${describe(row)}: expected ${expected}, got ${describeValue(value)}`;
    return range ? new RangeError(message) : new TypeError(message);
  };
  switch (column.kind) {
    case 'integer':
      return (value, row) => {
        if (!Number.isSafeInteger(value)) {
          throw fail(row, 'a safe integer', value, typeof value === 'number');
        }
        return open + row + numberStart + value + '</v></c>';
      };
    case 'decimal':
      return (value, row) => {
        if (typeof value !== 'string' || !DECIMAL.test(value)) {
          throw fail(row, 'a decimal string such as "-12.30"', value, false);
        }
        return open + row + numberStart + value + '</v></c>';
      };
    case 'datetime':
      return (value, row) => {
        if (typeof value !== 'number' || !(value >= EARLIEST_DATETIME && value < DATETIME_LIMIT)) {
          throw fail(row, 'milliseconds between 1900-03-01 and 9999-12-31', value, typeof value === 'number');
        }
        return open + row + numberStart + excelSerial(value) + '</v></c>';
      };
    case 'text':
      return (value, row) => {
        if (typeof value !== 'string') {
          throw fail(row, 'a string', value, false);
        }
        return open + row + '" t="inlineStr"><is><t xml:space="preserve">' + escapeCellText(value) + '</t></is></c>';
      };
  }
}

/**
 * Compiles the writer of a sheet's data rows. A row must have one entry per column; `null` (or `undefined`)
 * writes no cell at all.
 */
export function createRowWriter(columns: readonly XlsxColumn[], sheetName: string): RowWriter {
  const writers = columns.map((column, index) =>
    cellWriter(column, columnLetters(index), (row) => `Sheet "${sheetName}", cell ${columnLetters(index)}${row} (column "${column.header}")`),
  );
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
