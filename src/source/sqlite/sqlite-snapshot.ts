import type Database from 'better-sqlite3';
import type { Pulled } from '../../row-wait.js';
import { ORDER_COLUMNS_SQL, ITEM_COLUMNS_SQL, type OrderRow, type ItemRow } from '../rows.js';
import type { OrderFilter, QueryObserver, ShopRecord, Snapshot, SnapshotEvents } from '../snapshot.js';
import { trackedRows, type CursorContext, type RowReader } from '../tracked-rows.js';

const FILTER_SQL = `o.shop_id = @shopId AND o.created_at >= @fromIso AND o.created_at < @toIsoExclusive
  AND (@statuses IS NULL OR o.status IN (SELECT value FROM json_each(@statuses)))`;

/**
 * A SQLite connection inside one read transaction (WAL mode keeps it at one moment while writers go on). Its rows
 * are always at hand: its generators never yield a wait.
 */
export class SqliteSnapshot implements Snapshot {
  readonly #shops: Database.Statement;
  readonly #orders: Database.Statement;
  readonly #items: Database.Statement;
  #count: Database.Statement | undefined;
  readonly #context: CursorContext;
  #closed = false;

  constructor(private readonly connection: Database.Database, private readonly events: SnapshotEvents, onQuery?: QueryObserver) {
    connection.exec('BEGIN');
    this.#shops = connection.prepare('SELECT id, slug, name, currency, timezone FROM shops WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug');
    this.#orders = connection.prepare(`SELECT ${ORDER_COLUMNS_SQL} FROM orders o WHERE ${FILTER_SQL} ORDER BY o.created_at, o.id`).raw(true);
    this.#items = connection.prepare(`SELECT ${ITEM_COLUMNS_SQL} FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE ${FILTER_SQL} ORDER BY o.created_at, o.id, i.line_no`).raw(true);
    this.#context = { system: 'sqlite', events, onQuery, open: new Set() };
  }

  /** Starts the snapshot: later reads see this moment. */
  findShops(slugs: readonly string[]): Promise<ShopRecord[]> {
    return Promise.resolve(this.#shops.all(JSON.stringify(slugs)) as ShopRecord[]);
  }

  allShops(): Promise<ShopRecord[]> {
    return Promise.resolve(this.connection.prepare('SELECT id, slug, name, currency, timezone FROM shops ORDER BY slug').all() as ShopRecord[]);
  }

  orders(filter: OrderFilter, signal: AbortSignal): Generator<Pulled<OrderRow>, void, undefined> {
    return trackedRows(this.#context, 'orders', () => this.#reader<OrderRow>(this.#orders, filter), signal);
  }

  items(filter: OrderFilter, signal: AbortSignal): Generator<Pulled<ItemRow>, void, undefined> {
    return trackedRows(this.#context, 'order_items', () => this.#reader<ItemRow>(this.#items, filter), signal);
  }

  countRows(filter: OrderFilter): Promise<{ orders: number; items: number }> {
    this.#count ??= this.connection.prepare(`SELECT (SELECT count(*) FROM orders o WHERE ${FILTER_SQL}) AS orders,
      (SELECT count(*) FROM orders o JOIN order_items i ON i.order_id = o.id WHERE ${FILTER_SQL}) AS items`);
    return Promise.resolve(this.#count.get(parametersOf(filter)) as { orders: number; items: number });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    for (const cursor of this.#context.open) cursor.return();
    try {
      if (this.connection.inTransaction) this.connection.exec('COMMIT');
    } finally {
      this.connection.close();
      this.events.closed();
    }
    return Promise.resolve();
  }

  #reader<Row>(statement: Database.Statement, filter: OrderFilter): RowReader<Row> {
    const cursor = statement.iterate(parametersOf(filter)) as IterableIterator<Row>;
    let open = true;
    return {
      next: () => {
        const next = cursor.next();
        if (next.done === true) {
          open = false;
          return undefined;
        }
        return next.value;
      },
      close: () => {
        if (!open) return;
        open = false;
        cursor.return?.();
      },
    };
  }
}

function parametersOf(filter: OrderFilter): Record<string, unknown> {
  return { ...filter, statuses: filter.statuses === null ? null : JSON.stringify(filter.statuses) };
}
