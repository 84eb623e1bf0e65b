import type pg from 'pg';
import type { Pulled } from '../../row-wait.js';
import { ITEM_COLUMNS_SQL, ORDER_COLUMNS_SQL, type ItemRow, type OrderRow } from '../rows.js';
import { NO_LOWER_BOUND, NO_UPPER_BOUND, type OrderFilter, type QueryObserver, type ShopRecord, type Snapshot, type SnapshotEvents } from '../snapshot.js';
import { trackedRows, type CursorContext } from '../tracked-rows.js';
import type { CopyColumn } from './copy-binary-parser.js';
import { CopyRowReader } from './copy-row-reader.js';
import { connectionErrorOf } from './connection.js';
import { sourceFailure } from './source-failure.js';

/** The kinds of the orders' and the order lines' columns in a binary COPY (exported for bench/pg-read-methods.ts). */
export const ORDER_KINDS: readonly CopyColumn[] = ['integer', 'text', 'timestamp', 'text', 'text', 'text', 'text', 'integer', 'integer', 'integer', 'integer', 'text'];
export const ITEM_KINDS: readonly CopyColumn[] = ['integer', 'text', 'integer', 'text', 'text', 'integer', 'integer'];
/** The columns of a query as the binary COPY reads them: every integer as `int8`, whatever its width in the table. */
const binaryColumns = (columnsSql: string, kinds: readonly CopyColumn[]): string =>
  columnsSql.split(',').map((column, index) => (kinds[index] === 'integer' ? `${column.trim()}::int8` : column.trim())).join(', ');
export const ORDER_COLUMNS = binaryColumns(ORDER_COLUMNS_SQL, ORDER_KINDS);
export const ITEM_COLUMNS = binaryColumns(ITEM_COLUMNS_SQL, ITEM_KINDS);
// Slugs in byte order, as SQLite sorts them, whatever the database's collation.
const SHOPS_SQL = 'SELECT id::text, slug, name, currency, timezone FROM shops WHERE slug = ANY($1::text[]) ORDER BY slug COLLATE "C"';
const ALL_SHOPS_SQL = 'SELECT id::text, slug, name, currency, timezone FROM shops ORDER BY slug COLLATE "C"';

/** How a snapshot ends its connection: `COMMIT` and close, or cancel what runs on the server and close at once. */
export interface SnapshotConnection {
  readonly client: pg.Client;
  /** Ends the transaction and the connection when nothing runs; cancels the running statement first otherwise. */
  release(cancel: boolean): Promise<void>;
}

/**
 * A PostgreSQL connection inside one `REPEATABLE READ, READ ONLY` transaction, opened by `PostgresSource`. Each
 * query streams as `COPY (SELECT ...) TO STDOUT WITH (FORMAT binary)`, parsed row by row as the export asks (the measurements behind that choice are in
 * bench/README.md); COPY takes no parameters, so the filter's values are written into the SQL as literals (ids are
 * integers, the rest is escaped by node-postgres).
 */
export class PostgresSnapshot implements Snapshot {
  readonly #connection: SnapshotConnection;
  readonly #events: SnapshotEvents;
  readonly #context: CursorContext;
  /** The last query's reader: an export runs one query at a time. */
  #current: CopyRowReader<unknown> | undefined;
  #closed = false;
  #released: Promise<void> | undefined;

  constructor(connection: SnapshotConnection, events: SnapshotEvents, onQuery?: QueryObserver) {
    this.#connection = connection;
    this.#events = events;
    this.#context = { system: 'postgresql', events, onQuery, open: new Set() };
  }

  /** @throws {ShopzipError} `source_unavailable` with the SQLSTATE when the query fails. */
  findShops(slugs: readonly string[]): Promise<ShopRecord[]> {
    return this.#shops(SHOPS_SQL, [slugs]);
  }

