import type { Pulled } from '../row-wait.js';
import type { ItemRow, OrderRow } from './rows.js';

/** A shop as stored in the source. */
export interface ShopRecord {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
}

/**
 * Which orders of one shop to read: `created_at` in [`fromIso`, `toIsoExclusive`), optional statuses. The bounds
 * are UTC instants as `toISOString()` writes them, or `''` (no lower bound) and `'~'` (no upper bound).
 */
export interface OrderFilter {
  readonly shopId: number;
  readonly fromIso: string;
  readonly toIsoExclusive: string;
  readonly statuses: readonly string[] | null;
}

/** The bounds of an {@link OrderFilter} that mean "no bound". */
export const NO_LOWER_BOUND = '';
export const NO_UPPER_BOUND = '~';

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
  /** Milliseconds spent reading: inside SQLite, or waiting for PostgreSQL's rows and parsing them. */
  readonly readMs: number;
  /** Set when the database failed. */
  readonly error?: unknown;
}

/** The engine of a source, as OpenTelemetry's `db.system.name` names it. */
export type SourceSystem = 'sqlite' | 'postgresql';

/** Told when a query's cursor opens (telemetry uses it); returns what to call when the cursor closes. */
export type QueryObserver = (table: 'orders' | 'order_items', system: SourceSystem) => (end: QueryEnd) => void;

/**
 * One connection inside one read transaction: the whole export sees the database at one moment. Rows come from
 * generators that hold the snapshot's only open cursor; their `finally` closes it, whether the export finished,
 * failed or the client went away. A generator may yield waits between rows (see `RowWait`).
 */
export interface Snapshot {
  /** The shops with these slugs that exist, in slug order. */
  findShops(slugs: readonly string[]): Promise<ShopRecord[]>;
  /** Every shop, in slug order (for a token that may read all shops). */
  allShops(): Promise<ShopRecord[]>;
  /** Orders of one shop by `created_at, id`. */
  orders(filter: OrderFilter, signal: AbortSignal): Generator<Pulled<OrderRow>, void, undefined>;
  /** Order lines of one shop by their order's `created_at, id`, then `line_no`. */
  items(filter: OrderFilter, signal: AbortSignal): Generator<Pulled<ItemRow>, void, undefined>;
  /** How many orders, and order lines of those orders, one shop's filter selects in this snapshot (for a job's progress). */
  countRows(filter: OrderFilter): Promise<{ orders: number; items: number }>;
  /**
   * Ends the read transaction and releases the connection; a query still running is cancelled on the server. Safe
   * to call twice; `closed` is reported, and the promise settles (never rejects), once the connection is released.
   */
  close(): Promise<void>;
}
