import type { XlsxCell, XlsxColumn, XlsxWorkbookLayout } from '../writers/xlsx/types.js';
import { csvField } from '../writers/csv.js';
import type { ItemRow, OrderRow } from '../source/rows.js';
import { formatMinor } from './format/money.js';
import { neutralizeFormula } from './format/neutralize.js';
import { LocalTimeText } from './format/local-time-text.js';
import { epochMsOf, microsOf, toLocalTime } from './format/timestamp.js';
import type { TimeZone } from './format/time-zone.js';

/** What a table's rows need to know about their shop. */
export interface ShopFormat {
  readonly currency: string;
  readonly digits: number;
  readonly zone: TimeZone;
}

/** One exported table: its columns and how a source row becomes a CSV line and an XLSX row. */
export interface Table<Row> {
  readonly columns: readonly XlsxColumn[];
  /** Makes the function that turns a shop's rows into CSV lines (see `csvRecord`), one after the other. */
  csvLines(shop: ShopFormat): (row: Row) => string;
  toXlsx(row: Row, shop: ShopFormat): XlsxCell[];
}

const text = (header: string, width: number): XlsxColumn => ({ header, kind: 'text', width });
const integer = (header: string, width: number): XlsxColumn => ({ header, kind: 'integer', width });
const money = (header: string): XlsxColumn => ({ header, kind: 'decimal', width: 14 });
/** A text column's CSV field: formula-like text neutralized, then quoted if need be; null as an empty field. */
const csvText = (value: string | null): string => (value === null ? '' : csvField(neutralizeFormula(value)));

/** Exact product of two integers, past 2^53 if need be. */
function multiply(quantity: number, unitPrice: number): number | bigint {
  const product = quantity * unitPrice;
  return Number.isSafeInteger(product) ? product : BigInt(quantity) * BigInt(unitPrice);
}

export const ORDERS_TABLE: Table<OrderRow> = {
  columns: [
    integer('order_id', 12), text('order_number', 18), { header: 'created_at', kind: 'datetime', width: 20 },
    text('status', 11), text('customer_name', 26), text('customer_email', 32), text('ship_country', 8),
    text('currency', 9), money('subtotal'), money('shipping'), money('tax'), money('total'), text('note', 48),
  ],
  csvLines(shop) {
    const time = new LocalTimeText(shop.zone);
    const { digits } = shop;
    const currency = csvText(shop.currency);
    return (row) => `${row[0]},${csvText(row[1])},${time.format(row[2])},${csvText(row[3])},${csvText(row[4])},${csvText(row[5])},${csvText(row[6])},${currency},${
      formatMinor(row[7], digits)},${formatMinor(row[8], digits)},${formatMinor(row[9], digits)},${formatMinor(row[10], digits)},${csvText(row[11])}\r\n`;
  },
  toXlsx(row, shop) {
    // Microseconds as the fraction of a millisecond: a serial date-time resolves 8.64 us at best.
    const created = toLocalTime(epochMsOf(row[2]), shop.zone).wallMs + microsOf(row[2]) / 1000;
    return [
      row[0], row[1], created, row[3], row[4], row[5], row[6], shop.currency,
      formatMinor(row[7], shop.digits), formatMinor(row[8], shop.digits),
      formatMinor(row[9], shop.digits), formatMinor(row[10], shop.digits), row[11],
    ];
  },
};

export const ITEMS_TABLE: Table<ItemRow> = {
  columns: [
    integer('order_id', 12), text('order_number', 18), integer('line_no', 8), text('sku', 16), text('title', 40),
    integer('quantity', 9), money('unit_price'), money('line_total'), text('currency', 9),
  ],
  csvLines(shop) {
    const { digits } = shop;
    const currency = csvField(shop.currency);
    return (row) => `${row[0]},${csvText(row[1])},${row[2]},${csvText(row[3])},${csvText(row[4])},${row[5]},${
      formatMinor(row[6], digits)},${formatMinor(multiply(row[5], row[6]), digits)},${currency}\r\n`;
  },
  toXlsx(row, shop) {
    return [
      row[0], row[1], row[2], row[3], row[4], row[5],
      formatMinor(row[6], shop.digits), formatMinor(multiply(row[5], row[6]), shop.digits), shop.currency,
    ];
  },
};

/** The XLSX columns of a table, with money formatted to the shop currency's digits. */
export function xlsxColumns(table: { readonly columns: readonly XlsxColumn[] }, digits: number): XlsxColumn[] {
  return table.columns.map((column) => (column.kind === 'decimal' ? { ...column, decimals: digits } : column));
}

/** The sheets of a shop's `orders.xlsx`, in order, and the table each is made from. */
const WORKBOOK_SHEETS: readonly { readonly name: string; readonly table: Table<OrderRow> | Table<ItemRow> }[] = [
  { name: 'Orders', table: ORDERS_TABLE },
  { name: 'Items', table: ITEMS_TABLE },
];

/** A shop's workbook but its rows: its sheets with their columns, its parts' date and deflate level. */
export function workbookLayout(digits: number, date: Date, compressionLevel: number): XlsxWorkbookLayout {
  return { date, compressionLevel, sheets: WORKBOOK_SHEETS.map(({ name, table }) => ({ name, columns: xlsxColumns(table, digits) })) };
}
