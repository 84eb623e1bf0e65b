import { formatMinor, minorDigits } from '../../src/export/format/money.js';
import { TimeZone } from '../../src/export/format/time-zone.js';
import { formatLocalTime, parseUtcInstant, toLocalTime } from '../../src/export/format/timestamp.js';
import type { ItemRecord, OrderRecord, ReferenceShop } from './queries.js';

// The values are shopzip's (its own money and time-zone helpers), so that the baseline differs only where a first
// version would: exceljs, csv-stringify's stream API, objects per row, and no care for speed.

type CsvValue = string | number | null;
type CellValue = string | number | Date | null;

/** How one shop's values are shown: currency digits and time zone. */
export class ShopValues {
  readonly digits: number;
  readonly #zone: TimeZone;

  constructor(readonly shop: ReferenceShop) {
    this.digits = minorDigits(shop.currency);
    this.#zone = new TimeZone(shop.timezone);
  }

  /** The number format of money cells, e.g. `0.00`. */
  get moneyFormat(): string {
    return this.digits === 0 ? '0' : `0.${'0'.repeat(this.digits)}`;
  }

  orderCsv(order: OrderRecord): CsvValue[] {
    return [
      order.id, order.order_number, formatLocalTime(toLocalTime(parseUtcInstant(order.created_at), this.#zone)), order.status,
      order.customer_name, order.customer_email, order.ship_country, this.shop.currency, this.#text(order.subtotal_minor),
      this.#text(order.shipping_minor), this.#text(order.tax_minor), this.#text(order.total_minor), order.note,
    ];
  }

  orderCells(order: OrderRecord): CellValue[] {
    return [
      order.id, order.order_number, new Date(toLocalTime(parseUtcInstant(order.created_at), this.#zone).wallMs), order.status,
      order.customer_name, order.customer_email, order.ship_country, this.shop.currency, this.#number(order.subtotal_minor),
      this.#number(order.shipping_minor), this.#number(order.tax_minor), this.#number(order.total_minor), order.note,
    ];
  }

  itemCsv(item: ItemRecord): CsvValue[] {
    return [
      item.order_id, item.order_number, item.line_no, item.sku, item.title, item.quantity,
      this.#text(item.unit_price_minor), this.#text(item.quantity * item.unit_price_minor), this.shop.currency,
    ];
  }

  itemCells(item: ItemRecord): CellValue[] {
    return [
      item.order_id, item.order_number, item.line_no, item.sku, item.title, item.quantity,
      this.#number(item.unit_price_minor), this.#number(item.quantity * item.unit_price_minor), this.shop.currency,
    ];
  }

  #text(minor: number): string {
    return formatMinor(minor, this.digits);
  }

  #number(minor: number): number {
    return minor / 10 ** this.digits;
  }
}

export const ORDER_HEADERS = ['order_id', 'order_number', 'created_at', 'status', 'customer_name', 'customer_email',
  'ship_country', 'currency', 'subtotal', 'shipping', 'tax', 'total', 'note'];
export const ITEM_HEADERS = ['order_id', 'order_number', 'line_no', 'sku', 'title', 'quantity', 'unit_price', 'line_total', 'currency'];
/** Indexes of the money columns, which get the currency's number format. */
export const ORDER_MONEY_COLUMNS = new Set([8, 9, 10, 11]);
export const ITEM_MONEY_COLUMNS = new Set([6, 7]);
export const ORDER_DATE_COLUMN = 2;
