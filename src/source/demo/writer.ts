import type Database from 'better-sqlite3';
import type { ItemRow, OrderRow } from './orders.js';
import type { DemoShop } from './shops.js';

/** Inserts demo rows with prepared statements, one transaction per batch. */
export class DemoWriter {
  private readonly insertShop: Database.Statement<[number, string, string, string, string]>;
  private readonly insertOrder: Database.Statement<OrderRow>;
  private readonly insertItem: Database.Statement<ItemRow>;
  private readonly writeBatch: (orders: readonly OrderRow[], items: readonly ItemRow[]) => void;

  constructor(private readonly database: Database.Database) {
    this.insertShop = database.prepare('INSERT INTO shops (id, slug, name, currency, timezone) VALUES (?, ?, ?, ?, ?)');
    this.insertOrder = database.prepare(
      `INSERT INTO orders (id, shop_id, order_number, status, customer_name, customer_email, ship_country,
         subtotal_minor, shipping_minor, tax_minor, total_minor, note, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertItem = database.prepare(
      'INSERT INTO order_items (order_id, line_no, sku, title, quantity, unit_price_minor) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.writeBatch = database.transaction((orders: readonly OrderRow[], items: readonly ItemRow[]) => {
      for (const order of orders) this.insertOrder.run(...order);
      for (const item of items) this.insertItem.run(...item);
    });
  }

  /** Inserts the shops, in the given order, in one transaction. */
  writeShops(shops: readonly DemoShop[]): void {
    this.database.transaction(() => {
      for (const shop of shops) this.insertShop.run(shop.id, shop.slug, shop.name, shop.currency, shop.timezone);
    })();
  }

  /** Inserts orders and their items in one transaction. */
  writeOrders(orders: readonly OrderRow[], items: readonly ItemRow[]): void {
    this.writeBatch(orders, items);
  }
}