  /** @throws {ShopzipError} `source_unavailable` with the SQLSTATE when the query fails. */
  allShops(): Promise<ShopRecord[]> {
    return this.#shops(ALL_SHOPS_SQL, []);
  }

  orders(filter: OrderFilter, signal: AbortSignal): Generator<Pulled<OrderRow>, void, undefined> {
    const sql = `SELECT ${ORDER_COLUMNS} FROM orders o WHERE ${this.#where(filter)} ORDER BY o.created_at, o.id`;
    return trackedRows(this.#context, 'orders', () => this.#reader<OrderRow>(sql, ORDER_KINDS, 'orders'), signal);
  }

  items(filter: OrderFilter, signal: AbortSignal): Generator<Pulled<ItemRow>, void, undefined> {
    const sql = `SELECT ${ITEM_COLUMNS} FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE ${this.#where(filter)} ORDER BY o.created_at, o.id, i.line_no`;
    return trackedRows(this.#context, 'order_items', () => this.#reader<ItemRow>(sql, ITEM_KINDS, 'order lines'), signal);
  }

  /** @throws {ShopzipError} `source_unavailable` with the SQLSTATE when the query fails. */
  async countRows(filter: OrderFilter): Promise<{ orders: number; items: number }> {
    const where = this.#where(filter);
    const sql = `SELECT (SELECT count(*) FROM orders o WHERE ${where})::text AS orders,
      (SELECT count(*) FROM orders o JOIN order_items i ON i.order_id = o.id WHERE ${where})::text AS items`;
    try {
      const { rows } = await this.#connection.client.query<{ orders: string; items: string }>(sql);
      return { orders: Number(rows[0]!.orders), items: Number(rows[0]!.items) };
    } catch (error) {
      throw sourceFailure(connectionErrorOf(this.#connection.client) ?? error, 'counting the rows');
    }
  }

  /** Closes the open cursor; a copy still streaming is cancelled on the server, then the connection is closed. */
  close(): Promise<void> {
    if (this.#closed) return this.#released ?? Promise.resolve();
    this.#closed = true;
    const running = this.#current?.running === true;
    for (const cursor of this.#context.open) cursor.return();
    this.#released = this.#connection.release(running).catch(() => undefined).finally(() => this.#events.closed());
    return this.#released;
  }

  async #shops(sql: string, values: unknown[]): Promise<ShopRecord[]> {
    try {
      const { rows } = await this.#connection.client.query<Record<keyof ShopRecord, string>>(sql, values);
      return rows.map((row) => ({ ...row, id: Number(row.id) }));
    } catch (error) {
      throw sourceFailure(connectionErrorOf(this.#connection.client) ?? error, 'reading the shops');
    }
  }

  #reader<Row>(sql: string, kinds: readonly CopyColumn[], what: string): CopyRowReader<Row> {
    const client = this.#connection.client;
    const reader = new CopyRowReader<Row>(client, sql, kinds, (error) => sourceFailure(connectionErrorOf(client) ?? error, `reading the ${what}`));
    this.#current = reader as CopyRowReader<unknown>;
    return reader;
  }

  #where(filter: OrderFilter): string {
    const client = this.#connection.client;
    const from = filter.fromIso === NO_LOWER_BOUND ? '-infinity' : filter.fromIso;
    const to = filter.toIsoExclusive === NO_UPPER_BOUND ? 'infinity' : filter.toIsoExclusive;
    const statuses = filter.statuses === null ? '' : ` AND o.status = ANY(ARRAY[${filter.statuses.map((status) => client.escapeLiteral(status)).join(', ')}]::text[])`;
    if (!Number.isSafeInteger(filter.shopId)) throw new RangeError(`not a shop id: ${filter.shopId}`);
    return `o.shop_id = ${filter.shopId} AND o.created_at >= ${client.escapeLiteral(from)}::timestamptz AND o.created_at < ${client.escapeLiteral(to)}::timestamptz${statuses}`;
  }
}
