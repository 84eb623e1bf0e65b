import type Database from 'better-sqlite3';
import { ORDER_COLUMNS_SQL, ITEM_COLUMNS_SQL, type OrderRow, type ItemRow } from './rows.js';

/** A shop as stored in the source. */
export interface ShopRecord {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
}

/** Which orders of one shop to read: `created_at` in [`fromIso`, `toIsoExclusive`), optional statuses. */
export interface OrderFilter {
  readonly shopId: number;
  readonly fromIso: string;
  readonly toIsoExclusive: string;
  readonly statuses: readonly string[] | null;
}

export interface SnapshotEvents {
  cursorOpened(): void;
  /** Rows read since the last report (reported every 1,024 rows and when a cursor closes). */
  rowsRead(count: number): void;
  cursorClosed(): void;
  closed(): void;
}

/** What a query reports when its cursor closes. */
export interface QueryEnd {
  readonly rows: number;
  /** Milliseconds spent inside SQLite: preparing the cursor and stepping it to each row. */
  readonly readMs: number;
  /** Set when SQLite failed. */
  readonly error?: unknown;
}

/** Told when a query's cursor opens (telemetry uses it); returns what to call when the cursor closes. */
export type QueryObserver = (table: 'orders' | 'order_items') => (end: QueryEnd) => void;

const FILTER_SQL = `o.shop_id = @shopId AND o.created_at >= @fromIso AND o.created_at < @toIsoExclusive
  AND (@statuses IS NULL OR o.status IN (SELECT value FROM json_each(@statuses)))`;

/**
 * One connection inside one read transaction. Rows come from generators that hold the only open cursor; their
 * `finally` closes it, whether the export finished, failed or the client went away.
 */
export class Snapshot {
  readonly #shops: Database.Statement;
  readonly #orders: Database.Statement;
  readonly #items: Database.Statement;
  #count: Database.Statement | undefined;
  readonly #cursors = new Set<Iterator<unknown>>();
  #closed = false;

  constructor(
    private readonly connection: Database.Database,
    private readonly events: SnapshotEvents,
    private readonly onQuery?: QueryObserver,
  ) {
    connection.exec('BEGIN');
    this.#shops = connection.prepare('SELECT id, slug, name, currency, timezone FROM shops WHERE slug IN (SELECT value FROM json_each(?)) ORDER BY slug');
    this.#orders = connection.prepare(`SELECT ${ORDER_COLUMNS_SQL} FROM orders o WHERE ${FILTER_SQL} ORDER BY o.created_at, o.id`).raw(true);
    this.#items = connection.prepare(`SELECT ${ITEM_COLUMNS_SQL} FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE ${FILTER_SQL} ORDER BY o.created_at, o.id, i.line_no`).raw(true);
  }

  /** The shops with these slugs that exist, in slug order. Starts the snapshot: later reads see this moment. */
  findShops(slugs: readonly string[]): ShopRecord[] {
    return this.#shops.all(JSON.stringify(slugs)) as ShopRecord[];
  }

  /** Every shop, in slug order (for a token that may read all shops). */
  allShops(): ShopRecord[] {
    return this.connection.prepare('SELECT id, slug, name, currency, timezone FROM shops ORDER BY slug').all() as ShopRecord[];
  }

  /** Orders of one shop by `created_at, id`. */
  orders(filter: OrderFilter, signal: AbortSignal): Generator<OrderRow, void, undefined> {
    return this.#rows<OrderRow>(this.#orders, 'orders', filter, signal);
  }

  /** Order lines of one shop by their order's `created_at, id`, then `line_no`. */
  items(filter: OrderFilter, signal: AbortSignal): Generator<ItemRow, void, undefined> {
    return this.#rows<ItemRow>(this.#items, 'order_items', filter, signal);
  }

  /** How many orders, and order lines of those orders, one shop's filter selects in this snapshot (for a job's progress). */
  countRows(filter: OrderFilter): { orders: number; items: number } {
    this.#count ??= this.connection.prepare(`SELECT (SELECT count(*) FROM orders o WHERE ${FILTER_SQL}) AS orders,
      (SELECT count(*) FROM orders o JOIN order_items i ON i.order_id = o.id WHERE ${FILTER_SQL}) AS items`);
    return this.#count.get(parametersOf(filter)) as { orders: number; items: number };
  }

  /** Ends the read transaction and closes the connection; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const cursor of this.#cursors) this.#closeCursor(cursor);
    try {
      if (this.connection.inTransaction) this.connection.exec('COMMIT');
    } finally {
      this.connection.close();
      this.events.closed();
    }
  }

  *#rows<Row>(statement: Database.Statement, table: 'orders' | 'order_items', filter: OrderFilter, signal: AbortSignal): Generator<Row, void, undefined> {
    signal.throwIfAborted();
    const started = performance.now();
    const cursor = statement.iterate(parametersOf(filter)) as IterableIterator<Row>;
    this.#cursors.add(cursor);
    this.events.cursorOpened();
    const ended = this.onQuery?.(table);
    const query = { rows: 0, readMs: performance.now() - started, error: undefined as unknown };
    let unreported = 0;
    try {
      for (let next = this.#step(cursor, query); next.done !== true; next = this.#step(cursor, query)) {
        if ((unreported += 1) === 1024) {
          this.events.rowsRead(unreported);
          unreported = 0;
          signal.throwIfAborted();
        }
        yield next.value;
      }
    } finally {
      this.events.rowsRead(unreported);
      this.#closeCursor(cursor);
      ended?.({ rows: query.rows, readMs: query.readMs, ...(query.error === undefined ? {} : { error: query.error }) });
    }
  }

  /** The cursor's next row, timing SQLite and remembering its failure for the query's observer. */
  #step<Row>(cursor: Iterator<Row>, query: { rows: number; readMs: number; error: unknown }): IteratorResult<Row> {
    const started = performance.now();
    try {
      const next = cursor.next();
      if (next.done !== true) query.rows += 1;
      return next;
    } catch (error) {
      query.error = error;
      throw error;
    } finally {
      query.readMs += performance.now() - started;
    }
  }

  #closeCursor(cursor: Iterator<unknown>): void {
    if (!this.#cursors.delete(cursor)) return;
    cursor.return?.();
    this.events.cursorClosed();
  }
}

function parametersOf(filter: OrderFilter): Record<string, unknown> {
  return { ...filter, statuses: filter.statuses === null ? null : JSON.stringify(filter.statuses) };
}
