import { uniqueNames, validateSheetName } from './sheet-names.js';
import { MAX_DECIMALS } from './styles.js';
import type { XlsxColumn, XlsxSheetLayout, XlsxSheetSource, XlsxWorkbookLayout, XlsxWorkbookOptions } from './types.js';

/** Rows of a worksheet (Excel's limit) less the header row. */
export const MAX_ROWS_PER_SHEET = 1_048_575;
/** Columns of a worksheet (Excel's limit, `XFD`). */
export const MAX_COLUMNS = 16_384;
/** Widest column Excel accepts, in characters. */
const MAX_WIDTH = 255;
const DEFAULT_COMPRESSION_LEVEL = 6;
const KINDS: ReadonlySet<string> = new Set(['integer', 'decimal', 'datetime', 'text']);

/** Options after validation, defaults applied. */
export interface WorkbookSettings<Sheet extends XlsxSheetLayout = XlsxSheetSource> {
  readonly sheets: readonly Sheet[];
  readonly date: Date;
  readonly maxRowsPerSheet: number;
  readonly compressionLevel: number;
}

function validateInteger(value: number, name: string, minimum: number, maximum: number): number {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new RangeError(`${name} must be an integer from ${minimum} to ${maximum}, got ${value}`);
  }
  return value;
}

function validateColumn(column: XlsxColumn, sheetName: string): void {
  const where = `Sheet "${sheetName}", column ${JSON.stringify(column.header)}`;
  if (typeof column.header !== 'string') {
    throw new TypeError(`Sheet "${sheetName}": column headers must be strings`);
  }
  if (!KINDS.has(column.kind)) {
    throw new TypeError(`${where}: unknown kind ${JSON.stringify(column.kind)}`);
  }
  if (!(column.width > 0 && column.width <= MAX_WIDTH)) {
    throw new RangeError(`${where}: width must be a number above 0 and at most ${MAX_WIDTH}, got ${column.width}`);
  }
  if (column.kind === 'decimal') {
    validateInteger(column.decimals ?? Number.NaN, `${where}: decimals`, 0, MAX_DECIMALS);
  }
}

function validateLayout(sheet: XlsxSheetLayout): void {
  validateSheetName(sheet.name);
  if (!Array.isArray(sheet.columns) || sheet.columns.length === 0 || sheet.columns.length > MAX_COLUMNS) {
    throw new RangeError(`Sheet "${sheet.name}" must have 1 to ${MAX_COLUMNS} columns`);
  }
  for (const column of sheet.columns) {
    validateColumn(column, sheet.name);
  }
}

function validateRows(sheet: XlsxSheetSource): void {
  if (typeof sheet.rows !== 'function') {
    throw new TypeError(`Sheet "${sheet.name}": rows must be a function returning an iterator`);
  }
}

function validateDate(date: Date): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new TypeError('date must be a valid Date');
  }
  return date;
}

/**
 * Validates workbook options and applies defaults, before any byte is written.
 *
 * @throws TypeError for a value of the wrong type (a column kind, a sheet without `rows()`, an invalid date).
 * @throws RangeError for a value out of range: no sheets, a bad or duplicate sheet name, 0 or more than 16,384
 *   columns, a column width, `decimals` outside 0 to 4 on a `decimal` column, `maxRowsPerSheet` outside 1 to
 *   1,048,575, `compressionLevel` outside 0 to 9.
 */
export function validateWorkbookOptions(options: XlsxWorkbookOptions): WorkbookSettings {
  const settings = validateWorkbookLayout(options);
  settings.sheets.forEach(validateRows);
  return settings;
}

/** {@link validateWorkbookOptions} for a workbook whose rows are handed to it (no `rows()`). */
export function validateWorkbookLayout<Sheet extends XlsxSheetLayout>(options: XlsxWorkbookLayout<Sheet>): WorkbookSettings<Sheet> {
  if (!Array.isArray(options.sheets) || options.sheets.length === 0) {
    throw new RangeError('A workbook needs at least one sheet');
  }
  options.sheets.forEach(validateLayout);
  uniqueNames(options.sheets.map((sheet) => sheet.name));
  return {
    sheets: options.sheets,
    date: validateDate(options.date),
    maxRowsPerSheet: validateInteger(
      options.maxRowsPerSheet ?? MAX_ROWS_PER_SHEET,
      'maxRowsPerSheet',
      1,
      MAX_ROWS_PER_SHEET,
    ),
    compressionLevel: validateInteger(options.compressionLevel ?? DEFAULT_COMPRESSION_LEVEL, 'compressionLevel', 0, 9),
  };
}
