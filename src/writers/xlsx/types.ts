import type { Readable } from 'node:stream';
import type { RowIterator } from '../../row-wait.js';

/**
 * How a column's cells are written:
 * - `integer`: a JavaScript number holding a safe integer, written as a number with format `0`.
 * - `decimal`: an exact decimal string such as `"-12.30"` or `"1230"`, written as a number formatted with
 *   `decimals` fraction digits (never passed through floating point by the writer).
 * - `datetime`: milliseconds (a fraction for microseconds) since 1970-01-01T00:00:00 of the *wall-clock* time to show (local time already
 *   applied), written as an Excel serial date-time with format `yyyy-mm-dd hh:mm:ss`.
 * - `text`: a string, written as an inline string exactly as given (never a formula).
 * `null` writes an empty cell in every kind.
 */
export type XlsxColumnKind = 'integer' | 'decimal' | 'datetime' | 'text';

export interface XlsxColumn {
  readonly header: string;
  readonly kind: XlsxColumnKind;
  /** Fraction digits for `decimal` columns (0 to 4). */
  readonly decimals?: number;
  /** Column width in characters. */
  readonly width: number;
}

export type XlsxCell = string | number | null;

/** A sheet's name and columns. */
export interface XlsxSheetLayout {
  /** Sheet name; when rows overflow one sheet, continuation sheets are named `<name> 2`, `<name> 3`, ... */
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
}

export interface XlsxSheetSource extends XlsxSheetLayout {
  /** Called once, when this sheet's turn comes (never earlier): the rows, pulled lazily (waits between, see `RowWait`). */
  rows(): RowIterator<readonly XlsxCell[]>;
}

/** What a workbook is made of, but its rows. */
export interface XlsxWorkbookLayout<Sheet extends XlsxSheetLayout = XlsxSheetLayout> {
  readonly sheets: readonly Sheet[];
  /** Timestamp of every part inside the package (keeps output deterministic). */
  readonly date: Date;
  /** Data rows per sheet before continuing on the next (default and maximum: 1,048,575 = 1,048,576 - header). */
  readonly maxRowsPerSheet?: number;
  /** Deflate level for the parts (default 6). */
  readonly compressionLevel?: number;
}

export interface XlsxWorkbookOptions extends XlsxWorkbookLayout<XlsxSheetSource> {
  /** Sheets in order; each sheet's rows are opened only after the previous sheet is fully written. */
  readonly sheets: readonly XlsxSheetSource[];
}

export type CreateXlsxStream = (options: XlsxWorkbookOptions) => Readable;
