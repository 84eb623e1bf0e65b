/** Column lists of the two queries; the row tuples below follow their order. */
export const ORDER_COLUMNS_SQL = `o.id, o.order_number, o.created_at, o.status, o.customer_name, o.customer_email,
  o.ship_country, o.subtotal_minor, o.shipping_minor, o.tax_minor, o.total_minor, o.note`;

export const ITEM_COLUMNS_SQL = 'o.id, o.order_number, i.line_no, i.sku, i.title, i.quantity, i.unit_price_minor';

/**
 * A UTC instant as a source gives it: whole microseconds since the Unix epoch (PostgreSQL), or text, either SQLite's
 * `2026-01-05T08:30:00.123Z` or PostgreSQL's `2026-01-05 08:30:00.123456+00` (for an instant whose microseconds are
 * not a safe integer: before 1685 or after 2255).
 */
export type Instant = number | string;

/** One order as read from the source (raw row, in {@link ORDER_COLUMNS_SQL} order). */
export type OrderRow = readonly [
  id: number, orderNumber: string, createdAt: Instant, status: string, customerName: string, customerEmail: string,
  shipCountry: string | null, subtotalMinor: number, shippingMinor: number, taxMinor: number, totalMinor: number,
  note: string | null,
];

/** One order line as read from the source (raw row, in {@link ITEM_COLUMNS_SQL} order). */
export type ItemRow = readonly [
  orderId: number, orderNumber: string, lineNo: number, sku: string, title: string, quantity: number,
  unitPriceMinor: number,
];
