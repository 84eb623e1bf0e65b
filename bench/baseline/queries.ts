import type Database from 'better-sqlite3';

/** A shop of the reference exports, with what its rows need. */
export interface ReferenceShop {
  readonly id: number;
  readonly slug: string;
  readonly currency: string;
  readonly timezone: string;
}

/** The orders of one shop, in export order (the same order and index as shopzip's query, written plainly). */
const ORDERS_SQL = `SELECT id, order_number, created_at, status, customer_name, customer_email, ship_country,
  subtotal_minor, shipping_minor, tax_minor, total_minor, note
  FROM orders WHERE shop_id = ? ORDER BY created_at, id`;

/** The order lines of one shop, by their order's `created_at, id`, then `line_no`. */
const ITEMS_SQL = `SELECT o.id AS order_id, o.order_number, i.line_no, i.sku, i.title, i.quantity, i.unit_price_minor
  FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.shop_id = ? ORDER BY o.created_at, o.id, i.line_no`;

export interface OrderRecord {
  id: number; order_number: string; created_at: string; status: string; customer_name: string; customer_email: string;
  ship_country: string | null; subtotal_minor: number; shipping_minor: number; tax_minor: number; total_minor: number;
  note: string | null;
}

export interface ItemRecord {
  order_id: number; order_number: string; line_no: number; sku: string; title: string; quantity: number;
  unit_price_minor: number;
}

/** The named shops, in slug order (the order of the ZIP). */
export function findShops(database: Database.Database, slugs: readonly string[]): ReferenceShop[] {
  const sql = 'SELECT id, slug, currency, timezone FROM shops WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug';
  return database.prepare(sql).all(JSON.stringify(slugs)) as ReferenceShop[];
}

export function orderRecords(database: Database.Database, shop: ReferenceShop): IterableIterator<OrderRecord> {
  return database.prepare(ORDERS_SQL).iterate(shop.id) as IterableIterator<OrderRecord>;
}

export function itemRecords(database: Database.Database, shop: ReferenceShop): IterableIterator<ItemRecord> {
  return database.prepare(ITEMS_SQL).iterate(shop.id) as IterableIterator<ItemRecord>;
}

/** The same queries as raw arrays (no per-row objects), for the floor. */
export function rawRows(database: Database.Database, shop: ReferenceShop, table: 'orders' | 'items'): IterableIterator<unknown[]> {
  return database.prepare(table === 'orders' ? ORDERS_SQL : ITEMS_SQL).raw(true).iterate(shop.id) as IterableIterator<unknown[]>;
}
