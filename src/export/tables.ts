import type { XlsxCell, XlsxColumn, XlsxWorkbookLayout } from '../writers/xlsx/types.js';
import type { ItemRow, OrderRow } from '../source/rows.js';
import { formatMinor } from './format/money.js';
import { neutralizeFormula } from './format/neutralize.js';
import { formatLocalTime, microsecondsOf, parseUtcInstant, toLocalTime } from './format/timestamp.js';
import type { TimeZone } from './format/time-zone.js';

/** What a table's rows need to know about their shop. */
export interface ShopFormat {
  readonly currency: string;
  readonly digits: number;
  readonly zone: TimeZone;
}

/** One exported table: its columns and how a source row becomes a CSV record and an XLSX row. */
export interface Table<Row> {
  readonly columns: readonly XlsxColumn[];
  toCsv(row: Row, shop: ShopFormat): (string | null)[];
  toXlsx(row: Row, shop: ShopFormat): XlsxCell[];
}

const text = (header: string, width: number): XlsxColumn => ({ header, kind: 'text', width });
const integer = (header: string, width: number): XlsxColumn => ({ header, kind: 'integer', width });
const money = (header: string): XlsxColumn => ({ header, kind: 'decimal', width: 14 });
const csvText = (value: string | null): string | null => (value === null ? null : neutralizeFormula(value));

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
  toCsv(row, shop) {
    const created = formatLocalTime(toLocalTime(parseUtcInstant(row[2]), shop.zone), microsecondsOf(row[2]));
    return [
      String(row[0]), csvText(row[1]), created, csvText(row[3]), csvText(row[4]), csvText(row[5]), csvText(row[6]),
      csvText(shop.currency), formatMinor(row[7], shop.digits), formatMinor(row[8], shop.digits),
      formatMinor(row[9], shop.digits), formatMinor(row[10], shop.digits), csvText(row[11]),
    ];
  },
  toXlsx(row, shop) {
    // Microseconds as the fraction of a millisecond: a serial date-time resolves 8.64 us at best.
    const created = toLocalTime(parseUtcInstant(row[2]), shop.zone).wallMs + microsecondsOf(row[2]) / 1000;
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
  toCsv(row, shop) {
    return [
      String(row[0]), csvText(row[1]), String(row[2]), csvText(row[3]), csvText(row[4]), String(row[5]),
      formatMinor(row[6], shop.digits), formatMinor(multiply(row[5], row[6]), shop.digits), shop.currency,
    ];
  },
  toXlsx(row, shop) {
    return [
      row[0], row[1], row[2], row[3], row[4], row[5],
      formatMinor(row[6], shop.digits), formatMinor(multiply(row[5], row[6]), shop.digits), shop.currency,
    ];
  },
};

/** The XLSX columns of a table, with money formatted to the shop currency's digits. */
export function xlsxColumns(table: Table<unknown>, digits: number): XlsxColumn[] {
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
