import { columnLetters, headerCell } from './cells.js';
import { RELATIONSHIPS_NAMESPACE, SPREADSHEET_NAMESPACE, XML_DECLARATION } from './namespaces.js';
import type { XlsxColumn } from './types.js';

/** Header row frozen: the view scrolls from `A2`. */
function sheetViews(selected: boolean): string {
  return (
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
    '</sheetView></sheetViews>'
  );
}

function columnWidths(columns: readonly XlsxColumn[]): string {
  const entries = columns.map(
    (column, index) => `<col min="${index + 1}" max="${index + 1}" width="${column.width}" customWidth="1"/>`,
  );
  return `<cols>${entries.join('')}</cols>`;
}

/**
 * A worksheet up to and including its header row: the frozen pane, column widths, and row 1 in bold. The
 * `<dimension>` element is optional and left out, since the row count is unknown until the end.
 * `selected` marks the sheet whose tab is active when the workbook opens (the first).
 */
export function worksheetStart(columns: readonly XlsxColumn[], selected: boolean): string {
  return (
    XML_DECLARATION +
    `<worksheet xmlns="${SPREADSHEET_NAMESPACE}" xmlns:r="${RELATIONSHIPS_NAMESPACE}">` +
    sheetViews(selected) +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    columnWidths(columns) +
    '<sheetData><row r="1">' +
    columns.map((column, index) => headerCell(column.header, index)).join('') +
    '</row>'
  );
}

/** Closes a worksheet whose last row is `lastRow` (1 when it holds the header only), adding the autofilter. */
export function worksheetEnd(columnCount: number, lastRow: number): string {
  return `</sheetData><autoFilter ref="A1:${columnLetters(columnCount - 1)}${lastRow}"/></worksheet>`;
}
