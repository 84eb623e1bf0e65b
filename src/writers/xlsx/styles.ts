import type { XlsxColumn } from './types.js';
import { XML_DECLARATION, SPREADSHEET_NAMESPACE } from './namespaces.js';

/** Index into `cellXfs` of each cell style the writer uses (the `s` attribute of a cell). */
export const STYLE = {
  default: 0,
  header: 1,
  integer: 2,
  /** `decimal` columns use `decimalZero + decimals` (0 to 4 fraction digits). */
  decimalZero: 3,
  datetime: 8,
} as const;

/** Largest number of fraction digits a `decimal` column may ask for. */
export const MAX_DECIMALS = 4;

/**
 * Number formats of the cell styles, in `cellXfs` order from `STYLE.integer`. Ids below 164 are Excel's built-in
 * formats (1 = `0`, 3 = `#,##0`, 4 = `#,##0.00`); the others are declared in `<numFmts>`.
 */
const NUMBER_FORMATS: readonly { readonly id: number; readonly code: string }[] = [
  { id: 1, code: '0' },
  { id: 3, code: '#,##0' },
  { id: 164, code: '#,##0.0' },
  { id: 4, code: '#,##0.00' },
  { id: 165, code: '#,##0.000' },
  { id: 166, code: '#,##0.0000' },
  { id: 167, code: 'yyyy-mm-dd hh:mm:ss' },
];

/** The `s` attribute for a data cell of this column. */
export function styleOfColumn(column: XlsxColumn): number {
  switch (column.kind) {
    case 'integer':
      return STYLE.integer;
    case 'decimal':
      return STYLE.decimalZero + (column.decimals ?? 0);
    case 'datetime':
      return STYLE.datetime;
    case 'text':
      return STYLE.default;
  }
}

function customNumberFormats(): string {
  const custom = NUMBER_FORMATS.filter((format) => format.id >= 164);
  const entries = custom.map((format) => `<numFmt numFmtId="${format.id}" formatCode="${format.code}"/>`);
  return `<numFmts count="${custom.length}">${entries.join('')}</numFmts>`;
}

function cellFormats(): string {
  const numbered = NUMBER_FORMATS.map(
    (format) => `<xf numFmtId="${format.id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
  );
  const formats = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    ...numbered,
  ];
  return `<cellXfs count="${formats.length}">${formats.join('')}</cellXfs>`;
}

/** `xl/styles.xml`: a regular and a bold font, and one cell format per entry of {@link STYLE}. */
export function stylesXml(): string {
  return (
    XML_DECLARATION +
    `<styleSheet xmlns="${SPREADSHEET_NAMESPACE}">` +
    customNumberFormats() +
    '<fonts count="2">' +
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '</fonts>' +
    '<fills count="2">' +
    '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
    '</fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    cellFormats() +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '<dxfs count="0"/><tableStyles count="0"/>' +
    '</styleSheet>'
  );
}
